"""Validate: GHS consistency, identifiers, completeness and age. Each finding has a severity and evidence."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from models.common import Severity
from models.record import Finding, SdsRecord
from msds.domain import ghs_rules
from msds.domain.catalog import StatementCatalog
from msds.domain.identifiers import cas_check_digit_ok, ec_check_digit_ok

REQUIRED_SECTIONS = tuple(range(1, 17))


def validate_record(
    record: SdsRecord, catalog: StatementCatalog, today: date, max_age_days: int
) -> list[Finding]:
    findings: list[Finding] = []
    findings += _statement_codes(record, catalog)
    findings += _ghs_consistency(record)
    findings += _identifiers(record)
    findings += _sections(record)
    findings += _revision_age(record, today, max_age_days)
    return findings


def _statement_codes(record: SdsRecord, catalog: StatementCatalog) -> list[Finding]:
    findings = []
    for statement in record.hazard_statements + record.precautionary_statements:
        status = catalog.status(statement.code)
        if status == "unknown":
            findings.append(
                Finding(
                    code="unknown_statement_code",
                    severity=Severity.ERROR,
                    field=statement.code,
                    message=f"{statement.code} is not a CLP/GHS statement code",
                    evidence=statement.evidence[:1],
                )
            )
        elif status == "removed":
            findings.append(
                Finding(
                    code="withdrawn_statement_code",
                    severity=Severity.WARNING,
                    field=statement.code,
                    message=f"{statement.code} was withdrawn from CLP Annex III",
                    evidence=statement.evidence[:1],
                )
            )
    return findings


def _ghs_consistency(record: SdsRecord) -> list[Finding]:
    findings = []
    h_codes = record.h_codes
    shown = {p.code for p in record.pictograms}
    expected = ghs_rules.expected_pictograms(h_codes)
    possible = ghs_rules.possible_pictograms(h_codes)
    for code in sorted(expected - shown):
        findings.append(
            Finding(
                code="pictogram_missing",
                severity=Severity.ERROR,
                field="pictograms",
                message=f"the hazard statements imply pictogram {code}, which was not found on the sheet",
            )
        )
    for pictogram in record.pictograms:
        if h_codes and pictogram.code not in possible:
            findings.append(
                Finding(
                    code="pictogram_not_implied",
                    severity=Severity.WARNING,
                    field="pictograms",
                    message=f"pictogram {pictogram.code} is shown but no hazard statement implies it",
                    evidence=pictogram.evidence[:1],
                )
            )
    allowed = {word for word in ghs_rules.allowed_signal_words(h_codes) if word is not None}
    none_allowed = None in ghs_rules.allowed_signal_words(h_codes)
    found = record.signal_word.value if record.signal_word else None
    if allowed and not none_allowed and found is None:
        findings.append(
            Finding(
                code="signal_word_missing",
                severity=Severity.ERROR,
                field="signal_word",
                message=f"the hazard statements require a signal word ({_either(allowed)}), none was found",
            )
        )
    elif found is not None and not allowed and h_codes:
        findings.append(
            Finding(
                code="signal_word_not_required",
                severity=Severity.WARNING,
                field="signal_word",
                message=f"signal word {found} is printed but no hazard statement requires one",
                evidence=record.signal_word.evidence[:1] if record.signal_word else [],
            )
        )
    elif found is not None and allowed and found not in allowed and not none_allowed:
        findings.append(
            Finding(
                code="signal_word_mismatch",
                severity=Severity.ERROR,
                field="signal_word",
                message=f"signal word {found} contradicts the hazard statements ({_either(allowed)} due)",
                evidence=record.signal_word.evidence[:1] if record.signal_word else [],
            )
        )
    if found is not None and not h_codes and not record.defined_hazards_without_code:
        findings.append(
            Finding(
                code="signal_word_without_hazards",
                severity=Severity.ERROR,
                field="hazard_statements",
                message=f"signal word {found} is printed but no hazard statement was read",
                evidence=record.signal_word.evidence[:1] if record.signal_word else [],
            )
        )
    return findings


def _either(words: Iterable[str]) -> str:
    return " or ".join(sorted(words))


def _identifiers(record: SdsRecord) -> list[Finding]:
    findings = []
    for component in record.components:
        if component.cas and not cas_check_digit_ok(component.cas):
            findings.append(
                Finding(
                    code="cas_check_digit",
                    severity=Severity.ERROR,
                    field="cas_numbers",
                    message=f"CAS number {component.cas} fails its check digit",
                    evidence=component.evidence[:1],
                )
            )
        if component.ec and not ec_check_digit_ok(component.ec):
            findings.append(
                Finding(
                    code="ec_check_digit",
                    severity=Severity.WARNING,
                    field="components",
                    message=f"EC number {component.ec} fails its check digit",
                    evidence=component.evidence[:1],
                )
            )
    return findings


def _sections(record: SdsRecord) -> list[Finding]:
    found = {s.number for s in record.sections}
    missing = [n for n in REQUIRED_SECTIONS if n not in found]
    findings = []
    if 2 not in found:
        findings.append(
            Finding(
                code="section_2_not_found",
                severity=Severity.CRITICAL,
                field="sections",
                message="Section 2 (hazards identification) was not found",
            )
        )
    if record.sections_out_of_order:
        findings.append(
            Finding(
                code="sections_out_of_order",
                severity=Severity.WARNING,
                field="sections",
                message="section headings printed out of order: "
                + ", ".join(str(n) for n in record.sections_out_of_order),
            )
        )
    if missing:
        findings.append(
            Finding(
                code="sections_missing",
                severity=Severity.WARNING,
                field="sections",
                message="sections not found: " + ", ".join(str(n) for n in missing),
            )
        )
    return findings


def _revision_age(record: SdsRecord, today: date, max_age_days: int) -> list[Finding]:
    if record.revision_date is None:
        return [
            Finding(
                code="revision_date_missing",
                severity=Severity.WARNING,
                field="revision_date",
                message="no revision or issue date was found",
            )
        ]
    value = record.revision_date.value
    revised = date.fromisoformat(value if len(value) == 10 else value + "-01")
    if revised > today:
        return [
            Finding(
                code="revision_date_in_future",
                severity=Severity.WARNING,
                field="revision_date",
                message=f"revision date {value} lies in the future",
                evidence=record.revision_date.evidence,
            )
        ]
    age = (today - revised).days
    if age > max_age_days:
        return [
            Finding(
                code="revision_too_old",
                severity=Severity.WARNING,
                field="revision_date",
                message=f"revision date {value} is {age // 365} years old (limit {max_age_days // 365})",
                evidence=record.revision_date.evidence,
            )
        ]
    return []
