"""Accounts and sign-in sessions of the web app."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from models.api import SupplierId

USER_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$"
UserName = Annotated[str, StringConstraints(pattern=USER_NAME_PATTERN)]
GROUP_NAMES: tuple[str, ...] = ("supplier", "compliance", "reviewer", "admin")


class Account(BaseModel):
    """A local user: a name, the groups it belongs to and, for a supplier, the supplier it signs in for."""

    user_name: UserName
    display_name: str | None = Field(default=None, max_length=200)
    groups: list[str] = Field(min_length=1)
    supplier_id: SupplierId | None = None
    disabled: bool = False
    created_at: datetime


class Session(BaseModel):
    """A signed-in browser: who it is and the anti-forgery token its forms must carry. Stored under the
    SHA-256 of the cookie's value, never the value itself."""

    session_hash: str
    subject: str
    groups: list[str]
    supplier_id: str | None = None
    display_name: str | None = None
    csrf_token: str
    created_at: datetime
    expires_at: datetime
