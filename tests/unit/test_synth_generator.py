"""The synthetic SDS generator end to end: files, labels, determinism, text layers and scans."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from msds.synth import generate
from msds.synth.labels import LABEL_KEYS
from msds.synth.reference import hazard_statements, precautionary_statements, section_headings, signal_words

LANGUAGES = ("en", "de", "fr", "es", "pt")


@dataclass(frozen=True)
class Generated:
    folder: Path
    paths: list[Path]
    labels: list[dict[str, Any]]


def _read_labels(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    folder = tmp_path_factory.mktemp("synth")
    paths = generate(folder, count=12, seed=7, scanned_fraction=0.25, scan_dpi=72)
    return Generated(folder, paths, _read_labels(folder))


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return _normalised(
            " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        )
    finally:
        document.close()


def _text_documents(corpus: Generated) -> list[tuple[dict[str, Any], str]]:
    return [
        (label, _pdf_text(corpus.folder / label["file_name"]))
        for label in corpus.labels
        if not label["scanned"]
    ]


def _clp_label_elements(h_codes: list[str]) -> tuple[list[str], str | None]:
    """Pictograms and signal word straight from clp_hazard_categories.csv, with the Art. 26 precedence."""
    text = (
        resources.files("msds")
        .joinpath("data", "ghs", "clp_hazard_categories.csv")
        .read_text(encoding="utf-8")
    )
    first_row: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        for code in row["h_codes"].split(";"):
            first_row.setdefault(code, row)
    singles = [part for code in h_codes for part in code.split("+")]
    sources: dict[str, set[str]] = {}
    words = set()
    for code in singles:
        if code not in first_row:
            continue
        row = first_row[code]
        for pictogram in filter(None, row["pictograms"].split(";")):
            sources.setdefault(pictogram, set()).add(code)
        if row["signal_word"]:
            words.add(row["signal_word"])
    if "GHS07" in sources and (
        "GHS06" in sources
        or ("GHS05" in sources and sources["GHS07"] <= {"H315", "H319"})
        or ("H334" in singles and sources["GHS07"] <= {"H315", "H317", "H319"})
    ):
        del sources["GHS07"]
    signal = "Danger" if "Danger" in words else ("Warning" if words else None)
    return sorted(sources), signal


def test_labels_file_has_one_line_per_document_with_exactly_the_label_keys(corpus: Generated) -> None:
    # Given a generated folder
    # When its labels are read
    labels = corpus.labels
    # Then there is one label per returned path, each with exactly the corpus label keys
    assert len(labels) == len(corpus.paths) == 12
    assert all(tuple(label) == LABEL_KEYS for label in labels)


def test_label_id_is_the_file_base_name_and_sha256_matches_the_bytes(corpus: Generated) -> None:
    # Given the generated files and their labels
    for path, label in zip(corpus.paths, corpus.labels, strict=True):
        # When the file name and bytes are compared with the label
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        # Then id, file name and sha256 agree
        assert label["id"] == path.stem
        assert label["file_name"] == path.name
        assert label["sha256"] == digest


def test_every_generated_label_matches_its_document_language(corpus: Generated) -> None:
    # Given the text documents and the official Section 1 titles of each language
    titles = {lang: section_headings()[(lang, 1)][1] for lang in LANGUAGES}
    for label, text in _text_documents(corpus):
        # When the text layer is searched for the Section 1 titles
        found = {lang for lang, title in titles.items() if title in text}
        # Then only the labelled language's title is there
        assert found == {label["language"]}, label["id"]


def test_languages_and_the_four_layouts_are_all_represented(corpus: Generated) -> None:
    # Given a dozen generated documents
    # When their languages and the layouts named in the notes are collected
    languages = {label["language"] for label in corpus.labels}
    layouts = {re.search(r"layout (\w)", label["notes"]).group(1) for label in corpus.labels}  # type: ignore[union-attr]
    # Then every language and every layout appears
    assert languages == set(LANGUAGES)
    assert layouts == {"a", "b", "c", "d"}


def test_a_quarter_of_the_documents_are_scanned(corpus: Generated) -> None:
    # Given a dozen documents generated with scanned_fraction 0.25
    # When the scanned ones are counted
    scanned = [label for label in corpus.labels if label["scanned"]]
    # Then three are scanned
    assert len(scanned) == 3


def test_pictograms_and_signal_word_agree_with_the_clp_table(corpus: Generated) -> None:
    # Given labels of documents that show the whole of Section 2
    full = [label for label in corpus.labels if not label["file_name"].endswith((".png", ".jpg"))]
    for label in full:
        # When pictograms and signal word are derived from the labelled H-codes
        pictograms, signal = _clp_label_elements(label["h_codes"])
        # Then the labelled ones are the same
        assert label["pictograms"] == pictograms, label["id"]
        assert label["signal_word"] == signal, label["id"]
        assert (label["pictograms_source"] is None) == (not pictograms), label["id"]


def test_official_text_of_every_labelled_statement_is_in_the_text_layer(corpus: Generated) -> None:
    # Given the text documents and the official statement texts
    h_texts, p_texts = hazard_statements(), precautionary_statements()
    for label, text in _text_documents(corpus):
        language = label["language"]
        # When each labelled code's official text is looked for
        missing = [c for c in label["h_codes"] if _normalised(h_texts[c][language]) not in text]
        missing += [c for c in label["p_codes"] if _normalised(p_texts[c][language]) not in text]
        # Then all are printed verbatim
        assert missing == [], label["id"]


def test_labelled_signal_word_is_printed_in_the_document_language(corpus: Generated) -> None:
    # Given the text documents with a signal word
    for label, text in _text_documents(corpus):
        if label["signal_word"] is None:
            continue
        # When the signal word of the document language is looked up
        word = signal_words()[label["language"]][label["signal_word"]]
        # Then it is printed
        assert word in text, label["id"]


def test_text_documents_without_printed_codes_show_no_codes_in_section_2(corpus: Generated) -> None:
    # Given text documents whose label says the codes are not printed
    checked = 0
    for label, text in _text_documents(corpus):
        if label["h_codes_printed"]:
            continue
        # When Section 2 is cut out between the official Section 2 and Section 3 titles
        language = label["language"]
        start = text.index(section_headings()[(language, 2)][1])
        end = text.index(section_headings()[(language, 3)][1], start)
        section_2 = text[start:end]
        # Then no H, EUH or P code appears in it
        assert re.search(r"\b(?:EUH|H|P)\d{3}", section_2) is None, label["id"]
        checked += 1
    assert checked >= 1


def test_page_count_in_the_label_matches_the_file(corpus: Generated) -> None:
    # Given every generated file
    for path, label in zip(corpus.paths, corpus.labels, strict=True):
        # When its pages are counted
        if path.suffix == ".pdf":
            pages = len(pdfium.PdfDocument(path))
        elif path.suffix == ".tif":
            with Image.open(path) as image:
                pages = int(getattr(image, "n_frames", 1))
        else:
            pages = 1
        # Then the label agrees, and whole documents have 3 to 8 pages
        assert label["pages"] == pages, label["id"]
        if path.suffix in (".pdf", ".tif"):
            assert 3 <= pages <= 8, label["id"]


def test_scanned_documents_have_no_text_layer_and_text_documents_do(corpus: Generated) -> None:
    # Given all generated files
    for path, label in zip(corpus.paths, corpus.labels, strict=True):
        # When their text layer (PDF) or image format is inspected
        if path.suffix == ".pdf":
            text = _pdf_text(path)
            # Then scanned PDFs carry no text and born-digital ones do
            assert (text == "") == label["scanned"], label["id"]
        else:
            with Image.open(path) as image:
                assert image.format in ("TIFF", "PNG", "JPEG")
            assert label["scanned"], label["id"]


def test_first_page_images_are_labelled_from_page_one_only(corpus: Generated) -> None:
    # Given labels of scans that keep only the first page
    for label in corpus.labels:
        if not label["file_name"].endswith((".png", ".jpg")):
            continue
        # When the page-level fields are read
        # Then one page holds only some sections and nothing from Section 14 onwards
        assert label["pages"] == 1
        assert 1 <= label["sections_found"] < 16
        assert label["un_number"] is None
        assert label["has_signature"] is False


def test_generation_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    # Given two generations with the same seed and one with another seed
    first = generate(tmp_path / "a", count=4, seed=3, scanned_fraction=0.5, scan_dpi=50)
    second = generate(tmp_path / "b", count=4, seed=3, scanned_fraction=0.5, scan_dpi=50)
    generate(tmp_path / "c", count=4, seed=4, scanned_fraction=0.5, scan_dpi=50)
    # When their files and labels are compared
    same_bytes = [a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True)]
    # Then the same seed gives identical files and labels, another seed different ones
    assert [p.name for p in first] == [p.name for p in second]
    assert all(same_bytes)
    assert _read_labels(tmp_path / "a") == _read_labels(tmp_path / "b")
    assert _read_labels(tmp_path / "a") != _read_labels(tmp_path / "c")


def test_generate_rejects_an_unsupported_language(tmp_path: Path) -> None:
    # Given a language the generator has no texts for
    # When documents are requested in it
    # Then a ValueError names the language
    with pytest.raises(ValueError, match="xx"):
        generate(tmp_path, count=1, seed=1, languages=("xx",))
