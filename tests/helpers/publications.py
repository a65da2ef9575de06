"""Published records made by hand for the search and analytics tests: a few raw materials that differ in the
values a compliance officer searches by."""

from __future__ import annotations

from models.document import DocumentStatus
from models.publication import Publication
from models.record import (
    Component,
    Extracted,
    Pictogram,
    PictogramSource,
    SdsRecord,
    Statement,
    Translated,
    TranslationMethod,
)

HAZARD_TEXTS = {
    "H225": "Highly flammable liquid and vapour.",
    "H315": "Causes skin irritation.",
    "H319": "Causes serious eye irritation.",
    "H336": "May cause drowsiness or dizziness.",
    "H290": "May be corrosive to metals.",
    "H314": "Causes severe skin burns and eye damage.",
    "EUH066": "Repeated exposure may cause skin dryness or cracking.",
}


def publication(
    seed: str,
    *,
    product: str,
    supplier: str = "ACME Chemie GmbH",
    revision: str | None = "2023-05-01",
    h_codes: tuple[str, ...] = ("H225",),
    p_codes: tuple[str, ...] = ("P210",),
    components: tuple[tuple[str, str], ...] = (("Aceton", "67-64-1"),),
    pictograms: tuple[str, ...] = ("GHS02",),
    signal_word: str | None = "Danger",
    language: str = "de",
    status: DocumentStatus = DocumentStatus.ACCEPTED,
    supplier_ids: tuple[str, ...] = (),
    other_hazards: str | None = None,
    original: str | None = None,
    supplier_country: str | None = None,
    version: str | None = None,
    un_number: str | None = None,
) -> Publication:
    """A published record whose document id is ``seed`` repeated to 64 characters. ``other_hazards`` is a
    free text in English, ``original`` its text in the sheet's language (else the English marked with the
    language)."""
    free_text = {}
    if other_hazards or original:
        free_text["other_hazards"] = Translated(
            original=original or f"[{language}] {other_hazards}",
            language=language,
            english=other_hazards or "",
            method=TranslationMethod.ENGINE,
        )

    def extracted(value: str | None) -> Extracted[str] | None:
        return Extracted[str](value=value, confidence=0.9) if value else None

    record = SdsRecord(
        document_id=(seed * 64)[:64],
        file_name=f"{product.lower().replace(' ', '_')}.pdf",
        language=language,
        pages=3,
        product_name=Extracted[str](value=product, confidence=0.95),
        supplier_name=Extracted[str](value=supplier, confidence=0.9),
        supplier_country=extracted(supplier_country),
        version=extracted(version),
        un_number=extracted(un_number),
        revision_date=Extracted[str](value=revision, confidence=0.9) if revision else None,
        signal_word=Extracted[str](value=signal_word, confidence=0.95) if signal_word else None,
        hazard_statements=[
            Statement(code=code, text_en=HAZARD_TEXTS.get(code), confidence=0.99) for code in h_codes
        ],
        precautionary_statements=[Statement(code=code, confidence=0.9) for code in p_codes],
        pictograms=[
            Pictogram(code=code, source=PictogramSource.BOTH, confidence=0.97) for code in pictograms
        ],
        components=[
            Component(name=name, cas=cas, concentration="10-20 %", cas_check_ok=True)
            for name, cas in components
        ],
        free_text=free_text,
        needs_review=status == DocumentStatus.NEEDS_REVIEW,
    )
    return Publication(record=record, status=status, supplier_ids=list(supplier_ids))


def acetone(**changes: object) -> Publication:
    values: dict[str, object] = {
        "product": "Aceton rein",
        "h_codes": ("H225", "H319", "H336", "EUH066"),
        "components": (("Aceton", "67-64-1"),),
        "pictograms": ("GHS02", "GHS07"),
        "supplier_ids": ("supplier-1",),
        "other_hazards": "Vapours can form explosive mixtures with air.",
    }
    values.update(changes)
    return publication("a", **values)  # type: ignore[arg-type]


def ethanol(**changes: object) -> Publication:
    values: dict[str, object] = {
        "product": "Ethanol absolut",
        "supplier": "Nordic Solvents AB",
        "revision": "2024-02-10",
        "h_codes": ("H225", "H319"),
        "components": (("Ethanol", "64-17-5"),),
        "pictograms": ("GHS02", "GHS07"),
        "language": "en",
        "supplier_ids": ("supplier-2",),
    }
    values.update(changes)
    return publication("b", **values)  # type: ignore[arg-type]


def sulfuric_acid(**changes: object) -> Publication:
    values: dict[str, object] = {
        "product": "Schwefelsäure 96 %",
        "revision": None,
        "h_codes": ("H290", "H314"),
        "p_codes": ("P280", "P301+P330+P331"),
        "components": (("Schwefelsäure", "7664-93-9"),),
        "pictograms": ("GHS05",),
        "supplier_ids": ("supplier-1",),
    }
    values.update(changes)
    return publication("c", **values)  # type: ignore[arg-type]


def three_raw_materials() -> list[Publication]:
    return [acetone(), ethanol(), sulfuric_acid()]
