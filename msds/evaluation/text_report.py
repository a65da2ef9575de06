"""Plain-text rendering of an evaluation report."""

from __future__ import annotations

from collections.abc import Sequence

from msds.evaluation.models import EvaluationReport, HazardMiss, SliceScores

_CELL_LIMIT = 50
_MISS_HEADERS = ["id", "missing H-codes", "missing pictograms", "error"]


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cell(value: object) -> str:
    if value is None:
        text = "null"
    elif isinstance(value, list):
        text = ", ".join(str(item) for item in value) or "[]"
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: bool = True) -> list[str]:
    """Columns padded to width; with ``numeric`` every column but the first is right-aligned."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if numeric and index else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


def _summary(report: EvaluationReport) -> list[str]:
    overall = report.overall
    return [
        f"Documents: {report.documents}  missing predictions: {report.missing_predictions}  "
        f"errored predictions: {report.errored_predictions}  "
        f"unlabelled predictions: {len(report.unlabelled_predictions)}",
        f"Review rate: {_number(overall.review_rate)} ({overall.needs_review} of {overall.documents})  "
        f"silent hazard misses: {overall.silent_hazard_misses}  "
        f"reviewed hazard misses: {overall.reviewed_hazard_misses}",
    ]


def _list_fields(scores: SliceScores) -> list[str]:
    if not scores.list_fields:
        return []
    headers = ["field", "precision", "recall", "F1", "exact-set acc", "TP", "FP", "FN"]
    rows = [
        [
            s.field,
            *(_number(value) for value in (s.precision, s.recall, s.f1, s.exact_accuracy)),
            *(str(count) for count in (s.true_positives, s.false_positives, s.false_negatives)),
        ]
        for s in scores.list_fields.values()
    ]
    return ["", "List fields (micro-averaged)", *table(headers, rows)]


def _scalar_fields(scores: SliceScores) -> list[str]:
    if not scores.scalar_fields:
        return []
    headers = ["field", "accuracy", "precision", "recall", "labelled", "predicted", "matched"]
    rows = [
        [
            s.field,
            *(_number(value) for value in (s.accuracy, s.precision, s.recall)),
            *(str(count) for count in (s.labels_non_null, s.predictions_non_null, s.matched_non_null)),
        ]
        for s in scores.scalar_fields.values()
    ]
    return ["", "Scalar fields (precision/recall over non-null values)", *table(headers, rows)]


def _breakdown(title: str, slices: dict[str, SliceScores]) -> list[str]:
    names = list(slices)
    first = slices[names[0]]
    rows: list[list[str]] = [["documents", *(str(slices[n].documents) for n in names)]]
    for field in first.list_fields:
        rows.append([f"{field} F1", *(_number(slices[n].list_fields[field].f1) for n in names)])
    for field in first.scalar_fields:
        rows.append([f"{field} acc", *(_number(slices[n].scalar_fields[field].accuracy) for n in names)])
    rows.append(["review rate", *(_number(slices[n].review_rate) for n in names)])
    rows.append(["silent misses", *(str(slices[n].silent_hazard_misses) for n in names)])
    return ["", title, *table(["metric", *names], rows)]


def _misses(title: str, misses: Sequence[HazardMiss]) -> list[str]:
    if not misses:
        return []
    rows = [[m.id, _cell(m.missing_h_codes), _cell(m.missing_pictograms), _cell(m.error)] for m in misses]
    return ["", title, *table(_MISS_HEADERS, rows, numeric=False)]


def _problems(report: EvaluationReport) -> list[str]:
    lines: list[str] = []
    if report.prediction_problems:
        rows = [[p.id, _cell(p.error)] for p in report.prediction_problems]
        lines += ["", "Missing or errored predictions", *table(["id", "error"], rows, numeric=False)]
    if report.unlabelled_predictions:
        lines += ["", "Predictions without a label: " + ", ".join(report.unlabelled_predictions)]
    return lines


def format_mistakes(report: EvaluationReport) -> list[str]:
    """Reviewed hazard misses, every mistake and the lenient name matches of one report."""
    return _misses("Reviewed hazard misses", report.reviewed_hazard_misses) + _details(report)


def _details(report: EvaluationReport) -> list[str]:
    rows = [
        [m.id, m.field, _cell(m.expected), _cell(m.predicted), _cell(m.detail or "")] for m in report.mistakes
    ]
    headers = ["id", "field", "expected", "predicted", "detail"]
    lines = ["", f"Mistakes ({len(rows)})", *(table(headers, rows, numeric=False) if rows else ["none"])]
    lenient = [m for m in report.name_matches if m.rule in ("ratio", "containment")]
    rows = [[m.id, m.field, _cell(m.expected), _cell(m.predicted), m.rule, f"{m.ratio:.1f}"] for m in lenient]
    headers = ["id", "field", "expected", "predicted", "rule", "ratio"]
    lines += ["", f"Lenient name matches ({len(rows)})"]
    return lines + (table(headers, rows, numeric=False) if rows else ["none"])


def _components(report: EvaluationReport, verbose: bool) -> list[str]:
    scores = report.components
    if scores is None:
        return []

    def rate(count: int) -> str:
        return _number(count / scores.components if scores.components else None)

    rows = [
        [
            "exact match (CAS + concentration + H-codes)",
            rate(scores.exact_matches),
            str(scores.exact_matches),
        ],
        ["found", rate(scores.found), str(scores.found)],
        ["CAS right", rate(scores.cas_right), str(scores.cas_right)],
        ["concentration right", rate(scores.concentration_right), str(scores.concentration_right)],
        ["H-codes right", rate(scores.h_codes_right), str(scores.h_codes_right)],
    ]
    rows += [
        [f"exact match [{language}]", _number(hits / total if total else None), f"{hits}/{total}"]
        for language, (hits, total) in scores.by_language.items()
    ]
    lines = [
        "",
        f"Section 3 components ({scores.components} labelled rows of {scores.sheets} mixture sheets)",
        *table(["metric", "rate", "count"], rows),
    ]
    if verbose and scores.mistakes:
        mistake_rows = [
            [m.id, ",".join(m.wrong), _cell(_row(m.label)), _cell(_row(m.predicted) if m.predicted else None)]
            for m in scores.mistakes
        ]
        lines += [
            "",
            "Component mistakes",
            *table(["id", "wrong", "label", "predicted"], mistake_rows, numeric=False),
        ]
    return lines


def _row(row: dict[str, object]) -> str:
    return f"{row.get('cas')} {row.get('low')}-{row.get('high')} {row.get('h_codes')}"


def format_report(report: EvaluationReport, verbose: bool = False) -> str:
    """The report as plain-text tables; ``verbose`` adds reviewed misses, mistakes, lenient name matches."""
    overall = report.overall
    lines = _summary(report) + _list_fields(overall) + _scalar_fields(overall)
    if report.by_language:
        lines += _breakdown("By language", {"all": overall, **report.by_language})
    if report.by_scanned:
        scanned = {f"scanned={key}": value for key, value in report.by_scanned.items()}
        lines += _breakdown("By scanned", {"all": overall, **scanned})
    lines += _components(report, verbose)
    lines += _misses("Silent hazard misses", report.silent_hazard_misses)
    if verbose:
        lines += _misses("Reviewed hazard misses", report.reviewed_hazard_misses)
    lines += _problems(report)
    if verbose:
        lines += _details(report)
    return "\n".join(lines) + "\n"
