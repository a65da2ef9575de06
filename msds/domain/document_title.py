"""The title by which a safety data sheet names itself, in the supported languages.

The regulations name the document, and sheets print that name as their title: REACH Article 31 and Annex
II in every EU language ("Sicherheitsdatenblatt", "Fiche de données de sécurité", ...), OSHA's Hazard
Communication Standard and the older US format ("Safety Data Sheet", "Material Safety Data Sheet"), Brazil's
ABNT NBR 14725 ("Ficha de Informações de Segurança de Produtos Químicos", FISPQ), Korea's MSDS
("물질안전보건자료"), Japan's JIS Z 7253 ("安全データシート") and China's GB/T 16483 ("安全技术说明书").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# fmt: off
_TITLE = re.compile(
    r"(?:material\s+)?safety\s+data\s+sheet|sicherheitsdatenblatt|"
    r"fiche\s+de\s+donn[ée]es\s+de\s+s[ée]curit[ée]|ficha\s+de\s+datos\s+de\s+seguridad|"
    r"ficha\s+de\s+(?:informa[çc](?:[õo]es|[ãa]o)|dados)\s+de\s+seguran[çc]a|\bFISPQ\b|"
    r"scheda\s+(?:di\s+)?dati\s+di\s+sicurezza|veiligheidsinformatieblad|karta\s+charakterystyki|"
    r"물질\s*안전\s*보건\s*자료|安全データシート|安全技术说明书|安全資料表",
    re.IGNORECASE,
)
# fmt: on
# A title stands at the start of its cell, after at most a few words ("GHS Safety Data Sheet - US",
# "1907/2006 Sicherheitsdatenblatt"); a sentence that mentions the document ("see the safety data sheet")
# does not.
_MAX_WORDS_BEFORE = 3
_CELL_GAP = re.compile(r"\s{3,}")


def names_itself_an_sds(lines: Iterable[str]) -> bool:
    """Whether one of ``lines`` (the top of the first page) is a safety data sheet's title."""
    for line in lines:
        for cell in _CELL_GAP.split(line.strip()):
            found = _TITLE.search(cell)
            if found is not None and len(cell[: found.start()].split()) <= _MAX_WORDS_BEFORE:
                return True
    return False
