"""Section 11: acute toxicity values (LD50, LC50, ATE) with their route, species, duration and the component
they are given for, in the languages the product reads ("LD50 oral (rat): 5800 mg/kg", "DL50 oral rato:
> 2000 mg/kg", "LC50 Inhalation Ratte 4 h: 76 mg/l", "ATE (dermal): 1100 mg/kg").

A value belongs to the component last named (by CAS number or name) above it in the section; values after a
mention of the mixture, or with no component named, belong to the product (``component_* = None``).
"""

from __future__ import annotations

import re

from models.composition import (
    AcuteToxicityValue,
    ExposureRoute,
    InhalationForm,
    ToxicityMeasure,
)
from models.record import Component
from msds.domain.identifiers import find_cas_numbers
from msds.services.document_lines import DocLine

_MEASURE = re.compile(
    r"(?<![A-Za-z])(?P<m>L\s?D\s?50|L\s?D₅₀|D\s?L\s?50|L\s?C\s?50|L\s?C₅₀|C\s?L\s?50|ATE(?:\s?mix)?|ETA|ETA\s?mix)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_VALUE = re.compile(
    r"(?P<q>>=|<=|≥|≤|>|<|=|ca\.?|approx\.?)?\s*(?P<n>\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s*"
    r"(?P<u>mg\s*/\s*kg|g\s*/\s*kg|mg\s*/\s*l|mg\s*/\s*L|mg\s*/\s*m\s*(?:3|³)|ppm(?:V)?|ml\s*/\s*kg|µl\s*/\s*kg)",
)
_ROUTES = (
    (
        ExposureRoute.INHALATION,
        re.compile(
            r"(?i)inhal|einatm|inala[çc]|inhalaci|inspir|respirat|\bvapou?r|dampf|dust|staub|\bmist\b|nebel|aerosol"
        ),
    ),
    (ExposureRoute.DERMAL, re.compile(r"(?i)derm|cut[aâ]ne|\bhaut\b|\bskin\b|percut|pele\b|\bpiel\b")),
    (ExposureRoute.ORAL, re.compile(r"(?i)\boral|\bper\s*os|ingest|verschluck|degluti|ingesti")),
)
_SPECIES = (
    ("rat", re.compile(r"(?i)\brat(?:s|te|ten|to|tos|a|as|to)?\b|\bratto\b")),
    ("rabbit", re.compile(r"(?i)rabbit|kaninchen|lapin|coelho|conejo|coniglio")),
    ("mouse", re.compile(r"(?i)\bmouse\b|\bmice\b|\bmaus\b|souris|camundongo|rat[óo]n|\btopo\b")),
    ("guinea pig", re.compile(r"(?i)guinea\s*pig|meerschweinchen|cobaye|cobaia|cobaya")),
)
_DURATION = re.compile(r"(?i)(?P<n>\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours|std|stunden|heures|horas|ore)\b")
_FORMS = (
    (
        InhalationForm.DUST_MIST,
        re.compile(r"(?i)dust|mist|staub|nebel|aerosol|poussi|brouillard|poeira|n[ée]voa|polvo"),
    ),
    (InhalationForm.VAPOUR, re.compile(r"(?i)vapou?r|dampf|vapeur")),
    (InhalationForm.GAS, re.compile(r"(?i)\bgas\b|\bgaz\b")),
)
_MIXTURE = re.compile(
    r"(?i)\b(?:product|produkt|produit|produto|producto|prodotto|mixture|gemisch|mélange|mistura|mezcla|miscela)\b"
)


def extract_acute_toxicity(section11: list[DocLine], components: list[Component]) -> list[AcuteToxicityValue]:
    """Every LD50/LC50/ATE value of Section 11 with its route, species and component."""
    values: list[AcuteToxicityValue] = []
    named = [(c, (c.name or "").lower()) for c in components if c.name and len(c.name) >= 4]
    by_cas = {c.cas: c for c in components if c.cas}
    current: Component | None = None
    route_context: ExposureRoute | None = None
    for index, line in enumerate(section11):
        text = line.text
        for match in find_cas_numbers(text):
            if match.value in by_cas:
                current = by_cas[match.value]
        lowered = text.lower()
        for component, name in named:
            if name in lowered:
                current = component
        if _MIXTURE.search(text) and not find_cas_numbers(text):
            current = None
        heading_route = _route(text)
        measures = list(_MEASURE.finditer(text))
        if not measures:
            if heading_route is not None:
                route_context = heading_route
            continue
        for number, measure in enumerate(measures):
            end = measures[number + 1].start() if number + 1 < len(measures) else len(text)
            window = text[measure.start() : end]
            value = _VALUE.search(window)
            context = window
            if value is None and number + 1 == len(measures) and index + 1 < len(section11):
                following = section11[index + 1].text
                if not _MEASURE.search(following):
                    context = window + " " + following
                    value = _VALUE.search(context)
            if value is None:
                continue
            found = _value(measure.group("m"), value, context, text, route_context, current)
            if found is not None:
                found.evidence = [line.evidence(section=11)]
                values.append(found)
    return _unique(values)


def _route(text: str) -> ExposureRoute | None:
    for route, pattern in _ROUTES:
        if pattern.search(text):
            return route
    return None


def _number(text: str) -> float:
    text = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def _value(
    raw_measure: str,
    value: re.Match[str],
    window: str,
    line: str,
    route_context: ExposureRoute | None,
    component: Component | None,
) -> AcuteToxicityValue | None:
    folded = re.sub(r"\s", "", raw_measure).upper().replace("₅₀", "50")
    unit = re.sub(r"\s", "", value.group("u")).replace("³", "3")
    if folded.startswith(("LC", "CL")):
        measure = ToxicityMeasure.LC50
    elif folded.startswith(("LD", "DL")):
        measure = ToxicityMeasure.LD50
    else:
        measure = ToxicityMeasure.ATE
    route = _route(window.replace(raw_measure, " ")) or _route(line)
    inhalation_unit = unit.lower().startswith(("mg/l", "mg/m3", "ppm"))
    if route is None:
        if measure is ToxicityMeasure.LC50 or inhalation_unit:
            route = ExposureRoute.INHALATION
        else:
            route = route_context
    if route is None:
        return None
    if route is ExposureRoute.INHALATION and not inhalation_unit:
        return None
    if route is not ExposureRoute.INHALATION and inhalation_unit:
        return None
    try:
        amount = _number(value.group("n"))
    except ValueError:
        return None
    if amount <= 0:
        return None
    qualifier = {"≥": ">", ">=": ">", "≤": "<", "<=": "<", "=": ""}.get(
        value.group("q") or "", value.group("q") or ""
    )
    if qualifier.startswith(("ca", "approx")):
        qualifier = ""
    species = next((name for name, pattern in _SPECIES if pattern.search(window)), None)
    duration = _DURATION.search(window)
    form = None
    if route is ExposureRoute.INHALATION:
        form = InhalationForm.GAS if unit.lower().startswith("ppm") else None
        form = form or next((f for f, pattern in _FORMS if pattern.search(window)), None)
    aggregated = folded.endswith("MIX")
    return AcuteToxicityValue(
        measure=measure,
        route=route,
        value=amount,
        unit=unit,
        qualifier=qualifier,
        species=species,
        duration_hours=_number(duration.group("n"))
        if duration and route is ExposureRoute.INHALATION
        else None,
        inhalation_form=form,
        component_name=None if aggregated or component is None else component.name,
        component_cas=None if aggregated or component is None else component.cas,
        printed=" ".join(window.split())[:200],
        confidence=0.85 if species or measure is ToxicityMeasure.ATE else 0.75,
    )


def _unique(values: list[AcuteToxicityValue]) -> list[AcuteToxicityValue]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for value in values:
        key = (
            value.measure,
            value.route,
            value.value,
            value.qualifier,
            value.component_cas,
            value.component_name,
        )
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
