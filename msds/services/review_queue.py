"""A reviewer's corrections checked before they are merged: every statement code must be a code of the CLP
catalog, of the kind its list holds. The merge itself is ``msds.pipeline.review`` (the same for the product's
queue on both hosts and for A2I answers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from models.api import ReviewCorrections
from models.review import ReviewAnswer
from msds.domain.catalog import StatementCatalog
from msds.domain.statement_codes import InvalidStatementCode, normalise_code
from msds.errors import InvalidRequest
from msds.services.api_access import REVIEWERS, Caller, require_group
from msds.services.receive import utc_now


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
