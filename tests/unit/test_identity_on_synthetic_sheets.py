"""Identity rules on sheets the project generates itself: a Section 1 rendered to PDF by msds.synth in one of
its layouts, with labels and values changed the way real sheets vary, read back through the text layer and
extracted as the pipeline does."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from models.record import SdsRecord
from models.steps import LanguageResult
from models.text import DocumentText
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.domain.catalog import default_catalog
from msds.domain.field_labels import TABLE, fields_of_label, labels
from msds.domain.phrase_matcher import PhraseMatcher
from msds.domain.reference_data import read_table
from msds.services.document_lines import flatten
from msds.services.extract.record_builder import extract_record
from msds.services.segment import segment_lines
from msds.synth.content import Block, Field, Subheading, Table, Text, build_blocks
from msds.synth.documents import DocumentSpec, sample_document
from msds.synth.layouts import render_blocks
from msds.synth.phrases import format_date
from tests.helpers.records import record_of_lines


def _spec(language: str, layout: str, seed: int = 7) -> DocumentSpec:
    spec = sample_document(random.Random(seed), f"identity_{language}_{layout}", language, layout, "pdf")
    # Dates and version in Section 1, where the tests put their own labels.
    return dataclasses.replace(spec, revision_in_header=False, print_date=None)


def _section_1_changed(spec: DocumentSpec, change: dict[str, list[Block]]) -> list[Block]:
    """The document's blocks with each tagged Section 1 field replaced by the given blocks."""
    blocks: list[Block] = []
    for block in build_blocks(spec):
        tag = next((t for t in getattr(block, "tags", ()) if t in change), None)
        blocks.extend(change[tag] if tag is not None else [block])
    return blocks


def _extract(spec: DocumentSpec, blocks: list[Block]) -> SdsRecord:
    rendered = render_blocks(spec, blocks)
    text = DocumentText(document_id=spec.doc_id, pages=tuple(PdfiumTextLayer().read_pages(rendered.pdf)))
    lines = flatten(text)
    return extract_record(
        spec.doc_id,
        f"{spec.doc_id}.pdf",
        text,
        LanguageResult(language=spec.language, confidence=0.99),
        segment_lines(lines),
        default_catalog(),
        PhraseMatcher(),
    )


def test_every_field_of_the_label_table_has_labels_and_a_label_reads_back_as_its_field() -> None:
    # Given the label table's date fields
    fields = ("revision_date", "print_date", "superseded_date", "first_issue_date", "version")
    # When each label is judged
    # Then every field has labels and each label is known as a label of its field
    for field in fields:
        assert labels(field)
        assert all(field in fields_of_label(f"{label}:") for label in labels(field))


@pytest.mark.parametrize(
    ("language", "layout", "product_label", "supplier_label"),
    [
        ("en", "a", "Nome commerciale", "Fornitore"),  # Italian labels on an English sheet
        ("de", "b", "Productnaam", "Leverancier"),  # Dutch labels on a German sheet
        ("fr", "c", "Nazwa handlowa", "Dostawca"),  # Polish labels on a French sheet
        ("pt", "a", "Handelsnavn", "Leverantör"),  # Danish and Swedish labels on a Portuguese sheet
    ],
)
def test_a_label_known_in_one_language_is_known_on_a_sheet_in_any_other(
    language: str, layout: str, product_label: str, supplier_label: str
) -> None:
    # Given a sheet whose product and supplier labels are worded in another language of the label table
    spec = _spec(language, layout)
    blocks = _section_1_changed(
        spec,
        {
            "product": [Field(product_label, spec.product.name)],
            "supplier": [Field(supplier_label, spec.supplier.name)],
        },
    )
    # When its identity is extracted
    record = _extract(spec, blocks)
    # Then the product and the supplier are read from those labels
    assert record.product_name is not None and record.product_name.value == spec.product.name
    assert record.supplier_name is not None and record.supplier_name.value == spec.supplier.name


@pytest.mark.parametrize("label_value", ["Importeur", "Distribuidora", "Fabricante", "Company name"])
def test_a_value_cell_that_is_itself_a_label_in_any_language_is_never_the_supplier(label_value: str) -> None:
    # Given a supplier label whose value cell holds another label, the company named on the next line
    spec = _spec("en", "a")
    blocks = _section_1_changed(
        spec, {"supplier": [Field("Supplier", label_value), Text(spec.supplier.name)]}
    )
    # When the supplier is extracted
    record = _extract(spec, blocks)
    # Then the company is the supplier, never the label
    assert record.supplier_name is not None and record.supplier_name.value == spec.supplier.name


_REVISED, _PRINTED, _SUPERSEDED = date(2023, 5, 17), date(2024, 2, 9), date(2019, 11, 4)


@pytest.mark.parametrize(
    ("language", "layout", "superseded_label", "print_label"),
    [
        ("en", "a", "Date of previous revision", "Date printed"),
        ("de", "b", "Datum der letzten Ausgabe", "Druckdatum"),
        ("fr", "c", "Date de la version précédente", "Date d'impression"),
        ("es", "a", "Fecha de la última emisión", "Fecha de impresión"),
        ("pt", "b", "Data da versão anterior", "Data de impressão"),
    ],
)
def test_the_revision_date_is_the_revisions_never_a_print_or_superseded_date(
    language: str, layout: str, superseded_label: str, print_label: str
) -> None:
    # Given a sheet printing, before its revision date, the date it replaced and the date it was printed
    spec = dataclasses.replace(_spec(language, layout), revision_date=_REVISED)
    style = spec.date_style

    def dated(label: str, day: date) -> Field:
        return Field(label, format_date(day, style, language))

    revision_label = next(b.label for b in build_blocks(spec) if "revision" in getattr(b, "tags", ()))
    blocks = _section_1_changed(
        spec,
        {
            "revision": [
                dated(superseded_label, _SUPERSEDED),
                dated(print_label, _PRINTED),
                dated(revision_label, _REVISED),
            ]
        },
    )
    # When the revision date is extracted
    record = _extract(spec, blocks)
    # Then it is the revision's date
    assert record.revision_date is not None and record.revision_date.value == _REVISED.isoformat()


def test_without_a_revision_date_the_first_issue_date_ranks_above_the_print_date() -> None:
    # Given a sheet that prints only a print date and, after it, the date of its first edition
    spec = _spec("de", "c")
    blocks = _section_1_changed(
        spec,
        {
            "revision": [
                Field("Druckdatum", format_date(_PRINTED, spec.date_style, "de")),
                Field("Erstellungsdatum", format_date(_REVISED, spec.date_style, "de")),
            ]
        },
    )
    # When the revision date is extracted
    record = _extract(spec, blocks)
    # Then the date of the sheet's own edition stands in for it, not the day it was printed
    assert record.revision_date is not None and record.revision_date.value == _REVISED.isoformat()


@pytest.mark.parametrize(
    ("language", "manufacturer_label", "supplier_label"),
    [
        ("en", "Manufacturer", "Supplier"),
        ("de", "Hersteller", "Lieferant"),
        ("es", "Fabricante", "Proveedor"),
    ],
)
def test_the_supplier_of_the_sheet_wins_over_the_manufacturer_by_its_role_word(
    language: str, manufacturer_label: str, supplier_label: str
) -> None:
    # Given a sheet naming its manufacturer first and then its supplier, both companies with a legal form
    spec = _spec(language, "a")
    blocks = _section_1_changed(
        spec,
        {
            "supplier": [
                Field(manufacturer_label, "Grossfabrik Holding AG"),
                Text("Industriestrasse 1, 60311 Frankfurt"),
                Field(supplier_label, spec.supplier.name),
            ]
        },
    )
    # When the supplier is extracted
    record = _extract(spec, blocks)
    # Then the supplier of the sheet is named, not the manufacturer
    assert record.supplier_name is not None and record.supplier_name.value == spec.supplier.name


def test_a_parent_group_named_after_the_supplier_is_not_part_of_its_name() -> None:
    # Given a supplier line that goes on to name the supplier's parent group
    spec = _spec("en", "a")
    blocks = _section_1_changed(
        spec,
        {"supplier": [Field("Supplier", f"{spec.supplier.name}, a subsidiary of Grossfabrik Holding AG")]},
    )
    # When the supplier is extracted
    record = _extract(spec, blocks)
    # Then the supplier is the named company alone
    assert record.supplier_name is not None and record.supplier_name.value == spec.supplier.name


@pytest.mark.parametrize("layout", ["a", "b", "c", "d"])
def test_dates_and_version_in_a_row_of_labels_over_a_row_of_values_pair_by_column(layout: str) -> None:
    # Given a header table: labels in one row, their values in the row below, print date first
    spec = _spec("en", layout)
    table = Table(
        header=("Print date", "Version", "Revision date"),
        rows=(("09.02.2024", "4.2", "17.05.2023"),),
        row_tags=((),),
        widths=(0.33, 0.33, 0.34),
    )
    blocks = _section_1_changed(spec, {"revision": [table], "version": []})
    # When the dates and the version are extracted
    record = _extract(spec, blocks)
    # Then each label gets the value in its own column
    assert record.revision_date is not None and record.revision_date.value == "2023-05-17"
    assert record.version is not None and record.version.value == "4.2"


def test_a_supplier_named_in_a_column_below_its_label_is_read_from_that_column() -> None:
    # Given company labels side by side and the companies below them, each in its own column
    spec = _spec("de", "b")
    table = Table(
        header=("Hersteller", "Lieferant"),
        rows=(("Grossfabrik Holding AG", spec.supplier.name),),
        row_tags=((),),
        widths=(0.5, 0.5),
    )
    blocks = _section_1_changed(spec, {"supplier": [Subheading("1.3 Lieferant"), table]})
    # When the supplier is extracted
    record = _extract(spec, blocks)
    # Then the company under the supplier label is the supplier
    assert record.supplier_name is not None and record.supplier_name.value == spec.supplier.name


def test_a_company_label_heading_a_column_takes_the_company_below_it_not_a_label_word_inside_a_name() -> None:
    # Given a company label heading a column, a site description beside it, and below it two companies whose
    # names end with a label word ("... Company")
    spec = _spec("en", "b")
    table = Table(
        header=("Company name", "Production site"),
        rows=(("Weser Cola Company", "Southern Bottling Company"),),
        row_tags=((),),
        widths=(0.5, 0.5),
    )
    blocks = _section_1_changed(spec, {"supplier": [table]})
    # When the supplier is extracted
    record = _extract(spec, blocks)
    # Then the company in the label's column is the supplier
    assert record.supplier_name is not None and record.supplier_name.value == "Weser Cola Company"


@pytest.mark.parametrize(
    ("printed", "field"),
    [
        ("Date de revision :", "revision_date"),  # accent lost
        ("1.4 Notrufnummer", "emergency_phone"),
        ("개정일자", "revision_date"),
        ("化学品の名称", "product_name"),
        ("供应商", "supplier"),
        ("Data de impressão:", "print_date"),
        ("Fecha de la última emisión", "superseded_date"),
    ],
)
def test_a_printed_label_is_known_as_its_field_whatever_its_accents_number_or_colon(
    printed: str, field: str
) -> None:
    # Given a label as a sheet prints it / When its field is looked up / Then the table names the field
    assert field in fields_of_label(printed)


def test_a_revision_number_is_the_version_and_a_revision_date_never_is() -> None:
    # Given a sheet printing "Revision" with a number, and the revision date under its own label
    spec = _spec("en", "a")
    blocks = _section_1_changed(
        spec,
        {"revision": [Field("Revision date", "17.05.2023")], "version": [Field("Revision", "3")]},
    )
    # When the version and the revision date are extracted
    record = _extract(spec, blocks)
    # Then the revision number is the version and the date is the revision date
    assert record.version is not None and record.version.value == "3"
    assert record.revision_date is not None and record.revision_date.value == "2023-05-17"


def test_a_date_after_a_bare_revision_label_is_no_version() -> None:
    # Given a sheet whose only revision label carries a date
    spec = _spec("en", "c")
    blocks = _section_1_changed(spec, {"revision": [Field("Revision", "12 March 2023")], "version": []})
    # When the version is extracted
    record = _extract(spec, blocks)
    # Then the day of the date is not taken for a version, and the date is the revision date
    assert record.version is None or record.version.value != "12"
    assert record.revision_date is not None and record.revision_date.value == "2023-03-12"


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("pt", "Di-isocianato de 4,4'-metilenodifenilo 99,5 %"),
        ("en", "O-Xylene pure"),
        ("fr", "Di-tert-butyl"),
    ],
)
def test_a_name_whose_first_word_is_joined_by_a_hyphen_is_not_taken_for_a_heading_going_on(
    language: str, name: str
) -> None:
    # Given a product name starting with a short word that is also a connective ("di", "o"), hyphenated
    spec = _spec(language, "b")
    label = next(b.label for b in build_blocks(spec) if "product" in getattr(b, "tags", ()))
    blocks = _section_1_changed(spec, {"product": [Field(label, name)]})
    # When the product name is extracted
    record = _extract(spec, blocks)
    # Then the whole name is read
    assert record.product_name is not None and record.product_name.value == name


@pytest.mark.parametrize(("language", "layout"), [("fr", "c"), ("de", "a"), ("en", "b")])
def test_a_short_national_emergency_number_is_read_and_a_date_below_it_never_is(
    language: str, layout: str
) -> None:
    # Given a sheet whose emergency number is the Swiss poison centre's 145, a date on the next line
    spec = _spec(language, layout)
    label = next(b.label for b in build_blocks(spec) if "emergency" in getattr(b, "tags", ()))
    blocks = _section_1_changed(spec, {"emergency": [Field(label, "145 (Tox Info Suisse) (24 h)")]})
    # When the emergency phone is extracted
    record = _extract(spec, blocks)
    # Then it is 145, not the date printed after it
    assert record.emergency_phone is not None and record.emergency_phone.value == "145"


@pytest.mark.parametrize(
    ("printed", "field"),
    [
        ("Product narne:", "product_name"),
        ("Manufacturcr", "manufacturer"),
        ("Ernergency telephone", "emergency_phone"),
    ],
)
def test_a_label_read_with_a_letter_ocr_confuses_is_still_known_as_that_label(
    printed: str, field: str
) -> None:
    # Given a label as a scan read it, one letter misread (m as rn, e as c)
    # When the label table is asked which field it labels
    # Then it is that field's label, so it is never taken for a value either
    assert field in fields_of_label(printed)


def test_a_word_that_only_looks_like_a_label_after_ocr_confusions_is_no_label() -> None:
    # Given product and company names
    # When the label table is asked
    # Then none of them is a label
    assert not any(fields_of_label(text) for text in ("Acetone", "Acme Chemie GmbH", "Sodium hypochlorite"))


def test_no_two_labels_of_different_fields_become_one_when_ocr_confusions_are_ignored() -> None:
    # Given every label of the table, with the fields each exact wording labels
    rows = [row for row in read_table(TABLE) if row["field"] != "parent_group"]
    exact: dict[str, set[str]] = {}
    for row in rows:
        exact.setdefault(row["label"].strip().lower(), set()).add(row["field"])
    # When each label is looked up, OCR confusions ignored
    found = {label: fields_of_label(label) for label in exact}
    # Then each names only its own fields
    assert {label: set(fields) for label, fields in found.items()} == exact


def test_a_supplier_with_no_country_phone_or_postcode_is_placed_by_its_national_mail_domain() -> None:
    # Given a supplier block with a street and a town but no country, no international number, no postcode
    lines = [
        "1. IDENTIFICATION OF THE SUBSTANCE/MIXTURE AND OF THE COMPANY/UNDERTAKING",
        "Product name: ACME CLEAN",
        "Supplier: Acme Reinigung GmbH",
        "Industriestrasse 5, Musterstadt",
        "E-Mail: sds@acme-reinigung.de",
        "2. HAZARDS IDENTIFICATION",
        "Not classified.",
    ]
    # When the record is read
    record, _ = record_of_lines(lines, "en")
    # Then the supplier's country is the mail domain's
    assert record.supplier_country is not None and record.supplier_country.value == "DE"
