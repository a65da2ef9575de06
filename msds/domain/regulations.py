"""Which regulation a sheet is written under, from what it cites."""

from __future__ import annotations

import re

# The EU's REACH and CLP regulations (and the amending ones sheets cite in their place), by number or name, or
# a printed EUH code: a sheet citing none of them in its title block, Section 1 or Section 2 is not written
# under CLP (an OSHA HazCom sheet cites 29 CFR 1910.1200, a Brazilian one ABNT NBR 14725, a Korean one the
# MoEL notice).
_EU_CLP = re.compile(
    r"1907\s*/\s*2006|1272\s*/\s*2008|2020\s*/\s*878|2015\s*/\s*830|453\s*/\s*2010|\bCLP\b|\bREACH\b|"
    r"\bEUH\s?\d{3}\b|\bGHS/CLP\b",
    re.IGNORECASE,
)


def cites_eu_clp(text: str) -> bool:
    """Whether the text cites the EU's REACH or CLP regulation, or prints an EUH code."""
    return bool(_EU_CLP.search(text))
