"""The local tantivy index beyond the shared contract: its analyzers, stemming, original-language text,
several processes on one folder, query text that is not query syntax, and schema versions."""

from __future__ import annotations

from pathlib import Path

from models.search import SearchQuery
from msds.adapters.local.tantivy_analyzers import CJK, FOLDED, analyze, cjk_bigrams, text_analyzer_name
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


def test_korean_and_japanese_text_becomes_bigrams_and_other_words_stay_words() -> None:
    # Given Japanese text with a Latin word and a lone character, and full-width Latin letters
    text = "引火性の液体 ＡＢＣ Acetone 油"
    # When it is made into tokens
    tokens = cjk_bigrams(text)
    # Then adjacent CJK characters pair up, a lone one stays, other words are lower-cased words in order
    assert [token for token, _, _, _ in tokens] == [
        "引火",
        "火性",
        "性の",
        "の液",
        "液体",
        "abc",
        "acetone",
        "油",
    ]
    assert [position for _, position, _, _ in tokens] == list(range(8))
    assert tokens[0][2:] == (0, 2)


def test_the_analyzers_fold_accents_and_stem_by_language() -> None:
    # Given names and texts with accents and inflected words
    # When each analyzer reads them
    # Then names are folded but not stemmed, languages with a stemmer are stemmed (and folded but English)
    assert analyze(FOLDED, "Łódź Straße Acétone Säuren") == ["lodz", "strasse", "acetone", "sauren"]
    assert analyze(FOLDED, "工業用アセトン") == ["工", "業", "用", "アセトン"]
    assert analyze(text_analyzer_name("de"), "Säuren Gemische") == analyze(
        text_analyzer_name("de"), "säure gemisch"
    )
    assert analyze(text_analyzer_name("en"), "mixtures") == ["mixtur"]
    assert analyze(text_analyzer_name("pl"), "Żrące") == ["zrace"]
    assert text_analyzer_name("ja") == text_analyzer_name("ko") == CJK


def test_an_index_of_an_earlier_schema_version_is_left_beside_the_new_one_and_named(tmp_path: Path) -> None:
    # Given a search folder that holds an index of an earlier schema version
    folder = tmp_path / "search"
    (folder / "v1").mkdir(parents=True)
    index = TantivySearchIndex(folder)
    # When a record is published into the current version
    index.publish(acetone())
    # Then the earlier folder is untouched and named, and the current index holds the record
    assert index.earlier_versions() == [folder / "v1"]
    assert index.count() == 1 and SCHEMA_VERSION > 1
