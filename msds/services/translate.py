"""Translate: statements from the official catalog; free text through the engine, or kept untranslated."""

from __future__ import annotations

from models.record import SdsRecord, Translated, TranslationMethod
from msds.domain.catalog import StatementCatalog
from msds.ports import Translator


def translate_record(
    record: SdsRecord, catalog: StatementCatalog, translator: Translator | None
) -> SdsRecord:
    """Fill English texts and record how each one was obtained."""
    language = record.language or "und"
    for statement in record.hazard_statements + record.precautionary_statements:
        if statement.text_en is None and catalog.status(statement.code) != "unknown":
            statement.text_en = catalog.official_text(statement.code, "en")
    names = list(record.free_text)
    texts = [record.free_text[name].original for name in names]
    if language == "en":
        english, method = texts, TranslationMethod.SOURCE_ENGLISH
    elif translator is not None and texts and translator.can_translate(language):
        english, method = translator.translate(texts, language), TranslationMethod.ENGINE
    else:
        english, method = texts, TranslationMethod.UNTRANSLATED
    record.free_text = {
        name: Translated(original=original, language=language, english=translated, method=method)
        for name, original, translated in zip(names, texts, english, strict=True)
    }
    return record
