"""Words a sheet prints in a field's place to say it has no value: "no data", "not available", "자료없음"."""

from __future__ import annotations

import re

# Alternatives for one whole cell, in the supported languages (the Korean MoEL form's "자료없음" is the
# commonest: its template prints it for every field a supplier leaves empty).
NO_DATA_WORDS = (
    r"없음|해당\s?없음|자료\s?없음|n/?a|nd|n\.d\.?|-+|—|none|keine|not\s+(?:applicable|available)|no\s+data|"
    r"não\s+(?:aplicável|disponível)|nicht\s+(?:anwendbar|verfügbar)|no\s+(?:aplicable|disponible)|"
    r"non\s+(?:applicable|disponible)|データなし|該当なし|情報なし"
)
_NO_DATA = re.compile(rf"(?i)^(?:{NO_DATA_WORDS})\.?$")


def says_no_data(text: str) -> bool:
    """Whether the whole text is a placeholder for a missing value ("n/a", "Keine", "자료없음")."""
    return bool(_NO_DATA.match(text.strip()))
