"""Recognise the supplier's country from an address block or a phone number."""

from __future__ import annotations

import re

# ISO 3166 alpha-2 -> names and spellings seen on sheets (en, de, fr, es, it, nl, pt, pl, local).
_NAMES: dict[str, tuple[str, ...]] = {
    "DE": ("germany", "deutschland", "allemagne", "alemania", "germania", "duitsland", "alemanha", "niemcy"),
    "AT": ("austria", "österreich", "autriche", "oostenrijk", "áustria"),
    "CH": ("switzerland", "schweiz", "suisse", "suiza", "svizzera", "zwitserland", "suíça"),
    "FR": ("france", "frankreich", "francia", "frankrijk", "frança", "francja"),
    "ES": ("spain", "spanien", "espagne", "españa", "spagna", "spanje", "espanha", "hiszpania"),
    "IT": ("italy", "italien", "italie", "italia", "italië", "itália", "włochy"),
    "NL": ("netherlands", "niederlande", "pays-bas", "países bajos", "paesi bassi", "nederland", "holanda"),
    "BE": ("belgium", "belgien", "belgique", "bélgica", "belgio", "belgië"),
    "PT": ("portugal", "portogallo", "portugalia"),
    "PL": ("poland", "polen", "pologne", "polonia", "polska", "polónia"),
    "GB": (
        "united kingdom",
        "great britain",
        "england",
        "vereinigtes königreich",
        "royaume-uni",
        "reino unido",
    ),
    "IE": ("ireland", "irland", "irlande", "irlanda"),
    "US": ("usa", "u.s.a.", "united states", "vereinigte staaten", "états-unis", "estados unidos", "eua"),
    "CA": ("canada", "kanada", "canadá"),
    "MX": ("mexico", "méxico", "mexiko", "mexique"),
    "BR": ("brazil", "brasil", "brasilien", "brésil", "brasile"),
    "AR": ("argentina", "argentinien", "argentine"),
    "CL": ("chile",),
    "CO": ("colombia", "kolumbien"),
    "KR": ("korea", "republic of korea", "south korea", "대한민국", "한국"),
    "JP": ("japan", "japon", "japón", "日本"),
    "CN": ("china", "chine", "中国"),
    "SE": ("sweden", "schweden", "suède", "suecia", "sverige"),
    "DK": ("denmark", "dänemark", "danemark", "dinamarca", "danmark"),
    "NO": ("norway", "norwegen", "norvège", "noruega", "norge"),
    "FI": ("finland", "finnland", "finlande", "finlandia", "suomi"),
    "CZ": ("czech republic", "tschechien", "république tchèque", "česká republika"),
    "HU": ("hungary", "ungarn", "hongrie", "hungría", "magyarország"),
    "IN": ("india", "indien", "inde"),
    "AU": ("australia", "australien", "australie"),
    "LU": ("luxembourg", "luxemburg", "luxemburgo"),
}
_PHONE_PREFIX: dict[str, str] = {
    "49": "DE",
    "43": "AT",
    "41": "CH",
    "33": "FR",
    "34": "ES",
    "39": "IT",
    "31": "NL",
    "32": "BE",
    "351": "PT",
    "48": "PL",
    "44": "GB",
    "353": "IE",
    "52": "MX",
    "55": "BR",
    "54": "AR",
    "56": "CL",
    "57": "CO",
    "82": "KR",
    "81": "JP",
    "86": "CN",
    "46": "SE",
    "45": "DK",
    "47": "NO",
    "358": "FI",
    "420": "CZ",
    "36": "HU",
    "91": "IN",
    "61": "AU",
    "352": "LU",
}
_POSTAL_PREFIX = re.compile(r"\b(D|DE|A|AT|CH|F|FR|E|ES|I|IT|NL|B|BE|P|PT|PL|L|LU)\s?-\s?\d{4,5}\b")
_POSTAL_CODES = {"D": "DE", "A": "AT", "F": "FR", "E": "ES", "I": "IT", "B": "BE", "P": "PT", "L": "LU"}
_US_STATE_ZIP = re.compile(
    r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|"
    r"PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s+\d{5}(?:-\d{4})?\b"
)
_NAME_PATTERN = re.compile(
    "|".join(rf"(?:(?<![\w])({re.escape(name)})(?![\w]))" for names in _NAMES.values() for name in names),
    re.IGNORECASE,
)
_NAME_TO_CODE = {name: code for code, names in _NAMES.items() for name in names}


# Address conventions that name their country without saying it.
_ADDRESS_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bCEP\s*:?\s*\d{2}\.?\d{3}-?\d{3}\b|\bCNPJ\b|\.com\.br\b"), "BR"),
    # A Brazilian state after the town: "Diadema - SP", "Jandira – SP", "São Paulo/SP".
    (
        re.compile(
            r"(?:\s[-–]\s?|/)(?:AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)"
            r"(?=\s*(?:$|[,.;)]|\s+(?:CEP|Brasil|\d)|[-–/]\s*(?:BR|Brasil)\b))"
        ),
        "BR",
    ),
    (re.compile(r"(?:특별시|광역시|특별자치|경기도|충청|전라|경상|강원도)"), "KR"),
    # Korean address units: "울산시 울주군 온산읍", "중구 소공로 94".
    (re.compile(r"[가-힣]{1,4}(?:시|군|구)\s+[가-힣0-9]{1,8}(?:읍|면|동|로|길)(?:\s|\d|$)"), "KR"),
    (re.compile(r"(?:東京都|大阪府|京都府|北海道|[一-龥]{1,3}県|[一-龥]{1,4}市[一-龥]{1,4}区)"), "JP"),
)


def country_from_text(text: str) -> str | None:
    """ISO alpha-2 of the first country name, postal-code prefix, national address convention (Brazilian
    CEP, Korean and Japanese administrative divisions) or US state+ZIP in the text."""
    match = _NAME_PATTERN.search(text)
    if match:
        return _NAME_TO_CODE.get(match.group(0).lower())
    for pattern, code in _ADDRESS_MARKERS:
        if pattern.search(text):
            return code
    postal = _POSTAL_PREFIX.search(text)
    if postal:
        prefix = postal.group(1).upper()
        return _POSTAL_CODES.get(prefix, prefix)
    if _US_STATE_ZIP.search(text):
        return "US"
    return None


# A five-digit postcode before its town, in a sheet's own language: among the countries that write that
# language, only one uses five digits (Austria, Switzerland, Belgium and Luxembourg use four; a Spanish
# sheet may come from Spain or Mexico, so Spanish gives nothing).
_FIVE_DIGIT_POSTCODE = re.compile(r"(?<![\d\-/.,])\d{5}\s+[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿß]+")
_FIVE_DIGIT_COUNTRY = {"de": "DE", "fr": "FR", "it": "IT"}


def country_from_postcode(text: str, language: str | None) -> str | None:
    """The country a five-digit postcode before a town means in a sheet of ``language`` ("37075 Göttingen"
    in German: DE), or None."""
    country = _FIVE_DIGIT_COUNTRY.get((language or "").split("-")[0])
    return country if country and _FIVE_DIGIT_POSTCODE.search(text) else None


def country_from_phone(number: str) -> str | None:
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    else:
        return None
    for length in (3, 2, 1):
        code = _PHONE_PREFIX.get(digits[:length])
        if code:
            return code
    return "US" if digits.startswith("1") else None


def names_a_postal_place(text: str) -> bool:
    """Whether the text holds the postal part of an address: a US state and ZIP ("Florham Park, NJ 07932"), a
    postcode with its country prefix ("D-67056"), a five-digit postcode before its town ("67056
    Ludwigshafen") or a national address convention (a Brazilian CEP, Korean or Japanese divisions)."""
    return bool(
        _US_STATE_ZIP.search(text)
        or _POSTAL_PREFIX.search(text)
        or _FIVE_DIGIT_POSTCODE.search(text)
        or any(pattern.search(text) for pattern, _ in _ADDRESS_MARKERS)
    )
