"""Build, before the first sheet, what extraction builds on first use (its patterns, tables and indexes)."""

from __future__ import annotations

from models.common import Box
from models.steps import LanguageResult
from models.text import DocumentText, Line, PageText, TextSource
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.services.document_lines import flatten
from msds.services.extract.record_builder import extract_record
from msds.services.segment import segment_lines

# A short sheet that touches every extractor: identity labels, dates, statements, a composition row,
# transport and physical data.
_SAMPLE = (
    "SAFETY DATA SHEET",
    "SECTION 1: Identification of the substance/mixture and of the company/undertaking",
    "Product name: Sample Cleaner",
    "Supplier: Sample Chemicals GmbH, Hauptstraße 1, 10115 Berlin, Germany",
    "Emergency telephone: +49 30 1234567",
    "Revision date: 01.02.2024   Version: 1.0",
    "SECTION 2: Hazards identification",
    "Signal word: Warning",
    "H319 Causes serious eye irritation.",
    "P280 Wear protective gloves/protective clothing/eye protection/face protection.",
    "SECTION 3: Composition/information on ingredients",
    "Ethanol   CAS 64-17-5   10 - 20 %   Flam. Liq. 2, H225",
    "SECTION 9: Physical and chemical properties",
    "Flash point: 23 °C",
    "SECTION 14: Transport information",
    "UN number: UN1170",
)


def warm_up_extraction(catalog: StatementCatalog, matcher: PhraseMatcher, language: str = "en") -> None:
    """Extract a built-in sample sheet once, so a worker's first document does not pay for what every
    document reuses (about 0.3-0.5 s of regular-expression compilation and table loading)."""
    lines = tuple(
        Line(text=text, box=Box(x0=50.0, y0=50.0 + 12 * row, x1=500.0, y1=60.0 + 12 * row))
        for row, text in enumerate(_SAMPLE)
    )
    page = PageText(number=1, width=595.0, height=842.0, source=TextSource.TEXT_LAYER, lines=lines)
    text = DocumentText(document_id="warm-up", pages=(page,))
    extract_record(
        "warm-up",
        "warm-up.pdf",
        text,
        LanguageResult(language=language, confidence=1.0),
        segment_lines(flatten(text)),
        catalog,
        matcher,
    )
