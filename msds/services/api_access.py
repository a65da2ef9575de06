"""Who may do what through the HTTP API.

The API's authorizer has already checked the token; this module reads the caller from its claims and applies
the product's rules: suppliers see only the documents they sent (another supplier's document id answers
``DocumentNotFound``, exactly as an unknown id, so ids do not leak), compliance staff and reviewers see all;
each route names the groups it is open to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.api import SUPPLIER_ID_PATTERN, DocumentRecordView, DocumentView
from models.document import DocumentEntry
from msds.errors import AccessDenied, DocumentNotFound, InvalidRequest, NotAuthenticated, RecordNotFound
from msds.ports import DocumentRepository

GROUPS_CLAIM = "cognito:groups"
SUPPLIER_CLAIM = "custom:supplier_id"
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
_SUPPLIER_ID = re.compile(SUPPLIER_ID_PATTERN)


class Group(StrEnum):
    """The user pool's groups."""

    SUPPLIER = "supplier"
    COMPLIANCE = "compliance"
    REVIEWER = "reviewer"
    ADMIN = "admin"


STAFF = frozenset({Group.COMPLIANCE, Group.REVIEWER, Group.ADMIN})
REVIEWERS = frozenset({Group.REVIEWER, Group.ADMIN})
EVERYONE = frozenset(Group)


@dataclass(frozen=True)
class Caller:
    """The signed-in user of a request: the token's subject, its groups and, for suppliers, the supplier."""

    subject: str
    groups: frozenset[Group]
    supplier_id: str | None = None
    name: str | None = None

    @property
    def is_staff(self) -> bool:
        return bool(self.groups & STAFF)

    @property
    def is_admin(self) -> bool:
        return Group.ADMIN in self.groups

    @property
    def display_name(self) -> str:
        return self.name or self.subject


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    """The caller named by a JWT's claims (``sub``, ``cognito:groups``, ``custom:supplier_id``)."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise NotAuthenticated("the request carries no signed-in user (no 'sub' claim)")
    known = {group.value for group in Group}
    groups = frozenset(Group(name) for name in group_names(claims.get(GROUPS_CLAIM)) if name in known)
    supplier = claims.get(SUPPLIER_CLAIM)
    supplier_id = supplier.strip() if isinstance(supplier, str) and supplier.strip() else None
    if supplier_id is not None and not _SUPPLIER_ID.match(supplier_id):
        raise AccessDenied(f"the token's {SUPPLIER_CLAIM} is not a valid supplier id")
    return Caller(subject=subject.strip(), groups=groups, supplier_id=supplier_id)


def group_names(raw: Any) -> list[str]:
    """The groups of a ``cognito:groups`` claim, in any form it arrives in: a JSON list, or the string API
    Gateway's JWT authorizer makes of it (``"[supplier reviewer]"``), or a comma-separated string."""
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return [str(item).strip() for item in raw if str(item).strip()]
    text = str(raw).strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            text = text.strip("[]")
        else:
            return group_names(parsed) if isinstance(parsed, list) else []
    return [part for part in re.split(r"[\s,]+", text) if part]


def require_group(caller: Caller, allowed: Iterable[Group]) -> None:
    """AccessDenied unless the caller is in one of the ``allowed`` groups."""
    wanted = frozenset(allowed)
    if caller.groups & wanted:
        return
    names = ", ".join(sorted(group.value for group in wanted))
    mine = ", ".join(sorted(group.value for group in caller.groups)) or "no group"
    raise AccessDenied(f"this needs one of the groups {names}; the caller is in {mine}")


def check_document_id(document_id: str) -> str:
    """The id as given when it is a document id (the SHA-256 of a file, 64 lower-case hex digits)."""
    if not _DOCUMENT_ID.match(document_id):
        raise InvalidRequest(
            "document_id must be the SHA-256 of the file as 64 lower-case hex digits",
            [("path.document_id", "not a SHA-256 in lower-case hex")],
        )
    return document_id


def visible_entry(caller: Caller, repository: DocumentRepository, document_id: str) -> DocumentEntry:
    """The document's entry if the caller may see it; DocumentNotFound when it does not exist or belongs to
    other suppliers only (the same answer, so a supplier cannot probe for other suppliers' ids)."""
    require_group(caller, EVERYONE)
    check_document_id(document_id)
    if not caller.is_staff and caller.supplier_id is None:
        raise AccessDenied(f"a supplier's token must carry {SUPPLIER_CLAIM}")
    entry = repository.get(document_id)
    if entry is not None and (caller.is_staff or caller.supplier_id in entry.supplier_ids):
        return entry
    raise DocumentNotFound(f"no document {document_id}")


def document_status(caller: Caller, repository: DocumentRepository, document_id: str) -> DocumentView:
    """Where the document is in the pipeline, for a caller who may see it."""
    entry = visible_entry(caller, repository, document_id)
    return DocumentView.of(entry, with_suppliers=caller.is_staff)


def document_record(caller: Caller, repository: DocumentRepository, document_id: str) -> DocumentRecordView:
    """The document's record, for a caller who may see the document; RecordNotFound before there is one."""
    entry = visible_entry(caller, repository, document_id)
    record = repository.get_record(entry.document_id)
    if record is None:
        raise RecordNotFound(f"{document_id} has no record yet (status {entry.status.value})")
    return DocumentRecordView(document_id=entry.document_id, status=entry.status, record=record)
