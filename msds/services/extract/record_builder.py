"""Extract: build the SDS record from the segmented text, field by field."""

from __future__ import annotations

from typing import TypeVar

from models.record import Extracted, SdsRecord, SectionInfo, Translated, TranslationMethod
from models.steps import LanguageResult, Segmentation
from models.text import DocumentText
from msds.domain.catalog import StatementCatalog
from msds.domain.confidence_calibration import Calibration, shipped_calibration
from msds.domain.countries import (
    country_from_domain,
    country_from_phone,
    country_from_postcode,
    country_from_text,
)
from msds.domain.document_title import names_itself_an_sds
from msds.domain.identifiers import find_cas_numbers
from msds.domain.phrase_matcher import PhraseMatcher
from msds.domain.section_headings import heading_en
from msds.domain.statement_codes import find_codes
from msds.services.document_lines import DocLine, flatten
from msds.services.extract.composition import extract_components
from msds.services.extract.free_text import extract_free_text
from msds.services.extract.hazards import extract_hazards
from msds.services.extract.identity import (
    PHONE,
    extract_emergency_phone,
    extract_product_name,
    extract_supplier,
)
from msds.services.extract.physical import extract_flash_point
from msds.services.extract.revision import extract_revision_date, extract_version, month_first_dates
from msds.services.extract.toxicology import extract_acute_toxicity
from msds.services.extract.transport import extract_un_number
from msds.services.running_lines import running_key, running_keys

FRONT_LINES = 40
# Lines above a composition table's first CAS number read with it when Section 3's heading was lost.
COMPOSITION_NAME_LINES = 3
SECTION_16_FALLBACK_LINES = 120
# Sections found that make a document an SDS; fewer suffice when its title names it one.
_SDS_MIN_SECTIONS = 4
_TITLED_SDS_MIN_SECTIONS = 1
# Lines at the top of the first page where the title is looked for.
_TITLE_LINES = 15
T = TypeVar("T")
# The fields whose confidence is calibrated (the hazard fields keep the rules' scores: routing treats any
# doubt about them as a possible missed hazard).
CALIBRATED_FIELDS = (
    "product_name",
    "supplier_name",
    "supplier_country",
    "emergency_phone",
    "revision_date",
    "version",
    "un_number",
    "flash_point_c",
)
# Set by the vision step, after Extract: calibrated there.
SIGNATURE_FIELDS = ("has_signature",)


class SectionedLines:
    """The document's lines with quick access to each section's lines."""

    def __init__(self, lines: list[DocLine], segmentation: Segmentation) -> None:
        self.lines = lines
        self.segmentation = segmentation

    def section(self, number: int) -> list[DocLine]:
        """A section's lines: from its heading, or from the line its heading was read inside (Segment)."""
        span = self.segmentation.lines_of(number)
        if span is None:
            return []
        return self.lines[span.first_line : span.end_line]

    def front(self) -> list[DocLine]:
        """Lines before Section 1 (title block), or the top of the first page."""
        first = self.segmentation.get(1)
        end = first.first_line if first else min(FRONT_LINES, len(self.lines))
        return self.lines[:end] if end else self.lines[: min(FRONT_LINES, len(self.lines))]

    def section3_or_composition_block(self) -> list[DocLine]:
        """Section 3's lines; when its heading was not found (OCR lost it) but Section 4's was, the lines
        before Section 4 from a little above the first one that holds a CAS number, after Section 2's start:
        the composition table, whose rows need no heading to be read."""
        lines = self.section(3)
        if lines:
            return lines
        fourth = self.segmentation.get(4)
        if fourth is None:
            return []
        earlier = [s.first_line for s in self.segmentation.sections if s.number in (1, 2)]
        start = max(earlier) if earlier else 0
        # After Section 2's statements: a CAS number among them names an ingredient of the label.
        start = max([start, *(i for i in range(start, fourth.first_line) if find_codes(self.lines[i].text))])
        first_cas = next(
            (i for i in range(start, fourth.first_line) if find_cas_numbers(self.lines[i].text)), None
        )
        if first_cas is None:
            return []
        # The lines just above the first CAS number may name its row ("화학물질명   ..." / "CAS 번호   ...").
        return self.lines[max(start + 1, first_cas - COMPOSITION_NAME_LINES) : fourth.first_line]

    def section2_or_fallback(self) -> tuple[list[DocLine], bool]:
        """Section 2's lines; when its heading was not found, everything from the start of Section 1 to the
        next section found after it (flagged as a fallback: the sheet goes to review anyway)."""
        lines = self.section(2)
        if lines:
            return lines, False
        first = self.segmentation.get(1)
        start = first.first_line if first else 0
        later = [s.first_line for s in self.segmentation.sections if s.number >= 3 and s.first_line > start]
        end = min(later) if later else min(len(self.lines), start + 150)
        return self.lines[start:end], True


def extract_record(
    document_id: str,
    file_name: str,
    text: DocumentText,
    language: LanguageResult,
    segmentation: Segmentation,
    catalog: StatementCatalog,
    matcher: PhraseMatcher,
    calibration: Calibration | None = None,
    lines: list[DocLine] | None = None,
) -> SdsRecord:
    """The record of a document; ``lines`` are ``flatten(text)`` when the caller has them already."""
    lines = flatten(text) if lines is None else lines
    doc = SectionedLines(lines, segmentation)
    section1 = doc.section(1)
    front = doc.front()
    first_page = [line for line in lines if line.page == 1]
    seen = {line.index for line in front + section1}
    header_scope = front + section1 + [line for line in first_page if line.index not in seen]

    record = SdsRecord(
        document_id=document_id,
        file_name=file_name,
        language=language.language,
        language_confidence=language.confidence,
        scanned=text.ocr_pages > 0 and text.ocr_pages * 2 >= len(text.pages),
        pages=len(text.pages),
        ocr_pages=text.ocr_pages,
        sections=[
            SectionInfo(
                number=span.number,
                heading=span.heading,
                heading_en=heading_en(span.number),
                page=span.page,
                line_index=span.first_line,
                confidence=span.confidence,
            )
            for span in segmentation.sections
        ],
    )
    # A sheet in another format (the older US one has eight sections numbered I-VIII) shows few of the 16
    # headings, but still names itself in its title.
    record.is_sds = len(segmentation.sections) >= _SDS_MIN_SECTIONS or (
        len(segmentation.sections) >= _TITLED_SDS_MIN_SECTIONS
        and names_itself_an_sds(line.text for line in first_page[:_TITLE_LINES])
    )
    record.sections_out_of_order = list(segmentation.out_of_order)
    keys = running_keys(doc.lines)
    running = [line for line in first_page if running_key(line.text) in keys]
    record.product_name = extract_product_name(section1 or front, front, running)
    supplier, supplier_line = extract_supplier(section1 + front if section1 else front)
    record.supplier_name = supplier
    record.emergency_phone = extract_emergency_phone(section1 + front if section1 else front)
    record.supplier_country = _country(
        section1 + front if section1 else front, supplier_line, record.emergency_phone, language.language
    )
    country = record.supplier_country.value if record.supplier_country else None
    month_first = country in ("US", "CA") or month_first_dates(" ".join(line.text for line in first_page))
    order_uncertain = month_first or language.language == "en"
    # Korean and Japanese sheets, and many others, give the revision date in Section 16 only.
    record.revision_date = extract_revision_date(header_scope, month_first, order_uncertain) or _lowered(
        extract_revision_date(doc.section(16) or lines, month_first, order_uncertain), 0.7
    )
    # Korean sheets give the revision number in Section 16 ("개정 번호"); when its heading was not found, the
    # last lines stand in for it.
    record.version = extract_version(header_scope) or _lowered(
        extract_version(doc.section(16) or lines[-SECTION_16_FALLBACK_LINES:]), 0.7
    )

    section2, fallback = doc.section2_or_fallback()
    hazards = extract_hazards(section2, language.language, catalog, matcher)
    record.hazard_statements = hazards.hazard_statements
    record.precautionary_statements = hazards.precautionary_statements
    record.signal_word = hazards.signal_word
    record.pictograms = hazards.pictograms
    record.hazard_wording_without_code = hazards.unmatched_hazard_wording
    record.defined_hazards_without_code = hazards.defined_hazards
    record.statement_texts_mappable = hazards.texts_mappable
    if fallback:
        for statement in record.hazard_statements + record.precautionary_statements:
            statement.confidence = min(statement.confidence, 0.6)

    record.free_text = {
        name: Translated(
            original=value,
            language=language.language or "und",
            english=value,
            method=TranslationMethod.UNTRANSLATED,
        )
        for name, value in extract_free_text(section1, section2 if not fallback else []).items()
    }
    record.components = extract_components(doc.section3_or_composition_block(), section1, keys)
    if len(record.components) == 1 and record.components[0].name is None and record.product_name is not None:
        # A substance's sheet: its one component is the product.
        record.components[0].name = record.product_name.value
    record.acute_toxicity = extract_acute_toxicity(doc.section(11), record.components)
    record.flash_point_c = extract_flash_point(doc.section(9)) or _lowered(extract_flash_point(lines), 0.6)
    record.un_number = extract_un_number(doc.section(14))
    calibrate_record(record, shipped_calibration() if calibration is None else calibration)
    return record


def calibrate_record(
    record: SdsRecord, calibration: Calibration, fields: tuple[str, ...] = CALIBRATED_FIELDS
) -> None:
    """Replace each calibrated field's score by its calibrated confidence, keeping the score."""
    for name in fields:
        extracted = getattr(record, name)
        if extracted is not None and extracted.raw_confidence is None:
            extracted.raw_confidence = extracted.confidence
            extracted.confidence = calibration.calibrate(name, extracted.confidence)


def _lowered(value: Extracted[T] | None, confidence: float) -> Extracted[T] | None:
    """A value found outside its usual place: keep it, with a lower confidence."""
    if value is not None:
        value.confidence = min(value.confidence, confidence)
    return value


def _country(
    section1: list[DocLine], supplier_line: int | None, phone: Extracted[str] | None, language: str | None
) -> Extracted[str] | None:
    # The supplier's block: its line and the address lines under it.
    block = section1[supplier_line : supplier_line + 7] if supplier_line is not None else []
    block_text = "\n".join(line.text for line in block)
    code = country_from_text(block_text, language) if block else None
    if code:
        return Extracted[str](value=code, confidence=0.8, evidence=[block[0].evidence(section=1)])
    code = country_from_text("\n".join(line.text for line in section1), language)
    if code:
        return Extracted[str](value=code, confidence=0.6, evidence=[])
    # An international dialling code on the supplier's own telephone line says where the supplier is.
    for line in section1:
        for match in PHONE.finditer(line.text):
            code = country_from_phone(match.group(0))
            if code:
                return Extracted[str](value=code, confidence=0.55, evidence=[line.evidence(section=1)])
    if phone is not None:
        code = country_from_phone(phone.value)
        if code:
            return Extracted[str](value=code, confidence=0.5, evidence=phone.evidence)
    code = country_from_postcode(block_text, language) if block else None
    if code:
        return Extracted[str](value=code, confidence=0.5, evidence=[block[0].evidence(section=1)])
    # Last, the supplier's own national mail or web domain ("info@acme.de").
    for scope in (block, section1):
        for line in scope:
            code = country_from_domain(line.text)
            if code:
                return Extracted[str](value=code, confidence=0.45, evidence=[line.evidence(section=1)])
    return None
