"""Free-text fields kept in the record for reviewers, translated later: recommended use and other hazards."""

from __future__ import annotations

import re

from msds.services.document_lines import DocLine
from msds.services.extract import lexicon
from msds.services.extract.labelled_values import find_labelled_values

_USE_LABEL = lexicon.label_pattern(lexicon.RECOMMENDED_USE)
_OTHER_HAZARDS = re.compile(r"^\s*2\s*[.,]\s*3\b")
_SUBSECTION = re.compile(r"^\s*\d{1,2}\s*[.,]\s*\d{1,2}\b")


def extract_free_text(section1: list[DocLine], section2: list[DocLine]) -> dict[str, str]:
    texts: dict[str, str] = {}
    uses = find_labelled_values(section1, _USE_LABEL)
    if uses:
        texts["recommended_use"] = uses[0].value[:500]
    for position, line in enumerate(section2):
        if _OTHER_HAZARDS.match(line.text):
            body: list[str] = []
            for following in section2[position + 1 : position + 8]:
                if _SUBSECTION.match(following.text):
                    break
                body.append(following.text.strip())
            if body:
                texts["other_hazards"] = " ".join(body)[:800]
            break
    return texts
