"""Which regulation a sheet is written under, from what it cites."""

from __future__ import annotations

import re

# The EU's CLP regulation (and REACH's Annex II as amended for the SDS format, which only an EU sheet
# cites), by number or name, or a printed EUH code.
_EU_CLP = re.compile(
    r"1272\s*/\s*2008|2020\s*/\s*878|2015\s*/\s*830|453\s*/\s*2010|\bCLP\b|\bEUH\s?\d{3}\b",
    re.IGNORECASE,
)
# REACH itself: an EU sheet cites it in its title ("according to Regulation (EC) No 1907/2006"), but a North
# American sheet may name it in passing ("only to be used as intermediate according to REACH").
_REACH = re.compile(r"1907\s*/\s*2006|\bREACH\b", re.IGNORECASE)
# The North American hazard communication rules a sheet written under them cites.
_NORTH_AMERICAN = re.compile(
    r"29\s*CFR\s*(?:§\s*)?1910\.?\s*1200|\bOSHA\b|\bHazCom\b|Hazard\s+Communication\s+Standard|\bWHMIS\b|"
    r"Hazardous\s+Products\s+Regulations",
    re.IGNORECASE,
)


def cites_eu_clp(text: str) -> bool:
    """Whether the text cites the EU's CLP regulation or prints an EUH code, or cites REACH without citing
    the North American hazard communication rules (a sheet citing none of them is not written under CLP: an
    OSHA HazCom sheet cites 29 CFR 1910.1200, a Brazilian one ABNT NBR 14725, a Korean one the MoEL
    notice)."""
    if _EU_CLP.search(text):
        return True
    return bool(_REACH.search(text)) and not _NORTH_AMERICAN.search(text)
