"""The hand-compiled table of real chemicals the synthetic products are made of (chemicals.csv)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Chemical:
    """A real chemical with its identifiers, CLP hazard codes and transport/physical data."""

    key: str
    names: dict[str, str]
    cas: str
    ec: str
    h_codes: tuple[str, ...]
    classification_source: str
    group: str
    state: str
    un_number: str | None
    transport_class: str | None
    packing_group: str | None
    shipping_name: str | None
    flash_point_c: float | None
    boiling_point_c: float | None
    density_g_cm3: float | None

    def name(self, language: str) -> str:
        """The chemical's name in the language, falling back to English."""
        return self.names.get(language) or self.names["en"]


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _text(text: str) -> str | None:
    return text.strip() or None


@cache
def load_chemicals() -> tuple[Chemical, ...]:
    """Read msds/synth/chemicals.csv."""
    text = resources.files("msds.synth").joinpath("chemicals.csv").read_text(encoding="utf-8")
    chemicals = []
    for row in csv.DictReader(io.StringIO(text)):
        chemicals.append(
            Chemical(
                key=row["key"],
                names={
                    lang: row[f"name_{lang}"]
                    for lang in ("en", "de", "fr", "es", "pt")
                    if row[f"name_{lang}"]
                },
                cas=row["cas"],
                ec=row["ec"],
                h_codes=tuple(row["h_codes"].split()),
                classification_source=row["classification_source"],
                group=row["group"],
                state=row["state"],
                un_number=_text(row["un_number"]),
                transport_class=_text(row["transport_class"]),
                packing_group=_text(row["packing_group"]),
                shipping_name=_text(row["shipping_name"]),
                flash_point_c=_number(row["flash_point_c"]),
                boiling_point_c=_number(row["boiling_point_c"]),
                density_g_cm3=_number(row["density_g_cm3"]),
            )
        )
    return tuple(chemicals)


def chemical_by_key(key: str) -> Chemical:
    """Look a chemical up by its key (e.g. "acetone")."""
    for chemical in load_chemicals():
        if chemical.key == key:
            return chemical
    raise KeyError(key)
