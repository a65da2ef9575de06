"""Merging a reviewer's answer into a record: the reviewer's values with provenance ``reviewed``, the
machine's value kept beside them, and one Correction per changed field (kept as training data).

One merge for every way an answer arrives: the product's review queue on either host, and Amazon A2I answers.
Value fields take the reviewer's value when one is given (an empty value keeps the machine's); code lists
(hazard and precautionary statements, pictograms) take the reviewer's list as a whole, so a code the reviewer
left out is removed and an empty list clears the field.
"""

from __future__ import annotations

import re
from typing import Any

from models.common import Provenance
from models.record import Evidence, Extracted, Pictogram, PictogramSource, SdsRecord, Statement
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, Correction, ReviewAnswer
from msds.domain.catalog import StatementCatalog
from msds.domain.ghs_rules import pictogram_name
from msds.domain.statement_codes import InvalidStatementCode, find_codes

_PICTOGRAM = re.compile(r"GHS0[1-9]", re.IGNORECASE)


def apply_review(
    record: SdsRecord,
    answer: ReviewAnswer,
    catalog: StatementCatalog,
    review_id: str,
) -> tuple[SdsRecord, list[Correction]]:
    """The record with the reviewer's values merged in (provenance ``reviewed``, the machine's value kept in
    ``machine_value``), and one Correction per changed field. The record no longer needs review."""
    merged = record.model_copy(deep=True)
    corrections: list[Correction] = []

    def corrected(field: str, machine: Any, reviewer_value: Any) -> None:
        corrections.append(
            Correction(
                document_id=record.document_id,
                field=field,
                machine_value=machine,
                reviewer_value=reviewer_value,
                reviewer=answer.reviewer,
                reviewed_at=answer.submitted_at,
                review_id=review_id,
            )
        )

    for field in REVIEWABLE_VALUE_FIELDS:
        if field not in answer.values:
            continue
        value = _coerce(field, answer.values[field])
        old: Extracted[Any] | None = getattr(merged, field)
        if value is None or (old is not None and old.value == value):
            continue
        setattr(
            merged,
            field,
            Extracted[Any](
                value=value,
                confidence=1.0,
                provenance=Provenance.REVIEWED,
                evidence=old.evidence if old else [],
                machine_value=None if old is None else old.value,
                reviewer=answer.reviewer,
            ),
        )
        corrected(field, None if old is None else old.value, value)

    for field in REVIEWABLE_CODE_FIELDS:
        if field not in answer.values:
            continue
        codes = _codes(field, answer.values[field])
        if codes is None:
            continue
        before = (
            [p.code for p in merged.pictograms] if field == "pictograms" else _statement_codes(merged, field)
        )
        if codes == before or (field == "pictograms" and sorted(codes) == sorted(before)):
            continue
        if field == "pictograms":
            merged.pictograms = _reviewed_pictograms(merged.pictograms, codes, answer.reviewer)
        else:
            statements = _reviewed_statements(getattr(merged, field), codes, catalog, answer.reviewer)
            setattr(merged, field, statements)
        corrected(field, before, codes)

    merged.needs_review = False
    return merged, corrections


def _statement_codes(record: SdsRecord, field: str) -> list[str]:
    statements: list[Statement] = getattr(record, field)
    return [s.code for s in statements]


def _coerce(field: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if field == "has_signature":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, dict):  # crowd-checkbox / crowd-radio style {"on": true}
            return bool(raw.get("on") or raw.get("yes"))
        return str(raw).strip().lower() in ("yes", "true", "1", "on", "signed")
    if field == "flash_point_c":
        try:
            return float(str(raw).replace(",", ".").strip())
        except ValueError:
            return None
    return str(raw).strip()


def _codes(field: str, raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, list) and not raw:
        return []
    text = " ".join(raw) if isinstance(raw, list) else str(raw)
    if not text.strip():
        return None
    if field == "pictograms":
        return sorted({match.upper() for match in _PICTOGRAM.findall(text)})
    try:
        found = [match.code for match in find_codes(text)]
    except InvalidStatementCode:
        return None
    wanted = ("P",) if field == "precautionary_statements" else ("H", "EUH")
    return list(dict.fromkeys(code for code in found if code.startswith(wanted)))


def _reviewed_statements(
    existing: list[Statement], codes: list[str], catalog: StatementCatalog, reviewer: str
) -> list[Statement]:
    by_code = {s.code: s for s in existing}
    result = []
    for code in codes:
        if code in by_code:
            result.append(by_code[code])
            continue
        text = catalog.official_text(code, "en") if catalog.exists(code) else None
        result.append(
            Statement(
                code=code,
                text_en=text,
                code_printed=False,
                confidence=1.0,
                provenance=Provenance.REVIEWED,
                evidence=[Evidence(snippet=f"added by reviewer {reviewer}")],
            )
        )
    return result


def _reviewed_pictograms(existing: list[Pictogram], codes: list[str], reviewer: str) -> list[Pictogram]:
    by_code = {p.code: p for p in existing}
    result = []
    for code in codes:
        if code in by_code:
            result.append(by_code[code])
            continue
        result.append(
            Pictogram(
                code=code,
                name_en=pictogram_name(code),
                source=PictogramSource.TEXT,
                confidence=1.0,
                evidence=[Evidence(snippet=f"added by reviewer {reviewer}")],
            )
        )
    return result
