"""Single synthetic documents: traps and presentation variants the labels must account for."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable

import pypdfium2 as pdfium

from msds.synth.content import printed_flash_point, printed_h_codes
from msds.synth.documents import DocumentSpec, sample_document
from msds.synth.labels import build_label
from msds.synth.layouts import RenderResult, render_document
from msds.synth.reference import hazard_statements


def _find_spec(
    predicate: Callable[[DocumentSpec], bool], layout: str = "a", language: str = "en"
) -> DocumentSpec:
    for seed in range(500):
        spec = sample_document(random.Random(seed), f"doc_{seed}", language, layout, "pdf")
        if predicate(spec):
            return spec
    raise AssertionError("no document with the wanted property in 500 seeds")


def _text(rendered: RenderResult) -> str:
    document = pdfium.PdfDocument(rendered.pdf)
    return re.sub(
        r"\s+", " ", " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    )


def _label(spec: DocumentSpec, rendered: RenderResult) -> dict[str, object]:
    return build_label(spec, rendered, f"{spec.doc_id}.pdf", rendered.pages, "0" * 64, seed=0)


def test_section_16_lists_component_statements_that_are_not_the_products() -> None:
    # Given a mixture whose components carry codes the mixture itself does not
    spec = _find_spec(lambda s: bool(set(s.product.component_h_codes) - set(s.product.h_codes)))
    extra = sorted(set(spec.product.component_h_codes) - set(spec.product.h_codes))[0]
    # When it is rendered and labelled
    rendered = render_document(spec)
    text = _text(rendered)
    label = _label(spec, rendered)
    # Then the component code is printed with its full text but is not a label H-code
    assert f"{extra} {hazard_statements()[extra]['en']}" in text
    assert extra not in label["h_codes"]  # type: ignore[operator]


def test_fahrenheit_only_flash_point_is_labelled_in_celsius() -> None:
    # Given a product flashing at 60 °C printed in °F only
    spec = _find_spec(lambda s: True)
    spec = dataclasses.replace(
        spec, flash_unit="F", product=dataclasses.replace(spec.product, flash_point_c=60.0)
    )
    # When the flash point is printed
    text, celsius = printed_flash_point(spec)
    # Then it reads 140 °F and the label value converts back to 60 °C
    assert text == "140 °F (closed cup)"
    assert celsius == 60.0


def test_flash_point_in_both_units_prints_fahrenheit_first() -> None:
    # Given a product flashing at -20 °C printed in both units
    spec = _find_spec(lambda s: True, language="de")
    spec = dataclasses.replace(
        spec, flash_unit="F_C", product=dataclasses.replace(spec.product, flash_point_c=-20.0)
    )
    # When the flash point is printed
    text, celsius = printed_flash_point(spec)
    # Then both units appear and the label keeps the printed °C value
    assert text == "-4 °F (-20 °C)"
    assert celsius == -20.0


def test_combined_precautionary_codes_print_with_spaces_but_label_without() -> None:
    # Given a product with a combined precautionary statement, printed as "P301 + P310"
    spec = _find_spec(lambda s: any("+" in code for code in s.product.p_codes))
    spec = dataclasses.replace(spec, p_joiner=" + ")
    combined = next(code for code in spec.product.p_codes if "+" in code)
    # When it is rendered and labelled
    rendered = render_document(spec)
    text = _text(rendered)
    label = _label(spec, rendered)
    # Then the text has the spaced form and the label the compact one
    assert combined.replace("+", " + ") in text
    assert combined in label["p_codes"]  # type: ignore[operator]


def test_acute_toxicity_codes_can_print_and_label_as_one_combined_statement() -> None:
    # Given a product toxic by mouth, skin and inhalation with combined printing
    spec = _find_spec(lambda s: {"H301", "H311", "H331"} <= set(s.product.h_codes), layout="b")
    spec = dataclasses.replace(spec, combine_acute=True)
    # When it is rendered and labelled
    rendered = render_document(spec)
    label = _label(spec, rendered)
    # Then the official combined statement is printed and labelled as one item
    assert "H301+H311+H331" in printed_h_codes(spec)
    assert "H301+H311+H331" in label["h_codes"]  # type: ignore[operator]
    assert hazard_statements()["H301+H311+H331"]["en"] in _text(rendered)


def test_text_only_layout_labels_codes_as_not_printed() -> None:
    # Given a hazardous product in the text-only layout
    spec = _find_spec(lambda s: bool(s.product.h_codes), layout="d", language="fr")
    # When it is rendered and labelled
    rendered = render_document(spec)
    label = _label(spec, rendered)
    # Then the label still lists the codes but says they were not printed
    assert label["h_codes"] == printed_h_codes(spec)
    assert label["h_codes_printed"] is False


def test_signature_is_drawn_only_when_the_document_has_one() -> None:
    # Given the same document with and without a signature
    spec = _find_spec(lambda s: True, layout="c")
    signed = render_document(dataclasses.replace(spec, has_signature=True))
    unsigned = render_document(dataclasses.replace(spec, has_signature=False))
    # When the rendered documents are labelled
    # Then only the signed one has a signature in Section 16
    assert _label(dataclasses.replace(spec, has_signature=True), signed)["has_signature"] is True
    assert "signature" in signed.tag_pages
    assert "signature" not in unsigned.tag_pages


def test_first_page_only_output_labels_only_facts_on_page_one() -> None:
    # Given a dangerous-goods product kept as a first-page image
    spec = _find_spec(lambda s: s.product.transport is not None, layout="b", language="es")
    spec = dataclasses.replace(spec, output="scan_png")
    # When it is rendered and labelled
    rendered = render_document(spec)
    label = _label(spec, rendered)
    on_page_one = {
        tag for tag, page in rendered.tag_pages.items() if tag.startswith("section:") and page == 1
    }
    # Then the sections counted are those starting on page 1, and Section 14's UN number is left out
    assert rendered.pages > 1
    assert label["sections_found"] == len(on_page_one)
    assert label["un_number"] is None
