"""A classification proposal as label elements in the 24 catalog languages, as JSON and PDF."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from models.classification import MixtureIngredient
from models.composition import ComponentHazard, ConcentrationRange
from msds.domain.catalog import default_catalog
from msds.domain.mixtures.classify import classify_mixture
from msds.domain.reference_data import EU_LANGUAGES
from msds.errors import UnsupportedLabelLanguage
from msds.services.products.label import product_label
from msds.services.products.label_pdf import label_pdf


def proposal():  # type: ignore[no-untyped-def]
    def at(value: float) -> ConcentrationRange:
        return ConcentrationRange(printed=f"{value} %", low=value, high=value)

    return classify_mixture(
        [
            MixtureIngredient(
                name="Sodium hydroxide",
                cas="1310-73-2",
                concentration=at(6),
                hazards=[ComponentHazard(category="Skin Corr. 1A", h_code="H314")],
            ),
            MixtureIngredient(
                name="Limonene",
                cas="5989-27-5",
                concentration=at(0.5),
                hazards=[ComponentHazard(category="Skin Sens. 1", h_code="H317")],
            ),
            MixtureIngredient(name="Fragrance", concentration=at(12), unknown=True),
            MixtureIngredient(name="Water", concentration=at(81.5)),
        ]
    )


@pytest.mark.parametrize("language", EU_LANGUAGES)
def test_every_catalog_language_gets_official_statement_texts_and_its_own_headings(language: str) -> None:
    # Given a proposal with H314, a sensitiser below its limit and 12 % of unknown ingredients
    found = proposal()
    # When it is rendered in the language
    label = product_label("P1", "Oven cleaner", found, language, default_catalog())
    # Then the statements carry the catalog's official wording in that language
    catalog = default_catalog()
    assert [s.code for s in label.hazard_statements] == ["H314"]
    assert label.hazard_statements[0].text == catalog.official_text("H314", language)
    assert label.signal_word and label.pictograms == ["GHS05"]
    assert all(
        s.text == catalog.official_text(s.code or "", language) for s in label.precautionary_statements
    )
    # and EUH208 names the sensitiser where its official text has the placeholder
    euh208 = next(s for s in label.supplemental if s.code == "EUH208")
    assert "Limonene" in euh208.text and "<" not in euh208.text
    # and the unknown share is stated, with the headings and captions of the language
    assert any(s.code is None and "12" in s.text for s in label.supplemental)
    assert label.headings["section_2"] and label.headings["section_3"]
    assert [row.cas for row in label.composition] == ["1310-73-2", "5989-27-5"]


def test_the_same_proposal_reads_differently_in_german_and_greek() -> None:
    # Given the proposal
    found = proposal()
    # When it is rendered in German and in Greek
    german = product_label("P1", "Oven cleaner", found, "de", default_catalog())
    greek = product_label("P1", "Oven cleaner", found, "el", default_catalog())
    # Then the signal word and headings are the languages' own
    assert (german.signal_word, german.headings["section_2"]) == ("Gefahr", "ABSCHNITT 2: Mögliche Gefahren")
    assert greek.signal_word == "Κίνδυνος" and greek.headings["section_2"].startswith("ΤΜΗΜΑ 2")
    assert german.status == greek.status == "proposal_for_expert_sign_off"


def test_a_language_outside_the_catalog_is_refused_by_name() -> None:
    # Given the proposal
    # When a label in Japanese is asked for
    # Then it is refused with the catalog's languages
    with pytest.raises(UnsupportedLabelLanguage):
        product_label("P1", "Oven cleaner", proposal(), "ja", default_catalog())


def test_the_label_pdf_holds_the_texts_in_the_language_with_the_proposal_notice() -> None:
    # Given the Bulgarian label
    label = product_label("P1", "Oven cleaner", proposal(), "bg", default_catalog())
    # When it is rendered as a PDF
    data = label_pdf(label)
    # Then the PDF's text layer has the heading, the official H314 text and the notice
    pdf = pdfium.PdfDocument(data)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert data.startswith(b"%PDF")
    for expected in (label.headings["section_2"], label.notice, "H314"):
        assert " ".join(expected.split()) in " ".join(text.split())
