"""The same search cases against the local tantivy index and the OpenSearch indexer (on a stand-in domain that
evaluates the query DSL it is sent, tests/aws/opensearch_fake.py): the ``index`` fixture of conftest.py."""

from __future__ import annotations

from datetime import date

import pytest

from models.document import DocumentStatus
from models.search import FACET_NAMES, FACET_SIZE, FacetCount, SearchQuery
from msds.ports import SearchIndex
from tests.helpers.publications import (
    acetone,
    ethanol,
    publication,
    sulfuric_acid,
    three_raw_materials,
)


def found(index: SearchIndex, **query: object) -> list[str]:
    """The product names of every hit of the query, in the order they came."""
    results = index.search(SearchQuery.model_validate({"page_size": 100, **query}))
    return [hit.product_name or "" for hit in results.hits]


def facet(index: SearchIndex, name: str, **query: object) -> list[tuple[str, int]]:
    """The values and counts of one facet of the query's results."""
    results = index.search(SearchQuery.model_validate(query))
    return [(count.value, count.count) for count in results.facets[name]]


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


def test_a_p_code_filter_needs_every_code_and_a_combined_statement_is_one_code(index: SearchIndex) -> None:
    # Given sheets with P210 alone, and one with P280 and the combination P301+P330+P331
    index.publish_all(three_raw_materials())
    # When they are filtered by P codes (typed loosely), one of them a combination
    single = found(index, p_codes=["p210"])
    combined = found(index, p_codes=["P301 + P330 + P331"])
    both = found(index, p_codes=["P280", "P301+P330+P331"])
    # Then a sheet must have every code asked for, and a combination is found by itself, not by its parts
    assert sorted(single) == ["Aceton rein", "Ethanol absolut"]
    assert combined == both == ["Schwefelsäure 96 %"]
    assert found(index, p_codes=["P301"]) == []
    assert found(index, p_codes=["P210", "P280"]) == []


def test_the_stale_sheet_filter_keeps_sheets_revised_before_the_day_and_undated_ones(
    index: SearchIndex,
) -> None:
    # Given sheets revised on 2023-05-01 and 2024-02-10, and one without a revision date
    index.publish_all(three_raw_materials())
    # When sheets revised before a day are asked for
    before_2024 = found(index, revised_before=date(2024, 1, 1))
    before_the_first_revision = found(index, revised_before=date(2023, 5, 1))
    before_the_second_revision = found(index, revised_before=date(2024, 2, 11))
    # Then each holds the sheets revised before that day (the day itself is not before it) and the undated one
    assert before_2024 == ["Aceton rein", "Schwefelsäure 96 %"]
    assert before_the_first_revision == ["Schwefelsäure 96 %"]
    assert before_the_second_revision == ["Ethanol absolut", "Aceton rein", "Schwefelsäure 96 %"]


def test_newest_and_oldest_order_by_revision_date_undated_last_and_ties_by_document_id(
    index: SearchIndex,
) -> None:
    # Given five sheets: three revised on the same day (ids "a...", "d...", "e..."), one later, one undated
    index.publish_all(
        [
            *three_raw_materials(),
            publication("e", product="Toluol", revision="2023-05-01"),
            publication("d", product="Xylol", revision="2023-05-01"),
        ]
    )
    # When they are listed newest first and oldest first, also with text
    newest = found(index, sort="newest")
    oldest = found(index, sort="oldest")
    oldest_with_text = found(index, text="acme", sort="oldest")
    # Then the dates decide, the same day goes by document id, and the undated sheet is last both ways
    assert newest == ["Ethanol absolut", "Aceton rein", "Xylol", "Toluol", "Schwefelsäure 96 %"]
    assert oldest == ["Aceton rein", "Xylol", "Toluol", "Ethanol absolut", "Schwefelsäure 96 %"]
    assert oldest_with_text == ["Aceton rein", "Xylol", "Toluol", "Schwefelsäure 96 %"]
    assert found(index) == newest  # relevance without text is newest first


def test_by_relevance_a_product_name_counts_more_than_a_component_and_hits_carry_scores(
    index: SearchIndex,
) -> None:
    # Given a sheet named after acetone, and one that only lists acetone as a component, published first
    index.publish_all(
        [
            publication("e", product="Verdünner 2000", components=(("Aceton", "67-64-1"),)),
            publication("f", product="Aceton technisch", components=(("Aceton", "67-64-1"),)),
        ]
    )
    # When "aceton" is searched by relevance, and by date
    by_relevance = index.search(SearchQuery(text="aceton"))
    by_date = index.search(SearchQuery(text="aceton", sort="newest"))
    # Then the product named so comes first, with a higher score; sorted by date there are no scores
    assert [hit.product_name for hit in by_relevance.hits] == ["Aceton technisch", "Verdünner 2000"]
    first, second = (hit.score or 0.0 for hit in by_relevance.hits)
    assert first > second > 0
    assert [hit.score for hit in by_date.hits] == [None, None]


def test_facets_count_every_hit_not_just_the_page(index: SearchIndex) -> None:
    # Given three published raw materials and a superseded revision
    old = publication("d", product="Alt", status=DocumentStatus.SUPERSEDED)
    index.publish_all([*three_raw_materials(), old])
    # When one hit per page is asked for
    results = index.search(SearchQuery(page_size=1))
    # Then every facet counts the three current sheets: most frequent first, then by value
    assert len(results.hits) == 1 and set(results.facets) == set(FACET_NAMES)
    assert results.facets["h_codes"] == [
        FacetCount(value="H225", count=2),
        FacetCount(value="H319", count=2),
        FacetCount(value="EUH066", count=1),
        FacetCount(value="H290", count=1),
        FacetCount(value="H314", count=1),
        FacetCount(value="H336", count=1),
    ]
    assert facet(index, "p_codes") == [("P210", 2), ("P280", 1), ("P301+P330+P331", 1)]
    assert facet(index, "pictograms") == [("GHS02", 2), ("GHS07", 2), ("GHS05", 1)]
    assert facet(index, "signal_word") == [("Danger", 3)]
    assert facet(index, "language") == [("de", 2), ("en", 1)]
    assert facet(index, "status") == [("accepted", 3)]
    assert facet(index, "supplier_name") == [("ACME Chemie GmbH", 2), ("Nordic Solvents AB", 1)]


def test_facets_follow_the_query_and_may_be_left_out(index: SearchIndex) -> None:
    # Given three published raw materials
    index.publish_all(three_raw_materials())
    # When the facets of a filtered query are read, and a query asks for none
    flammable = facet(index, "h_codes", h_codes=["H225"])
    statuses = facet(index, "status", statuses=["accepted", "superseded"], text="ethanol")
    without = index.search(SearchQuery(facets=False))
    # Then they count only the hits of that query, and a query without facets gets none
    assert flammable == [("H225", 2), ("H319", 2), ("EUH066", 1), ("H336", 1)]
    assert statuses == [("accepted", 1)]
    assert without.total == 3 and without.facets == {}


def test_a_facet_lists_the_most_frequent_values_only(index: SearchIndex) -> None:
    # Given sheets from more suppliers than a facet lists, one of them with two sheets
    names = [f"Supplier {n:02d}" for n in range(FACET_SIZE + 2)]
    index.publish_all(
        [
            publication(f"{n:02x}", product=f"Product {n}", supplier=name)
            for n, name in enumerate([*names, "Supplier 21"])
        ]
    )
    # When the supplier facet is read
    suppliers = facet(index, "supplier_name")
    # Then it holds FACET_SIZE values: the most frequent first, then the others by name
    assert len(suppliers) == FACET_SIZE
    assert suppliers[0] == ("Supplier 21", 2)
    assert [value for value, _ in suppliers[1:]] == names[: FACET_SIZE - 1]


def test_a_supplier_accounts_facets_count_only_its_own_sheets(index: SearchIndex) -> None:
    # Given sheets sent by two supplier accounts
    index.publish_all([acetone(supplier_ids=("supplier-1",)), ethanol(), sulfuric_acid()])
    # When supplier-2 reads the facets of everything it may see
    results = index.search(SearchQuery(supplier_id="supplier-2"))
    # Then every count is about its own sheet only
    assert results.total == 1
    assert results.facets["supplier_name"] == [FacetCount(value="Nordic Solvents AB", count=1)]
    assert results.facets["h_codes"] == [FacetCount(value="H225", count=1), FacetCount(value="H319", count=1)]
    assert results.facets["language"] == [FacetCount(value="en", count=1)]


def test_a_hit_carries_the_suppliers_country_the_version_and_the_un_number(index: SearchIndex) -> None:
    # Given a sheet with a supplier country, a version and a UN number
    index.publish(acetone(supplier_country="DE", version="3.1", un_number="UN1090"))
    # When it is found
    (hit,) = index.search(SearchQuery()).hits
    # Then the hit carries them
    assert (hit.supplier_country, hit.version, hit.un_number) == ("DE", "3.1", "UN1090")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saure", ["Säure-Reiniger"]),  # accents folded in product names
        ("SÄURE", ["Säure-Reiniger"]),
        ("acetone", ["Acétone pure"]),
        ("chimie", ["Acétone pure"]),  # supplier name "Chimie" as "Chimié" is folded too
        ("schwefelsaure", ["Säure-Reiniger"]),  # component name
        ("strasse", ["Acétone pure"]),  # ß is ss
        ("acetona", []),  # names are folded, not stemmed: another language's word is another word
    ],
)
def test_names_are_found_with_accents_and_case_folded(
    index: SearchIndex, text: str, expected: list[str]
) -> None:
    # Given sheets whose product, supplier and component names carry accents
    index.publish_all(
        [
            publication("d", product="Säure-Reiniger", components=(("Schwefelsäure", "7664-93-9"),)),
            publication("e", product="Acétone pure", supplier="Chimié Straße SA", components=()),
        ]
    )
    # When a name is searched without its accents or in another case
    hits = found(index, text=text)
    # Then the sheet is found
    assert hits == expected


def test_the_supplier_filter_folds_accents_too(index: SearchIndex) -> None:
    # Given a sheet from a supplier with an accented name
    index.publish(publication("e", product="Acétone pure", supplier="Chimié Straße SA"))
    # When sheets are filtered by the supplier's name typed without accents
    # Then the sheet is found
    assert found(index, supplier="chimie strasse") == ["Acétone pure"]
    assert found(index, supplier="chimie nord") == []
