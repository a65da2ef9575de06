"""The Section 3 per-component figure of the evaluation: CAS + concentration + H-codes, mixtures only."""

from __future__ import annotations

from typing import Any

import pytest

from msds.evaluation import EvaluationInputError, check_floors, evaluate, format_report, select_split


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


def test_one_half_of_a_split_set_is_scored_without_the_other_halfs_sheets() -> None:
    # Given labels split into a tuning and a check half, and predictions for every sheet plus one unlabelled
    labels = [
        {
            **label("seen", [row("67-64-1", 10, 20, ["H225"]), row("64-17-5", 1, 5, ["H225"])]),
            "split": "tuning",
        },
        {
            **label("held", [row("67-64-1", 10, 20, ["H225"]), row("64-17-5", 1, 5, ["H225"])]),
            "split": "check",
        },
    ]
    predictions = [
        {"id": "seen", "components": [row("67-64-1", 10, 20, ["H225"]), row("64-17-5", 1, 5, ["H225"])]},
        {"id": "held", "components": [row("67-64-1", 10, 20, ["H225"])]},
        {"id": "extra"},
    ]
    # When the check half is selected and scored
    chosen, kept = select_split(labels, predictions, "check")
    report = evaluate(chosen, kept)
    # Then only the held-out sheet counts, and only a sheet of no half is reported as unlabelled
    assert [item["id"] for item in chosen] == ["held"]
    assert report.documents == 1 and report.unlabelled_predictions == ["extra"]
    assert report.components is not None
    assert (report.components.components, report.components.exact_matches) == (2, 1)


def test_asking_for_a_half_the_labels_do_not_have_names_the_halves_they_have() -> None:
    # Given labels of a tuning and a check half
    labels = [{**label("a", None), "split": "tuning"}, {**label("b", None), "split": "check"}]
    # When a half named "test" is asked for
    with pytest.raises(EvaluationInputError) as caught:
        select_split(labels, [], "test")
    # Then the error names the halves the labels have
    assert "no label has split 'test' (the labels' halves: check, tuning)" in caught.value.message
