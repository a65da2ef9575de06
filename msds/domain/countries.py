"""Recognise the supplier's country from an address block or a phone number."""

from __future__ import annotations

import re
from functools import cache

from msds.domain.reference_data import read_table

# Names looked for on sheets of every language beside CLDR's (``country_names.csv``): short forms and older
# names CLDR does not have ("USA", "England", "Holland", "Czech Republic"), and other languages' names sheets
# print in an address whatever their own language ("Royaume-Uni", "Türkei").
_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": (
        "great britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
        "uk",
        "u.k.",
        "vereinigtes königreich",
        "royaume-uni",
        "reino unido",
    ),
    "US": ("usa", "u.s.a.", "united states of america", "vereinigte staaten", "états-unis", "eua"),
    "KR": ("korea", "republic of korea", "한국"),
    "NL": ("holland", "holanda"),
    "CZ": ("czech republic", "tschechische republik", "république tchèque"),
    "TR": ("türkei", "turquie", "turquía", "turchia", "turquia"),
    "CH": ("suíça",),
}
# Names that are everyday words of their language far more often than the country: in Korean "그리스" is
# also grease (a product: "크라운 그리스"), "인도" a pavement and a handing-over, "가나" the start of the
# alphabet's order ("가. 나. 다."), "오만" fifty thousand and "수단" a means; German "Island" (Iceland) is the
# English word in place names sheets of any language print ("Jurong Island, Singapur").
_NOT_A_COUNTRY_WORD = frozenset({"그리스", "인도", "가나", "오만", "수단", "island"})
COUNTRY_NAMES = "country_names.csv"
CALLING_CODES = "calling_codes.csv"


@cache
def _name_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The names a sheet in ``language`` may give a country in: its own language's, English's, each country's
    own (a German sheet names "France" or "Frankreich"), and the aliases; longest first."""
    names: dict[str, str] = {}
    for row in read_table(COUNTRY_NAMES):
        name = row["name"].lower()
        if (row["lang"] in (language, "en") or row["own"] == "1") and name not in _NOT_A_COUNTRY_WORD:
            names[name] = row["code"]
    for code, aliases in _ALIASES.items():
        names.update({alias: code for alias in aliases})
    ordered = sorted(names, key=len, reverse=True)
    # "New Mexico", "New Jersey", "New England" are no countries; nor is a US town named after one ("Lebanon,
    # PA 17042", "Peru, IN") or a state's name before its ZIP ("Atlanta, Georgia 30303").
    pattern = re.compile(
        r"(?<![\w])(?<!new\s)("
        + "|".join(re.escape(name) for name in ordered)
        + r")(?![\w])(?!,?\s+(?:[A-Z]{2}\s+)?\d{5}(?!\d))",
        re.IGNORECASE,
    )
    return pattern, names


# A postcode just before a name puts the name in a town's place ("18001 Granada").
_POSTCODE_BEFORE = re.compile(r"(?<![\d\-])\d{4,5}\s*[-–]?\s*$")
# The label of a subdivision, never of a country: "Provincia: Granada", "State: Georgia".
_SUBDIVISION_LABEL = re.compile(
    r"(?i:\b(?:provincia|province|prov\.|state|estado|ciudad|city|town|poblaci[oó]n|localidad|bundesland|"
    r"r[ée]gion|regione|kanton|canton|cidade|munic[ií]pio|municipio|comune|ville|ort|stadt|county|"
    r"departamento|d[ée]partement)\s*[:：]?\s*)$"
)


@cache
def _calling_codes() -> dict[str, tuple[str, int, int]]:
    """Prefix after "+" -> (country, fewest and most digits of a national number under its calling code)."""
    return {
        row["prefix"]: (row["region"], int(row["min_digits"]), int(row["max_digits"]))
        for row in read_table(CALLING_CODES)
    }


_POSTAL_PREFIX = re.compile(r"\b(D|DE|A|AT|CH|F|FR|E|ES|I|IT|NL|B|BE|P|PT|PL|L|LU)\s?-\s?\d{4,5}\b")
_POSTAL_CODES = {"D": "DE", "A": "AT", "F": "FR", "E": "ES", "I": "IT", "B": "BE", "P": "PT", "L": "LU"}
# A US state's two-letter code before its ZIP ("TX 77002") is the weakest clue and is tried last: "DE 12345"
# and "IN 46200" are also read as a German postcode or a word. A state's name before its ZIP is unambiguous
# and is one of the address markers below.
_US_STATE_ZIP = re.compile(
    r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|"
    r"PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s+\d{5}(?:-\d{4})?\b"
)


_US_STATE_NAMES = (
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
)
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
    # A US state's name before its ZIP: "Houston, Texas 77002".
    (re.compile(rf"\b(?i:{'|'.join(_US_STATE_NAMES)}),?\s+\d{{5}}(?:-\d{{4}})?\b"), "US"),
    # A Canadian postal code after its province: "Mississauga, Ontario L5N 2K7", "Montréal (Québec) H3B 4W8".
    (
        re.compile(
            r"\b(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU|Ontario|Qu[eé]bec|British Columbia|Alberta|"
            r"Manitoba|Saskatchewan|Nova Scotia|New Brunswick|Newfoundland(?: and Labrador)?|"
            r"Prince Edward Island)\)?,?\s+"
            r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b"
        ),
        "CA",
    ),
    # A British postcode, whose inward half is a digit and two letters: "Macclesfield SK11 0NJ", "EC1A 1BB".
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[ABD-HJLNP-UW-Z]{2}\b"), "GB"),
    # Postcodes only one country writes, before the town: Portugal's "1000-001 Lisboa" (Brazil's CEP has five
    # digits before the dash), Poland's "00-950 Warszawa".
    (re.compile(r"(?<![\d\-/.,])(?<![\d/]\s)\d{4}-\d{3}[ \t]+[A-ZÀ-Ý][a-zà-ÿ]+"), "PT"),
    (re.compile(r"(?<![\d\-/.,+])(?<![\d/]\s)\d{2}-\d{3}[ \t]+[A-ZĆŁŚŹŻ][a-ząćęłńóśźż]+"), "PL"),
)


def country_from_text(text: str, language: str | None = None) -> str | None:
    """ISO alpha-2 of the first country name (CLDR's, in the sheet's ``language``, English or the country's
    own), postal-code prefix, national address convention (Brazilian CEP, Korean and Japanese administrative
    divisions) or US state+ZIP in the text."""
    names_pattern, names = _name_pattern((language or "en").split("-")[0])
    found = [m for m in names_pattern.finditer(text) if not _SUBDIVISION_LABEL.search(text[: m.start()])]
    if found:
        first = found[0]
        if _POSTCODE_BEFORE.search(text[: first.start()]):
            # A name in a town's place, after its postcode, with a country later on the line: "18001 Granada,
            # España" (Granada is the town, not Grenada).
            line_end = text.find("\n", first.end())
            first = [m for m in found if line_end < 0 or m.start() < line_end][-1]
        return names.get(first.group(1).lower())
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


# Country-code top-level domains a company of that country uses for its own mail and web site (not those
# sold worldwide as words: .co, .io, .me, .tv, .ai); "acme.co.uk" and "acme.com.br" end with theirs too.
_NATIONAL_DOMAINS = frozenset(
    {
        "at", "au", "be", "br", "ch", "cl", "cn", "cz", "de", "dk", "es", "fi", "fr", "gr", "hr", "hu", "ie",
        "in", "it", "jp", "kr", "mx", "nl", "no", "nz", "pl", "pt", "ro", "se", "si", "sk", "tr", "tw", "uk",
        "za",
    }
)  # fmt: skip
_DOMAIN = re.compile(
    r"(?:@|\bwww\.|https?://)[\w-]+(?:\.[\w-]+)*\.(?P<tld>[a-z]{2})(?![\w.-])", re.IGNORECASE
)


def country_from_domain(text: str) -> str | None:
    """The country of the first e-mail or web address in the text whose domain is a national one
    ("sds@acme.de", "www.acme.co.uk", "acme.com.br"); None for .com, .eu and the like."""
    for match in _DOMAIN.finditer(text):
        tld = match.group("tld").lower()
        if tld in _NATIONAL_DOMAINS:
            return "GB" if tld == "uk" else tld.upper()
    return None


def country_from_phone(number: str) -> str | None:
    """The country of an international number ("+49 ...", "0049 ..."): its calling code's, or for the North
    American plan its area code's (+1 905 is Canada); None for a national number, or for digits too few or
    too many for a number of that code ("00 - 16" of "8:00 - 16:00 Uhr")."""
    digits = re.sub(r"[^\d+]", "", number.replace("(0)", ""))
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    else:
        return None
    codes = _calling_codes()
    for length in (4, 3, 2, 1):
        found = codes.get(digits[:length])
        if found is None:
            continue
        region, fewest, most = found
        # The North American area-code rows ("1905") hold the area code in the national number.
        national = digits[1:] if length == 4 and digits.startswith("1") else digits[length:]
        # A trunk zero printed without its brackets ("+49 0 30 ...") is one digit more.
        national = national[1:] if national.startswith("0") and len(national) > most else national
        return region if fewest <= len(national) <= most else None
    return None


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
