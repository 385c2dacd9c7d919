"""``GET /api/health``: is the process up and can it read the database? For monitors and bench."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["health"])


class Health(Schema):
    status: str
    database: str


@router.get("/health", response=Health, auth=None, summary="Liveness and database check")
def health(request: HttpRequest) -> Health:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Health(status="ok", database=connection.vendor)
