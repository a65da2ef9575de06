"""The local tantivy index beyond the shared contract: stemming, original-language text, several processes on
one folder, and query text that is not query syntax."""

from __future__ import annotations

from pathlib import Path

from models.search import SearchQuery
from msds.adapters.local.tantivy_index import SCHEMA_VERSION, TantivySearchIndex
from tests.helpers.publications import acetone, ethanol, three_raw_materials


def names(index: TantivySearchIndex, text: str) -> list[str]:
    return [hit.product_name or "" for hit in index.search(SearchQuery(text=text)).hits]


def test_english_statement_texts_are_found_by_other_forms_of_their_words(tmp_path: Path) -> None:
    # Given a sheet whose hazard statement reads "Causes serious eye irritation."
    index = TantivySearchIndex(tmp_path / "search")
    index.publish(ethanol())
    # When it is searched with other forms of those words
    hits = names(index, "irritating eyes")
    # Then the stemmed words match
    assert hits == ["Ethanol absolut"]


def test_the_original_language_text_is_searchable(tmp_path: Path) -> None:
    # Given a German sheet whose free text was translated
    index = TantivySearchIndex(tmp_path / "search")
    index.publish(acetone(other_hazards="Dämpfe können mit Luft explosive Gemische bilden."))
    # When a German word of the original is searched
    hits = names(index, "gemische")
    # Then the sheet is found
    assert hits == ["Aceton rein"]


def test_query_syntax_in_the_text_is_taken_as_words(tmp_path: Path) -> None:
    # Given published sheets
    index = TantivySearchIndex(tmp_path / "search")
    index.publish_all(three_raw_materials())
    # When the text holds quotes, brackets, a field name and an operator
    with_syntax = names(index, '"aceton" (rein')
    with_field = names(index, 'product_name:"aceton" OR ethanol')
    # Then no parser error: the words are searched as words, every one of them
    assert with_syntax == ["Aceton rein"]
    assert with_field == []


def test_two_processes_on_one_folder_see_each_others_documents(tmp_path: Path) -> None:
    # Given two index objects on the same folder, as two worker processes have them
    first, second = TantivySearchIndex(tmp_path / "search"), TantivySearchIndex(tmp_path / "search")
    # When each publishes, and the second publishes the first one's document again
    first.publish(acetone())
    second.publish(ethanol())
    second.publish(acetone())
    # Then both see both documents, each once
    assert first.count() == second.count() == 2
    assert sorted(names(first, "")) == sorted(names(second, "")) == ["Aceton rein", "Ethanol absolut"]


def test_nothing_is_written_before_the_first_use_and_the_schema_has_its_own_folder(tmp_path: Path) -> None:
    # Given an index object on a folder that does not exist
    folder = tmp_path / "search"
    index = TantivySearchIndex(folder)
    assert not folder.exists()
    # When a record is published
    index.publish(acetone())
    # Then the index lives in the folder of its schema version
    assert (folder / f"v{SCHEMA_VERSION}" / "meta.json").is_file()
