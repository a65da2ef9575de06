"""The same search cases against the local tantivy index and the OpenSearch indexer (on a stand-in domain that
evaluates the query DSL it is sent, tests/aws/opensearch_fake.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.document import DocumentStatus
from models.search import SearchQuery
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.ports import SearchIndex
from tests.aws.opensearch_fake import searching_opensearch
from tests.helpers.publications import acetone, ethanol, sulfuric_acid, three_raw_materials


@pytest.fixture(params=["tantivy", "opensearch"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> SearchIndex:
    if request.param == "tantivy":
        return TantivySearchIndex(tmp_path / "search")
    return OpenSearchIndexer(searching_opensearch(), "sds-records")


def found(index: SearchIndex, **query: object) -> list[str]:
    """The product names of every hit of the query, in the order they came."""
    results = index.search(SearchQuery.model_validate({"page_size": 100, **query}))
    return [hit.product_name or "" for hit in results.hits]


def test_publishing_the_same_document_twice_leaves_one_document(index: SearchIndex) -> None:
    # Given a published record
    index.publish(acetone())
    # When it is published again, and then once more with a corrected product name
    index.publish(acetone())
    first = index.search(SearchQuery())
    index.publish(acetone(product="Aceton technisch"))
    # Then the index holds one document for the id, with the latest content
    assert first.total == 1
    assert found(index) == ["Aceton technisch"]
    assert found(index, text="rein") == []


def test_publishing_many_at_once_is_the_same_as_one_by_one(index: SearchIndex) -> None:
    # Given three records and one of them repeated
    records = [*three_raw_materials(), acetone()]
    # When they are published together
    count = index.publish_all(records)
    # Then each document is there once
    assert count == 4
    assert sorted(found(index)) == ["Aceton rein", "Ethanol absolut", "Schwefelsäure 96 %"]


def test_an_h_code_filter_finds_only_sheets_with_every_code_asked_for(index: SearchIndex) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When they are filtered by hazard codes (typed in any case)
    flammable = found(index, h_codes=["h225"])
    flammable_and_drowsy = found(index, h_codes=["H225", "H336"])
    # Then a sheet must have every code asked for
    assert sorted(flammable) == ["Aceton rein", "Ethanol absolut"]
    assert flammable_and_drowsy == ["Aceton rein"]
    assert found(index, h_codes=["H340"]) == []


def test_a_cas_filter_finds_the_sheets_listing_that_substance(index: SearchIndex) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When they are filtered by a CAS number
    hits = found(index, cas_numbers=["64-17-5"])
    # Then only the sheet that lists it comes back
    assert hits == ["Ethanol absolut"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aceton", ["Aceton rein"]),  # product name, any case
        ("nordic solvents", ["Ethanol absolut"]),  # supplier name
        ("metals corrosive", ["Schwefelsäure 96 %"]),  # English hazard statement text, any order
        ("explosive mixtures", ["Aceton rein"]),  # English free text
        ("h336", ["Aceton rein"]),  # a code typed as text
        ("7664-93-9", ["Schwefelsäure 96 %"]),  # a CAS number typed as text
        ("ethanol", ["Ethanol absolut"]),
        ("aceton ethanol", []),  # every word must be found
    ],
)
def test_every_word_of_the_text_is_found_in_some_field(
    index: SearchIndex, text: str, expected: list[str]
) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When the free text is searched
    hits = found(index, text=text)
    # Then the sheets that hold every word somewhere come back
    assert hits == expected


def test_a_component_name_is_searchable(index: SearchIndex) -> None:
    # Given a product whose name does not say what is in it
    index.publish(sulfuric_acid(product="Battery acid 38", components=(("Sulfuric acid", "7664-93-9"),)))
    # When the component's name is searched
    hits = found(index, text="sulfuric")
    # Then the product comes back
    assert hits == ["Battery acid 38"]


def test_signal_word_language_pictogram_and_supplier_filters_narrow_the_result(index: SearchIndex) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When each filter is applied
    # Then each keeps only the sheets that hold its value
    assert sorted(found(index, signal_word="danger")) == [
        "Aceton rein",
        "Ethanol absolut",
        "Schwefelsäure 96 %",
    ]
    assert found(index, language="EN") == ["Ethanol absolut"]
    assert found(index, pictograms=["ghs05"]) == ["Schwefelsäure 96 %"]
    assert sorted(found(index, supplier="acme chemie")) == ["Aceton rein", "Schwefelsäure 96 %"]
    assert found(index, supplier="acme nordic") == []
    assert found(index, h_codes=["H225"], language="de") == ["Aceton rein"]


def test_a_supplier_account_finds_only_the_sheets_it_sent(index: SearchIndex) -> None:
    # Given sheets sent by two supplier accounts, one of them by both
    index.publish_all([acetone(supplier_ids=("supplier-1", "supplier-2")), ethanol(), sulfuric_acid()])
    # When the sheets of each account are searched
    first = sorted(found(index, supplier_id="supplier-1"))
    second = sorted(found(index, supplier_id="supplier-2"))
    # Then each finds the sheets it sent, the shared one by both
    assert first == ["Aceton rein", "Schwefelsäure 96 %"]
    assert second == ["Aceton rein", "Ethanol absolut"]
    assert found(index, supplier_id="supplier-3") == []


def test_superseded_revisions_are_left_out_unless_asked_for(index: SearchIndex) -> None:
    # Given a current sheet, one waiting for review, and an older revision that was superseded
    index.publish_all(
        [
            acetone(),
            ethanol(status=DocumentStatus.NEEDS_REVIEW),
            sulfuric_acid(status=DocumentStatus.SUPERSEDED),
        ]
    )
    # When the index is searched without and with statuses
    current = sorted(found(index))
    superseded = found(index, statuses=["superseded"])
    waiting = found(index, statuses=["needs_review"])
    # Then the current records (accepted or waiting for review) come by default, history only when asked
    assert current == ["Aceton rein", "Ethanol absolut"]
    assert superseded == ["Schwefelsäure 96 %"]
    assert waiting == ["Ethanol absolut"]


def test_without_text_the_newest_revision_comes_first_and_an_undated_sheet_last(index: SearchIndex) -> None:
    # Given sheets revised in 2023 and 2024, and one without a revision date
    index.publish_all(three_raw_materials())
    # When everything is listed
    hits = found(index)
    # Then the order is by revision date, newest first, undated last
    assert hits == ["Ethanol absolut", "Aceton rein", "Schwefelsäure 96 %"]


def test_pages_split_the_hits_and_the_total_counts_them_all(index: SearchIndex) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When they are read one per page
    pages = [index.search(SearchQuery(page=page, page_size=1)) for page in (1, 2, 3, 4)]
    # Then each page has the next hit, the total is three on every page, and the fourth page is empty
    assert [page.total for page in pages] == [3, 3, 3, 3]
    assert [[hit.product_name for hit in page.hits] for page in pages] == [
        ["Ethanol absolut"],
        ["Aceton rein"],
        ["Schwefelsäure 96 %"],
        [],
    ]


def test_a_hit_carries_what_a_result_list_shows(index: SearchIndex) -> None:
    # Given a published record
    index.publish(acetone())
    # When it is found by text
    (hit,) = index.search(SearchQuery(text="aceton")).hits
    # Then the hit names the document, product, supplier, revision, status, codes and a relevance score
    assert hit.document_id == "a" * 64 and hit.file_name == "aceton_rein.pdf"
    assert (hit.product_name, hit.supplier_name) == ("Aceton rein", "ACME Chemie GmbH")
    assert hit.revision_date is not None and hit.revision_date.isoformat() == "2023-05-01"
    assert hit.status == DocumentStatus.ACCEPTED and hit.signal_word == "Danger" and hit.language == "de"
    assert hit.h_codes == ["H225", "H319", "H336", "EUH066"] and hit.p_codes == ["P210"]
    assert hit.cas_numbers == ["67-64-1"] and hit.pictograms == ["GHS02", "GHS07"]
    assert hit.score is not None and hit.score > 0


def test_a_removed_document_is_no_longer_found_and_removing_an_unknown_one_is_no_error(
    index: SearchIndex,
) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When one is removed, and an id that was never published is removed too
    index.remove("a" * 64)
    index.remove("f" * 64)
    # Then the others remain
    assert sorted(found(index)) == ["Ethanol absolut", "Schwefelsäure 96 %"]
