"""The 16 sections of a synthetic SDS as layout-neutral blocks; layouts.py turns them into PDF pages.

Blocks carry tags ("h:H225", "cas:67-64-1", "section:3" ...) so the renderer can report on which page each
labelled fact landed (needed for labels of first-page-only scans).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from msds.synth import hazards
from msds.synth.documents import DocumentSpec
from msds.synth.phrases import (
    COLOURS,
    COUNTRY_NAMES,
    IDENTIFIED_USES,
    NATIONAL_NOTES,
    ODOURS,
    PICTOGRAM_NAMES,
    SECTION_TEXT,
    STATES,
    SUBSECTIONS,
    format_date,
    pick,
    term,
)
from msds.synth.products import Component, Product
from msds.synth.reference import hazard_statements, precautionary_statements, signal_words


@dataclass(frozen=True)
class Heading:
    section: int


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Text:
    text: str
    tags: tuple[str, ...] = ()
    bold: bool = False


@dataclass(frozen=True)
class StatementList:
    """Statements to print; kind "label" follows the layout's style, "full_text" always prints code + text."""

    title: str
    items: tuple[tuple[str, str], ...]
    tag_prefix: str | None
    kind: str = "label"


@dataclass(frozen=True)
class Pictograms:
    codes: tuple[str, ...]
    as_images: bool
    render: str
    names_line: str | None
    captions: tuple[str, ...] | None


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_tags: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Signature:
    label: str
    name_line: str
    seed: int


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Subheading | Field | Text | StatementList | Pictograms | Table | Signature | PageBreak

SIGNATORIES = (
    "Dr. J. Weber",
    "M. Laurent",
    "A. Fernández",
    "R. Costa",
    "S. Hughes",
    "Dr. K. Brandt",
    "L. Moreau",
)


def build_blocks(spec: DocumentSpec) -> list[Block]:
    """All blocks of the document in reading order."""
    rng = random.Random(spec.seed)
    blocks: list[Block] = []
    builders = {1: _section_1, 2: _section_2, 3: _section_3, 9: _section_9, 14: _section_14, 16: _section_16}
    for section in range(1, 17):
        if section in spec.page_breaks:
            blocks.append(PageBreak())
        blocks.append(Heading(section))
        builder = builders.get(section)
        if builder is not None:
            blocks.extend(builder(spec, rng))
        else:
            blocks.extend(_free_text(spec, section, rng))
    return blocks


def printed_date(spec: DocumentSpec) -> str:
    """The revision date as the document prints it."""
    return format_date(spec.revision_date, spec.date_style, spec.language)


def printed_h_codes(spec: DocumentSpec) -> list[str]:
    """The product's H/EUH codes as Section 2 prints them (acute-toxicity codes combined if so chosen)."""
    codes = list(spec.product.h_codes)
    return hazards.combine_acute_codes(codes) if spec.combine_acute else codes


def printed_p_code(spec: DocumentSpec, code: str) -> str:
    """A P-code with the document's way of joining combinations ("P301+P310" or "P301 + P310")."""
    return code.replace("+", spec.p_joiner)


def _section_1(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    product = spec.product
    supplier = spec.supplier
    blocks: list[Block] = [
        Subheading(f"1.1 {pick(SUBSECTIONS['1.1'], lang)}"),
        Field(term("product_name", lang), product.name, ("product",)),
    ]
    if product.is_substance:
        chemical = product.components[0].chemical
        blocks.append(Field(term("substance_name", lang), chemical.name(lang)))
        blocks.append(Field(term("cas_no", lang), chemical.cas, (f"cas:{chemical.cas}",)))
        blocks.append(Field(term("ec_no", lang), chemical.ec))
    blocks.append(Field(term("product_code", lang), product.product_code))
    blocks.append(Subheading(f"1.2 {pick(SUBSECTIONS['1.2'], lang)}"))
    blocks.append(Field(term("identified_uses", lang), pick(IDENTIFIED_USES[product.use_key], lang)))
    blocks.append(Text(term("uses_advised_against", lang)))
    blocks.append(Subheading(f"1.3 {pick(SUBSECTIONS['1.3'], lang)}"))
    role = term("supplier", lang) if rng.random() < 0.7 else term("manufacturer", lang)
    blocks.append(Field(role, supplier.name, ("supplier",)))
    blocks.append(Text(supplier.street))
    country_name = pick(COUNTRY_NAMES[supplier.country], lang)
    if rng.random() < 0.5:
        blocks.append(Text(f"{supplier.city_line}, {country_name}"))
    else:
        blocks.append(Text(supplier.city_line))
        blocks.append(Text(country_name))
    blocks.append(Field(term("telephone", lang), supplier.phone))
    blocks.append(Field(term("email", lang), supplier.email))
    blocks.append(Subheading(f"1.4 {pick(SUBSECTIONS['1.4'], lang)}"))
    hours = term("hours24", lang) if supplier.emergency_24h else term("office_hours", lang)
    if supplier.emergency_service:
        value = f"{supplier.emergency_phone} ({supplier.emergency_service}) {hours}"
    else:
        value = f"{supplier.emergency_phone} {hours}"
    blocks.append(Field(term("emergency", lang), value, ("emergency",)))
    if not spec.revision_in_header:
        blocks.append(Field(term("revision_date", lang), printed_date(spec), ("revision",)))
        blocks.append(Field(term("version", lang), spec.version, ("version",)))
    return blocks


def _classification_lines(spec: DocumentSpec) -> list[str]:
    lines = []
    for code in hazards.split_codes(spec.product.h_codes):
        category = hazards.category_label(code, spec.product.state)
        if category is None or code.startswith("EUH"):
            continue
        lines.append(category if spec.layout == "d" else f"{category}; {code}")
    return list(dict.fromkeys(lines))


def _section_2(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    product = spec.product
    blocks: list[Block] = [
        Subheading(f"2.1 {pick(SUBSECTIONS['2.1'], lang)}"),
        Text(term("classification_reg", lang), bold=True),
    ]
    if not product.h_codes:
        blocks.append(Text(term("not_classified", lang)))
    else:
        lines = _classification_lines(spec)
        if spec.layout in ("c", "d"):
            blocks.append(Text(", ".join(lines) if spec.layout == "d" else " - ".join(lines), ("hclass",)))
        else:
            blocks.extend(Text(line, ("hclass",)) for line in lines)
    blocks.append(Subheading(f"2.2 {pick(SUBSECTIONS['2.2'], lang)}"))
    blocks.append(Text(term("labelling_reg", lang), bold=True))
    if not product.h_codes:
        blocks.append(Field(term("pictograms", lang), term("not_required", lang)))
        blocks.append(Field(term("signal_word", lang), term("not_required", lang)))
    else:
        if product.pictograms:
            blocks.append(_pictogram_block(spec))
        if product.signal_word:
            word = signal_words()[lang][product.signal_word]
            blocks.append(Field(term("signal_word", lang), word, ("signal",)))
        codes = printed_h_codes(spec)
        h_items = [c for c in codes if not c.startswith("EUH")]
        euh_items = [c for c in codes if c.startswith("EUH")]
        texts = hazard_statements()
        if spec.euh_separate and spec.layout in ("a", "b") and euh_items:
            blocks.append(_statements(term("hazard_statements", lang), h_items, texts, lang, "h"))
            blocks.append(_statements(term("supplemental", lang), euh_items, texts, lang, "h"))
        else:
            blocks.append(_statements(term("hazard_statements", lang), h_items + euh_items, texts, lang, "h"))
        if product.p_codes:
            p_texts = precautionary_statements()
            items = tuple((printed_p_code(spec, c), p_texts[c][lang]) for c in product.p_codes)
            blocks.append(StatementList(term("precautionary_statements", lang), items, "p"))
        determining = [
            c.chemical.name(lang)
            for c in product.components
            if not product.is_substance and c.listed and c.chemical.h_codes
        ]
        if determining and rng.random() < 0.6:
            blocks.append(Field(term("hazard_components", lang), ", ".join(determining[:3])))
    blocks.append(Subheading(f"2.3 {pick(SUBSECTIONS['2.3'], lang)}"))
    blocks.append(Text(term("other_hazards_text", lang)))
    return blocks


def _statements(
    title: str, codes: list[str], texts: dict[str, dict[str, str]], lang: str, prefix: str
) -> StatementList:
    return StatementList(title, tuple((code, texts[code][lang]) for code in codes), prefix)


def _pictogram_block(spec: DocumentSpec) -> Pictograms:
    lang = spec.language
    codes = spec.product.pictograms
    names = PICTOGRAM_NAMES[lang]

    def named(code: str) -> str:
        if spec.pictogram_text_style == "code":
            return code
        if spec.pictogram_text_style == "name":
            return names[code]
        return f"{code} ({names[code]})"

    source = spec.pictogram_source
    as_images = source in ("image", "both")
    names_line = ", ".join(named(c) for c in codes) if source in ("text", "both") else None
    captions = tuple(named(c) for c in codes) if source == "both" and spec.layout in ("a", "b") else None
    if captions is not None:
        names_line = None
    return Pictograms(codes, as_images, spec.pictogram_render, names_line, captions)


def concentration_text(component: Component, rng: random.Random, language: str) -> str:
    """The concentration as Section 3 prints it: a range around the real share, or the share itself."""
    c = component.concentration
    decimal = "." if language == "en" else ","
    if c >= 100:
        return "≥ 99 %" if rng.random() < 0.5 else "100 %"
    bounds = (0.1, 1, 3, 5, 10, 15, 20, 25, 30, 50, 75, 90, 100)
    low = max((b for b in bounds if b <= c), default=0.1)
    high = min((b for b in bounds if b > c), default=100)

    def num(value: float) -> str:
        return f"{value:g}".replace(".", decimal)

    style = rng.randrange(4)
    if style == 0:
        return f"≥ {num(low)} – < {num(high)} %"
    if style == 1:
        return f"{num(low)} - {num(high)} %"
    if style == 2:
        return f"{num(low)}–{num(high)}%"
    return f"{num(round(c, 1))} %"


def _component_classification(codes: tuple[str, ...], state: str) -> str:
    parts = []
    for code in codes:
        category = hazards.category_label(code, state)
        parts.append(code if code.startswith("EUH") or category is None else f"{category}, {code}")
    return "; ".join(parts) if parts else "-"


def _section_3(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    product = spec.product
    header = (
        term("component", lang),
        f"{term('cas_no', lang)} / {term('ec_no', lang)}",
        term("concentration", lang),
        term("classification_short", lang),
    )
    rows = []
    tags = []
    components = sorted(product.components, key=lambda c: (c.chemical.key == "water", -c.concentration))
    for component in components:
        if not component.listed:
            continue
        chemical = component.chemical
        rows.append(
            (
                chemical.name(lang),
                f"{chemical.cas}\n{chemical.ec}",
                concentration_text(component, rng, lang),
                _component_classification(chemical.h_codes, chemical.state),
            )
        )
        tags.append((f"cas:{chemical.cas}",))
    number = "3.1" if product.is_substance else "3.2"
    blocks: list[Block] = [
        Subheading(f"{number} {pick(SUBSECTIONS[number], lang)}"),
        Table(header, tuple(rows), tuple(tags), (0.3, 0.2, 0.17, 0.33)),
    ]
    if any(not c.listed for c in product.components):
        blocks.append(Text(term("water_rest", lang)))
    return blocks


def fahrenheit(celsius: float) -> int:
    """°C to °F, rounded to a whole degree as SDS print it."""
    return round(celsius * 9 / 5 + 32)


def printed_flash_point(spec: DocumentSpec) -> tuple[str, float | None]:
    """The flash point text of Section 9 and the °C value a labeller reads from it."""
    lang = spec.language
    value = spec.product.flash_point_c
    if value is None:
        return term("not_applicable", lang), None
    decimal = "." if lang == "en" else ","
    celsius = f"{value:g}".replace(".", decimal)
    if spec.flash_unit == "F_C":
        return f"{fahrenheit(value)} °F ({celsius} °C)", value
    if spec.flash_unit == "F":
        f_value = fahrenheit(value)
        return f"{f_value} °F {term('closed_cup', lang)}", round((f_value - 32) * 5 / 9, 1)
    return f"{celsius} °C {term('closed_cup', lang)}", value


def _section_9(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    product = spec.product
    decimal = "." if lang == "en" else ","
    undetermined = term("not_determined", lang)
    boiling = (
        f"{product.boiling_point_c:g} °C".replace(".", decimal)
        if product.boiling_point_c is not None
        else undetermined
    )
    density = f"{product.density:.2f} g/cm³".replace(".", decimal) if product.density else undetermined
    flash_text, _ = printed_flash_point(spec)
    return [
        Subheading(f"9.1 {pick(SUBSECTIONS['9.1'], lang)}"),
        Field(term("physical_state", lang), pick(STATES[product.state], lang)),
        Field(term("colour", lang), pick(COLOURS[product.colour], lang)),
        Field(term("odour", lang), pick(ODOURS[product.odour], lang)),
        Field(term("ph", lang), undetermined if rng.random() < 0.6 else f"{rng.randint(1, 13)}"),
        Field(term("boiling_point", lang), boiling),
        Field(term("flash_point", lang), flash_text, ("flash",)),
        Field(term("density", lang), density),
    ]


def printed_un_number(spec: DocumentSpec) -> str | None:
    """The UN number as Section 14 prints it ("UN1090", "UN 1090" or "1090")."""
    if spec.product.transport is None:
        return None
    digits = spec.product.transport.un_number.removeprefix("UN")
    return {"UN1090": f"UN{digits}", "UN 1090": f"UN {digits}"}.get(spec.un_style, digits)


def _section_14(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    transport = spec.product.transport
    if transport is None:
        return [Text(term("not_dangerous_goods", lang))]
    blocks: list[Block] = [
        Subheading(f"14.1 {pick(SUBSECTIONS['14.1'], lang)}"),
        Field(term("un_number", lang), printed_un_number(spec) or "", ("un",)),
        Field(term("shipping_name", lang), transport.shipping_name),
        Field(term("transport_class", lang), transport.hazard_class),
    ]
    if transport.packing_group:
        blocks.append(Field(term("packing_group", lang), transport.packing_group))
    return blocks


def _section_16(spec: DocumentSpec, rng: random.Random) -> list[Block]:
    lang = spec.language
    product = spec.product
    changed = ", ".join(str(s) for s in sorted(rng.sample(range(1, 17), rng.randint(1, 4))))
    blocks: list[Block] = [Text(term("changes", lang).format(s=changed))]
    if product.component_h_codes:
        texts = hazard_statements()
        items = tuple((code, texts[code][lang]) for code in product.component_h_codes)
        blocks.append(StatementList(term("full_text_h", lang), items, None, kind="full_text"))
    for sentence in SECTION_TEXT[16][: max(1, spec.verbosity - 1)]:
        blocks.append(Text(pick(sentence, lang)))
    blocks.append(Field(term("prepared_by", lang), term("product_safety", lang)))
    if spec.has_signature:
        blocks.append(Signature(term("signature", lang), rng.choice(SIGNATORIES), spec.seed))
    return blocks


def _free_text(spec: DocumentSpec, section: int, rng: random.Random) -> list[Block]:
    sentences = SECTION_TEXT.get(section, ())
    count = min(len(sentences), spec.verbosity + 1)
    blocks: list[Block] = [Text(pick(s, spec.language)) for s in sentences[:count]]
    if section == 15 and spec.language in NATIONAL_NOTES:
        blocks.append(Text(NATIONAL_NOTES[spec.language]))
    return blocks


def product_summary(product: Product) -> str:
    """A short description for label notes."""
    if product.is_substance:
        return f"substance {product.components[0].chemical.key}"
    parts = ", ".join(f"{c.chemical.key} {c.concentration:g}%" for c in product.components)
    return f"{product.product_type} mixture ({parts})"
