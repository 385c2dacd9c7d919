"""Account use cases: e-mail, API tokens, the data export, deleting the account. Pages, the
JSON API and the CLI call these (through ``accounts.services``) and show the same values.

The JSON-twin pattern: a use case returns a pydantic model (``accounts.schemas``); the HTML view
renders it into a template, the API operation returns it as its response schema. Both come from
one call.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone

from kneecoach.errors import InvalidInput, NotFound
from kneecoach.programme import limits
from kneecoach.web.accounts.models import ApiToken
from kneecoach.web.accounts.schemas import AccountSummary, CreatedToken, MyData, TokenInfo
from kneecoach.web.clinic.services import export_data as clinic_data
from kneecoach.web.coach import services as coach
from kneecoach.web.compiled import CompiledRead, concrete_columns, instance

TOKEN_NAME_MAX = limits.TOKEN_NAME_MAX
EMAIL_MAX = limits.EMAIL_MAX  # Django's User.email
TOKENS_PER_USER_MAX = 20
# last_used_at is written at most this often per token, so API reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def set_email(user: User, email: str) -> AccountSummary:
    """Add, change or (empty) remove the e-mail address password reset sends to; for a person
    who skipped it at sign-up (issue 14, item 10)."""
    address = email.strip()
    if address:
        try:
            validate_email(address)
        except ValidationError:
            raise InvalidInput(
                "enter an e-mail address such as name@example.com", field="email"
            ) from None
    if len(address) > EMAIL_MAX:
        raise InvalidInput(f"use at most {EMAIL_MAX} characters", field="email")
    user.email = address
    user.save(update_fields=["email"])
    return account_summary(user)


def account_summary(user: User) -> AccountSummary:
    """The account page and ``GET /api/me``."""
    tokens = [TokenInfo.model_validate(t) for t in ApiToken.objects.filter(user=user)]
    return AccountSummary(
        username=user.get_username(),
        email=user.email,
        date_joined=user.date_joined,
        tokens=tokens,
    )


def create_token(user: User, name: str) -> CreatedToken:
    """Make a bearer token named ``name`` for ``user``; its secret is returned only here."""
    name = name.strip()
    if not name:
        raise InvalidInput("give the token a name, e.g. the app that will use it", field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise InvalidInput(f"use at most {TOKEN_NAME_MAX} characters", field="name")
    if ApiToken.objects.filter(user=user).count() >= TOKENS_PER_USER_MAX:
        raise InvalidInput(
            f"you already have {TOKENS_PER_USER_MAX} tokens; revoke one first", field="name"
        )
    raw = "kc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=_digest(raw), prefix=raw[:8])
    return CreatedToken(token=raw, info=TokenInfo.model_validate(token))


def revoke_token(user: User, token_id: int) -> None:
    """Delete one of ``user``'s tokens; another person's token is "not found", never "forbidden"."""
    deleted, _ = ApiToken.objects.filter(user=user, id=token_id).delete()
    if not deleted:
        raise NotFound(f"you have no token with id {token_id}", field="token_id")


def revoke_all_tokens(user: AbstractBaseUser) -> int:
    """Delete every token of ``user`` (their password changed); returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user_id=user.pk).delete()
    return deleted


def _token_read(digest: str) -> QuerySet[Any]:
    """The token with this digest and its active user joined, as ``select_related("user")``
    reads it."""
    return (
        ApiToken.objects.filter(digest=digest, user__is_active=True)
        .order_by("pk")
        .values_list("pk", "last_used_at", *concrete_columns(get_user_model(), "user__"))[:1]
    )


# Every API request reads it: compiled once per process.
_TOKEN = CompiledRead(_token_read, str)


def user_for_token(raw_token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    row = _TOKEN.first(_digest(raw_token))
    if row is None:
        return None
    pk, last_used_at, *user_fields = row
    now = timezone.now()
    if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    user: User = instance(get_user_model(), _TOKEN.database(), user_fields)
    return user


def my_data(user: User) -> MyData:
    """The "download my data" document (GDPR art. 20): the account and the coach data."""
    return MyData(
        exported_at=timezone.now(),
        account=account_summary(user),
        coach=_coach_data(user),
        clinic=clinic_data(user),
    )


def _coach_data(user: User) -> dict[str, Any] | None:
    """The coach data (profile, diary, decisions) from the storage layer's JSON export."""
    if not coach.has_profile(user):
        return None
    data: dict[str, Any] = json.loads(coach.export(user, "json", timezone.localdate()))
    return data


def delete_account(user: AbstractBaseUser) -> None:
    """Delete the account; every row that belongs to it goes with it (ON DELETE CASCADE)."""
    user.delete()
