"""Local accounts: who may be added, password checks that say nothing about which part was wrong, API tokens
kept only as hashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from msds.adapters.local.sqlite_accounts import SqliteAccounts
from msds.errors import InvalidRequest, SignInFailed, UserExists
from msds.services.accounts import LocalAccounts
from msds.services.api_access import Group
from tests.helpers.synthetic import FIXED_NOW

PASSWORD = "long enough password"


@pytest.fixture
def accounts(tmp_path: Path) -> LocalAccounts:
    return LocalAccounts(SqliteAccounts(tmp_path / "state.sqlite3"))


def test_a_supplier_signs_in_as_its_supplier(accounts: LocalAccounts) -> None:
    # Given a supplier account
    accounts.add("acme", PASSWORD, ["supplier"], FIXED_NOW, supplier_id="ACME", display_name="Acme Ltd")
    # When it signs in with its password (the name in another case)
    caller = accounts.sign_in("ACME", PASSWORD)
    # Then the caller is that supplier
    assert (caller.subject, caller.groups, caller.supplier_id, caller.name) == (
        "acme",
        frozenset({Group.SUPPLIER}),
        "ACME",
        "Acme Ltd",
    )


@pytest.mark.parametrize(("user", "password"), [("acme", "wrong password!!"), ("nobody", PASSWORD)])
def test_a_wrong_name_or_password_fails_the_same_way(
    accounts: LocalAccounts, user: str, password: str
) -> None:
    # Given a supplier account
    accounts.add("acme", PASSWORD, ["supplier"], FIXED_NOW, supplier_id="ACME")
    # When someone signs in with a wrong password or an unknown name
    with pytest.raises(SignInFailed) as failure:
        accounts.sign_in(user, password)
    # Then the failure does not say which was wrong
    assert failure.value.message == "wrong user name or password"


@pytest.mark.parametrize(
    ("groups", "supplier", "password", "location"),
    [
        (["supplier"], None, PASSWORD, "supplier_id"),
        (["compliance"], "ACME", PASSWORD, "supplier_id"),
        (["supplier", "reviewer"], "ACME", PASSWORD, "groups"),
        (["owner"], None, PASSWORD, "groups"),
        (["reviewer"], None, "short", "password"),
    ],
)
def test_an_account_that_would_not_make_sense_is_refused(
    accounts: LocalAccounts, groups: list[str], supplier: str | None, password: str, location: str
) -> None:
    # Given an account description that is incomplete or contradictory
    # When it is added
    with pytest.raises(InvalidRequest) as refused:
        accounts.add("someone", password, groups, FIXED_NOW, supplier_id=supplier)
    # Then it is refused naming what is wrong
    assert refused.value.problems[0][0] == location


def test_a_user_name_is_taken_once_whatever_its_case(accounts: LocalAccounts) -> None:
    # Given an account
    accounts.add("rita", PASSWORD, ["reviewer"], FIXED_NOW)
    # When another is added with the same name in capitals
    # Then it is refused
    with pytest.raises(UserExists):
        accounts.add("RITA", PASSWORD, ["reviewer"], FIXED_NOW)


def test_an_api_token_is_stored_only_as_its_hash_and_dies_with_the_account(
    accounts: LocalAccounts, tmp_path: Path
) -> None:
    # Given a token issued to a compliance user
    accounts.add("carl", PASSWORD, ["compliance"], FIXED_NOW)
    token = accounts.issue_token("carl", "erp", FIXED_NOW)
    # When the database is read, and the account is disabled
    stored = (tmp_path / "state.sqlite3").read_bytes()
    before = accounts.caller_of_token(token)
    accounts.set_disabled("carl", True)
    accounts.set_disabled("carl", False)
    # Then the token itself is nowhere in the file, it worked, and disabling revoked it for good
    assert token.encode() not in stored
    assert before is not None and before.subject == "carl"
    assert accounts.caller_of_token(token) is None
