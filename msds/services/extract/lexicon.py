"""Field labels as suppliers print them, in the supported languages (regular-expression alternatives)."""

from __future__ import annotations

import re
from functools import cache

from msds.domain import field_labels

# The identity labels come from the label table (``msds/data/ghs/sds_field_labels.csv``, every language at
# once); what stays here is only what a table row cannot say: a label that needs its colon or a number after
# it, or a label cell wrapped early.
_PRODUCT_IDENTIFIER_EXTRA = (
    # "Identification of the   PEPSI COLA FLAVOR" / "substance/ preparation": a label cell wrapped early
    r"identification\s+of\s+the(?=\s{3,})"
)
# The bare word "Product" with its colon ("Produto: OLEO DE IMERSAO"): a product label only where no other
# is, since Section 13 ("Produkt: Entsorgung ...") and page headers print it too.
BARE_PRODUCT_LABEL = r"(?:product|produto|producto|produit|produkt|prodotto)(?=\s{0,2}[:：])"
_REVISION_DATE_EXTRA = r"rev\.(?=\s*\d)|stand(?=\s{0,2}[:：])|개정(?=\s*[:：])|최종\s*개정"
# The plain word "date", and in the other languages only as a label with its colon ("Datum:", "일자:"): last.
_ISSUE_DATE_EXTRA = r"date|(?:datum|fecha|data|일자)(?=\s{0,2}[:：])|日付"
# "Revision: 3" numbers the sheet's revision (a date after it is the revision date's, see revision.py).
_VERSION_EXTRA = (
    r"revision(?=\s*[:：]?\s*\d)|version(?:s?-?(?:nummer|nr)\.?)?|revisions?[-\s]?nr\.?|revis[aã]o|versi[oó]n|vers[aã]o|versione|versie|wersja|"
    r"revision\s+(?:number|no\.?)|no\.?\s+da\s+revis[aã]o|n[uú]mero\s+de\s+revis[aã]o|revisi[oó]n\s+n[uú]mero|"
    r"버전|개정\s*(?:번호|횟수|차수)|rev\.?(?=\s*[:：]?\s*\d)|版"
)


def _table_and(fields: tuple[str, ...], extra: str = "") -> str:
    table = field_labels.alternatives(*fields)
    return f"{table}|{extra}" if extra else table


@cache
def product_name() -> str:
    """Product (trade) name labels."""
    return _table_and(("product_name",))


@cache
def product_identifier() -> str:
    """Product identifier labels (REACH 1.1 and the identifier labels sheets print)."""
    return _table_and(("product_identifier",), _PRODUCT_IDENTIFIER_EXTRA)


@cache
def supplier() -> str:
    """Labels of the company block: supplier, company, manufacturer, importer, distributor."""
    return _table_and(SUPPLIER_FIELDS)


SUPPLIER_FIELDS = ("supplier", "company", "manufacturer", "importer", "distributor")


@cache
def emergency() -> str:
    """Emergency telephone labels."""
    return _table_and(("emergency_phone",))


@cache
def revision_date() -> str:
    """Labels of the sheet's own revision date."""
    return _table_and(("revision_date", "last_revision_date"), _REVISION_DATE_EXTRA)


@cache
def issue_date() -> str:
    """Labels of the other dates a sheet prints: issue, first issue, print, superseded edition."""
    return _table_and(("issue_date", "first_issue_date", "print_date", "superseded_date"), _ISSUE_DATE_EXTRA)


@cache
def version() -> str:
    """Labels of the sheet's version."""
    return _table_and(("version",), _VERSION_EXTRA)


@cache
def supplier_role() -> re.Pattern[str]:
    """Labels that name the supplier of the sheet itself (REACH's "supplier of the safety data sheet"):
    where a sheet names both a manufacturer and a supplier, the supplier is the company the sheet is from."""
    return re.compile(field_labels.alternatives("supplier"), re.IGNORECASE)


@cache
def manufacturer_role() -> re.Pattern[str]:
    """Labels of the company that makes the product."""
    return re.compile(field_labels.alternatives("manufacturer"), re.IGNORECASE)


@cache
def distributor_role() -> re.Pattern[str]:
    """Labels of a company that only distributes or sells the product (dealer, retailer,
    "Inverkehrbringer")."""
    return re.compile(field_labels.alternatives("distributor"), re.IGNORECASE)


FLASH_POINT = (
    r"flash\s*-?\s*point|flammpunkt|point\s+(?:d['’]\s*)?[ée]clair|punto\s+de\s+(?:inflamaci[oó]n|destello)|"
    r"ponto\s+de\s+(?:fulgor|inflama[cç][aã]o)|punto\s+di\s+infiammabilit[aà]|vlampunt|"
    r"temperatura\s+zap[łl]onu|인화점|引火点"
)

# The pictogram line's label in the label languages ("Hazard pictograms", "Gefahrenpiktogramme", "Pictogrammes
# de danger", "Pictogramas de perigo", "Pittogrammi di pericolo", "Gevarenpictogrammen").
PICTOGRAM_LABEL = r"\w*(?:pictogra|piktogra|pittogra)\w*"

SIGNAL_WORD_LABEL = (
    r"signal\s*word|signalwort|mention\s+d['’]?\s*avertissement|palabras?\s+de\s+advertencia|"
    r"palavras?\s+de\s+advert[eê]ncia|avvertenza|signaalwoord|has[łl]o\s+ostrzegawcze|신호어|注意喚起語"
)


# Korean and Japanese labels are often printed letter-spaced ("제 품 명", "製 品 名").
_CJK_PAIR = re.compile(r"(?<=[가-힣\u3040-\u30ff\u4e00-\u9fff])(?=[가-힣\u3040-\u30ff\u4e00-\u9fff])")


def label_pattern(alternatives: str) -> re.Pattern[str]:
    """A pattern that finds the label anywhere in a line, capturing what follows it.

    A few lower-case words may stand between the label and its colon ("Nom de société du fournis :"), and a
    second name of the field after a slash ("Trade name/designation:", "Handelsname/Bezeichnung:"); Korean
    and Japanese letters may be spaced apart.
    """
    alternatives = _CJK_PAIR.sub(r"\\s*", alternatives)
    return re.compile(
        rf"(?:^|(?<=[\s:(.\d]))(?:{alternatives})\b\s*(?:\([^)]{{0,30}}\))?"
        r"(?:\s*/\s*[^\W\d_]+(?:[ '’-][^\W\d_]+){0,2}(?=\s*[:：]))?"
        r"(?-i:(?:\s*[a-zà-ÿ][\w'’-]*)(?:\s+[a-zà-ÿ][\w'’-]*){0,2}\s*(?=[:：]))?\s*[:：#.]*\s*(.*)$",
        re.IGNORECASE,
    )


RECOMMENDED_USE = (
    r"recommended\s+use|identified\s+uses?|intended\s+use|use\s+of\s+the\s+(?:substance|mixture)|"
    r"empfohlene\(?r?\)?\s+verwendungszweck\(?e?\)?|verwendung(?:szweck)?|utilisations?\s+identifi[ée]es?|"
    r"usage\s+recommand[ée]|utilisation\s+commerciale|usos?\s+(?:identificados?|recomendados?|pertinentes)|"
    r"uso\s+recomendado|utiliza[cç][oõ]es\s+identificadas|usi\s+identificati|geïdentificeerd\s+gebruik|"
    r"zastosowanie|권고\s*용도|推奨用途"
)
