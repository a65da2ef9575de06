"""The search document of a published record, and the words of a free-text query: one shape for both hosts.

OpenSearch indexes the document as it is (its explicit mapping names exactly these fields); the local tantivy
index fills its fields from the same document, so a record is found by the same values on either host.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from models.publication import Publication
from msds.settings import SUPPORTED_LANGUAGES

# Free text is kept under its language (text_original.<language>), so each language can have its analyzer.
ORIGINAL_TEXT_LANGUAGES: tuple[str, ...] = SUPPORTED_LANGUAGES
MAX_QUERY_WORDS = 32
# A word of a query: a CAS/EC-like group of digits joined by hyphens stays whole, else runs of letters/digits.
_WORD = re.compile(r"[0-9]+(?:-[0-9]+)+|[^\W_]+")
_CODE_WORD = re.compile(r"^(?:euh|h|p)[0-9]{3}[a-z]{0,2}$|^ghs0[1-9]$", re.IGNORECASE)


def search_document(publication: Publication) -> dict[str, Any]:
    """Every searchable and displayed value of a published record, by field name."""
    record = publication.record

    def value(field: str) -> Any:
        extracted = getattr(record, field)
        return None if extracted is None else extracted.value

    original = "\n".join(t.original for t in record.free_text.values() if t.original)
    language = record.language if record.language in ORIGINAL_TEXT_LANGUAGES else None
    return {
        "document_id": record.document_id,
        "file_name": record.file_name,
        "status": publication.status.value,
        "supplier_ids": sorted(publication.supplier_ids),
        "language": record.language,
        "product_name": value("product_name"),
        "supplier_name": value("supplier_name"),
        "supplier_country": value("supplier_country"),
        "emergency_phone": value("emergency_phone"),
        "revision_date": iso_date(value("revision_date")),
        "version": value("version"),
        "signal_word": value("signal_word"),
        "h_codes": record.h_codes,
        "p_codes": record.p_codes,
        "pictograms": [p.code for p in record.pictograms],
        "cas_numbers": record.cas_numbers,
        "ec_numbers": sorted({c.ec for c in record.components if c.ec}),
        "un_number": value("un_number"),
        "flash_point_c": value("flash_point_c"),
        "has_signature": value("has_signature"),
        "hazard_texts_en": [s.text_en for s in record.hazard_statements if s.text_en],
        "precautionary_texts_en": [s.text_en for s in record.precautionary_statements if s.text_en],
        "components": [
            {"name": c.name, "cas": c.cas, "ec": c.ec, "concentration": c.concentration}
            for c in record.components
        ],
        "text_en": "\n".join(t.english for t in record.free_text.values() if t.english),
        "text_original": {language: original} if language and original else {},
        "needs_review": record.needs_review,
        "review_reasons": [r.code for r in record.review_reasons],
        "findings": sorted({f.code for f in record.findings}),
        "pages": record.pages,
        "scanned": record.scanned,
    }


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` when the value is an ISO date, else None (a date the extractor could not settle)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def query_words(text: str | None) -> list[str]:
    """The words of a free-text query, in order, without repeats, at most MAX_QUERY_WORDS. Statement and
    pictogram codes are upper-cased (``h315`` -> ``H315``) so they meet the codes as they are stored;
    everything else is left to each field's analyzer. Punctuation never reaches a query parser."""
    words: dict[str, None] = {}
    for match in _WORD.finditer(text or ""):
        word = match.group(0)
        if _CODE_WORD.match(word):
            word = word.upper()
        words.setdefault(word, None)
    return list(words)[:MAX_QUERY_WORDS]
