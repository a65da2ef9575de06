"""Hazards a national rule defines without a GHS hazard statement code.

The US Hazard Communication Standard (29 CFR 1910.1200, Appendix C) and Canada's WHMIS give combustible dust
and simple asphyxiants a signal word ("Warning") and a statement of their own, with no H code:
"May form combustible dust concentrations in air", "May displace oxygen and cause rapid suffocation". A
label that prints one of them has a hazard statement, though no code.
"""

from __future__ import annotations

import re

_DEFINED = (
    (
        "combustible dust",
        re.compile(
            r"may\s+form\s+(?:combustible\s+dust\s+concentrations\s+in\s+air|explosible\s+dust[\s-]+air\s+mixtures?)",
            re.IGNORECASE,
        ),
    ),
    (
        "simple asphyxiant",
        re.compile(r"may\s+displace\s+oxygen\s+and\s+cause\s+rapid\s+suffocation", re.IGNORECASE),
    ),
)


def defined_hazard_in(text: str) -> str | None:
    """The name of the code-less hazard whose statement the text prints, else None."""
    return next((name for name, pattern in _DEFINED if pattern.search(text)), None)
