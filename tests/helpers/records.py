"""Records read from generated born-digital pages, as the pipeline's Extract step reads them."""

from __future__ import annotations

from collections.abc import Sequence

from models.record import SdsRecord
from models.steps import LanguageResult, Segmentation
from models.text import DocumentText
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.domain.catalog import default_catalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.services.document_lines import flatten
from msds.services.extract.record_builder import extract_record
from msds.services.segment import segment_lines
from tests.helpers.text_documents import lines_pdf


def record_of_lines(lines: Sequence[str], language: str) -> tuple[SdsRecord, Segmentation]:
    """The record (and the sections found) of a one-page PDF printing ``lines``, in ``language``."""
    text = DocumentText(document_id="d", pages=tuple(PdfiumTextLayer().read_pages(lines_pdf([list(lines)]))))
    segmentation = segment_lines(flatten(text))
    record = extract_record(
        "d",
        "d.pdf",
        text,
        LanguageResult(language=language, confidence=0.99),
        segmentation,
        default_catalog(),
        PhraseMatcher(),
    )
    return record, segmentation
