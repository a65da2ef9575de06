"""The search query: what it accepts, how request parameters become one, the words of its text, and who may
search what."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from models.document import DocumentStatus
from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.errors import AccessDenied, InvalidRequest
from msds.services.api_access import Caller, Group
from msds.services.search import MAX_AGE_YEARS, query_from_parameters, search_as, years_before
from msds.services.search_document import MAX_QUERY_WORDS, query_words
from tests.helpers.publications import acetone, ethanol, sulfuric_acid


def test_codes_and_numbers_are_normalised_and_deduplicated() -> None:
    # Given filters typed loosely
    query = SearchQuery(
        h_codes=("h 315", "H315", "euh066", "H360Fd"),
        cas_numbers=(" 64-17-5",),
        pictograms=("ghs07",),
        signal_word="DANGER",  # type: ignore[arg-type]
        language="DE",
        text="   ",
    )
    # When they are read back
    # Then they are in the form records hold them (a suffix keeps its case), and blank text is no text
    assert query.h_codes == ("H315", "EUH066", "H360Fd")
    assert query.cas_numbers == ("64-17-5",) and query.pictograms == ("GHS07",)
    assert query.signal_word == "Danger" and query.language == "de" and query.text is None


def test_p_codes_are_normalised_combinations_included() -> None:
    # Given P codes typed loosely, a combination with spaces among them, and one twice
    query = SearchQuery(p_codes=("p280", "P301 + p330 + P331", "P280"))
    # When they are read back
    # Then they are in the form records hold them, each once
    assert query.p_codes == ("P280", "P301+P330+P331")


def test_the_default_order_is_relevance_which_without_text_is_by_date() -> None:
    # Given a query with text and one without
    with_text, without = SearchQuery(text="aceton"), SearchQuery()
    # When their order is read
    # Then only the one with text is ordered by relevance, and facets are counted unless asked not to be
    assert (with_text.sort, with_text.by_relevance) == ("relevance", True)
    assert (without.sort, without.by_relevance) == ("relevance", False)
    assert SearchQuery(text="aceton", sort="oldest").by_relevance is False
    assert SearchQuery(text="+ - !").by_relevance is False  # no word in it
    assert without.facets is True


@pytest.mark.parametrize(
    "values",
    [
        {"h_codes": ["P210"]},
        {"h_codes": ["H31"]},
        {"p_codes": ["H225"]},
        {"p_codes": ["P21"]},
        {"p_codes": ["P301+"]},
        {"p_codes": ["P301+H330"]},
        {"sort": "date"},
        {"revised_before": "last year"},
        {"cas_numbers": ["64175"]},
        {"pictograms": ["GHS10"]},
        {"signal_word": "Caution"},
        {"language": "deu"},
        {"statuses": ["failed"]},
        {"page": 0},
        {"page_size": 101},
        {"page": 200, "page_size": 100},  # past the 10,000th hit
        {"text": "x" * 501},
        {"colour": "red"},
    ],
)
def test_a_query_that_cannot_be_answered_is_refused(values: dict[str, object]) -> None:
    # Given values that are not codes, numbers, statuses or pages a search can use
    # When a query is made of them
    # Then it is refused
    with pytest.raises(ValidationError):
        SearchQuery.model_validate(values)


def test_the_words_of_a_text_keep_cas_numbers_whole_and_upper_case_codes() -> None:
    # Given a text with a CAS number, codes, punctuation and a repeated word
    text = 'Aceton, h225 + "64-17-5" (ghs02) aceton Ätzend'
    # When its words are read
    words = query_words(text)
    # Then punctuation is gone, codes are upper case, the number is one word, repeats count once
    assert words == ["Aceton", "H225", "64-17-5", "GHS02", "aceton", "Ätzend"]
    assert len(query_words(" ".join(f"w{n}" for n in range(100)))) == MAX_QUERY_WORDS


TODAY = date(2026, 3, 15)


def test_request_parameters_become_a_query() -> None:
    # Given a query string as API Gateway passes it (repeated parameters joined with commas)
    parameters = {
        "q": "aceton",
        "h_code": "H225,h319",
        "p_code": "p210,P301+P330+P331",
        "cas": "67-64-1",
        "status": "accepted,needs_review",
        "older_than_years": "5",
        "sort": "oldest",
        "page": "2",
        "page_size": "5",
    }
    # When it is read
    query = query_from_parameters(parameters, TODAY)
    # Then every parameter lands in its field, the age as the day before which the sheet was revised
    assert query.text == "aceton" and query.h_codes == ("H225", "H319") and query.cas_numbers == ("67-64-1",)
    assert query.p_codes == ("P210", "P301+P330+P331")
    assert query.statuses == (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
    assert query.revised_before == date(2021, 3, 15) and query.sort == "oldest"
    assert (query.page, query.page_size, query.offset) == (2, 5, 5)


def test_repeated_parameters_may_come_as_lists() -> None:
    # Given parameters as a web framework hands them over: each name with every value it was given
    parameters = {
        "h_code": ["H225", "H319,H336"],
        "pictogram": ["ghs02"],
        "q": ["aceton"],
        "page": ["1", "1"],
    }
    # When they are read
    query = query_from_parameters(parameters, TODAY)
    # Then list parameters take every value, and a single-valued one its value
    assert query.h_codes == ("H225", "H319", "H336") and query.pictograms == ("GHS02",)
    assert query.text == "aceton" and query.page == 1


@pytest.mark.parametrize(
    ("today", "years", "expected"),
    [
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
        (date(2026, 3, 15), 5, date(2021, 3, 15)),
        (date(2024, 2, 29), 1, date(2023, 2, 28)),  # no 29 February in 2023
        (date(2024, 2, 29), 4, date(2020, 2, 29)),
        (date(2026, 12, 31), MAX_AGE_YEARS, date(1926, 12, 31)),
    ],
)
def test_years_before_a_day_are_safe_on_a_leap_day(today: date, years: int, expected: date) -> None:
    # Given a day and an age in years
    # When the day that many years earlier is asked for
    # Then it is the same day of the year, 28 February for a leap day in a common year
    assert years_before(today, years) == expected
    assert query_from_parameters({"older_than_years": str(years)}, today).revised_before == expected


def test_bad_or_unknown_parameters_are_named_in_the_refusal() -> None:
    # Given a query string with an unknown parameter, and one with a bad code and a bad page
    # When each is read
    with pytest.raises(InvalidRequest) as unknown:
        query_from_parameters({"q": "x", "colour": "red"}, TODAY)
    with pytest.raises(InvalidRequest) as invalid:
        query_from_parameters({"h_code": "H315,X1", "page": "zero"}, TODAY)
    # Then the refusal names each parameter by its name in the query string, and says which are known
    assert unknown.value.problems[0] == ("query.colour", "unknown parameter")
    assert "older_than_years" in unknown.value.problems[1][1]
    assert {where for where, _ in invalid.value.problems} == {"query.h_code", "query.page"}


def test_every_bad_parameter_of_one_request_is_named_at_once() -> None:
    # Given a query string where every parameter is wrong in its own way
    parameters = {
        "colour": "red",
        "h_code": "X1",
        "p_code": "H225",
        "cas": "64175",
        "pictogram": "GHS10",
        "signal_word": "Caution",
        "supplier_id": "x" * 65,
        "language": "deu",
        "status": "failed",
        "older_than_years": "ten",
        "sort": "date",
        "page": "zero",
        "page_size": "1000",
        "q": "x" * 501,
        "supplier": "y" * 201,
    }
    # When it is read
    with pytest.raises(InvalidRequest) as refused:
        query_from_parameters(parameters, TODAY)
    # Then one refusal names each parameter
    named = {where for where, _ in refused.value.problems}
    assert named == {f"query.{name}" for name in parameters} | {"query"}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("-1", "between 0 and 100"),
        ("101", "between 0 and 100"),
        ("2.5", "whole number"),
        ("", "whole number"),
    ],
)
def test_an_age_that_is_not_a_whole_number_of_years_within_reason_is_refused(
    value: str, problem: str
) -> None:
    # Given an age in years that is negative, too large, a fraction or empty
    # When it is read
    with pytest.raises(InvalidRequest) as refused:
        query_from_parameters({"older_than_years": value}, TODAY)
    # Then the refusal names the parameter and says why
    ((where, what),) = refused.value.problems
    assert where == "query.older_than_years" and problem in what


def test_a_single_valued_parameter_given_twice_differently_is_refused() -> None:
    # Given two different sort orders for one request
    # When they are read
    with pytest.raises(InvalidRequest) as refused:
        query_from_parameters({"sort": ["newest", "oldest"]}, TODAY)
    # Then the refusal names the parameter
    assert [where for where, _ in refused.value.problems] == ["query.sort"]


def test_a_page_past_the_result_window_is_named_as_the_page() -> None:
    # Given a page deeper than a search may go
    # When it is read
    with pytest.raises(InvalidRequest) as refused:
        query_from_parameters({"page": "101", "page_size": "100"}, TODAY)
    # Then the refusal names the page
    assert [where for where, _ in refused.value.problems] == ["query.page"]


@pytest.fixture
def index(tmp_path: Path) -> TantivySearchIndex:
    index = TantivySearchIndex(tmp_path / "search")
    index.publish_all(
        [
            acetone(supplier_ids=("supplier-1",)),
            ethanol(supplier_ids=("supplier-2",)),
            sulfuric_acid(supplier_ids=("supplier-1",)),
        ]
    )
    return index


def products(results: object) -> list[str]:
    return sorted(hit.product_name or "" for hit in results.hits)  # type: ignore[attr-defined]


def test_staff_search_every_sheet(index: TantivySearchIndex) -> None:
    # Given a compliance officer and a reviewer
    officer = Caller(subject="u1", groups=frozenset({Group.COMPLIANCE}))
    reviewer = Caller(subject="u2", groups=frozenset({Group.REVIEWER}))
    # When each searches without filters
    # Then each sees every sheet
    everything = ["Aceton rein", "Ethanol absolut", "Schwefelsäure 96 %"]
    assert products(search_as(officer, SearchQuery(), index)) == everything
    assert products(search_as(reviewer, SearchQuery(), index)) == everything


def test_a_supplier_finds_only_its_own_sheets(index: TantivySearchIndex) -> None:
    # Given a supplier signed in as supplier-1
    supplier = Caller(subject="u3", groups=frozenset({Group.SUPPLIER}), supplier_id="supplier-1")
    # When it searches everything, and for a code only another supplier's sheet has
    own = search_as(supplier, SearchQuery(), index)
    other = search_as(supplier, SearchQuery(cas_numbers=("64-17-5",)), index)
    # Then it sees only the sheets it sent
    assert products(own) == ["Aceton rein", "Schwefelsäure 96 %"]
    assert other.hits == [] and other.total == 0


def test_a_supplier_may_not_ask_for_another_suppliers_sheets_nor_search_without_its_account(
    index: TantivySearchIndex,
) -> None:
    # Given a supplier, and a supplier whose token has no supplier account, and a user in no group
    supplier = Caller(subject="u3", groups=frozenset({Group.SUPPLIER}), supplier_id="supplier-1")
    anonymous_supplier = Caller(subject="u4", groups=frozenset({Group.SUPPLIER}))
    nobody = Caller(subject="u5", groups=frozenset())
    # When each searches
    # Then each is refused
    with pytest.raises(AccessDenied):
        search_as(supplier, SearchQuery(supplier_id="supplier-2"), index)
    with pytest.raises(AccessDenied):
        search_as(anonymous_supplier, SearchQuery(), index)
    with pytest.raises(AccessDenied):
        search_as(nobody, SearchQuery(), index)


def test_a_suppliers_facet_counts_hold_nothing_of_other_suppliers_sheets(index: TantivySearchIndex) -> None:
    # Given a supplier signed in as supplier-1, and an officer
    supplier = Caller(subject="u3", groups=frozenset({Group.SUPPLIER}), supplier_id="supplier-1")
    officer = Caller(subject="u1", groups=frozenset({Group.COMPLIANCE}))
    # When both read the facets of everything, and of a text only the other supplier's sheet holds
    own = search_as(supplier, SearchQuery(), index).facets
    everything = search_as(officer, SearchQuery(), index).facets
    other = search_as(supplier, SearchQuery(text="nordic"), index).facets
    # Then the supplier's counts are of its own two sheets only, and of nothing for the other's text
    assert [(c.value, c.count) for c in own["supplier_name"]] == [("ACME Chemie GmbH", 2)]
    assert [(c.value, c.count) for c in everything["supplier_name"]] == [
        ("ACME Chemie GmbH", 2),
        ("Nordic Solvents AB", 1),
    ]
    assert [(c.value, c.count) for c in own["language"]] == [("de", 2)]
    assert all(counts == [] for counts in other.values())
