"""The official H, EUH and P statements: which codes exist, their status and their wording in 24 languages.

Sources (shipped in ``msds/data/ghs``): the CLP Annex III tables (current and removed codes, 2008-12-16 to
2025-09-01), every historical wording of each code, and the UN GHS Rev. 10 hazard statements (PubChem) for the
codes GHS has and CLP does not adopt (H227, H303, H316, H401 ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from msds.domain.reference_data import EU_LANGUAGES, base_language, read_table
from msds.domain.statement_codes import (
    CodeKind,
    InvalidStatementCode,
    kind_of,
    normalise_code,
    split_combination,
)
from msds.errors import MsdsError

GHS_SOURCE = "ghs_rev10"
CLP_SOURCE = "clp"
KOREAN_MINISTRY_SOURCE = "ko_me"
KOREAN_KOSHA_SOURCE = "ko_kosha"
BRAZILIAN_SOURCE = "pt_br"
# Wordings of lesser standing than the CLP texts (typed from a notice, collected from printed sheets): a
# statement mapped from them is a proposal for a reviewer.
UNOFFICIAL_SOURCES: tuple[str, ...] = (KOREAN_MINISTRY_SOURCE, KOREAN_KOSHA_SOURCE, BRAZILIAN_SOURCE)
# Languages whose wordings come from national tables of lesser standing than the CLP texts (typed from a
# notice, collected from printed sheets): a statement mapped from them is a proposal for a reviewer.
UNOFFICIAL_LANGUAGES: tuple[str, ...] = ("ko",)
_FOOTNOTE = re.compile(r"\(주\d\)")


class UnknownStatementCode(MsdsError):
    """The code is well formed but neither CLP nor GHS defines it."""

    code = "unknown_statement_code"


class TranslationUnavailable(MsdsError):
    """The catalog has no official wording of this code in the requested language."""

    code = "translation_unavailable"


class StatementStatus(StrEnum):
    CURRENT = "current"
    """In the latest CLP consolidation."""
    REMOVED = "removed"
    """Was in CLP, has since been deleted (P281, EUH006, P370+P380 ...)."""
    GHS_ONLY = "ghs_only"
    """Defined by UN GHS Rev. 10 but not adopted by CLP (H227, H303, H401 ...): valid outside the EU."""
    UNKNOWN = "unknown"
    """Neither CLP nor GHS defines it."""


@dataclass(frozen=True, slots=True)
class Wording:
    """One official wording of a code in one language, with the consolidated versions that printed it."""

    code: str
    lang: str
    text: str
    first_version: str
    last_version: str
    is_current: bool
    source: str = CLP_SOURCE


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    kind: CodeKind
    status: StatementStatus
    texts: dict[str, str] = field(hash=False)


def _texts(row: dict[str, str]) -> dict[str, str]:
    return {lang: row[f"text_{lang}"] for lang in EU_LANGUAGES if row.get(f"text_{lang}")}


class StatementCatalog:
    """Lookup of statement codes. Accepts codes as printed (``"H 315"``, ``"P301 + P310"``)."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] | None = None
        self._wordings: tuple[Wording, ...] | None = None

    # -- loading -------------------------------------------------------------------------------------------
    def _table(self) -> dict[str, _Entry]:
        if self._entries is None:
            entries: dict[str, _Entry] = {}
            for name in ("clp_hazard_statements.csv", "clp_precautionary_statements.csv"):
                for row in read_table(name):
                    status = StatementStatus(row["status"])
                    entries[row["code"]] = _Entry(row["code"], kind_of(row["code"]), status, _texts(row))
            for row in read_table("ghs_rev10_h_codes_pubchem.csv"):
                code = row["h_code"]
                if code not in entries and not row["statement_en_ghs"].startswith("(Deleted)"):
                    text = row["statement_en_ghs"].rstrip(".") + "."
                    entries[code] = _Entry(code, "H", StatementStatus.GHS_ONLY, {"en": text})
            self._entries = entries
        return self._entries

    def _entry(self, code: str) -> _Entry | None:
        return self._table().get(code)

    # -- codes ---------------------------------------------------------------------------------------------
    def status(self, code: str) -> StatementStatus:
        """Status of a code or combination. A combination that CLP does not list is as valid as its parts
        (CLP allows combining statements): current if every part is current, removed if a part was removed,
        unknown if a part is unknown or the parts mix kinds."""
        try:
            normal = normalise_code(code)
        except InvalidStatementCode:
            return StatementStatus.UNKNOWN
        entry = self._entry(normal)
        if entry is not None:
            return entry.status
        parts = split_combination(normal)
        if len(parts) < 2 or len({kind_of(part) for part in parts}) != 1:
            return StatementStatus.UNKNOWN
        statuses = {self._part_status(part) for part in parts}
        for worst in (StatementStatus.UNKNOWN, StatementStatus.REMOVED, StatementStatus.GHS_ONLY):
            if worst in statuses:
                return worst
        return StatementStatus.CURRENT

    def _part_status(self, part: str) -> StatementStatus:
        entry = self._entry(part)
        return entry.status if entry is not None else StatementStatus.UNKNOWN

    def exists(self, code: str) -> bool:
        """True for current, removed and GHS-only codes and for combinations of existing parts."""
        return self.status(code) is not StatementStatus.UNKNOWN

    def kind(self, code: str) -> CodeKind:
        """``"H"``, ``"EUH"`` or ``"P"``; raises :class:`InvalidStatementCode` for non-codes."""
        return kind_of(normalise_code(code))

    def codes(
        self, kind: CodeKind | None = None, *, include_removed: bool = False, include_ghs: bool = False
    ) -> list[str]:
        """Codes the tables list (combinations included), in table order."""
        wanted = {StatementStatus.CURRENT}
        if include_removed:
            wanted.add(StatementStatus.REMOVED)
        if include_ghs:
            wanted.add(StatementStatus.GHS_ONLY)
        return [
            entry.code
            for entry in self._table().values()
            if entry.status in wanted and (kind is None or entry.kind == kind)
        ]

    # -- texts ---------------------------------------------------------------------------------------------
    def official_text(self, code: str, lang: str = "en") -> str:
        """The latest official wording. For a combination the tables do not list, the parts' texts joined
        with a space (``"IF SWALLOWED: Rinse mouth."``)."""
        normal = normalise_code(code)
        lang = base_language(lang)
        entry = self._entry(normal)
        if entry is not None:
            return self._text_of(entry, lang)
        parts = split_combination(normal)
        if len(parts) < 2 or self.status(normal) is StatementStatus.UNKNOWN:
            raise UnknownStatementCode(f"no statement {normal!r}")
        texts = []
        for part in parts:
            part_entry = self._entry(part)
            assert part_entry is not None  # status() checked every part
            texts.append(self._text_of(part_entry, lang))
        return " ".join(texts)

    @staticmethod
    def _text_of(entry: _Entry, lang: str) -> str:
        text = entry.texts.get(lang)
        if not text:
            raise TranslationUnavailable(f"no {lang!r} wording of {entry.code}")
        return text

    @property
    def languages(self) -> tuple[str, ...]:
        return EU_LANGUAGES + UNOFFICIAL_LANGUAGES

    def wordings(self, langs: Iterable[str] | None = None) -> tuple[Wording, ...]:
        """Every official wording (current and historical, CLP and GHS-only), optionally of some languages."""
        if self._wordings is None:
            self._wordings = self._load_wordings()
        if langs is None:
            return self._wordings
        wanted = {base_language(lang) for lang in langs}
        return tuple(wording for wording in self._wordings if wording.lang in wanted)

    def _load_wordings(self) -> tuple[Wording, ...]:
        table = self._table()
        seen: set[tuple[str, str, str]] = set()
        wordings: list[Wording] = []
        for row in read_table("clp_statement_wording_history.csv"):
            entry = table.get(row["code"])
            if entry is None:
                continue
            is_current = (
                entry.status is StatementStatus.CURRENT and entry.texts.get(row["lang"]) == row["text"]
            )
            wordings.append(
                Wording(
                    row["code"],
                    row["lang"],
                    row["text"],
                    row["first_version"],
                    row["last_version"],
                    is_current,
                )
            )
            seen.add((row["code"], row["lang"], row["text"]))
        for entry in table.values():
            for lang, text in entry.texts.items():
                if (entry.code, lang, text) in seen:
                    continue
                source = GHS_SOURCE if entry.status is StatementStatus.GHS_ONLY else CLP_SOURCE
                current = entry.status in (StatementStatus.CURRENT, StatementStatus.GHS_ONLY)
                wordings.append(Wording(entry.code, lang, text, "", "", current, source))
        wordings.extend(_korean_wordings(table))
        # Brazilian Portuguese as Brazilian sheets print it (ABNT NBR 14725), beside the EU Portuguese texts.
        for row in read_table("ghs_statements_pt_br.csv"):
            if row["code"] in table and (row["code"], "pt", row["text"]) not in seen:
                wordings.append(Wording(row["code"], "pt", row["text"], "", "", True, BRAZILIAN_SOURCE))
        # GHS Rev. 10 English wording of CLP codes, as US/Canadian/Asian sheets print it ("vapor").
        for row in read_table("ghs_rev10_h_codes_pubchem.csv"):
            entry = table.get(row["h_code"])
            text = row["statement_en_ghs"]
            if entry is None or entry.status is StatementStatus.GHS_ONLY or text.startswith("(Deleted)"):
                continue
            wordings.append(Wording(entry.code, "en", text, "", "", False, GHS_SOURCE))
        return tuple(wordings)


def _korean_wordings(table: dict[str, _Entry]) -> list[Wording]:
    """The Korean wordings: the environment ministry's notice table and the MoEL/KOSHA variants sheets print
    (see ``msds/data/ghs/ATTRIBUTION.md``). Footnote markers are dropped; "···" is a fill-in."""
    wordings: list[Wording] = []
    for name, source in (
        ("ghs_statements_ko.csv", KOREAN_MINISTRY_SOURCE),
        ("ghs_statements_ko_kosha.csv", KOREAN_KOSHA_SOURCE),
    ):
        for row in read_table(name):
            code = row["code"]
            if code not in table:
                continue
            text = _FOOTNOTE.sub("", row["text"]).replace("···", "…").replace("..", ".").strip()
            wordings.append(Wording(code, "ko", text, "", "", True, source))
    return wordings


@cache
def default_catalog() -> StatementCatalog:
    """The process-wide catalog over the shipped tables (loaded on first use)."""
    return StatementCatalog()
