"""Amazon Translate for free text, with the product's custom terminology; catalog phrases never go to it.

* Each text is cut into lines. A line that is an official catalog wording in the source language (an H/EUH/P
  statement, a section heading, a signal word) is replaced by the catalog's English and is not sent: those
  have official translations, and sending them would cost money and might word them differently.
* The other lines are joined into requests of at most 10,000 UTF-8 bytes (TranslateText's limit), cut at line
  breaks, then sentence ends, then spaces, and only as a last resort inside a word.
* Requests name the custom terminology (``TerminologyNames``) built by :func:`terminology_file` from the same
  catalog, so the terms that survive inside longer lines ("Gefahr", a heading in a sentence) come out in the
  catalog's English.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from msds.adapters.aws.comprehend import truncate_utf8
from msds.adapters.aws.service_errors import service_call
from msds.domain import billing_units
from msds.domain.catalog import StatementCatalog, TranslationUnavailable
from msds.domain.reference_data import read_table
from msds.domain.text_folding import fold_words
from msds.ports import UsageRecorder

MAX_REQUEST_BYTES = 10_000
# Languages the product reads that Amazon Translate translates into English.
TRANSLATE_LANGUAGES = frozenset({"de", "fr", "es", "it", "nl", "pt", "pl", "ko", "ja"})
TERMINOLOGY_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


class CatalogPhrases:
    """Official wordings by language: folded text -> English (statements, headings, signal words)."""

    def __init__(self, catalog: StatementCatalog) -> None:
        self._catalog = catalog
        self._by_language: dict[str, dict[str, str]] = {}

    def english(self, text: str, language: str) -> str | None:
        key = fold_words(text)
        if not key:
            return None
        return self._table(language).get(key)

    def _table(self, language: str) -> dict[str, str]:
        table = self._by_language.get(language)
        if table is None:
            table = {}
            for row in glossary_rows(self._catalog, (language, "en")):
                table.setdefault(fold_words(row[language]), row["en"])
            self._by_language[language] = table
        return table


class AmazonTranslator:
    """Implements msds.ports.Translator with TranslateText (source language given, target English); reports
    the characters of every request sent to ``usage``."""

    def __init__(
        self,
        client: Any,
        catalog: StatementCatalog,
        *,
        terminology_names: Sequence[str] = (),
        max_request_bytes: int = MAX_REQUEST_BYTES,
        usage: UsageRecorder | None = None,
    ) -> None:
        self._translate = client
        self._phrases = CatalogPhrases(catalog)
        self._terminology = list(terminology_names)
        self._limit = min(max_request_bytes, MAX_REQUEST_BYTES)
        self._usage = usage

    def can_translate(self, source_language: str) -> bool:
        return source_language in TRANSLATE_LANGUAGES

    def translate(self, texts: Iterable[str], source_language: str) -> list[str]:
        return [self._translate_text(text, source_language) for text in texts]

    def _translate_text(self, text: str, language: str) -> str:
        lines = text.split("\n")
        english: list[str | None] = []
        pending: list[int] = []
        for index, line in enumerate(lines):
            official = self._phrases.english(line, language) if line.strip() else line
            english.append(official)
            if official is None:
                pending.append(index)
        for batch in line_batches([lines[index] for index in pending], self._limit):
            indices = [pending[position] for position in batch]
            for index, translated in zip(
                indices, self._translate_lines(lines, indices, language), strict=True
            ):
                english[index] = translated
        return "\n".join(line or "" for line in english)

    def _translate_lines(self, lines: list[str], indices: list[int], language: str) -> list[str]:
        if len(indices) == 1:
            pieces = split_text(lines[indices[0]], self._limit)
            return [" ".join(self._call(piece, language).strip() for piece in pieces)]
        parts = self._call("\n".join(lines[index] for index in indices), language).split("\n")
        if len(parts) == len(indices):
            return parts
        # The engine merged or split lines: translate them one by one so each keeps its own English.
        return [self._translate_lines(lines, [index], language)[0] for index in indices]

    def _call(self, text: str, language: str) -> str:
        arguments: dict[str, Any] = {
            "Text": text,
            "SourceLanguageCode": language,
            "TargetLanguageCode": "en",
        }
        if self._terminology:
            arguments["TerminologyNames"] = self._terminology
        with service_call("translate:TranslateText"):
            response = self._translate.translate_text(**arguments)
        if self._usage is not None:
            self._usage.record(billing_units.translation(text))
        return str(response["TranslatedText"])


def line_batches(lines: Sequence[str], limit: int = MAX_REQUEST_BYTES) -> Iterator[list[int]]:
    """Positions of lines grouped so each group, joined by newlines, is at most ``limit`` UTF-8 bytes; a line
    over the limit is a group of its own (and is split by :func:`split_text`)."""
    batch: list[int] = []
    size = 0
    for position, line in enumerate(lines):
        length = len(line.encode("utf-8"))
        if batch and (length > limit or size + 1 + length > limit):
            yield batch
            batch, size = [], 0
        batch.append(position)
        size += length + (1 if len(batch) > 1 else 0)
        if length > limit:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def split_text(text: str, limit: int = MAX_REQUEST_BYTES) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-8 bytes: at sentence ends, else at spaces, else
    anywhere. Joined back with no separator, the pieces are the text."""
    pieces: list[str] = []
    rest = text
    while len(rest.encode("utf-8")) > limit:
        head = truncate_utf8(rest, limit)
        cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0)
        if cut <= 0:
            cut = head.rfind(" ") + 1
        if cut <= 0:
            cut = len(head)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def glossary_rows(
    catalog: StatementCatalog, languages: Sequence[str] = TERMINOLOGY_LANGUAGES
) -> list[dict[str, str]]:
    """Official terms in every given language: current H/EUH/P statement texts, REACH Annex II section titles,
    CLP signal words and pictogram names. Rows missing a language, and rows whose term in some language
    repeats an earlier row's (the terminology would be ambiguous), are left out."""
    rows: list[dict[str, str]] = []
    for code in catalog.codes():
        texts = {}
        for language in languages:
            try:
                texts[language] = catalog.official_text(code, language)
            except TranslationUnavailable:
                break
        else:
            rows.append(texts)
    headings: dict[int, dict[str, str]] = {}
    for row in read_table("sds_section_headings.csv"):
        headings.setdefault(int(row["section"]), {})[row["lang"]] = row["title"]
    rows.extend(headings[number] for number in sorted(headings))
    words: dict[str, dict[str, str]] = {"Danger": {}, "Warning": {}}
    for row in read_table("clp_signal_words.csv"):
        words["Danger"][row["lang"]] = row["danger"]
        words["Warning"][row["lang"]] = row["warning"]
    rows.extend(words.values())
    names: dict[str, dict[str, str]] = {}
    for row in read_table("pictogram_names.csv"):
        if row["kind"] == "name" and row["ambiguous"] != "1":
            names.setdefault(row["pictogram"], {}).setdefault(row["lang"], row["name"])
    rows.extend(names[code] for code in sorted(names))
    return _unambiguous(rows, languages)


def _unambiguous(rows: list[dict[str, str]], languages: Sequence[str]) -> list[dict[str, str]]:
    seen: dict[str, set[str]] = {language: set() for language in languages}
    kept = []
    for row in rows:
        if any(not row.get(language, "").strip() for language in languages):
            continue
        terms = {language: " ".join(row[language].split()) for language in languages}
        if any(terms[language] in seen[language] for language in languages):
            continue
        for language in languages:
            seen[language].add(terms[language])
        kept.append(terms)
    return kept


# Amazon Translate's quota on a custom terminology's terms: each source and target text at most 200 bytes
# (UTF-8), "Guidelines and quotas" of the Amazon Translate developer guide.
MAX_TERM_BYTES = 200


def terminology_file(
    catalog: StatementCatalog,
    languages: Sequence[str] = TERMINOLOGY_LANGUAGES,
    file_format: Literal["CSV", "TSV"] = "CSV",
) -> bytes:
    """The custom terminology (multi-directional: any column can be the source): a header row of language
    codes, then one row per term. CSV fields holding commas or quotes are quoted (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if file_format == "CSV" else "\t", lineterminator="\n")
    writer.writerow(languages)
    for row in glossary_rows(catalog, languages):
        terms = [row[language] for language in languages]
        # A longer wording (some statements are whole sentences) is left out: the service would refuse
        # the file, and those statements are taken from the catalog without translation anyway.
        if all(len(term.encode("utf-8")) <= MAX_TERM_BYTES for term in terms):
            writer.writerow(terms)
    return buffer.getvalue().encode("utf-8")


def import_terminology(client: Any, name: str, catalog: StatementCatalog) -> str:
    """Create or replace the terminology ``name`` (a deployment step); return its ARN."""
    with service_call("translate:ImportTerminology"):
        response = client.import_terminology(
            Name=name,
            MergeStrategy="OVERWRITE",
            Description="Official CLP/GHS wordings, SDS section titles, signal words and pictogram names",
            TerminologyData={
                "File": terminology_file(catalog),
                "Format": "CSV",
                "Directionality": "MULTI",
            },
        )
    return str(response["TerminologyProperties"]["Arn"])
