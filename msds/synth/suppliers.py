"""Fictitious suppliers with country-typical legal forms, addresses and phone numbers."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Supplier:
    """Section 1.3/1.4 data as printed."""

    name: str
    street: str
    city_line: str
    country: str
    phone: str
    email: str
    emergency_phone: str
    emergency_service: str | None
    emergency_24h: bool


COUNTRIES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("GB", "GB", "IE", "US", "NL"),
    "de": ("DE", "DE", "DE", "AT", "CH"),
    "fr": ("FR", "FR", "FR", "BE", "CH"),
    "es": ("ES",),
    "pt": ("PT",),
}

_STEMS: dict[str, tuple[str, ...]] = {
    "DE": ("Rhein", "Nord", "Elbe", "Weser", "Main", "Spree", "Taunus", "Harz"),
    "AT": ("Donau", "Alpen", "Inn", "Tauern"),
    "CH": ("Jura", "Aare", "Rhône", "Säntis"),
    "FR": ("Rhône", "Loire", "Seine", "Provence", "Atlantique", "Vosges"),
    "BE": ("Meuse", "Escaut", "Ardenne", "Brabant"),
    "ES": ("Levante", "Ebro", "Tajo", "Cantábrico", "Guadalquivir", "Duero"),
    "PT": ("Tejo", "Douro", "Minho", "Mondego", "Atlântico", "Sado"),
    "GB": ("Northbridge", "Riverside", "Pennine", "Thames", "Kingsway", "Ashford", "Lakeside"),
    "IE": ("Shannon", "Liffey", "Atlantic", "Emerald"),
    "US": ("Summit", "Lone Star", "Great Lakes", "Pioneer", "Keystone"),
    "NL": ("Maas", "Delta", "Polder", "Schelde"),
}

_NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    "DE": ("{s}chem {f}", "{s}-Chemie {f}", "{s} Chemische Werke {f}", "{s} Lacke und Farben {f}"),
    "AT": ("{s}chem {f}", "{s} Chemie {f}"),
    "CH": ("{s} Chemie {f}", "{s}chem {f}"),
    "FR": ("Chimie {s} {f}", "Produits Chimiques de la {s} {f}", "{s} Chimie Industrielle {f}"),
    "BE": ("{s} Chemicals {f}", "Chimie {s} {f}"),
    "ES": ("Química del {s} {f}", "Productos Químicos {s} {f}", "Industrias Químicas {s} {f}"),
    "PT": ("Química do {s}, {f}", "Produtos Químicos {s} {f}", "{s} Química Industrial, {f}"),
    "GB": ("{s} Chemicals {f}", "{s} Coatings {f}", "{s} Chemical Company {f}"),
    "IE": ("{s} Chemicals {f}",),
    "US": ("{s} Chemical {f}", "{s} Specialty Chemicals {f}"),
    "NL": ("{s}chemie {f}", "{s} Chemicals {f}"),
}

_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "DE": ("GmbH", "AG", "GmbH & Co. KG"),
    "AT": ("GmbH", "AG"),
    "CH": ("AG", "SA", "GmbH"),
    "FR": ("SAS", "S.A.", "SARL"),
    "BE": ("SA", "NV", "SRL"),
    "ES": ("S.A.", "S.L."),
    "PT": ("Lda.", "S.A."),
    "GB": ("Ltd", "Limited", "plc"),
    "IE": ("Ltd", "DAC"),
    "US": ("Inc.", "LLC", "Corp."),
    "NL": ("B.V.", "N.V."),
}

_CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (
        ("Mannheim", "68159"),
        ("Köln", "50667"),
        ("Hamburg", "20095"),
        ("Leverkusen", "51373"),
        ("Ludwigshafen", "67059"),
        ("Frankfurt am Main", "60311"),
    ),
    "AT": (("Linz", "4020"), ("Wien", "1100"), ("Graz", "8010")),
    "CH": (("Basel", "4058"), ("Zürich", "8005"), ("Monthey", "1870")),
    "FR": (("Lyon", "69007"), ("Rouen", "76000"), ("Lille", "59000"), ("Marseille", "13002")),
    "BE": (("Bruxelles", "1000"), ("Antwerpen", "2000"), ("Liège", "4000")),
    "ES": (("Madrid", "28013"), ("Barcelona", "08019"), ("Valencia", "46024"), ("Tarragona", "43006")),
    "PT": (("Porto", "4000-123"), ("Lisboa", "1050-094"), ("Aveiro", "3800-200"), ("Setúbal", "2910-035")),
    "GB": (("Manchester", "M17 1AB"), ("Leeds", "LS16 6QY"), ("Runcorn", "WA7 4QX"), ("Bristol", "BS2 0JZ")),
    "IE": (("Cork", "T12 X70A"), ("Dublin 12", "D12 YX22")),
    "US": (("Houston, TX", "77002"), ("Newark, NJ", "07102"), ("Cleveland, OH", "44114")),
    "NL": (("Rotterdam", "3044 AS"), ("Amsterdam", "1043 BW")),
}

_STREETS: dict[str, tuple[str, ...]] = {
    "DE": ("Industriestraße {n}", "Chemiestraße {n}", "Hafenstraße {n}", "Am Werk {n}"),
    "AT": ("Industriezeile {n}", "Werkstraße {n}"),
    "CH": ("Industriestrasse {n}", "Rheinweg {n}"),
    "FR": ("{n} rue de l'Industrie", "{n} avenue des Chimistes", "{n} boulevard du Port"),
    "BE": ("Rue de l'Industrie {n}", "Havenlaan {n}"),
    "ES": ("Calle Mayor {n}", "Polígono Industrial Norte, Nave {n}", "Avenida de la Química {n}"),
    "PT": ("Rua da Indústria, {n}", "Zona Industrial, Lote {n}", "Avenida da República, {n}"),
    "GB": ("Unit {n}, Riverside Park", "{n} Station Road", "{n} Mill Lane"),
    "IE": ("Unit {n}, Business Park", "{n} Harbour Road"),
    "US": ("{n}00 Industrial Drive", "{n}50 Commerce Street"),
    "NL": ("Industrieweg {n}", "Havenstraat {n}"),
}

_POSTCODE_PREFIXES = {"DE": "D", "AT": "A", "CH": "CH", "FR": "F", "BE": "B"}
_CALLING_CODES = {
    "DE": "49",
    "AT": "43",
    "CH": "41",
    "FR": "33",
    "BE": "32",
    "ES": "34",
    "PT": "351",
    "GB": "44",
    "IE": "353",
    "US": "1",
    "NL": "31",
}

# Public emergency / poison-centre lines that real SDS of each country print.
_EMERGENCY_SERVICES: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (
        ("+49 (0)30 30686 700", "Giftnotruf Berlin"),
        ("+49 (0)761 19240", "Giftinformationszentrale Freiburg"),
    ),
    "AT": (("+43 1 406 43 43", "Vergiftungsinformationszentrale"),),
    "CH": (("145", "Tox Info Suisse"), ("+41 44 251 51 51", "Tox Info Suisse")),
    "FR": (("+33 (0)1 45 42 59 59", "ORFILA"),),
    "BE": (("+32 70 245 245", "Centre Antipoisons"),),
    "ES": (("+34 91 562 04 20", "Servicio de Información Toxicológica"),),
    "PT": (("800 250 250", "CIAV"),),
    "GB": (("+44 (0)1865 407333", "NCEC"),),
    "IE": (("+353 1 809 2166", "National Poisons Information Centre"),),
    "US": (("+1 703 527 3887", "CHEMTREC"), ("1-800-424-9300", "CHEMTREC")),
    "NL": (("+31 30 274 88 88", "NVIC"),),
}


def sample_supplier(rng: random.Random, language: str) -> Supplier:
    """A supplier from a country that fits the document language (now and then a foreign one)."""
    country = rng.choice(COUNTRIES_BY_LANGUAGE[language])
    if rng.random() < 0.1:
        country = rng.choice(sorted(_STEMS))
    stem = rng.choice(_STEMS[country])
    legal_form = rng.choice(_LEGAL_FORMS[country])
    name = rng.choice(_NAME_PATTERNS[country]).format(s=stem, f=legal_form)
    city, postcode = rng.choice(_CITIES[country])
    street = rng.choice(_STREETS[country]).format(n=rng.randint(1, 98))
    city_line = _city_line(country, city, postcode, rng)
    phone = _phone(country, rng)
    domain = "".join(ch for ch in stem.lower() if ch.isascii() and ch.isalpha()) or "chem"
    email = f"{rng.choice(('sds', 'msds', 'productsafety', 'info'))}@{domain}-chem.example"
    if rng.random() < 0.6:
        emergency, service = rng.choice(_EMERGENCY_SERVICES[country])
        return Supplier(name, street, city_line, country, phone, email, emergency, service, True)
    return Supplier(
        name, street, city_line, country, phone, email, _phone(country, rng), None, rng.random() < 0.7
    )


def _city_line(country: str, city: str, postcode: str, rng: random.Random) -> str:
    if country in ("GB", "IE"):
        return f"{city} {postcode}"
    if country == "US":
        return f"{city} {postcode}"
    if country in _POSTCODE_PREFIXES and rng.random() < 0.4:
        return f"{_POSTCODE_PREFIXES[country]}-{postcode} {city}"
    return f"{postcode} {city}"


def _phone(country: str, rng: random.Random) -> str:
    code = _CALLING_CODES[country]
    if country == "US":
        return f"+1 {rng.randint(201, 989)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    if country in ("DE", "AT", "CH", "GB", "IE", "NL"):
        area = rng.randint(20, 999)
        return f"+{code} (0){area} {rng.randint(10000, 9999999)}"
    if country in ("FR", "BE"):
        groups = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        return f"+{code} (0){rng.randint(1, 5)} {groups}"
    return (
        f"+{code} {rng.randint(21, 96)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    )
