"""Plain-text rendering of several labelled sets side by side, and of each field's reliability table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msds.evaluation.models import SliceScores
from msds.evaluation.sets import SetResult
from msds.evaluation.text_report import format_mistakes, table

HAZARD_LIST_FIELD = "h_codes"
# Bands with fewer documents say little about calibration; the table still shows them.
MIN_BAND_DOCUMENTS = 5


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(label: str, results: Sequence[SetResult], value: Callable[[SetResult], str | None]) -> list[str]:
    return [label, *((value(result) or "-") for result in results)]


def _slice_rows(
    prefix: str, results: Sequence[SetResult], pick: Callable[[SetResult], SliceScores | None]
) -> list[list[str]]:
    def list_metric(field: str, metric: str) -> Callable[[SetResult], str | None]:
        def value(result: SetResult) -> str | None:
            scores = pick(result)
            score = scores.list_fields.get(field) if scores else None
            return None if score is None else _number(getattr(score, metric))

        return value

    def scalar_accuracy(field: str) -> Callable[[SetResult], str | None]:
        def value(result: SetResult) -> str | None:
            scores = pick(result)
            score = scores.scalar_fields.get(field) if scores else None
            return None if score is None else _number(score.accuracy)

        return value

    def documents(result: SetResult) -> str | None:
        scores = pick(result)
        return None if scores is None else str(scores.documents)

    first = next((scores for result in results if (scores := pick(result)) is not None), None)
    if first is None:
        return []
    rows = [_row(f"{prefix}documents", results, documents)]
    for field in first.list_fields:
        metrics = ("precision", "recall", "f1") if field == HAZARD_LIST_FIELD else ("f1",)
        for metric in metrics:
            name = "F1" if metric == "f1" else metric
            rows.append(_row(f"{prefix}{field} {name}", results, list_metric(field, metric)))
    for field in first.scalar_fields:
        rows.append(_row(f"{prefix}{field} acc", results, scalar_accuracy(field)))
    return rows


def _routing_rows(results: Sequence[SetResult]) -> list[list[str]]:
    return [
        _row("review rate", results, lambda r: _number(r.report.overall.review_rate)),
        _row("silent hazard misses", results, lambda r: str(r.report.overall.silent_hazard_misses)),
        _row("reviewed hazard misses", results, lambda r: str(r.report.overall.reviewed_hazard_misses)),
        _row("Section 3 component exact match", results, _component_exact_match),
        _row("Section 3 found / CAS / conc. / H right", results, _component_parts),
        _row(
            "missing/errored predictions",
            results,
            lambda r: f"{r.report.missing_predictions}/{r.report.errored_predictions}",
        ),
    ]


def _component_exact_match(result: SetResult) -> str | None:
    scores = result.report.components
    if scores is None or scores.exact_match is None:
        return None
    return f"{_number(scores.exact_match)} ({scores.components})"


# Which part of the Section 3 rows went wrong: rows paired with a predicted row, then rows right in each part.
def _component_parts(result: SetResult) -> str | None:
    scores = result.report.components
    if scores is None:
        return None
    parts = (scores.found, scores.cas_right, scores.concentration_right, scores.h_codes_right)
    return " / ".join(str(part) for part in parts)


def _language_metric(language: str, metric: str) -> Callable[[SetResult], str | None]:
    def value(result: SetResult) -> str | None:
        scores = result.report.by_language.get(language)
        score = None if scores is None else scores.list_fields.get(HAZARD_LIST_FIELD)
        if scores is None or score is None:
            return None
        return f"{_number(getattr(score, metric))} ({scores.documents})"

    return value


def _language_rows(results: Sequence[SetResult]) -> list[list[str]]:
    languages = sorted({language for result in results for language in result.report.by_language})
    rows: list[list[str]] = []
    for language in languages:
        rows.append(_row(f"h_codes F1 [{language}]", results, _language_metric(language, "f1")))
        rows.append(_row(f"h_codes recall [{language}]", results, _language_metric(language, "recall")))
    return rows


def _calibration_rows(results: Sequence[SetResult]) -> list[list[str]]:
    fields = list(dict.fromkeys(name for result in results for name in result.reliability))
    rows: list[list[str]] = []
    for field in fields:

        def value(result: SetResult, field: str = field) -> str | None:
            table_of = result.reliability.get(field)
            if table_of is None or table_of.expected_calibration_error is None:
                return None
            worst = table_of.worst_gap(MIN_BAND_DOCUMENTS)
            return f"{_number(table_of.expected_calibration_error)} / {_number(worst)}"

        rows.append(_row(f"{field} ECE / worst gap", results, value))
    return rows


def format_side_by_side(results: Sequence[SetResult]) -> list[str]:
    headers = ["metric", *(result.name for result in results)]
    lines = ["Sets side by side (rules are written against dev and tuning; check is only measured)"]
    lines += table(headers, _slice_rows("", results, lambda r: r.report.overall) + _routing_rows(results))
    lines += ["", "H-codes by language (documents)"]
    lines += table(headers, _language_rows(results))
    scanned = _slice_rows("", results, lambda r: r.report.by_scanned.get("true"))
    if scanned:
        lines += ["", "Scanned sheets"]
        lines += table(headers, scanned)
    lines += [
        "",
        f"Confidence: expected calibration error / worst |confidence - accuracy| over bands of at least "
        f"{MIN_BAND_DOCUMENTS} documents",
    ]
    lines += table(headers, _calibration_rows(results))
    return lines


def format_reliability(results: Sequence[SetResult]) -> list[str]:
    """Per field and set, every populated confidence band: documents, mean confidence, accuracy, gap."""
    rows: list[list[str]] = []
    fields = list(dict.fromkeys(name for result in results for name in result.reliability))
    for field in fields:
        for result in results:
            table_of = result.reliability.get(field)
            if table_of is None:
                continue
            for band in table_of.bands:
                rows.append(
                    [
                        field,
                        result.name,
                        f"{band.low:.2f}-{band.high:.2f}",
                        str(band.documents),
                        _number(band.mean_confidence),
                        _number(band.accuracy),
                        f"{band.gap:+.3f}",
                    ]
                )
            if table_of.no_confidence:
                rows.append(
                    [
                        field,
                        result.name,
                        "no value",
                        str(table_of.no_confidence),
                        "-",
                        _number(table_of.no_confidence_correct / table_of.no_confidence),
                        "",
                    ]
                )
    headers = ["field", "set", "band", "docs", "confidence", "accuracy", "gap"]
    return ["", "Reliability per field (only bands with documents)", *table(headers, rows)]


def format_sets(results: Sequence[SetResult], *, verbose: bool = False) -> str:
    """Side-by-side figures, the reliability tables, each set's silent misses; with ``verbose``, the
    mistakes of every set except the check half (which is only measured)."""
    lines = format_side_by_side(results) + format_reliability(results)
    for result in results:
        misses = result.report.silent_hazard_misses
        if misses:
            ids = ", ".join(miss.id for miss in misses) if not result.measured_only else "(not listed)"
            lines += ["", f"Silent hazard misses [{result.name}]: {len(misses)} {ids}"]
    if verbose:
        for result in results:
            if result.measured_only:
                lines += ["", f"Mistakes [{result.name}]: not listed (this half is only measured)"]
                continue
            lines += ["", f"== {result.name} ==", *format_mistakes(result.report)]
    return "\n".join(lines) + "\n"
