"""Account endpoints: ``/api/me``, ``/api/me/data`` and ``/api/tokens``.

Each returns the same pydantic value the account page renders (the JSON-twin pattern).
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from kneecoach.programme.limits import TOKEN_NAME_MAX
from kneecoach.web.accounts import services
from kneecoach.web.api_shared import ErrorOut, Text, api_user

router = Router(tags=["account"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _trimmed(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class TokenIn(Schema):
    # Trimmed, then 1-80 characters: the use case's rule (and the page's), declared for the
    # document. (pydantic's own ``strip_whitespace`` checks the length before it trims.)
    name: Annotated[Text, BeforeValidator(_trimmed), Field(min_length=1, max_length=TOKEN_NAME_MAX)]


class EmailIn(Schema):
    email: Text = ""


@router.get("/me", response={200: services.AccountSummary, 401: ErrorOut})
def me(request: HttpRequest) -> services.AccountSummary:
    """The account, as the account page shows it."""
    return services.account_summary(api_user(request))


@router.put("/me/email", response={200: services.AccountSummary, **ERRORS})
def set_email(request: HttpRequest, payload: EmailIn) -> services.AccountSummary:
    """Add, change or (with "") remove the e-mail address password reset sends to."""
    return services.set_email(api_user(request), payload.email)


@router.get("/me/data", response={200: services.MyData, 401: ErrorOut})
def my_data(request: HttpRequest) -> services.MyData:
    """Everything kneecoach holds about you (the page's "Download my data")."""
    return services.my_data(api_user(request))


@router.get("/tokens", response={200: list[services.TokenInfo], 401: ErrorOut})
def list_tokens(request: HttpRequest) -> list[services.TokenInfo]:
    return services.account_summary(api_user(request)).tokens


@router.post("/tokens", response={201: services.CreatedToken, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[services.CreatedToken]:
    """A new bearer token; the response is the only time its secret is shown."""
    return Status(201, services.create_token(api_user(request), payload.name))


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    services.revoke_token(api_user(request), token_id)
    return Status(204, None)
