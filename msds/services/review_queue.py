"""The review queue as reviewers see it through the API: the sheets waiting for a human (oldest first, paged),
one sheet with its record and findings, and a reviewer's corrections checked before they are merged.

Merging is the review's own business (``msds.adapters.aws.workflow.submit_review`` on AWS, the same merge as
an A2I answer); this module only decides what is open and whether the answer is well formed.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import datetime

from models.api import ReviewCorrections, ReviewDetail, ReviewPage, ReviewSummary
from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, ReviewAnswer
from msds.domain.catalog import StatementCatalog
from msds.domain.statement_codes import InvalidStatementCode, normalise_code
from msds.errors import DocumentNotFound, InvalidRequest, ReviewNotFound
from msds.ports import DocumentRepository
from msds.services.api_access import REVIEWERS, Caller, check_document_id, require_group
from msds.services.receive import utc_now

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
_Position = tuple[datetime, str]


def open_reviews(
    caller: Caller, repository: DocumentRepository, *, limit: int = DEFAULT_PAGE_SIZE, next_token: str | None
) -> ReviewPage:
    """One page of the sheets waiting for review, oldest received first, each with why it is there."""
    require_group(caller, REVIEWERS)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidRequest(
            f"limit must be between 1 and {MAX_PAGE_SIZE}", [("query.limit", f"outside 1..{MAX_PAGE_SIZE}")]
        )
    after = decode_page_token(next_token) if next_token else None
    waiting = sorted(repository.list(DocumentStatus.NEEDS_REVIEW), key=_position)
    remaining = [entry for entry in waiting if after is None or _position(entry) > after]
    page = remaining[:limit]
    items = [_summary(entry, repository.get_record(entry.document_id)) for entry in page]
    more = len(remaining) > limit
    return ReviewPage(items=items, next_token=encode_page_token(_position(page[-1])) if more else None)


def open_review(caller: Caller, repository: DocumentRepository, document_id: str) -> ReviewDetail:
    """A sheet waiting for review: its record, findings and the fields a reviewer may correct."""
    require_group(caller, REVIEWERS)
    entry = repository.get(check_document_id(document_id))
    if entry is None:
        raise DocumentNotFound(f"no document {document_id}")
    record = repository.get_record(document_id) if entry.status == DocumentStatus.NEEDS_REVIEW else None
    if record is None:
        raise ReviewNotFound(f"{document_id} is not waiting for review (status {entry.status.value})")
    summary = _summary(entry, record)
    return ReviewDetail(
        **summary.model_dump(),
        findings=record.findings,
        record=record,
        correctable_fields=[*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS],
    )


def review_answer(
    caller: Caller,
    corrections: ReviewCorrections,
    catalog: StatementCatalog,
    now: Callable[[], datetime] = utc_now,
) -> ReviewAnswer:
    """The reviewer's corrections as a review answer, with every statement code checked against the CLP
    catalog (InvalidRequest naming each code that is not one, or is of the wrong kind)."""
    require_group(caller, REVIEWERS)
    values = corrections.values()
    problems: list[tuple[str, str]] = []
    for field, kinds in (("hazard_statements", ("H", "EUH")), ("precautionary_statements", ("P",))):
        if field in values:
            values[field] = _checked_codes(field, values[field], kinds, catalog, problems)
    if problems:
        raise InvalidRequest("; ".join(f"{where}: {what}" for where, what in problems), problems)
    return ReviewAnswer(reviewer=caller.subject, submitted_at=now(), values=values)


def _checked_codes(
    field: str,
    codes: list[str],
    kinds: tuple[str, ...],
    catalog: StatementCatalog,
    problems: list[tuple[str, str]],
) -> list[str]:
    checked: list[str] = []
    for index, raw in enumerate(codes):
        where = f"body.{field}[{index}]"
        try:
            code = normalise_code(raw)
            kind = catalog.kind(code)
        except InvalidStatementCode:
            problems.append((where, f"{raw!r} is not a statement code"))
            continue
        if kind not in kinds:
            problems.append((where, f"{code} is not a {' or '.join(kinds)} statement"))
        elif not catalog.exists(code):
            problems.append((where, f"{code} is not in the CLP catalog"))
        elif code not in checked:
            checked.append(code)
    return checked


def encode_page_token(position: _Position) -> str:
    received_at, document_id = position
    raw = json.dumps([received_at.isoformat(), document_id]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_page_token(token: str) -> _Position:
    """The queue position a ``next_token`` continues after (InvalidRequest for a token not made here)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        received_at, document_id = json.loads(raw)
        position = datetime.fromisoformat(received_at), check_document_id(str(document_id))
        if position[0].tzinfo is None:
            raise ValueError("a page token's time has a time zone")
        return position
    except (binascii.Error, ValueError, TypeError, InvalidRequest) as error:
        raise InvalidRequest(
            "next_token is not a token this API returned", [("query.next_token", "not a page token")]
        ) from error


def _position(entry: DocumentEntry) -> _Position:
    return entry.received_at, entry.document_id


def _summary(entry: DocumentEntry, record: SdsRecord | None) -> ReviewSummary:
    return ReviewSummary(
        document_id=entry.document_id,
        file_name=entry.file_name,
        status=entry.status,
        received_at=entry.received_at,
        updated_at=entry.updated_at,
        language=record.language if record else None,
        review_reasons=record.review_reasons if record else [],
    )
