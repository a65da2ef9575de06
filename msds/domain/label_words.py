"""Is a piece of text a value, or is it itself a heading or a field label?

Sheets print labels and headings next to, above and below their values, so any rule that reads "the text
after a label" sometimes reads another label ("COMPANY/UNDERTAKING", "Kontaktadresse", "Descrição do
Produto", "나. 제품의 권고용도와 사용상의 제한"). A text is taken for a label or heading when it ends with a
colon, starts with a subsection enumerator ("나.", "II."), is a field label of the label table in any of its
languages (``sds_field_labels.csv``, see :mod:`msds.domain.field_labels`), reads as a section title
(``sds_section_headings.csv``, ``section_heading_variants.csv``), or is made only of words that SDS
headings and field labels use, in any supported language: the words of every section title, and the label
words below.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from msds.domain import field_labels
from msds.domain.reference_data import read_table
from msds.domain.section_headings import match_heading
from msds.domain.text_folding import fold_words

# Words of Section 1 field labels and block headings, in the supported languages (folded: lower case, no
# accents). Together with the words of the section titles they make the label vocabulary.
# fmt: off
_LABEL_WORDS = frozenset((
    "product", "products", "name", "names", "identifier", "identifiers", "identification",
    "information", "info", "details", "detail", "data", "sheet", "safety", "material", "trade",
    "commercial", "description", "code", "number", "no", "nr", "company", "undertaking", "supplier",
    "suppliers", "manufacturer", "manufacturers", "importer", "importers", "distributor",
    "distributors", "address", "addresses", "telephone", "phone", "tel", "fax", "email", "e", "mail",
    "contact", "contacts", "emergency", "responsible", "person", "department", "division", "issued",
    "prepared", "by", "for", "of", "the", "and", "or", "to", "on", "in", "a", "an", "at", "use",
    "uses", "used", "recommended", "intended", "identified", "relevant", "restriction", "restrictions",
    "advised", "against", "label", "revision", "date", "version", "print", "sds", "msds", "produkt",
    "produkte", "produktname", "handelsname", "bezeichnung", "produktidentifikator", "firma",
    "firmenname", "unternehmen", "unternehmens", "hersteller", "lieferant", "lieferanten",
    "inverkehrbringer", "anschrift", "adresse", "kontaktadresse", "kontakt", "angaben", "einzelheiten",
    "zum", "zur", "des", "der", "die", "das", "und", "oder", "bzw", "beziehungsweise", "telefon",
    "notruf", "notrufnummer", "auskunftgebender", "bereich", "sicherheitsdatenblatt",
    "sicherheitsdatenblattes", "stoff", "stoffs", "stoffes", "gemisch", "gemischs", "gemisches",
    "verwendung", "verwendungen", "produit", "produits", "nom", "commercial", "fournisseur",
    "fabricant", "societe", "entreprise", "raison", "sociale", "adresse", "identificateur", "du", "de",
    "la", "le", "les", "et", "ou", "fiche", "donnees", "securite", "utilisation", "producto",
    "productos", "nombre", "proveedor", "fabricante", "empresa", "compania", "direccion",
    "identificador", "del", "el", "y", "o", "ficha", "datos", "seguridad", "distribuidor",
    "distribuidora", "importador", "produto", "produtos", "nome", "fornecedor", "empresa", "razao",
    "endereco", "identificacao", "descricao", "do", "da", "dos", "das", "e", "ficha", "informacoes",
    "seguranca", "quimico", "quimicos", "principais", "usos", "recomendados", "prodotto", "nome",
    "fornitore", "societa", "produttore", "ragione", "indirizzo", "identificatore", "productnaam",
    "handelsnaam", "leverancier", "fabrikant", "bedrijf", "adres", "nazwa", "produktu", "dostawca",
    "producent", "adres", "제품명", "제품", "회사명", "회사", "공급자", "공급회사", "공급회사명",
    "제조자", "제조사", "제조회사", "유통업자", "정보", "주소", "전화번호", "긴급", "연락처", "권고",
    "용도", "사용상", "제한", "화학제품", "물질", "물질안전보건자료", "담당부서", "담당자", "製品名",
    "製品", "会社名", "会社", "住所", "電話番号", "緊急連絡先", "供給者", "製造者", "情報", "化学品",
    "名称",
    # "Additional information" and its kin, a sub-heading of many sections in every language
    "additional", "supplementary", "further", "complementary", "zusatzliche", "zusatzlicher", "weitere",
    "hinweise", "erganzende", "complementaires", "supplementaires", "complementares", "adicionais",
    "adicional", "adicionales", "complementaria", "complementarias", "informacion", "aggiuntive",
    "supplementari", "informazioni", "aanvullende", "informatie", "dodatkowe", "informacje",
))
# fmt: on

_ENUMERATED = re.compile(r"^\s*(?:[가-하]\s*[.)]|\(?[가-하]\)|[IVX]{1,5}\s*[.)])\s")
_WORD = re.compile(r"\w+")
_UNSPACED_SCRIPT = re.compile(r"[가-힣\u3040-\u30ff\u4e00-\u9fff]")
# Korean and Japanese particles that end a word ("제품의", "용도와", "化学品の"): stripped before the
# vocabulary is consulted.
_PARTICLES = ("의", "및", "와", "과", "에", "을", "를", "은", "는", "이", "가", "の", "及び", "等")
MAX_LABEL_WORDS = 10


def _words(text: str) -> list[str]:
    # Folding decomposes Hangul syllables; composing them again keeps Korean words comparable.
    return [unicodedata.normalize("NFC", word) for word in fold_words(text).split()]


@cache
def label_vocabulary() -> frozenset[str]:
    """Folded words of every section title (both heading tables), of the Section 1 label words and of every
    label of the label table (``sds_field_labels.csv``)."""
    words = set(_words(" ".join(_LABEL_WORDS))) | field_labels.vocabulary()
    for name in ("sds_section_headings.csv", "section_heading_variants.csv"):
        for row in read_table(name):
            words.update(_words(row["title"]))
    return frozenset(words)


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary:
        return True
    if _UNSPACED_SCRIPT.search(word):
        return _compound(word, vocabulary)
    return False


def _compound(word: str, vocabulary: frozenset[str]) -> bool:
    """Korean and Japanese write label words together ("유통업자정보", "化学品の名称"): whether the word
    splits into vocabulary words, each perhaps followed by a particle."""
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 8), end):
            if not reachable[start]:
                continue
            piece = word[start:end]
            stem = next(
                (piece[: -len(e)] for e in _PARTICLES if piece.endswith(e) and len(piece) > len(e)), ""
            )
            if piece in vocabulary or stem in vocabulary:
                reachable[end] = True
                break
    return reachable[-1]


def looks_like_label(text: str) -> bool:
    """Whether the text is a heading or a field label rather than a value (see the module docstring)."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith((":", "：")) or _ENUMERATED.match(stripped) or field_labels.is_field_label(stripped):
        return True
    words = [word for word in _words(stripped) if not word.isdigit()]
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    vocabulary = label_vocabulary()
    if all(_known(word, vocabulary) for word in words):
        return True
    return len(words) >= 2 and match_heading(stripped) is not None
