"""Write the country tables the supplier-country rule reads, from Unicode CLDR (through Babel) and Google's
libphonenumber metadata (through phonenumbers):

* ``msds/data/ghs/country_names.csv`` (``code, lang, name, own``): every country's name in each language the
  product reads, and in the country's own official languages ("Deutschland", "Schweiz", "대한민국"; ``own``
  is 1 when ``lang`` is an official language of the country).
* ``msds/data/ghs/calling_codes.csv`` (``prefix, region, min_digits, max_digits``): each international calling
  code's main country, and the area codes of the North American plan that are not the United States' (+1
  905: Canada); with the lengths a national number of that code can have.

Both packages are development requirements only: the product reads the written tables, so its hosts carry
neither. Run again after upgrading either package; ``--check`` exits 1 when the tables differ from what the
installed packages give (a test runs it).

    .venv/bin/python scripts/make_country_tables.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "msds" / "data" / "ghs"
NAMES_FILE = DATA / "country_names.csv"
CODES_FILE = DATA / "calling_codes.csv"

# The languages the product reads (msds.settings.SUPPORTED_LANGUAGES).
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "ko", "ja")
# CLDR territories that are no country: the EU, the euro area, the UN, "outlying Oceania", pseudo-regions.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# NANP numbers that show the area code's country: "+1 AC 234 0123" and a few other exchanges.
_EXCHANGES = ("234", "456", "789", "321")


def _variants(name: str) -> list[str]:
    """CLDR's name and the plain form sheets print: "Myanmar (Burma)" -> also "Myanmar"; "Hong Kong SAR
    China" -> also "Hong Kong"."""
    forms = [name]
    plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
    plain = re.sub(r"\s+SAR\s+China$", "", plain).strip()
    if plain and plain != name:
        forms.append(plain)
    return forms


def country_name_rows() -> list[tuple[str, str, str, str]]:
    rows: set[tuple[str, str, str, str]] = set()
    english = Locale("en").territories
    countries = sorted(code for code in english if _COUNTRY.match(code) and code not in NOT_COUNTRIES)
    official = {code: set(get_official_languages(code)) for code in countries}
    for language in LANGUAGES:
        names = Locale(language).territories
        for code in countries:
            if code in names:
                own = "1" if language in official[code] else "0"
                rows.update((code, language, form, own) for form in _variants(names[code]))
    for code in countries:
        for language in sorted(official[code] - set(LANGUAGES)):
            try:
                native = Locale.parse(language).territories.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if native:
                rows.update((code, language, form, "1") for form in _variants(native))
    return sorted(rows)


def _national_lengths(calling_code: int) -> tuple[int, int]:
    lengths: set[int] = set()
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[calling_code]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            metadata = phonenumbers.PhoneMetadata.metadata_for_nongeo_region(calling_code)
        if metadata is not None:
            lengths.update(length for length in metadata.general_desc.possible_length if length > 0)
    return (min(lengths), max(lengths)) if lengths else (4, 15)


def calling_code_rows() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for calling_code in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        region = phonenumbers.region_code_for_country_code(calling_code)
        if _COUNTRY.match(region) and region not in NOT_COUNTRIES:
            shortest, longest = _national_lengths(calling_code)
            rows.append((str(calling_code), region, str(shortest), str(longest)))
    shortest, longest = _national_lengths(1)
    for area in range(200, 1000):
        for exchange in _EXCHANGES:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(f"+1{area}{exchange}0123"))
            if region:
                if region != "US":
                    rows.append((f"1{area}", region, str(shortest), str(longest)))
                break
    return rows


def _csv(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the tables are not up to date")
    arguments = parser.parse_args()
    tables = {
        NAMES_FILE: _csv(("code", "lang", "name", "own"), country_name_rows()),
        CODES_FILE: _csv(("prefix", "region", "min_digits", "max_digits"), calling_code_rows()),
    }
    if arguments.check:
        stale = [
            path.name for path, text in tables.items() if not path.exists() or path.read_text("utf-8") != text
        ]
        if stale:
            print(f"out of date: {', '.join(stale)} (run scripts/make_country_tables.py)")
            return 1
        print("country tables are up to date")
        return 0
    for path, text in tables.items():
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
