"""Random but plausible products (substances and 2-4 component mixtures) made of the chemicals table."""

from __future__ import annotations

import random
from dataclasses import dataclass

from msds.synth import hazards
from msds.synth.chemicals import Chemical, chemical_by_key
from msds.synth.phrases import GRADES, PRODUCT_TYPE_NAMES, pick


@dataclass(frozen=True)
class Component:
    """One ingredient: its exact share (% w/w), how Section 3 prints it, and whether Section 3 lists it."""

    chemical: Chemical
    concentration: float
    listed: bool


@dataclass(frozen=True)
class Transport:
    """Section 14 data (first mode, ADR)."""

    un_number: str
    shipping_name: str
    hazard_class: str
    packing_group: str | None


@dataclass(frozen=True)
class Product:
    """A synthetic product with the hazard data its SDS must show."""

    name: str
    product_type: str
    use_key: str
    is_substance: bool
    components: tuple[Component, ...]
    state: str
    h_codes: tuple[str, ...]
    component_h_codes: tuple[str, ...]
    p_codes: tuple[str, ...]
    pictograms: tuple[str, ...]
    signal_word: str | None
    flash_point_c: float | None
    boiling_point_c: float | None
    density: float | None
    transport: Transport | None
    colour: str
    odour: str
    product_code: str


@dataclass(frozen=True)
class _Recipe:
    product_type: str
    use_key: str
    main: tuple[tuple[str, float, float], ...]
    extras: tuple[tuple[str, float, float], ...]
    max_extras: int
    water: bool
    state: str


RECIPES: tuple[_Recipe, ...] = (
    _Recipe(
        "thinner",
        "solvent",
        (
            ("acetone", 30, 70),
            ("toluene", 30, 70),
            ("xylene", 30, 80),
            ("ethyl_acetate", 30, 70),
            ("butyl_acetate", 30, 80),
            ("butanone", 30, 70),
        ),
        (
            ("ethanol", 5, 25),
            ("isopropanol", 5, 25),
            ("n_butanol", 3, 15),
            ("ethylbenzene", 1, 15),
            ("methanol", 1, 10),
            ("butoxyethanol", 2, 10),
            ("acetone", 5, 25),
            ("ethyl_acetate", 5, 25),
        ),
        3,
        False,
        "liquid",
    ),
    _Recipe(
        "degreaser",
        "cleaner",
        (
            ("n_heptane", 40, 80),
            ("cyclohexane", 30, 70),
            ("limonene", 30, 90),
            ("tetrachloroethylene", 50, 95),
            ("dichloromethane", 50, 95),
            ("isopropanol", 40, 80),
        ),
        (("butoxyethanol", 2, 15), ("isopropanol", 5, 20), ("n_hexane", 1, 10), ("ethanol", 5, 20)),
        2,
        False,
        "liquid",
    ),
    _Recipe(
        "acid_cleaner",
        "cleaner",
        (
            ("hydrochloric_acid", 5, 30),
            ("phosphoric_acid", 10, 40),
            ("sulfuric_acid", 5, 35),
            ("acetic_acid", 5, 60),
            ("citric_acid", 5, 20),
        ),
        (("isopropanol", 1, 5), ("glycerol", 1, 5), ("citric_acid", 1, 8)),
        2,
        True,
        "liquid",
    ),
    _Recipe(
        "alkaline_cleaner",
        "cleaner",
        (("sodium_hydroxide", 2, 30), ("potassium_hydroxide", 2, 30), ("ammonia_solution", 3, 25)),
        (("butoxyethanol", 1, 10), ("sodium_carbonate", 1, 10), ("isopropanol", 1, 5)),
        2,
        True,
        "liquid",
    ),
    _Recipe(
        "disinfectant",
        "disinfectant",
        (("sodium_hypochlorite", 2, 15), ("hydrogen_peroxide", 3, 35)),
        (("sodium_hydroxide", 0.5, 2),),
        1,
        True,
        "liquid",
    ),
    _Recipe(
        "antifreeze", "antifreeze", (("ethylene_glycol", 30, 95),), (("glycerol", 1, 10),), 1, True, "liquid"
    ),
    _Recipe(
        "additive",
        "additive",
        (
            ("copper_sulfate", 20, 90),
            ("zinc_oxide", 20, 90),
            ("sodium_carbonate", 20, 90),
            ("sodium_nitrite", 20, 60),
        ),
        (("sodium_chloride", 5, 40), ("sodium_bicarbonate", 5, 40), ("sodium_carbonate", 5, 30)),
        2,
        False,
        "solid",
    ),
    _Recipe("fixative", "laboratory", (("formaldehyde", 5, 37),), (("methanol", 1, 15),), 1, True, "liquid"),
)

BRAND_HEADS = (
    "Solva",
    "Kleen",
    "Nitro",
    "Poly",
    "Aqua",
    "Ferro",
    "Hydro",
    "Ultra",
    "Deco",
    "Chemo",
    "Lumo",
    "Vero",
    "Cryo",
    "Terra",
    "Orbi",
    "Zeta",
)
BRAND_TAILS = ("sol", "tex", "lin", "dur", "clean", "fix", "prep", "mat", "san", "lux", "ton", "vit")
BRAND_MARKS = ("", " 200", " X3", " Plus", " Forte", " 55", " HD", " 7", " Pro", " 1000")


def sample_product(rng: random.Random, chemicals: tuple[Chemical, ...], language: str) -> Product:
    """A substance (about a third) or a mixture built from one of the recipes."""
    if rng.random() < 0.35:
        candidates = [c for c in chemicals if c.key != "water"]
        return _substance(rng, rng.choice(candidates), language)
    return _mixture(rng, rng.choice(RECIPES), language)


def _substance(rng: random.Random, chemical: Chemical, language: str) -> Product:
    h_codes = hazards.sort_codes(chemical.h_codes)
    pictograms, signal = hazards.label_elements(h_codes)
    name = (
        f"{chemical.name(language)} {rng.choice(GRADES[language])}"
        if rng.random() < 0.7
        else chemical.name(language)
    )
    use_key = "gas" if chemical.state == "gas" else rng.choice(("laboratory", "solvent", "intermediate"))
    if chemical.group not in ("solvent", "chlorinated") and use_key == "solvent":
        use_key = "intermediate"
    transport = None
    if chemical.un_number and chemical.shipping_name and chemical.transport_class:
        transport = Transport(
            chemical.un_number, chemical.shipping_name, chemical.transport_class, chemical.packing_group
        )
    return Product(
        name=name,
        product_type="substance",
        use_key=use_key,
        is_substance=True,
        components=(Component(chemical, 100.0, True),),
        state=chemical.state,
        h_codes=tuple(h_codes),
        component_h_codes=tuple(h_codes),
        p_codes=tuple(hazards.choose_p_codes(h_codes, rng)),
        pictograms=tuple(pictograms),
        signal_word=signal,
        flash_point_c=chemical.flash_point_c,
        boiling_point_c=chemical.boiling_point_c,
        density=chemical.density_g_cm3,
        transport=transport,
        colour=_colour(chemical),
        odour="odourless"
        if chemical.group in ("salt", "gas", "water")
        else rng.choice(("characteristic", "pungent")),
        product_code=f"{rng.randint(100000, 999999)}",
    )


def _colour(chemical: Chemical) -> str:
    if chemical.key == "copper_sulfate":
        return "blue"
    if chemical.key == "potassium_permanganate":
        return "violet"
    return "white" if chemical.state == "solid" else "colourless"


def _mixture(rng: random.Random, recipe: _Recipe, language: str) -> Product:
    main_key, low, high = rng.choice(recipe.main)
    parts: list[tuple[Chemical, float]] = [(chemical_by_key(main_key), round(rng.uniform(low, high), 1))]
    extras = [e for e in recipe.extras if e[0] != main_key]
    rng.shuffle(extras)
    for key, e_low, e_high in extras[: rng.randint(1, recipe.max_extras)]:
        parts.append((chemical_by_key(key), round(rng.uniform(e_low, e_high), 1)))
    total = sum(share for _, share in parts)
    if recipe.water:
        if total > 95:
            parts = [(c, round(s * 90 / total, 1)) for c, s in parts]
        parts.append((chemical_by_key("water"), round(100 - sum(s for _, s in parts), 1)))
    else:
        parts = [(c, round(s * 100 / total, 1)) for c, s in parts]
    components = tuple(Component(c, s, listed=bool(c.h_codes) or rng.random() < 0.45) for c, s in parts)
    name = f"{rng.choice(BRAND_HEADS)}{rng.choice(BRAND_TAILS)}{rng.choice(BRAND_MARKS)}"
    if rng.random() < 0.6:
        name = f"{name} {pick(PRODUCT_TYPE_NAMES[recipe.product_type], language)}"
    return mixture_product(rng, name, components, recipe.product_type, recipe.use_key, recipe.state)


def substance_product(rng: random.Random, key: str, language: str) -> Product:
    """A substance sheet's product for the chemical ``key`` (e.g. "acetone")."""
    return _substance(rng, chemical_by_key(key), language)


def mixture_product(
    rng: random.Random,
    name: str,
    components: tuple[Component, ...],
    product_type: str,
    use_key: str,
    state: str,
) -> Product:
    """A mixture of the given components with the hazard data its sheet must show."""
    contributed: set[str] = set()
    for component in components:
        contributed |= hazards.codes_for_component(component.chemical.h_codes, component.concentration)
    flash_point, boiling_point = _mixture_flash_point(components)
    flammable = hazards.flammability_code(flash_point, boiling_point) if state == "liquid" else None
    if flammable:
        contributed.add(flammable)
    h_codes = hazards.consolidate(contributed)
    pictograms, signal = hazards.label_elements(h_codes)
    component_codes = hazards.sort_codes(
        code for component in components if component.listed for code in component.chemical.h_codes
    )
    recipe = next((r for r in RECIPES if r.product_type == product_type), RECIPES[0])
    return Product(
        name=name,
        product_type=product_type,
        use_key=use_key,
        is_substance=False,
        components=components,
        state=state,
        h_codes=tuple(h_codes),
        component_h_codes=tuple(component_codes),
        p_codes=tuple(hazards.choose_p_codes(h_codes, rng)),
        pictograms=tuple(pictograms),
        signal_word=signal,
        flash_point_c=flash_point,
        boiling_point_c=boiling_point,
        density=round(sum(c.concentration * (c.chemical.density_g_cm3 or 1.0) for c in components) / 100, 2),
        transport=_mixture_transport(recipe, components, h_codes),
        colour=rng.choice(("colourless", "yellowish", "blue")) if state == "liquid" else "white",
        odour=rng.choice(("characteristic", "pungent", "odourless")),
        product_code=f"{rng.choice('ABCDEFGHKLMNPRS')}{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
    )


def _mixture_flash_point(components: tuple[Component, ...]) -> tuple[float | None, float | None]:
    flammable = [
        c
        for c in components
        if c.chemical.flash_point_c is not None
        and c.concentration >= 5
        and any(code in hazards.FLAMMABILITY for code in c.chemical.h_codes)
    ]
    water = sum(c.concentration for c in components if c.chemical.key == "water")
    if flammable:
        lowest = min(flammable, key=lambda c: c.chemical.flash_point_c or 0.0)
        share = sum(c.concentration for c in flammable)
        flash_point = (lowest.chemical.flash_point_c or 0.0) + max(0.0, 60.0 - share) * 0.6
        return round(flash_point), lowest.chemical.boiling_point_c
    if water >= 30:
        return None, None
    with_flash_point = [c.chemical.flash_point_c for c in components if c.chemical.flash_point_c is not None]
    return (min(with_flash_point), None) if with_flash_point else (None, None)


def _mixture_transport(
    recipe: _Recipe, components: tuple[Component, ...], h_codes: list[str]
) -> Transport | None:
    codes = set(hazards.split_codes(h_codes))
    main = components[0].chemical
    toxic = bool(codes & {"H300", "H301", "H310", "H311", "H330", "H331"})
    flammable = bool(codes & set(hazards.FLAMMABILITY))
    if flammable:
        group = "III" if "H226" in codes else "II"
        if "H314" in codes:
            return Transport("UN2924", "FLAMMABLE LIQUID, CORROSIVE, N.O.S.", "3 (8)", "II")
        if toxic:
            return Transport("UN1992", "FLAMMABLE LIQUID, TOXIC, N.O.S.", "3 (6.1)", "II")
        if recipe.product_type == "thinner":
            return Transport("UN1263", "PAINT RELATED MATERIAL", "3", group)
        return Transport("UN1993", "FLAMMABLE LIQUID, N.O.S.", "3", group)
    if "H314" in codes:
        if main.key == "sodium_hypochlorite":
            return Transport("UN1791", "HYPOCHLORITE SOLUTION", "8", "III")
        if main.key == "formaldehyde":
            return Transport("UN2209", "FORMALDEHYDE SOLUTION", "8", "III")
        if main.group == "base":
            return Transport("UN1719", "CAUSTIC ALKALI LIQUID, N.O.S.", "8", "II")
        return Transport("UN1760", "CORROSIVE LIQUID, N.O.S.", "8", "II")
    if toxic:
        if recipe.state == "solid":
            return Transport("UN2811", "TOXIC SOLID, ORGANIC, N.O.S.", "6.1", "III")
        return Transport("UN2810", "TOXIC LIQUID, ORGANIC, N.O.S.", "6.1", "III")
    if "H272" in codes and recipe.state == "solid":
        return Transport("UN1479", "OXIDIZING SOLID, N.O.S.", "5.1", "III")
    if codes & {"H400", "H410", "H411"}:
        if recipe.state == "solid":
            return Transport("UN3077", "ENVIRONMENTALLY HAZARDOUS SUBSTANCE, SOLID, N.O.S.", "9", "III")
        return Transport("UN3082", "ENVIRONMENTALLY HAZARDOUS SUBSTANCE, LIQUID, N.O.S.", "9", "III")
    return None
