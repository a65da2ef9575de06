"""Local accounts (the embedded host's users): adding, listing, disabling, password checks and API tokens.

On AWS the users live in Amazon Cognito instead, and sign in through its hosted pages.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.accounts import GROUP_NAMES, Account
from msds.errors import InvalidRequest, SignInFailed, UserExists, UserNotFound
from msds.ports import AccountStore
from msds.services.api_access import Caller, Group

MIN_PASSWORD_LENGTH = 12
API_TOKEN_PREFIX = "msds_"
_HASHER = PasswordHasher()


@cache
def _unknown_user_hash() -> str:
    """Verified when a user name is unknown, so a wrong name takes as long as a wrong password."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LocalAccounts:
    """The local host's users, over the accounts table."""

    def __init__(self, store: AccountStore) -> None:
        self._store = store

    def add(
        self,
        user_name: str,
        password: str,
        groups: list[str],
        now: datetime,
        *,
        supplier_id: str | None = None,
        display_name: str | None = None,
    ) -> Account:
        """A new account; InvalidRequest for a weak password, unknown group or a supplier without its id."""
        account = Account.model_validate(
            {
                "user_name": user_name,
                "display_name": display_name,
                "groups": _checked_groups(groups, supplier_id),
                "supplier_id": supplier_id,
                "created_at": now,
            }
        )
        _check_password(password)
        if not self._store.insert(account, _HASHER.hash(password)):
            raise UserExists(f"there is already a user {user_name!r}")
        return account

    def list(self) -> list[Account]:
        return self._store.list()

    def set_disabled(self, user_name: str, disabled: bool) -> Account:
        account = self._account(user_name)
        changed = account.model_copy(update={"disabled": disabled})
        self._store.update(changed)
        if disabled:
            self._store.revoke_tokens(account.user_name)
        return changed

    def set_password(self, user_name: str, password: str) -> None:
        account = self._account(user_name)
        _check_password(password)
        self._store.update(account, _HASHER.hash(password))

    def sign_in(self, user_name: str, password: str) -> Caller:
        """The caller for a correct user name and password of an enabled account; SignInFailed otherwise
        (the same answer whatever was wrong)."""
        found = self._store.get(user_name.strip())
        password_hash = found[1] if found else _unknown_user_hash()
        try:
            _HASHER.verify(password_hash, password)
        except (VerificationError, InvalidHashError) as error:
            raise SignInFailed("wrong user name or password") from error
        if found is None or found[0].disabled:
            raise SignInFailed("wrong user name or password")
        account = found[0]
        if _HASHER.check_needs_rehash(password_hash):
            self._store.update(account, _HASHER.hash(password))
        return caller_of(account)

    def issue_token(self, user_name: str, label: str, now: datetime) -> str:
        """A new API token for the account (shown once; only its hash is kept)."""
        account = self._account(user_name)
        if account.disabled:
            raise InvalidRequest(f"{user_name} is disabled", [("user", "disabled")])
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        self._store.add_token(token_hash(token), account.user_name, label, now)
        return token

    def caller_of_token(self, token: str) -> Caller | None:
        """The caller an API token belongs to (None for an unknown token or a disabled account)."""
        owner = self._store.token_owner(token_hash(token))
        found = self._store.get(owner) if owner else None
        if found is None or found[0].disabled:
            return None
        return caller_of(found[0])

    def _account(self, user_name: str) -> Account:
        found = self._store.get(user_name)
        if found is None:
            raise UserNotFound(f"no user {user_name!r}")
        return found[0]


def caller_of(account: Account) -> Caller:
    return Caller(
        subject=account.user_name,
        groups=frozenset(Group(name) for name in account.groups),
        supplier_id=account.supplier_id,
        name=account.display_name,
    )


def _checked_groups(groups: list[str], supplier_id: str | None) -> list[str]:
    names = list(dict.fromkeys(name.strip().lower() for name in groups if name.strip()))
    unknown = [name for name in names if name not in GROUP_NAMES]
    if unknown or not names:
        raise InvalidRequest(
            f"groups must be some of {', '.join(GROUP_NAMES)}",
            [("groups", ", ".join(unknown) or "none given")],
        )
    if Group.SUPPLIER.value in names:
        if supplier_id is None:
            raise InvalidRequest("a supplier account needs its supplier id", [("supplier_id", "missing")])
        if len(names) > 1:
            raise InvalidRequest(
                "a supplier account belongs to the supplier group only", [("groups", ", ".join(names))]
            )
    elif supplier_id is not None:
        raise InvalidRequest("only supplier accounts have a supplier id", [("supplier_id", "not a supplier")])
    return names


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequest(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            [("password", f"shorter than {MIN_PASSWORD_LENGTH}")],
        )
