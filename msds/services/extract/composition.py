"""Section 3 (and Section 1 for substances): one component per row of the composition table.

A row is read from the lines it spans, whatever the layout: a table whose cells wrap over several lines
("Butanon   78-93-3   64,9 %   Flam. Liq. 2, H225; Eye" / "201-159-0   Irrit. 2, H319"), labelled blocks
("CAS   7664-38-2" / "% Bereich   5-15" / "Einstufung ...   Skin Corr. 1B, H314"), or identifier lines
("CAS: 64-17-5   Ethanol   25 - 50%" / "EINECS: 200-578-6   Flam. Liq. 2, H225"). Lines are grouped into rows
by the fields they carry: a line that brings a CAS number, an EC number or a concentration the current row
already has starts the next row. Each row then yields its identifiers, its concentration (value or range,
with the unit), its classification as printed (categories and H-codes), M-factors and specific concentration
limits. CAS numbers printed elsewhere in Section 3 (notes, alternatives) and, for substances, in Section 1 are
kept as components of their own, as before.

Cells broken over lines are put back first: a range cut after its comparator (">= 90 - <=" / "100 %") and a
CAS number wrapped at a dash ("(CAS 55965-" / "84-9)"). A withheld identity counts as a row's identifier
only in a cell of its own ("Trade secret"), never in a sentence about withheld percentages; a percentage
inside a name ("..., <2 % Aromaten   80-100%") is not the row's concentration.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set
from dataclasses import dataclass, field, replace
from itertools import pairwise

from models.composition import ComponentHazard, ConcentrationRange, SpecificLimit
from models.record import Component
from msds.domain.composition_text import (
    M_FACTOR_KINDS,
    M_FACTOR_WORD,
    FoundConcentration,
    FoundLimit,
    FoundMFactor,
    find_concentrations,
    find_m_factors,
    find_specific_limits,
    m_factor_kind,
    mend_broken_limits,
    mend_broken_ranges,
    mend_split_limit_categories,
)
from msds.domain.identifiers import (
    INDEX_PATTERN,
    REACH_PATTERN,
    IdentifierMatch,
    find_cas_numbers,
    find_cas_numbers_ocr,
    find_ec_numbers,
    mend_wrapped_cas_numbers,
    mend_wrapped_registry_numbers,
)
from msds.domain.label_words import looks_like_label
from msds.domain.mixtures.categories import find_categories, parse_classification
from msds.domain.no_data import NO_DATA_WORDS, says_no_data
from msds.services.document_lines import DocLine
from msds.services.extract.labelled_values import clean_value
from msds.services.running_lines import running_key

_HEADER_WORDS = {
    "cas": re.compile(r"(?i)\bcas\b|카스"),
    "ec": re.compile(r"(?i)\b(?:ec|eg|ce|einecs|elincs|we|wg)\b"),
    "name": re.compile(
        r"(?i)\b(?:name|bezeichnung|nom|nome|nombre|substance|substância|substancia|sustancia|component|"
        r"komponente|componente|composant|inhaltsstoff\w*|ingredient\w*|stoff|chemical|chemische|identit\w*)"
        r"|물질명|화학물질명|名称|成分名"
    ),
    "concentration": re.compile(
        r"(?i)(?:%|\bconc\w*|\bkonz\w*|gehalt|gew\w*|weight|\bwt\b|teor|bereich|anteil|massa|percent|"
        r"quantit\w*|cantidad|quantidade|함유량|함량|含有量|含量|濃度)"
    ),
    "classification": re.compile(
        r"(?i)(?:classif\w*|einstufung|clasificaci\w*|classifica\w*|classement|klassifi\w*|1272/2008|clp)"
    ),
}
_LABELLED_CONCENTRATION = re.compile(
    r"(?i)(?:%\s*bereich|\bgewichtsanteil|\bgehalt|\bkonzentration|concentra[çc][ãa]o|concentraci[óo]n|"
    r"concentration|concentrazione|weight\s*%|wt\s*%|teor)"
)
_QS = re.compile(r"(?i)(?:^|\s)(?:qsp|q\.s\.p?\.?|q\.s\.)\s*(?:100\s*%?)?(?=\s|$)")
_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
_PAGE = re.compile(
    r"(?i)\b(?:seite|page|p[áa]gina|strona|pag\.|blatt|side|sivu|sida)\s*[:.]?\s*\d+\s*(?:/|von|of|de|di|z)?"
    r"|fortsetzung|continued|suite de la page|continua|continúa|continuação"
)
_FOOTNOTE = re.compile(r"\[\d{1,2}\]")
# An identifier the supplier withholds stands where the CAS number would: it marks a row of its own.
_WITHHELD = re.compile(
    r"(?i)영업\s?비밀|trade\s+secret|proprietary|confidential|vertraulich|betriebsgeheimnis|segredo\s+industrial|"
    r"secreto\s+(?:industrial|comercial)|secret\s+(?:industriel|commercial)|企業秘密|営業秘密"
)
_WITHHELD_CELL_WORDS = 4
# A word right after a figure, in the same cell (a comparator printed after it, "99.99 % 以上", is no word).
_NAME_WORD_AFTER = re.compile(r"[.,]? ?(?!이하|미만|이상|초과|以上|以下|未満)[^\W\d_]{2,}")
# Cells that say "none" or "not available" are not names.
_NONE_WORDS = re.compile(
    rf"(?i)^(?:{NO_DATA_WORDS}|혼합물|mixture|mistura|gemisch|mélange|mezcla|miscela)\.?$"
)
_NUMBER_WORD = re.compile(r"(?i)^(?:n[°º]|no|nr|n|núm|número|numero|number|nummer|numéro)\.?$")
_ONLY_CODES = re.compile(r"(?i)^(?:(?:EUH|H|P)\s?\d{3}[A-Za-z]{0,2}[\s,;.+/]*)+$")
# A subsection number ("3.2 Mixtures"); a line that opens with a comparator (">= 50.0 < 60.0%") is a row's
# concentration, never a heading.
_SUBSECTION = re.compile(r"^[^\w<>≤≥⩽⩾=]{0,3}\d{1,2}\.\d{1,2}\.?(?:\s|$)")
_LABELS = re.compile(
    r"(?i)\(?\b(?:cas|ec|eg|ce|einecs|elincs|nlp|index|[íi]ndice|reach|reg|registrierungs?|registration)[\w.\-]*\s*"
    r"(?:nr|no|n°|nº|#|number|nummer|numéro|número)?\.?\)?\s*[:#]?(?:\s*\((?:reach|cas|ec|eg|ce)[^)]*\))?"
)
_CELL = re.compile(r" {3,}|\t")
_NAMED_IN_BRACKETS = re.compile(
    r"[^\W\d_]{2,}\s*[(\[]\s*(?:(?:EC|EG|CE|EINECS)[\w.\-]*\s*[:.]?\s*)?$", re.IGNORECASE
)
# The bracket closes and the same cell goes on: "2-Methyl-2H-isothiazol-3-on [EG-Nr. 220-239-6] (3:1)".
_NAME_GOES_ON = re.compile(r"\s*[)\]] {0,2}\S")
_CODE_BEFORE = re.compile(
    r"(?i)(?<![a-zäöü])(?:tox|irrit|corr|dam|sens|repr|carc|muta|liq|sol|gas|chronic|acute|se|re|cat|"
    r"categor[yíi]a?|h|m\s*=?)\.?\s*$|\(\s*$"
)


@dataclass
class _Line:
    doc: DocLine
    cas: list[IdentifierMatch]
    ec: list[IdentifierMatch]
    concentrations: list[FoundConcentration]
    quantum_satis: str | None
    limits: list[FoundLimit]
    m_factors: list[FoundMFactor]
    rest: str  # the text with identifiers, figures and limits blanked out: names and classification
    withheld: bool = False
    no_cas: bool = False  # a CAS label whose value says there is none ("Nº CAS: Não aplicável")

    @property
    def fields(self) -> set[str]:
        found = set()
        if self.cas or self.withheld or self.no_cas:
            found.add("cas")
        if self.ec:
            found.add("ec")
        if self.concentrations or self.quantum_satis:
            found.add("concentration")
        return found


@dataclass
class _Row:
    lines: list[_Line] = field(default_factory=list)
    above: int = 0  # leading lines taken from the row before (a tall cell printed above the figures)

    @property
    def fields(self) -> set[str]:
        return set().union(*(line.fields for line in self.lines)) if self.lines else set()


def extract_components(
    section3: list[DocLine], section1: list[DocLine], running: frozenset[str] = frozenset()
) -> list[Component]:
    """The components of Section 3 in table order; then CAS numbers found nowhere else (Section 1 too).
    ``running`` holds the keys of the document's running headers and footers (:mod:`running_lines`), which a
    page break may put inside a row."""
    labelled = [line for line in section3 if _labels_concentration(line.text)]
    bare_cells = bool(labelled) or any(_is_header(line.text) for line in section3)
    kept = [line for line in section3 if not _is_noise(line.text) and running_key(line.text) not in running]
    # A subsection heading ("3.1 Stoffe", "· 3.2 Gemische") ends the row before it: a substance's identifiers
    # above it never join the mixture's first row under it.
    after_subsection = _first_lines_after_subsections(section3, kept)
    mended = mend_split_limit_categories(
        mend_broken_limits(
            mend_broken_ranges(
                mend_wrapped_cas_numbers(mend_wrapped_registry_numbers([line.text for line in kept]))
            )
        )
    )
    kept = [
        line if text == line.text else replace(line, text=text)
        for line, text in zip(kept, mended, strict=True)
    ]
    kept = [line for line in kept if line.text.strip()]
    lines = [_analyse(line, bare_cells) for line in kept]
    if not bare_cells and any(
        _bare(c) for line in lines if line.cas or line.withheld for c in line.concentrations
    ):
        # The rows with identifiers print their concentration without a unit: the table has a column for it.
        lines = [_analyse(line, True) for line in kept]
    _name_figures_after_comparators(lines)
    labelling = [_labels_concentration(item.doc.text) for item in lines]
    if any(item.concentrations and labels for item, labels in zip(lines, labelling, strict=True)):
        # Rows that label their concentration ("Gewichtsanteil: 10 - 20 %") print other percentages in
        # names ("... < 2 % Aromaten"): only the labelled ones are concentrations.
        for analysed, labels in zip(lines, labelling, strict=True):
            if not labels:
                analysed.concentrations = []
    rows = _rows(lines, after_subsection)
    _names_before(rows, lines)
    m_columns = _m_factor_columns(kept)
    components: list[Component] = []
    known: set[str] = set()
    for row in rows:
        component = _component(row)
        if component is None:
            continue
        if m_columns and component.m_factor_acute is None and component.m_factor_chronic is None:
            component = _with_column_m_factors(component, row.lines[0].doc.text, m_columns)
        # A CAS number printed again without a concentration or classification is a mention, not a row; and
        # a mention printed first ("No. CAS : 7782-50-5" above the table) gives way to the row.
        repeated = component.cas in known and component.concentration is None and not component.hazards
        mention = next(
            (
                position
                for position, earlier in enumerate(components)
                if component.cas and earlier.cas == component.cas and _bare_mention(earlier)
            ),
            None,
        )
        if mention is not None and not _bare_mention(component):
            components[mention] = component
        elif repeated:
            _add_m_factors(components, component)
        else:
            components.append(component)
        if component.cas:
            known.add(component.cas)
    # An EC number named above the table ("EG-Nummer: 230-391-5") gives way to the row that carries it.
    row_ecs = {c.ec for c in components if c.ec and not _bare_mention(c)}
    components = [c for c in components if not (c.cas is None and c.ec in row_ecs and _bare_mention(c))]
    components = _substance_joined(components, section3)
    components = _named_by_its_label(components, section3)
    for section_number, scope in ((3, section3), (1, section1)):
        for position, line in enumerate(scope):
            for match in _cas_numbers(line):
                if match.value in known:
                    continue
                known.add(match.value)
                window = " ".join(other.text for other in scope[position : position + 2])
                ec = next((e.value for e in find_ec_numbers(window) if e.check_ok), None)
                components.append(
                    Component(
                        name=_name_near(line.text, match.start, match.end),
                        cas=match.value,
                        ec=ec,
                        cas_check_ok=match.check_ok,
                        confidence=_cas_confidence(match, 0.8),
                        evidence=[line.evidence(section=section_number)],
                    )
                )
    return [_without_label_words(component) for component in components]


# A column of M-factors in the table's header ("M-Faktor   M-Faktor" over "(chronisch)   (akut)"); its cells
# are bare figures at the end of each row ("... Aquatic Chronic 3(H412)   1   1").
_M_COLUMN = re.compile(rf"(?i){M_FACTOR_WORD}")
_M_COLUMN_KIND = re.compile(rf"(?i)\b({M_FACTOR_KINDS})\b")
_TRAILING_FIGURES = re.compile(r"(?:\s{2,}\d{1,5})+\s*$")


def _m_factor_columns(lines: list[DocLine]) -> list[tuple[str | None, str]]:
    """The table's M-factor columns, left to right, each as its kind ("acute", "chronic" or None) and its
    name as printed ("M-Faktor (chronisch)"), from the header line that names them (and the line under it,
    where a wrapped header puts the kinds); [] without one."""
    for position, line in enumerate(lines):
        if find_cas_numbers(line.text):
            return []
        names = _M_COLUMN.findall(line.text)
        if not names or find_m_factors(line.text):
            continue
        below = lines[position + 1].text if position + 1 < len(lines) else ""
        after = line.text[line.text.find(names[0]) :]
        words = _M_COLUMN_KIND.findall(after) or _M_COLUMN_KIND.findall(below)
        if len(words) >= len(names):
            return [
                (m_factor_kind(word), f"{name} ({word})") for name, word in zip(names, words, strict=False)
            ]
        # One column that does not say which: the factor of whichever aquatic category the row has.
        return [(None, names[0])] if len(names) == 1 else []
    return []


def _with_column_m_factors(
    component: Component, text: str, columns: list[tuple[str | None, str]]
) -> Component:
    """The component with the M-factors of its row's last cells, when they are as many bare powers of ten as
    the table has M-factor columns."""
    tail = _TRAILING_FIGURES.search(text)
    if tail is None:
        return component
    figures = [int(figure) for figure in re.findall(r"\d+", tail.group(0))][-len(columns) :]
    if len(figures) != len(columns) or not all(_power_of_ten(figure) for figure in figures):
        return component
    cells = list(zip(figures, columns, strict=True))
    acute = next((figure for figure, (kind, _) in cells if kind in ("acute", None)), None)
    chronic = next((figure for figure, (kind, _) in cells if kind in ("chronic", None)), None)
    printed = "; ".join(f"{name} {figure}" for figure, (_, name) in cells)
    return component.model_copy(
        update={"m_factor_acute": acute, "m_factor_chronic": chronic, "m_factors_printed": printed}
    )


def _power_of_ten(figure: int) -> bool:
    return figure >= 1 and str(figure).strip("0") == "1"


def _add_m_factors(components: list[Component], repeated: Component) -> None:
    """A later table that names a component again by its CAS number to give its M-factors ("Informações
    complementares": "Imidacloprid   138261-41-3   Fator M: 10 (aguda), 10 (crônica)") adds them to its
    row."""
    if repeated.m_factor_acute is None and repeated.m_factor_chronic is None:
        return
    for position, earlier in enumerate(components):
        unset = earlier.m_factor_acute is None and earlier.m_factor_chronic is None
        if earlier.cas == repeated.cas and unset:
            components[position] = earlier.model_copy(
                update={
                    "m_factor_acute": repeated.m_factor_acute,
                    "m_factor_chronic": repeated.m_factor_chronic,
                    "m_factors_printed": repeated.m_factors_printed,
                    "evidence": [*earlier.evidence, *repeated.evidence],
                }
            )
            return


# A substance's name given after its label ("Nome químico ou comum: Acetato de Sódio Anidro", "Chemical name:
# Acetone"), the way a single substance's Section 3 is often printed.
_NAME_LABEL_WORDS = (
    r"(?:nome\s+qu[ií]mico(?:\s+comum)?(?:\s+ou\s+(?:nome\s+)?(?:comum|t[ée]cnico))?|nome\s+comum|"
    r"chemical\s+name|substance\s+name|common\s+name|chemische\s+bezeichnung|stoffname|nombre\s+qu[ií]mico|"
    r"nombre\s+com[uú]n|nom\s+chimique|nome\s+chimico)"
)
_NAME_LABEL = re.compile(rf"(?i)^\W*{_NAME_LABEL_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
_NAME_LABEL_CELL = re.compile(rf"(?i)^\W*{_NAME_LABEL_WORDS}\s*[:：]?\s*$")


def _named_by_its_label(components: list[Component], section3: list[DocLine]) -> list[Component]:
    """The one component of a substance takes the name its label gives, over words read around its CAS
    number (label lines such as "Número de registro CAS:" are no name)."""
    if len(components) != 1:
        return components
    for line in section3:
        found = _NAME_LABEL.match(line.text)
        if found is None:
            continue
        name = clean_value(found.group("value"))
        if name and not says_no_data(name):
            return [components[0].model_copy(update={"name": name[:200]})]
    return components


# Labels of a substance's identifiers and properties that a name read around a CAS number may take in
# ("Molecular weight", "Synonyms", "Número de" of "Número de registro CAS", "Chemical Abstract Service"): a
# name made of one is no name; one trailing a name ("Sodium Identification number(s)") is cut off.
_LABEL_AS_NAME = re.compile(
    r"(?i)^\W*(?:molecular\s+weight|molar\s+mass|formula|synonyms?|sin[ôó]nimos?|synonyme|molekulargewicht|"
    r"summenformel|identification\s+numbers?(?:\s*\(s\))?|chemical\s+abstracts?\s+(?:registry\s+number|service)|"
    r"n[úu]mero\s+de\b|identifikationsnummer)"
)
_TRAILING_LABEL = re.compile(r"(?i)\s+identification\s+numbers?(?:\s*\(s\))?\s*:?\s*$")


def _without_label_words(component: Component) -> Component:
    if component.name is None:
        return component
    name = _TRAILING_LABEL.sub("", component.name).strip()
    if _LABEL_AS_NAME.match(name):
        return component.model_copy(update={"name": None})
    return component if name == component.name else component.model_copy(update={"name": name})


# A line that declares a mixture ("3.2 Mixtures", "Gemische", "Mistura"): its rows are separate components.
_MIXTURE_DECLARED = re.compile(
    r"(?i)^\W*(?:3\.2\.?\s*)?(?:mixtures?|gemische?|misturas?|mezclas?|m[ée]langes?|miscele?|mengsels?)\b"
)


def _substance_joined(components: list[Component], section3: list[DocLine]) -> list[Component]:
    """A substance's identifiers printed above a one-row table ("CAS-No. : 334-48-5" ... "Component
    Classification Concentration" / "Decanoic acid   Skin Irrit. 2 ...   <= 100 %"): the identifiers and the
    row are one component, named by the row. Never in a section that declares a mixture."""
    if len(components) != 2 or any(_MIXTURE_DECLARED.match(line.text) for line in section3):
        return components
    mentions = [c for c in components if c.cas and _bare_mention(c)]
    rows = [c for c in components if not c.cas and not c.ec and (c.concentration or c.hazards)]
    if len(mentions) != 1 or len(rows) != 1:
        return components
    mention, row = mentions[0], rows[0]
    return [
        row.model_copy(
            update={
                "name": row.name or mention.name,
                "cas": mention.cas,
                "ec": mention.ec,
                "cas_check_ok": mention.cas_check_ok,
                "confidence": min(row.confidence, mention.confidence),
                "evidence": [*mention.evidence, *row.evidence],
            }
        )
    ]


# Words allowed between a concentration label and its figure ("Konzentration (Gew.-%): 10 - 20",
# "Gewichtsanteil in %: 5"); more, and the label word is part of a sentence ("Der Gehalt an Benzol ... liegt
# unterhalb von 0,1%"), not a label.
_LABEL_TO_FIGURE_WORDS = 2
# A label standing without its figure is a cell of its own: a table header or a labelled block's label.
_LABEL_CELL_WORDS = 4


# A line holding this many lower-case words is a sentence (a note under the table), not a row: row names
# hold few ("Reaction mass of ethylbenzene and xylene", "fração leve tratada").
_PROSE_WORDS = 5
_LOWER_WORD = re.compile(r"(?<![\w\-])[a-zà-öø-ÿ]{2,}(?![\w\-])")


# The content of one constituent of the row above ("Aromatengehalt: <0,5%", "Benzene content < 0.1 %"): a
# remark on that row, not a row of its own.
_CONTENT_OF = re.compile(
    r"(?i)(?:\b[^\W\d_]{3,}gehalt|\b[^\W\d_]{3,}\s+content|\bcontent\s+of\s+[^\W\d_]{3,}|"
    r"\bteor\s+de\s+[^\W\d_]{3,}|\bteneur\s+en\s+[^\W\d_]{3,})\s*[:=]?\s*$"
)


def _content_of(text: str, position: int) -> bool:
    start = max((gap.end() for gap in _CELL.finditer(text, 0, position)), default=0)
    return bool(_CONTENT_OF.search(text[start:position]))


def _in_prose(text: str, position: int) -> bool:
    """Whether the cell holding ``position`` is a sentence (a figure in a cell of its own beside a long name,
    "Non-hazardous and other components below reportable levels   > 90", is a row's)."""
    start = max((gap.end() for gap in _CELL.finditer(text, 0, position)), default=0)
    end = next((gap.start() for gap in _CELL.finditer(text, position)), len(text))
    return len(_LOWER_WORD.findall(text[start:end])) >= _PROSE_WORDS


def _labels_concentration(text: str) -> bool:
    """Whether the line labels a concentration: the label with its figure right after it, or the label alone
    in a short line (a header cell; the figure is on the line below)."""
    labels = list(_LABELLED_CONCENTRATION.finditer(text))
    if not labels:
        return False
    figures = find_concentrations(text, bare_cells=True)
    for label in labels:
        following = next((f for f in figures if f.start >= label.end()), None)
        if following is None:
            if len(text.split()) <= _LABEL_CELL_WORDS:
                return True
            continue
        between = re.findall(r"[^\W\d_]{2,}", text[label.end() : following.start])
        if len(between) <= _LABEL_TO_FIGURE_WORDS:
            return True
    return False


def _bare_mention(component: Component) -> bool:
    return component.concentration is None and not component.hazards


def _is_header(text: str, *, inside_row: bool = False) -> bool:
    """A table header: words of two columns (three inside a row, where a labelled value is likelier)."""
    if find_cas_numbers(text) or find_ec_numbers(text) or find_concentrations(text, bare_cells=True):
        return False
    if parse_classification(text):
        return False
    groups = sum(1 for pattern in _HEADER_WORDS.values() if pattern.search(text))
    return groups >= (3 if inside_row else 2)


def _is_noise(text: str) -> bool:
    """Running headers and footers that a page break puts inside the section, subsection headings, and
    occupational exposure limits printed under a row ("OSHA PEL 200 ppm 590 mg/m3")."""
    if find_cas_numbers(text):
        return False
    return bool(
        _DATE.search(text) or _PAGE.search(text) or _SUBSECTION.match(text) or _EXPOSURE_LIMIT.match(text)
    )


# An exposure limit's line: the limit's name first ("OSHA PEL", "ACGIH TLV", "TWA", "STEL", "MAK", "AGW"), a
# figure in ppm or mg/m3 after it; a limit is no concentration of the product.
_EXPOSURE_LIMIT = re.compile(
    r"(?i)^\W*(?:OSHA|ACGIH|NIOSH|PEL|TLV|TWA|STEL|REL|MAK|AGW|VME|VLE|WEL|LEP|TLV-TWA)\b[^%]{0,60}?"
    r"\d[\d.,]*\s*(?:ppm|mg\s*/\s*m\s*[3³]|f/cm3)"
)


def _analyse(line: DocLine, bare_cells: bool) -> _Line:
    text = line.text
    blanked = _blank(text, [(m.start(), m.end()) for m in INDEX_PATTERN.finditer(text)])
    blanked = _blank(blanked, [(m.start(), m.end()) for m in REACH_PATTERN.finditer(blanked)])
    cas = _cas_numbers(line)
    ec = find_ec_numbers(text)
    # "Butan (< 0,1% Butadien (203-450-8))": an EC number in brackets after a word names a substance
    # mentioned inside the component's name, not the row's own identifier; without a CAS number on the line,
    # only when the name goes on after the bracket ("Gemisch aus: ...-3-on [EG-Nr. 247-500-7] und" /
    # "2-Methyl-2H-isothiazol-3-on [EG-Nr. 220-239-6] (3:1)"), for "Reaction mass of ... (EC 905-588-0)"
    # is identified by it.
    ec = [
        m
        for m in ec
        if not _NAMED_IN_BRACKETS.search(text[: m.start]) or not (cas or _NAME_GOES_ON.match(text, m.end))
    ]
    blanked = _blank(blanked, [(m.start, m.end) for m in cas + ec])
    limits = find_specific_limits(blanked)
    blanked = _blank(blanked, [(f.start, f.end) for f in limits])
    m_factors = find_m_factors(blanked)
    blanked = _blank(blanked, [(f.start, f.end) for f in m_factors])
    blanked = _blank(blanked, [(m.start(), m.end()) for m in _FOOTNOTE.finditer(blanked)])
    quantum = _QS.search(blanked)
    if quantum:
        blanked = _blank(blanked, [(quantum.start(), quantum.end())])
    withheld = _withheld_cell(blanked)
    no_cas = None if cas else _cas_placeholder(blanked)
    if no_cas is not None:
        blanked = _blank(blanked, [(no_cas.start(), no_cas.end())])
    if not cas:
        # A note under the table ("Der Gehalt an Benzol (EINECS-Nr. 200-753-7) ... liegt unterhalb von
        # 0,1%"): the numbers inside its sentence are mentions, not a row's identifier or concentration.
        ec = [m for m in ec if not _in_prose(text, m.start)]
    has_identifier = bool(cas or ec or withheld)
    concentrations = find_concentrations(blanked, bare_cells=bare_cells or has_identifier)
    concentrations = [c for c in concentrations if not _inside_code(blanked, c)]
    concentrations = _without_figures_in_names(blanked, concentrations, alone_needed=has_identifier)
    if not cas:
        concentrations = [
            c
            for c in concentrations
            if not _in_prose(blanked, _figure_start(blanked, c))
            and not _content_of(blanked, _figure_start(blanked, c))
        ]
    rest = _blank(blanked, [(c.start, c.end) for c in concentrations])
    return _Line(
        doc=line,
        cas=cas,
        ec=ec,
        concentrations=concentrations,
        quantum_satis=quantum.group(0).strip() if quantum else None,
        limits=limits,
        m_factors=m_factors,
        rest=rest,
        withheld=withheld is not None,
        no_cas=no_cas is not None,
    )


def _cas_numbers(line: DocLine) -> list[IdentifierMatch]:
    # OCR misreads digits and dashes: its lines get the check digit's repairs.
    return find_cas_numbers_ocr(line.text) if line.ocr else find_cas_numbers(line.text)


def _cas_confidence(match: IdentifierMatch, sure: float) -> float:
    if not match.check_ok:
        return 0.4
    return min(sure, 0.6) if match.repaired else sure


# A CAS label and the placeholder printed for its number in a labelled block ("Número de registro CAS: Não
# aplicável", "CAS-Nr.: -", "CAS No.   N/A"): the block's row has no CAS number, and the line is its
# identifier line all the same, so the next block's "CAS" line starts the next row.
_CAS_LABEL_WITHOUT_NUMBER = re.compile(
    r"(?i)\bcas\b(?:[-\s]*(?:no|nr|n[°º]|number|nummer|numéro|número|registry\s+number)\.?)?"
    r"\s*(?:[:：]|\s{3,})\s*(?P<value>[^\s:：](?:[^:：]*?[^\s:：])?)\s*$"
)


def _cas_placeholder(text: str) -> re.Match[str] | None:
    """A CAS label followed by a placeholder instead of its number ("Nº CAS: Não aplicável"), else None."""
    found = _CAS_LABEL_WITHOUT_NUMBER.search(text)
    return found if found is not None and says_no_data(found.group("value")) else None


def _withheld_cell(text: str) -> re.Match[str] | None:
    """A withheld identifier standing in a cell of its own ("Trade secret", "영업비밀(1)", "Segredo industrial
    1"); the same words in a sentence ("... has been withheld as a trade secret.") are a note under the
    table, not a row."""
    for cell in _CELL.split(text):
        found = _WITHHELD.search(cell)
        if found is not None and len(cell.split()) <= _WITHHELD_CELL_WORDS:
            return found
    return None


# A name cell that ends with a comparator goes on in the next line ("Kohlenwasserstoff aliphatisch C4-11 <" /
# "0,1% Benzol"): no name ends with one.
_ENDS_WITH_COMPARATOR = re.compile(r"(?:<=?|>=?|≤|≥|⩽|⩾)\s*$")


def _name_figures_after_comparators(lines: list[_Line]) -> None:
    """The figure opening a line right under a name cell that ends with a comparator is the name's ("... C4-11
    <" / "0,1% Benzol" is "< 0,1% Benzol"), not a row's concentration."""
    for previous, line in itertools.pairwise(lines):
        first_cell = _CELL.split(previous.doc.text.strip(), maxsplit=1)[0]
        if not previous.concentrations or not _ENDS_WITH_COMPARATOR.search(first_cell):
            continue
        text = line.doc.text
        indent = len(text) - len(text.lstrip())
        line.concentrations = [found for found in line.concentrations if _figure_start(text, found) > indent]


def _without_figures_in_names(
    text: str, found: list[FoundConcentration], *, alone_needed: bool = True
) -> list[FoundConcentration]:
    """A percentage followed by a word of the same cell, or by the line's other figure, is part of a name
    ("Kohlenwasserstoffe, C9-C11, iso-Alkane, <2 % Aromaten   80-100%", "Hydrocarbons, C10-C13, < 2%
    aromatics"): the row's concentration is the figure that stands on its own, when the line has one. On a
    line without an identifier (a name wrapped onto it: "isoAlkane, cyclisch, < 2%. Aromaten") a figure inside
    a name is dropped even when nothing else is left (``alone_needed=False``): the row's figure is on the
    row's own line."""

    # Inside a name: a figure between words of one cell, or one after words of its cell with another figure
    # later on the line ("... cyclische, <2% 50-100%", "... aromatisch (2-25%)   < 3 %").
    in_names = [
        f
        for f in found
        if _words_before_in_cell(text, _figure_start(text, f))
        and (
            _NAME_WORD_AFTER.match(text, _figure_end(text, f)) or any(other.start >= f.end for other in found)
        )
    ]
    alone = [f for f in found if f not in in_names]
    return alone if in_names and (alone or not alone_needed) else found


def _figure_start(text: str, found: FoundConcentration) -> int:
    """Where the figure itself starts: a match may take in the blanks before it."""
    span = text[found.start : found.end]
    return found.start + len(span) - len(span.lstrip())


def _figure_end(text: str, found: FoundConcentration) -> int:
    span = text[found.start : found.end]
    return found.end - len(span) + len(span.rstrip())


def _words_before_in_cell(text: str, position: int) -> bool:
    cell_start = max((gap.end() for gap in _CELL.finditer(text, 0, position)), default=0)
    return any(ch.isalpha() for ch in text[cell_start:position])


def _bare(found: FoundConcentration) -> bool:
    return "%" not in found.value.printed and found.value.unit == "%"


def _inside_code(text: str, found: FoundConcentration) -> bool:
    """A number that belongs to a category code ("Repr. 2", "Aquatic Chronic 3") or a code is not a
    concentration unless it carries a unit."""
    if "%" in found.value.printed or found.value.unit != "%":
        return False
    before = text[max(0, found.start - 14) : found.start]
    return bool(_CODE_BEFORE.search(before))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(max(0, start), min(len(chars), end)):
            chars[index] = " "
    return "".join(chars)


# Section 3's own subsection headings: "3.1 Stoffe", "· 3.2 Gemische", "3.2. Mixtures".
_SECTION_3_SUBSECTION = re.compile(r"^[^\w<>≤≥⩽⩾=]{0,3}3\s*\.\s*[12]\.?\s+[^\W\d_]{3,}")


def _first_lines_after_subsections(section3: list[DocLine], kept: list[DocLine]) -> set[int]:
    """The indices of the kept lines that first follow a subsection heading."""
    kept_indices = {line.index for line in kept}
    found: set[int] = set()
    waiting = False
    for line in section3:
        if _SECTION_3_SUBSECTION.match(line.text):
            waiting = True
        elif waiting and line.index in kept_indices:
            found.add(line.index)
            waiting = False
    return found


def _rows(lines: list[_Line], after_subsection: Set[int] = frozenset()) -> list[_Row]:
    rows: list[_Row] = []
    current: _Row | None = None
    header: _Line | None = None
    pending: list[_Line] = []  # lines after a table header that no row has taken yet
    for line in lines:
        if line.doc.index in after_subsection:
            current, header, pending = None, None, []
        if _is_header(line.doc.text, inside_row=current is not None):
            current, header, pending = None, line, []
            continue
        fields = line.fields
        if current is None:
            if fields:
                current = _Row([line])
                if rows and rows[-1].lines[-1].doc.page < line.doc.page:
                    # A table broken over pages, its header printed again: what stands under the header
                    # before the next row's figures is the rest of the last row ("Irrit. 2, H319").
                    rows[-1].lines += [item for item in pending if parse_classification(item.rest)]
                elif header is not None:
                    current.lines[:0] = _lines_above_row(_Row([header, *pending]), line, classified=True)
                rows.append(current)
            else:
                pending.append(line)
            continue
        if fields & current.fields:
            previous, current = current, _Row([line])
            moved = _lines_above_row(previous, line)
            current.lines[:0] = moved
            current.above = len(moved)
            rows.append(current)
        else:
            current.lines.append(line)
    _return_lone_classifications(rows)
    return rows


def _return_lone_classifications(rows: list[_Row]) -> None:
    """Undo a move of classification lines to the next row when it left the row before without any
    classification while the next row prints its own on lines of their own below its figures: in such a
    stacked layout (figures, then identifiers, then classification, each on its own line) those lines were
    the end of the row before, not a tall cell printed above. A row whose figure line carries part of its
    classification is a table with a classification column, where the move stands."""
    for previous, row in pairwise(rows):
        if not row.above:
            continue
        moved, own = row.lines[: row.above], row.lines[row.above :]
        if any(parse_classification(line.rest) for line in previous.lines):
            continue
        if parse_classification(own[0].rest):
            continue
        if not any(parse_classification(line.rest) for line in own[1:]):
            continue
        previous.lines += moved
        row.lines, row.above = own, 0


# Lines of a cell printed around its row's middle: the widest gap between the lines that carry no figure is
# where one row ends and the next begins when it is this much wider than the line spacing around it.
_ROW_GAP_FACTOR = 1.4
_ROW_GAP_MIN = 2.0


# A classification cut at its line's end: after a separator, or after a hazard class's abbreviation that
# still lacks its category ("Acute Tox.", "Skin Corr."); and a line that opens with the missing category or
# a code.
_OPEN_CLASSIFICATION = re.compile(r"(?:[,;+]|\b[A-Z][a-z]{1,5}\.)\s*$")
_CATEGORY_FIRST = re.compile(r"^\W{0,3}(?:\d[A-Da-d]?\b|H\d{3})")


def _lines_above_row(previous: _Row, first: _Line, *, classified: bool = False) -> list[_Line]:
    """The lines at the end of ``previous`` that belong to the row starting at ``first``: a table that centres
    its cells vertically prints a tall cell's first lines ("H302; H312;") above the line with the row's
    figures. They follow the widest vertical gap after the previous row's last figure line, when that gap
    stands out from the spacing of the other lines (rows are set apart by their padding). Moved lines are
    removed from ``previous``. Under a table header (``classified``), only lines with a classification move:
    the header's own wrapped words stay where they are."""
    last_field = max((index for index, line in enumerate(previous.lines) if line.fields), default=0)
    tail = previous.lines[last_field + 1 :]
    if not tail:
        return []
    chain = [previous.lines[last_field], *tail, first]
    if len({line.doc.page for line in chain}) != 1:
        return []
    # From middle to middle: a line that several cells' words were merged into can be tall.
    middles = [(line.doc.box.y0 + line.doc.box.y1) / 2 for line in chain]
    steps = [middles[i + 1] - middles[i] for i in range(len(chain) - 1)]
    widest = max(range(len(steps)), key=lambda i: steps[i])
    others = [step for i, step in enumerate(steps) if i != widest]
    if widest == len(steps) - 1 or min(others) <= 0:
        return []
    if steps[widest] < max(others) * _ROW_GAP_FACTOR or steps[widest] - max(others) < _ROW_GAP_MIN:
        return []
    moved = tail[widest:]
    if classified and not all(parse_classification(line.rest) for line in moved):
        return []
    if _OPEN_CLASSIFICATION.search(chain[widest].doc.text) and _CATEGORY_FIRST.match(moved[0].doc.text):
        # The line above ends a classification half-way ("... Acute Tox.") and the first one to move
        # finishes it ("4, H332; ..."): they are one cell, whatever the spacing says.
        return []
    del previous.lines[last_field + 1 + widest :]
    return moved


def _names_before(rows: list[_Row], lines: list[_Line]) -> None:
    """Rows whose first line carries no name (labelled blocks: "Registrierungsnr. ...", "EINECS ...",
    "CAS ...") take the name printed above them: the lines just before the row that carry no field and no
    classification, moved from the end of the row before (or from above the first row)."""
    position = {id(line): index for index, line in enumerate(lines)}
    for number, row in enumerate(rows):
        if _row_name(row) is not None:
            continue
        start = position[id(row.lines[0])]
        floating: list[_Line] = []
        previous = rows[number - 1] if number else None
        index = start - 1
        # Line 0 of the section is its heading.
        while index >= 1 and len(floating) < 5:
            line = lines[index]
            if line.fields or parse_classification(line.rest) or line.m_factors or line.limits:
                break
            # A substance's labelled properties ("Formula   :   C14H12O3", "Synonyms   :   ...") stand between
            # its row and anything above: what is above them is no name of the row.
            if _labels_a_property(_CELL.split(line.rest)[0]):
                break
            if previous is None and (_is_header(line.doc.text) or line.doc.text.rstrip().endswith(":")):
                break
            floating.insert(0, line)
            index -= 1
        named = [position for position, line in enumerate(floating) if _first_name(line) is not None]
        if not named:
            continue
        # The name is the nearest named line above the row (with what is between them); what lies above it
        # stays where it was.
        moved = floating[named[-1] :]
        if previous is not None:
            previous.lines = [line for line in previous.lines if line not in moved]
        row.lines = moved + row.lines


def _first_name(line: _Line) -> str | None:
    for cell in _CELL.split(line.rest):
        # A property's label ("Molecular weight   :   302.53 g/mol", "Número de registro CAS: ..."): the
        # line names nothing, whatever stands in its other cells.
        if _labels_a_property(cell):
            return None
        # A name's own label in a cell of its own ("NOME QUÍMICO   Etanol"): the name is in the next cell.
        if _NAME_LABEL_CELL.match(cell):
            continue
        candidate = _clean_name(cell)
        if candidate:
            return candidate
    return None


def _labels_a_property(cell: str) -> bool:
    return bool(_LABEL_AS_NAME.match(_LABELS.sub(" ", cell).strip()))


def _component(row: _Row) -> Component | None:
    cas_matches = [m for line in row.lines for m in line.cas]
    cas = next((m for m in cas_matches if m.check_ok), cas_matches[0] if cas_matches else None)
    ec_matches = [m for line in row.lines for m in line.ec]
    ec = next((m for m in ec_matches if m.check_ok), None)
    concentration, printed = _concentration(row)
    limits = [found.limit for line in row.lines for found in line.limits]
    m_acute, m_chronic, m_printed = _m_factors(row)
    hazard_text = " ".join(line.rest for line in row.lines)
    hazards = _hazards(hazard_text)
    name = _row_name(row)
    if (
        cas is None
        and ec is None
        and not hazards
        and (name is None or (concentration is None and printed is None))
    ):
        return None
    confidence = 0.9
    if cas is not None and (not cas.check_ok or cas.repaired):
        confidence = _cas_confidence(cas, confidence)
    elif concentration is None and printed is None:
        confidence = 0.7
    snippet = " | ".join(line.doc.text.strip() for line in row.lines)
    return Component(
        name=name,
        cas=cas.value if cas else None,
        ec=ec.value if ec else None,
        concentration=printed,
        cas_check_ok=cas.check_ok if cas else None,
        confidence=confidence,
        evidence=[row.lines[0].doc.evidence(section=3, snippet=snippet)],
        concentration_range=concentration,
        hazards=hazards,
        m_factor_acute=m_acute,
        m_factor_chronic=m_chronic,
        m_factors_printed=m_printed,
        specific_limits=limits,
    )


def _concentration(row: _Row) -> tuple[ConcentrationRange | None, str | None]:
    for line in row.lines:
        if line.concentrations:
            # A figure with its unit is the concentration; a bare number beside it is another column's
            # (molecular weight, a registry figure), as in "窒素   7727-37-9   28.01   ...   99.99％以上".
            value = next((c.value for c in line.concentrations if not _bare(c)), line.concentrations[0].value)
            return value, value.printed
        if line.quantum_satis:
            return None, line.quantum_satis
    return None, None


def _m_factors(row: _Row) -> tuple[int | None, int | None, str | None]:
    acute = chronic = None
    printed = []
    for line in row.lines:
        for found in line.m_factors:
            printed.append(_unbracketed(line.doc.text[found.start : found.end]))
            if found.kind in ("acute", None) and acute is None:
                acute = found.value
            if found.kind in ("chronic", None) and chronic is None:
                chronic = found.value
    return acute, chronic, "; ".join(dict.fromkeys(printed)) or None


def _unbracketed(text: str) -> str:
    """A printed M-factor without the separators and unmatched brackets around it ("(M=100)" -> "M=100",
    ", 10 (crônica)" -> "10 (crônica)")."""
    text = text.strip(" ,;")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    return text.strip()


def _hazards(text: str) -> list[ComponentHazard]:
    return parse_classification(text)


def _row_name(row: _Row) -> str | None:
    # A row may open with lines of a tall cell printed above its figures (codes only): the name is on the
    # first line that has one, up to the first line with figures.
    leading = next((index for index, line in enumerate(row.lines) if line.fields), 0)
    named = [line for line in row.lines[: leading + 1] if _first_name(line) is not None]
    if not named:
        return None
    first = named[0]
    candidate = _first_name(first)
    if candidate is None:
        return None
    parts = [candidate]
    # A name wrapped over the next lines continues in the same column.
    for line in row.lines[row.lines.index(first) + 1 :]:
        # A line of the row's specific limits or M-factors ("Specific concentration limits: ...") is data.
        if (
            abs(line.doc.box.x0 - first.doc.box.x0) > 3
            or line.fields
            or line.limits
            or line.m_factors
            or parse_classification(line.rest)
        ):
            break
        cell = _clean_name(_CELL.split(line.rest)[0])
        # A note under the table ("All concentrations are percent by weight ...") or a heading after it
        # ("Informações complementares") goes on no name.
        if (
            not cell
            or len(_LOWER_WORD.findall(cell)) >= _PROSE_WORDS
            or looks_like_label(cell)
            or _labels_a_property(cell)
        ):
            break
        parts.append(cell)
    name = " ".join(parts)
    name = re.sub(r"-\s+(?=[a-zäöü])", "-", name)
    return name[:200] or None


def _clean_name(cell: str) -> str | None:
    # "Nome químico comum ou técnico: Tensoativo aniônico": a labelled block's name line names its row.
    labelled = _NAME_LABEL.match(cell)
    if labelled is not None:
        cell = labelled.group("value")
    text = _LABELS.sub(" ", cell)
    text = _LABELLED_CONCENTRATION.sub(" ", text)
    text = re.sub(r"(?i)\((?:w/w|m/m|p/p|v/v)\)", " ", text)
    text = " ".join(text.split()).strip(" :;,|-·•*_")
    if len(text) < 2 or not any(ch.isalpha() for ch in text) or _NONE_WORDS.match(text):
        return None
    if _NUMBER_WORD.match(text) or _ONLY_CODES.match(text):
        # What is left of "Nº CAS 298-96-4" once the number is read, or a cell of H-codes ("H303; H318.")
        return None
    found = find_categories(text)
    if found and found[0].start == 0:
        return None
    return text


def _name_near(text: str, start: int, end: int) -> str | None:
    before = text[:start].strip(" :;,|-")
    before = re.sub(
        r"(?i)\b(?:cas(?:-?\s*(?:no|nr|number|n°|nº))?\.?|n[°º]\s*cas)\s*[:.]?\s*$", "", before
    ).strip()
    if len(before) >= 3 and any(c.isalpha() for c in before):
        return before[:120]
    after = re.sub(r"^[\s\d\-–.,:;|]+", "", text[end:])
    after = re.split(r"\d{1,3}(?:[.,]\d+)?\s*%", after)[0].strip(" :;,|")
    return after[:120] or None


__all__ = ["SpecificLimit", "extract_components"]
