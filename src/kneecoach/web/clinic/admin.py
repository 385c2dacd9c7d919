"""The Django admin: superusers only (clinic staff use the clinic pages, never the admin)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kneecoach.web.clinic import models


def _superusers_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

for model in (models.Clinic, models.Clinician, models.Enrolment, models.Invitation):
    admin.site.register(model)
