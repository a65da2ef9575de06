"""The search query: what it accepts, how request parameters become one, the words of its text, and who may
search what."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from models.document import DocumentStatus
from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.errors import AccessDenied, InvalidRequest
from msds.services.api_access import Caller, Group
from msds.services.search import query_from_parameters, search_as
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


@pytest.mark.parametrize(
    "values",
    [
        {"h_codes": ["P210"]},
        {"h_codes": ["H31"]},
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


def test_request_parameters_become_a_query() -> None:
    # Given a query string as API Gateway passes it (repeated parameters joined with commas)
    parameters = {
        "q": "aceton",
        "h_code": "H225,h319",
        "cas": "67-64-1",
        "status": "accepted,needs_review",
        "page": "2",
        "page_size": "5",
    }
    # When it is read
    query = query_from_parameters(parameters)
    # Then every parameter lands in its field
    assert query.text == "aceton" and query.h_codes == ("H225", "H319") and query.cas_numbers == ("67-64-1",)
    assert query.statuses == (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
    assert (query.page, query.page_size, query.offset) == (2, 5, 5)


def test_bad_or_unknown_parameters_are_named_in_the_refusal() -> None:
    # Given a query string with an unknown parameter, and one with a bad code and a bad page
    # When each is read
    with pytest.raises(InvalidRequest) as unknown:
        query_from_parameters({"q": "x", "sort": "date"})
    with pytest.raises(InvalidRequest) as invalid:
        query_from_parameters({"h_code": "H315,X1", "page": "zero"})
    # Then the refusal names each parameter by its name in the query string
    assert unknown.value.problems == [("query.sort", "unknown parameter")]
    assert {where for where, _ in invalid.value.problems} == {"query.h_code", "query.page"}


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
