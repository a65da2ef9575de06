"""Published records made straight from the synthetic data (no sheet rendered, no pipeline run): many varied
records for the search benchmark. Each is what the pipeline would publish for a synthetic sheet: product,
supplier and country, revision date and version, the product's H and P statements (official English texts),
pictograms, signal word, components with CAS/EC numbers, UN number, the original Section 2 statements and
free texts in the sheet's language with their English, a status and the supplier account that sent it.
Deterministic for a seed."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from models.document import DocumentStatus
from models.publication import Publication
from models.record import (
    Component,
    Extracted,
    Pictogram,
    PictogramSource,
    SdsRecord,
    Statement,
    Translated,
    TranslationMethod,
)
from msds.synth.documents import LAYOUTS, DocumentSpec, sample_document
from msds.synth.phrases import SECTION_TEXT, pick
from msds.synth.reference import LANGUAGES, hazard_statements, precautionary_statements

# How a published record's status is drawn: most are accepted, a share waits for review, a few are history.
STATUSES = (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW, DocumentStatus.SUPERSEDED)
STATUS_WEIGHTS = (0.70, 0.25, 0.05)
UNDATED_SHARE = 0.03


def sample_publications(count: int, seed: int = 0) -> Iterator[Publication]:
    """``count`` published records, the languages in turn, everything else drawn from the synthetic data."""
    for number in range(count):
        rng = random.Random(f"msds-search-records:{seed}:{number}")
        language = LANGUAGES[number % len(LANGUAGES)]
        spec = sample_document(rng, f"search_{number:06d}", language, rng.choice(LAYOUTS), "pdf")
        document_id = hashlib.sha256(f"msds-search-records:{seed}:{number}".encode()).hexdigest()
        yield publication_of(spec, document_id, rng)


def publication_of(spec: DocumentSpec, document_id: str, rng: random.Random) -> Publication:
    """The published record of a synthetic sheet, as extraction would have it when everything was read."""
    product, supplier, language = spec.product, spec.supplier, spec.language
    h_texts, p_texts = hazard_statements(), precautionary_statements()

    def extracted(value: str | None) -> Extracted[str] | None:
        return Extracted[str](value=value, confidence=round(rng.uniform(0.8, 1.0), 2)) if value else None

    sections = rng.sample(sorted(SECTION_TEXT), k=min(3, len(SECTION_TEXT)))
    free_text = {}
    for section in sections:
        sentences = SECTION_TEXT[section][: spec.verbosity]
        free_text[f"section_{section}"] = Translated(
            original=" ".join(pick(sentence, language) for sentence in sentences),
            language=language,
            english=" ".join(pick(sentence, "en") for sentence in sentences),
            method=TranslationMethod.SOURCE_ENGLISH if language == "en" else TranslationMethod.ENGINE,
        )
    statements = [h_texts.get(code, {}).get(language, "") for code in product.h_codes]
    free_text["section_2"] = Translated(
        original=" ".join(text for text in statements if text),
        language=language,
        english=" ".join(h_texts.get(code, {}).get("en", "") for code in product.h_codes),
        method=TranslationMethod.CATALOG,
    )
    status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
    record = SdsRecord(
        document_id=document_id,
        file_name=f"{spec.doc_id}.pdf",
        language=language,
        language_confidence=0.99,
        pages=rng.randint(3, 12),
        product_name=extracted(product.name),
        supplier_name=extracted(supplier.name),
        supplier_country=extracted(supplier.country),
        emergency_phone=extracted(supplier.emergency_phone),
        revision_date=None if rng.random() < UNDATED_SHARE else extracted(spec.revision_date.isoformat()),
        version=extracted(spec.version),
        signal_word=extracted(product.signal_word),
        hazard_statements=[
            Statement(code=code, text_en=h_texts.get(code, {}).get("en"), confidence=0.97)
            for code in product.h_codes
        ],
        precautionary_statements=[
            Statement(code=code, text_en=p_texts.get(code, {}).get("en"), confidence=0.95)
            for code in product.p_codes
        ],
        pictograms=[
            Pictogram(code=code, source=PictogramSource.BOTH, confidence=0.97) for code in product.pictograms
        ],
        components=[
            Component(
                name=component.chemical.name(language),
                cas=component.chemical.cas,
                ec=component.chemical.ec or None,
                concentration=f"{component.concentration:g} %",
                cas_check_ok=True,
            )
            for component in product.components
            if component.listed
        ],
        un_number=extracted(f"UN{product.transport.un_number}" if product.transport else None),
        free_text=free_text,
        needs_review=status == DocumentStatus.NEEDS_REVIEW,
    )
    account = "supplier-" + hashlib.sha256(supplier.name.encode()).hexdigest()[:12]
    return Publication(record=record, status=status, supplier_ids=[account])
