"""The accounts' values: what the account use cases return, shown alike by the pages, the JSON
API and the CLI."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class TokenInfo(BaseModel):
    """An API token as its owner sees it (never the secret itself)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class CreatedToken(BaseModel):
    """A new token: ``token`` is shown this once and cannot be recovered later."""

    token: str
    info: TokenInfo


class AccountSummary(BaseModel):
    """The "me" view of an account."""

    username: str
    email: str
    date_joined: datetime
    tokens: list[TokenInfo]


class MyData(BaseModel):
    """Everything kneecoach holds about a person, as one JSON document."""

    format: str = "kneecoach-export"
    version: int = 1
    exported_at: datetime
    account: AccountSummary
    coach: dict[str, Any] | None
    clinic: dict[str, Any] | None = None
