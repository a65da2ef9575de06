"""The Section 3 per-component figure of the evaluation: CAS + concentration + H-codes, mixtures only."""

from __future__ import annotations

from typing import Any

from msds.evaluation import check_floors, evaluate, format_report


def row(
    cas: str | None, low: float | None, high: float | None, codes: list[str], name: str = "x"
) -> dict[str, Any]:
    return {"name": name, "cas": cas, "low": low, "high": high, "h_codes": codes}


def label(doc_id: str, components: list[dict[str, Any]] | None, language: str = "de") -> dict[str, Any]:
    body: dict[str, Any] = {"id": doc_id, "language": language, "h_codes": [], "cas_numbers": []}
    if components is not None:
        body["components"] = components
    return body


def test_each_labelled_row_of_a_mixture_is_scored_on_cas_concentration_and_codes() -> None:
    # Given a mixture of three rows, a substance sheet (one row at 100 %) and a label without components
    labels = [
        label(
            "mix",
            [
                row("67-64-1", 10, 20, ["H225", "H319"]),
                row("64-17-5", None, 5, ["H225"]),
                row(None, 1, 5, [], name="Perfume"),
            ],
        ),
        label("substance", [row("7732-18-5", 100, 100, [])]),
        label("old", None),
    ]
    predictions = [
        {
            "id": "mix",
            "components": [
                row("67-64-1", 10, 20, ["H319", "H225"]),  # right, codes in another order
                row("64-17-5", 0, 5, ["H225"]),  # wrong lower bound
                row(None, 1, 5, [], name="perfume oil"),  # right, paired by name
            ],
        },
        {"id": "substance", "components": []},
        {"id": "old", "components": []},
    ]
    # When evaluated
    report = evaluate(labels, predictions)
    # Then only the mixture's three rows count: two exact matches
    scores = report.components
    assert scores is not None
    assert (scores.sheets, scores.components, scores.found, scores.exact_matches) == (1, 3, 3, 2)
    assert scores.exact_match == 2 / 3
    assert scores.concentration_right == 2 and scores.h_codes_right == 3
    assert [m.wrong for m in scores.mistakes] == [["concentration"]]
    assert "Section 3 components (3 labelled rows of 1 mixture sheets)" in format_report(report)
    assert "Section 3 component exact match 0.667 < 0.900" in check_floors(report)


def test_combined_codes_count_as_their_parts_and_a_missing_row_is_a_miss() -> None:
    # Given labelled combined codes and a row the prediction lacks
    labels = [label("mix", [row("67-56-1", 1, 3, ["H301+H311+H331"]), row("71-43-2", None, 0.1, ["H350"])])]
    predictions = [{"id": "mix", "components": [row("67-56-1", 1, 3, ["H301", "H311", "H331"])]}]
    # When evaluated
    scores = evaluate(labels, predictions).components
    # Then the first row is exact and the second missing
    assert scores is not None
    assert (scores.exact_matches, scores.found, scores.components) == (1, 1, 2)
    assert scores.mistakes[0].wrong == ["missing"]


def test_without_component_labels_the_figure_is_absent_and_not_a_floor() -> None:
    # Given labels without components (the dev set)
    labels = [label("a", None)]
    # When evaluated
    report = evaluate(labels, [{"id": "a"}])
    # Then there is no component figure, no component section and no component floor
    assert report.components is None
    assert "Section 3 components" not in format_report(report)
    assert not [m for m in check_floors(report) if "component" in m]
