"""The accounts app's public interface: what its pages, its API, other apps and the CLI call.
Nothing is defined here: the use cases are in ``accounts.usecases``, their values in
``accounts.schemas``."""

from __future__ import annotations

from kneecoach.web.accounts.schemas import AccountSummary, CreatedToken, MyData, TokenInfo
from kneecoach.web.accounts.usecases import (
    EMAIL_MAX,
    LAST_USED_RESOLUTION,
    TOKEN_NAME_MAX,
    TOKENS_PER_USER_MAX,
    account_summary,
    create_token,
    delete_account,
    my_data,
    revoke_all_tokens,
    revoke_token,
    set_email,
    user_for_token,
)

__all__ = [
    "EMAIL_MAX",
    "LAST_USED_RESOLUTION",
    "TOKENS_PER_USER_MAX",
    "TOKEN_NAME_MAX",
    "AccountSummary",
    "CreatedToken",
    "MyData",
    "TokenInfo",
    "account_summary",
    "create_token",
    "delete_account",
    "my_data",
    "revoke_all_tokens",
    "revoke_token",
    "set_email",
    "user_for_token",
]
