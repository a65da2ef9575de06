"""Section 3 rows and Section 11 acute toxicity values, in the layouts and languages sheets use.

Cells of a table row are separated by three spaces, as the reading order joins words across a column gap.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.common import Box
from models.composition import ExposureRoute, InhalationForm, ToxicityMeasure
from msds.domain.composition_text import (
    find_concentrations,
    find_m_factors,
    find_specific_limits,
    parse_concentration,
)
from msds.services.document_lines import DocLine
from msds.services.extract.composition import extract_components
from msds.services.extract.record_builder import SectionedLines
from msds.services.extract.toxicology import extract_acute_toxicity
from msds.services.segment import segment_lines
from tests.helpers.records import record_of_lines
from tests.unit.lines import doc_lines


def rows(text: str) -> list[tuple[str | None, float | None, float | None, list[str]]]:
    components = extract_components(doc_lines(text), [])
    return [
        (
            c.cas,
            c.concentration_range.low if c.concentration_range else None,
            c.concentration_range.high if c.concentration_range else None,
            c.h_codes,
        )
        for c in components
    ]


def test_a_table_whose_cells_wrap_over_lines_gives_one_row_per_component() -> None:
    # Given a German table: name, CAS/EC (EC on the next line), concentration, classification wrapping
    text = """ABSCHNITT 3 Zusammensetzung/Angaben zu Bestandteilen
3.2 Gemische
Bezeichnung   CAS-Nr. /   Konzentration   Einstufung (EG) Nr. 1272/2008
Butanon   78-93-3   64,9 %   Flam. Liq. 2, H225; Eye
201-159-0   Irrit. 2, H319; STOT SE 3,
H336; EUH066
Ethylacetat   141-78-6   15 - 20 %   Flam. Liq. 2, H225
205-500-4
Methanol   67-56-1   ≥ 5 – < 10 %   Acute Tox. 3, H301; Acute
200-659-6   Tox. 3, H311; STOT SE 1, H370"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then each row has its identifiers, concentration and classification
    assert rows(text) == [
        ("78-93-3", 64.9, 64.9, ["H225", "H319", "H336", "EUH066"]),
        ("141-78-6", 15.0, 20.0, ["H225"]),
        ("67-56-1", 5.0, 10.0, ["H301", "H311", "H370"]),
    ]
    assert [c.ec for c in found] == ["201-159-0", "205-500-4", "200-659-6"]
    assert found[0].name == "Butanon"
    assert [h.category for h in found[0].hazards][:3] == ["Flam. Liq. 2", "Eye Irrit. 2", "STOT SE 3"]
    assert found[2].concentration_range is not None and not found[2].concentration_range.high_inclusive


def test_labelled_blocks_give_one_row_per_substance_with_its_name_above() -> None:
    # Given labelled blocks, one line per field, the name first
    text = """ABSCHNITT 3: Zusammensetzung/Angaben zu Bestandteilen
3.2 Gemisch
Phosphorsäure   Stoff, für den ein EU-Expositionsgrenzwert gilt
Registrierungsnr. (REACH)   01-2119485924-24-XXXX
EINECS, ELINCS, NLP   231-633-2
CAS   7664-38-2
% Bereich   5-15
Einstufung gemäß der Verordnung (EG) Nr. 1272/2008 (CLP)   Met. Corr. 1, H290
Skin Corr. 1B, H314
Isotridecanol, ethoxyliert
Registrierungsnr. (REACH)   ---
CAS   9043-30-5
% Bereich   1-5
Einstufung gemäß der Verordnung (EG) Nr. 1272/2008 (CLP)   Acute Tox. 4, H302
Eye Dam. 1, H318"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the two substances have their own figures and names
    assert rows(text) == [
        ("7664-38-2", 5.0, 15.0, ["H290", "H314"]),
        ("9043-30-5", 1.0, 5.0, ["H302", "H318"]),
    ]
    assert [c.name for c in found] == ["Phosphorsäure", "Isotridecanol, ethoxyliert"]


def test_identifier_lines_and_a_percentage_in_a_name_are_told_apart() -> None:
    # Given "CAS: ... name conc" lines and a labelled-weight layout with "< 2 %" inside a name
    identifier_lines = """· Gefährliche Inhaltsstoffe:
CAS: 64-17-5   Ethanol   25 - 50%
EINECS: 200-578-6   Flam. Liq. 2, H225
Reg.nr.: 01-2119457610-43-X
CAS: 107-21-1   Ethandiol   2,5-<10%
EINECS: 203-473-3   STOT RE 2, H373; Acute Tox. 4, H302"""
    labelled = """3.2 Gemische
KOHLENWASSERSTOFFE, C9-C10, N-ALKANE, < 2% AROMATEN ; REACH
Registrierungsnr. : 01-2119471843-32 ; EG-Nr. : 927-241-2
Gewichtsanteil :   ≥ 75 - < 100 %
Einstufung 1272/2008 [CLP] :   Flam. Liq. 3 ; H226 Asp. Tox. 1 ; H304"""
    # When the components are extracted
    # Then each layout gives its rows
    assert rows(identifier_lines) == [
        ("64-17-5", 25.0, 50.0, ["H225"]),
        ("107-21-1", 2.5, 10.0, ["H373", "H302"]),
    ]
    assert rows(labelled) == [(None, 75.0, 100.0, ["H226", "H304"])]


def test_bare_concentration_cells_m_factors_and_specific_limits_are_read_per_row() -> None:
    # Given an English table with a "% w/w" column holding bare ranges, M-factors and a specific limit
    text = """3.2 Mixtures
Chemical name   CAS No.   EC No.   Concentration (% w/w)   Classification
Sodium hypochlorite   7681-52-9   231-668-3   >= 10 - < 20   Skin Corr. 1B, H314; Aquatic Acute 1, H400 (M=10)
EUH031   Eye Dam. 1; H318: C >= 5 %
Zinc pyrithione   13463-41-7   236-671-3   < 0.5   Aquatic Chronic 1, H410   M-factor (chronic): 100"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the figures belong to their rows, and the limit's H-code is not a classification of the row
    assert rows(text) == [
        ("7681-52-9", 10.0, 20.0, ["H314", "H400", "EUH031"]),
        ("13463-41-7", None, 0.5, ["H410"]),
    ]
    assert (found[0].m_factor_acute, found[1].m_factor_chronic) == (10, 100)
    assert [(s.category, s.low) for s in found[0].specific_limits] == [("Eye Dam. 1", 5.0)]


def test_a_portuguese_table_and_a_substance_in_section_1_are_read() -> None:
    # Given a Portuguese table and, for a substance sheet, the CAS number in Section 1 only
    text = """3. COMPOSIÇÃO E INFORMAÇÕES SOBRE OS INGREDIENTES
Nome químico   Número CAS   Concentração (%)
Hidróxido de sódio   1310-73-2   1 – 3 %   Skin Corr. 1A, H314
Água   7732-18-5   qsp 100%"""
    section1 = doc_lines("1. IDENTIFICAÇÃO\nNome: Acetona\nN° CAS: 67-64-1")
    # When the components are extracted
    table = extract_components(doc_lines(text), [])
    substance = extract_components([], section1)
    # Then "qsp 100%" is printed but gives no figure; Section 1's CAS is the substance's component
    assert [(c.cas, c.concentration) for c in table] == [("1310-73-2", "1 – 3 %"), ("7732-18-5", "qsp 100%")]
    assert table[1].concentration_range is None
    assert [c.cas for c in substance] == ["67-64-1"]


@pytest.mark.parametrize(
    ("printed", "low", "high", "low_inclusive", "high_inclusive"),
    [
        ("≥ 10 – < 20 %", 10.0, 20.0, True, False),
        ("25-50%", 25.0, 50.0, True, True),
        ("0,1-<1", 0.1, 1.0, True, False),
        ("< 0,05", None, 0.05, True, False),
        ("> 90", 90.0, None, False, True),
        ("25 50 %", 25.0, 50.0, True, True),
        ("> 10.0 - < 30.0%", 10.0, 30.0, False, False),
        ("Entre 1 e 5%", 1.0, 5.0, True, True),
        ("between 10 and 20 %", 10.0, 20.0, True, True),
        ("< = 1%", None, 1.0, True, True),
        ("> = 10 %", 10.0, None, True, True),
    ],
)
def test_printed_concentrations_are_read_as_bounds(
    printed: str, low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool
) -> None:
    # Given a printed concentration
    # When it is parsed
    value = parse_concentration(printed)
    # Then its bounds are the printed ones
    assert value is not None
    assert (value.low, value.high, value.low_inclusive, value.high_inclusive) == (
        low,
        high,
        low_inclusive,
        high_inclusive,
    )


def test_specific_limits_and_m_factors_are_read_in_their_printed_forms() -> None:
    # Given a row's limits and M-factors as sheets print them
    limits = find_specific_limits("Skin Corr. 1B; H314: C ≥ 70 %   Skin Irrit. 2; H315: 50 % ≤ C < 70 %")
    factors = find_m_factors("Aquatic Acute 1, H400 (M=10)   M-Faktor chronisch: 1   Facteur M = 100")
    # When read
    # Then each limit has its category and range, each factor its kind
    assert [(f.limit.category, f.limit.low, f.limit.high) for f in limits] == [
        ("Skin Corr. 1B", 70.0, None),
        ("Skin Irrit. 2", 50.0, 70.0),
    ]
    assert [(f.kind, f.value) for f in factors] == [("acute", 10), ("chronic", 1), (None, 100)]


def test_acute_toxicity_values_carry_route_species_and_component() -> None:
    # Given Section 11 in German with values per component and a value for the mixture
    text = """ABSCHNITT 11: Toxikologische Angaben
Akute Toxizität
Ethanol (64-17-5)
LD50 oral (Ratte): 10.470 mg/kg
LC50 Inhalation Ratte 4 h: 117 mg/l (Dampf)
Methanol
DL50 dermal Kaninchen > 2000 mg/kg
Gemisch: ATEmix (oral) 5500 mg/kg"""
    components = extract_components(doc_lines("Ethanol   64-17-5   50 %\nMethanol   67-56-1   5 %"), [])
    # When the values are extracted
    values = extract_acute_toxicity(doc_lines(text), components)
    # Then each has its measure, route, figure, species and component
    summary = [(v.measure, v.route, v.qualifier, v.value, v.species, v.component_cas) for v in values]
    assert summary == [
        (ToxicityMeasure.LD50, ExposureRoute.ORAL, "", 10470.0, "rat", "64-17-5"),
        (ToxicityMeasure.LC50, ExposureRoute.INHALATION, "", 117.0, "rat", "64-17-5"),
        (ToxicityMeasure.LD50, ExposureRoute.DERMAL, ">", 2000.0, "rabbit", "67-56-1"),
        (ToxicityMeasure.ATE, ExposureRoute.ORAL, "", 5500.0, None, None),
    ]
    assert values[1].inhalation_form is InhalationForm.VAPOUR and values[1].duration_hours == 4.0


def test_a_sentence_about_withheld_percentages_is_a_note_not_a_row() -> None:
    # Given a US sheet that says the percentages are a trade secret above rows whose classes come first
    text = """3 COMPOSITION/INFORMATION ON INGREDIENTS
The exact percentage (concentration) of composition has been withheld as a trade secret.
Contains:   GHS Classification:
Ethyl alcohol   Flammable Liquid - Cat. 2 [H225]
CAS: 64-17-5   EINECS: 200-578-6"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then no component stands for the sentence, with the classes printed under it
    assert [c.name for c in found if c.cas is None] == []
    assert [c.cas for c in found] == ["64-17-5"]


def test_a_withheld_identity_in_its_own_cell_still_marks_a_row() -> None:
    # Given a row whose CAS cell says the identity is a trade secret, after a row with a CAS number
    text = """Chemical name   CAS No.   %
Glycerol   56-81-5   10 - 20
Surfactant blend   Trade secret   5 - 10"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the withheld row is a component without a CAS number
    assert [(c.cas, c.name, c.concentration) for c in found] == [
        ("56-81-5", "Glycerol", "10 - 20"),
        (None, "Surfactant blend", "5 - 10"),
    ]


def test_a_specific_limit_printed_figure_first_is_no_row_of_its_own() -> None:
    # Given a row with a block of concentration limits printed ">= x %: category"
    text = """Componente   Classificação   Concentração
Etanol
Nº CAS   64-17-5   Flam. Liq. 2; Eye Irrit. 2A;   >= 10 - < 20 %
N° CE   200-578-6   H225, H319
Limites de concentração:
>= 50 %: Eye Irrit. 2A, H319
Glicerina
Nº CAS   56-81-5   >= 1 - < 5 %"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the limit belongs to the row above it, and the names are the ones printed above each row
    assert rows(text) == [("64-17-5", 10.0, 20.0, ["H225", "H319"]), ("56-81-5", 1.0, 5.0, [])]
    assert [(s.category, s.h_code, s.low) for s in found[0].specific_limits] == [
        ("Eye Irrit. 2", "H319", 50.0)
    ]
    assert [c.name for c in found] == ["Etanol", "Glicerina"]


def test_a_range_wrapped_after_its_comparator_is_put_back_together() -> None:
    # Given a narrow concentration column that wraps ">= 90 - <=" and "100 %" over two lines
    text = """Nº CAS   1310-73-2   Skin Corr. 1A; Met. Corr. 1; >= 90 - <=
N° CE   215-185-5   H314, H290, 100 %"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the row has the whole range and both H-codes
    assert rows(text) == [("1310-73-2", 90.0, 100.0, ["H314", "H290"])]
    assert found[0].concentration == ">= 90 - <= 100 %"


def test_a_range_printed_without_spaces_keeps_its_lower_bound() -> None:
    # Given ranges printed tight: "0<0.1%" and "2,5<10 %"
    # When they are read
    found = [find_concentrations(text, bare_cells=False) for text in ("0<0.1% Linalool", "2,5<10 % Ethanol")]
    # Then both bounds are kept
    assert [(f[0].value.low, f[0].value.high) for f in found] == [(0.0, 0.1), (2.5, 10.0)]


def test_a_lower_bound_sign_ocr_read_as_a_2_is_a_sign_again() -> None:
    # Given ranges read from a scan, "≥" taken for a "2" ("≥1-<3%" read "21-<3%"), beside ranges whose
    # first figure really starts with a 2
    texts = [
        "Acido citrico   77-92-9   21-<3%",
        "Glycerol   56-81-5   210-<15%",
        "Ethanol   64-17-5   25-<30%",
    ]
    # When they are read
    found = [find_concentrations(text, bare_cells=True) for text in texts]
    # Then a range that would fall reads as the lower bound it was; a rising one is left as printed
    assert [(f[0].value.low, f[0].value.high) for f in found] == [(1.0, 3.0), (10.0, 15.0), (25.0, 30.0)]
    assert parse_concentration("21-<3%") == parse_concentration("≥1-<3%")


def test_a_range_between_two_comparators_is_the_rows_concentration_without_its_unit() -> None:
    # Given a row whose concentration "> 25 — < 30" runs into its classification, the "%" wrapped below it
    text = """Peroxyde d'hydrogène 7722-84-1   > 25 — < 30 Ox. Liq. 1, H271; Acute
231-765-0   %   Tox. 4, H302"""
    # When the components are extracted
    # Then the row has the range and its codes
    assert rows(text) == [("7722-84-1", 25.0, 30.0, ["H271", "H302"])]


def test_an_h_code_the_clp_table_lacks_printed_after_a_category_is_the_one_kept() -> None:
    # Given a GHS-style row that prints "Skin Irrit. 2 (H316)" beside other categories with their codes
    text = "Citral   5392-40-5   1 - 5%   Skin Sens. 1 (H317)   Skin Irrit. 2 (H316)   Flam. Liq. 4 (H227)"
    # When the components are extracted
    # Then the printed H316 is the row's code and no H315 is made up for the category
    assert rows(text) == [("5392-40-5", 1.0, 5.0, ["H317", "H316", "H227"])]


def test_a_cas_number_wrapped_at_a_dash_is_read_whole() -> None:
    # Given a name cell that wraps its CAS number over two lines
    text = """CAS: 7732-18-5   Wasser   50 - 70%
Reaktionsmasse aus 5-Chlor-2-methyl-isothiazolinon   < 0,0015%
und 2-Methyl-isothiazolinon (CAS 55965-
84-9)   Acute Tox. 3, H301; Skin Sens. 1A, H317"""
    # When the components are extracted
    # Then the second row has its CAS number (its check digit holds)
    assert rows(text) == [("7732-18-5", 50.0, 70.0, []), ("55965-84-9", None, 0.0015, ["H301", "H317"])]


def test_label_words_and_h_code_cells_are_not_names() -> None:
    # Given a row that labels its CAS number "Nº CAS" and a trade-secret row centred over three lines
    text = """Componente   Nº CAS   Concentração (%)   Classificação
Óxido de zinco
Nº CAS   1314-13-2   >= 1 - < 5 %   Aquatic Acute 1; H400
Segredo
2,5 – 10,0   ND   H302; H318.
industrial 1"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then neither "Nº" nor "H302; H318." is a name
    assert [c.name for c in found] == ["Óxido de zinco", "Segredo"]


def test_a_percentage_inside_a_name_is_not_the_rows_concentration() -> None:
    # Given a hydrocarbon name that carries "<2 % Aromaten" and the row's own range at the end of the line
    text = """EG-Nummer: 918-481-9   Kohlenwasserstoffe, C10-C13, n-Alkane, <2 % Aromaten   25-50%
Reg.nr.: 01-2119457273-39-XXXX   Asp. Tox. 1, H304"""
    # When the components are extracted
    # Then the concentration is the range that stands in its own cell
    assert rows(text) == [(None, 25.0, 50.0, ["H304"])]


def test_a_row_that_opens_with_a_comparator_is_not_taken_for_a_subsection_heading() -> None:
    # Given blocks whose first line is the concentration (">= 50.0 < 60.0%"), then the name, CAS and EC
    text = """3 COMPOSITION/INFORMATION ON INGREDIENTS
3.2 Mixture
>= 50.0 < 60.0%   GHS Classification:
Ethanol   Flammable Liquid - Cat. 2 [H225]
N° CAS: 0000064-17-5   Eye Irritation - Cat. 2A [H319]
N° EINECS: 200-578-6
>= 2.5 < 5.0%   GHS Classification:
Linalool   Skin Sensitization - Cat. 1B [H317]
N° CAS: 0000078-70-6"""
    # When the components are extracted
    # Then each block keeps its own concentration; "3.2 Mixture" is still a heading, not a row
    assert rows(text) == [
        ("64-17-5", 50.0, 60.0, ["H225", "H319"]),
        ("78-70-6", 2.5, 5.0, ["H317"]),
    ]


def test_a_code_no_statement_list_has_is_a_misreading_and_the_category_gives_the_hazard() -> None:
    # Given a scanned row whose "H319" came out as "H379" beside its category
    text = """3.2 Mixtures
Chemical name   CAS No.   Concentration   Classification
Methyl anthranilate   134-20-3   2.5 - 5 %   Eye Irrit. 2, [H379}"""
    # When the components are extracted
    # Then the unknown code is dropped and the category's own code stands
    assert rows(text) == [("134-20-3", 2.5, 5.0, ["H319"])]


def test_cas_numbers_misread_by_ocr_are_repaired_only_when_the_check_digit_allows_one_reading() -> None:
    # Given OCR lines: a dot for a dash, a letter l for a 1, a 6 for a 5, and a number with no unique repair
    text = """3.2 Mixtures
Component   CAS   Weight %   Classification
Ethanol   64-17.5   10 - 20 %   Flam. Liq. 2, H225
Acetone   67-64-l   5 - 10 %   Flam. Liq. 2, H225
Methanol   67-55-1   1 - 5 %   Flam. Liq. 2, H225
Water   7732-18-6   50 - 75 %"""
    # When the components are extracted from the OCR lines, and from the same text as a text layer
    scanned = extract_components(doc_lines(text, ocr=True), [])
    typed = extract_components(doc_lines(text), [])
    # Then the first three are read right but less surely; the ambiguous one stays as printed, flagged
    assert [(c.cas, c.cas_check_ok) for c in scanned] == [
        ("64-17-5", True),
        ("67-64-1", True),
        ("67-56-1", True),
        ("7732-18-6", False),
    ]
    assert [c.confidence for c in scanned] == [0.6, 0.6, 0.6, 0.4]
    # and a text layer, which OCR did not read, gets no repair
    assert [c.cas for c in typed] == [None, None, "67-55-1", "7732-18-6"]


def placed_lines(rows: list[tuple[float, float, str]]) -> list[DocLine]:
    """Lines at the given left edge and top (points), as a table's cells put them on the page."""
    return [
        DocLine(index, 1, text, Box(x0=x, y0=y, x1=x + 300, y1=y + 8), 1.0, False)
        for index, (x, y, text) in enumerate(rows)
    ]


def test_a_tall_classification_cell_centred_on_its_row_belongs_to_that_row() -> None:
    # Given a table that centres its cells vertically: the third row's classification starts above and ends
    # below the line with its figures; rows are set 20 points apart, the lines of a cell 7 points
    lines = placed_lines(
        [
            (40, 100, "3. COMPOSIÇÃO E INFORMAÇÕES SOBRE OS INGREDIENTES"),
            (40, 120, "Componente   Nº CAS   Faixa de concentração (%)   Classificação"),
            (40, 135, "Flam. Liq. 2, H225"),
            (40, 142, "Etanol   64-17-5   10 – 20   Eye Irrit. 2, H319"),
            (40, 162, "Glicerina   56-81-5   1 – 5   -"),
            (300, 182, "Acute Tox. 3, H301; Acute Tox. 3,"),
            (40, 189, "Metanol   67-56-1   0,1 – 1   H311; Acute Tox. 3,"),
            (300, 196, "H331; STOT SE 1, H370"),
            (40, 216, "Água   7732-18-5   60 – 80   -"),
        ]
    )
    # When the components are extracted
    found = extract_components(lines, [])
    # Then every code is in its own row, the first row's too
    assert [(c.cas, c.h_codes, c.name) for c in found] == [
        ("64-17-5", ["H225", "H319"], "Etanol"),
        ("56-81-5", [], "Glicerina"),
        ("67-56-1", ["H301", "H311", "H331", "H370"], "Metanol"),
        ("7732-18-5", [], "Água"),
    ]


def test_a_classification_cut_half_way_keeps_its_rest_whatever_the_spacing() -> None:
    # Given a scanned row whose classification wraps over three lines, the first break inside "Acute Tox. 4"
    # and a wider gap above that break than between the next lines (OCR's line boxes are uneven)
    lines = placed_lines(
        [
            (40, 100, "Sustancia   N.º CAS   Concentración   Clasificación"),
            (40, 315, "Peróxido de hidrógeno   7722-84-1   3-5%   Ox. Liq. 1, H271; Acute"),
            (200, 334, "231-765-0   Tox. 4, H302; Acute Tox."),
            (380, 352, "4, H332; Skin Corr. 1,"),
            (380, 364, "H314"),
            (40, 376, "Hidróxido de sodio   1310-73-2   1-3%   Skin Corr. 1, H314"),
        ]
    )
    # When the components are extracted
    found = extract_components(lines, [])
    # Then the cut classification's rest stays with its row, and the next row keeps its own name
    assert [(c.name, c.h_codes) for c in found] == [
        ("Peróxido de hidrógeno", ["H271", "H302", "H332", "H314"]),
        ("Hidróxido de sodio", ["H314"]),
    ]


def test_evenly_spaced_lines_after_a_row_stay_with_it() -> None:
    # Given a table that tops its cells: a row's classification wraps below its figures, then a wider gap
    lines = placed_lines(
        [
            (40, 100, "Component   CAS   %   Classification"),
            (40, 115, "Methanol   67-56-1   1 - 5   Acute Tox. 3, H301;"),
            (300, 122, "Acute Tox. 3, H311"),
            (40, 140, "Ethanol   64-17-5   10 - 20   Flam. Liq. 2, H225"),
        ]
    )
    # When the components are extracted
    # Then the wrapped line stays with the row above it
    assert [(c.cas, c.h_codes) for c in extract_components(lines, [])] == [
        ("67-56-1", ["H301", "H311"]),
        ("64-17-5", ["H225"]),
    ]


def test_a_row_broken_over_a_page_keeps_the_codes_printed_under_the_repeated_header() -> None:
    # Given a table whose first row's classification runs on past the page break, under the header again
    first_page = doc_lines(
        """3.2 Mixtures
Chemical name   CAS No.   Concentration   Classification
Ethanol   64-17-5   10 - 20 %   Flam. Liq. 2, H225; Eye""",
        page=1,
    )
    second_page = doc_lines(
        """Chemical name   CAS No.   Concentration   Classification
Irrit. 2, H319
Methanol   67-56-1   1 - 5 %   Acute Tox. 3, H301""",
        page=2,
    )
    lines = [replace(line, index=number) for number, line in enumerate(first_page + second_page)]
    # When the components are extracted
    found = extract_components(lines, [])
    # Then the codes after the break complete the first row, not the second
    assert [(c.cas, c.h_codes) for c in found] == [("64-17-5", ["H225", "H319"]), ("67-56-1", ["H301"])]


def test_a_section_3_heading_read_inside_a_line_still_gives_the_composition_table() -> None:
    # Given a scanned page whose two columns OCR joined: the Section 3 heading follows Section 2's words on
    # one line, so no line opens with it
    lines = doc_lines(
        """2 HAZARDS IDENTIFICATION
Flammable Liquid - Cat. 3 H226
Eye Irritation - Cat. 2A H319   3 COMPOSITION/INFORMATION ON INGREDIENTS
>= 40.0 < 50.0%   GHS Classification:
Isopropyl Alcohol   Eye Irrit. 2 [H319]
N° CAS: 0000067-63-0   Flam. Liq. 2 [H225]
4 FIRST-AID MEASURES
Rinse with water.""",
        ocr=True,
    )
    # When the lines are segmented, Section 3 is asked for and its components are extracted
    segmentation = segment_lines(lines)
    section3 = SectionedLines(lines, segmentation).section(3)
    found = extract_components(section3, [])
    # Then Segment finds Sections 2 and 4 at the start of lines and Section 3 inside the line that holds it,
    # running to Section 4; the row is read from those lines
    assert [s.number for s in segmentation.sections] == [2, 4]
    assert [(s.number, s.first_line, s.end_line) for s in segmentation.inside_lines] == [(3, 2, 6)]
    assert [line.index for line in section3] == [2, 3, 4, 5]
    assert [(c.cas, c.concentration_range.low if c.concentration_range else None) for c in found] == [
        ("67-63-0", 40.0)
    ]
    assert set(found[0].h_codes) >= {"H319", "H225"}


def test_hazard_classes_named_in_full_give_their_categories_and_codes() -> None:
    # Given a US-style scanned table that names each class in full, with one H-code misread ("[H379}")
    text = """3.2 Mixtures
>= 50.0 < 60.0%   GHS Classification:
Ethanol   Eye Irritation - Cat.2A [H379}
N° CAS: 0000064-17-5   Flammable Liquid - Cat. 2
>= 0.1 < 0.5%   GHS Classification:
Piperonal   Skin Sensitization - Category 1B
N° CAS: 0000120-57-0   Acute Toxicity (Inhalation) - Cat. 4"""
    # When the components are extracted
    # Then each class and category gives its CLP code (the route of acute toxicity included)
    assert rows(text) == [
        ("64-17-5", 50.0, 60.0, ["H319", "H225"]),
        ("120-57-0", 0.1, 0.5, ["H317", "H332"]),
    ]


def test_a_ghs_category_clp_does_not_have_gives_no_code_of_its_own() -> None:
    # Given a row classified "Eye Irritation Category 2B" (a GHS category CLP lacks) and its GHS code
    text = """3.2 Mixtures
Chemical name   CAS No.   Concentration   Classification
Glycerol   56-81-5   10 - 20 %   Eye Irritation Category 2B, H320"""
    # When the components are extracted
    # Then only the printed code stands: no CLP category is made up for it
    assert rows(text) == [("56-81-5", 10.0, 20.0, ["H320"])]


def test_a_figure_with_its_unit_wins_over_a_bare_figure_of_another_column() -> None:
    # Given a Japanese table row with a molecular weight column and a concentration "99.99％以上"
    # (full-width percent sign, "or more" printed after the figure)
    text = """３．組成及び成分情報
化学物質   CAS No   分子量   化審法   安衛法   成分濃度
窒素   7727-37-9   28.01   適用外   適用外   99.99％以上"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the concentration is "at least 99.99 %", not the molecular weight
    assert [
        (c.cas, c.concentration_range.low, c.concentration_range.high) for c in found if c.concentration_range
    ] == [("7727-37-9", 99.99, None)]


@pytest.mark.parametrize(
    ("printed", "low", "high"),
    [("1 % 未満", None, 1.0), ("5 ％以下", None, 5.0), ("0.1% 이하", None, 0.1), ("10 % 以上", 10.0, None)],
)
def test_comparators_printed_after_the_figure_bound_it(
    printed: str, low: float | None, high: float | None
) -> None:
    # Given a concentration whose comparator follows the figure (Japanese, Korean)
    # When it is read
    value = parse_concentration(printed)
    # Then it bounds the concentration on the right side
    assert value is not None and (value.low, value.high) == (low, high)


def test_a_substance_named_above_the_table_gives_way_to_its_row() -> None:
    # Given a Section 3 that names the substance and its CAS number in a labelled block, then prints the table
    text = """SECTION 3. COMPOSITION/INFORMATION SUR LES COMPOSANTS
Substance/mélange   :   Substance
Nom de la substance   :   Chlore
No. CAS   :   7782-50-5
Nom Chimique   No. CAS   Concentration (% w/w)
Chlore   7782-50-5   > 98 - < 100"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then there is one component, the table's row with its concentration
    assert [(c.cas, c.concentration_range.low if c.concentration_range else None) for c in found] == [
        ("7782-50-5", 98.0)
    ]


def test_an_interval_around_x_is_read_as_the_rows_range() -> None:
    # Given rows that print their concentration as an interval around x ("10 <= x % < 25", "0,1 ≤ x < 1")
    text = """3.2 Mélanges
Nom   N° CAS   Concentration   Classification
Ethanol   64-17-5   10 <= x % < 25   Flam. Liq. 2, H225
Acétone   67-64-1   0,1 ≤ x < 1   Flam. Liq. 2, H225; Eye Irrit. 2, H319"""
    # When the components are extracted
    # Then each row's bounds are the interval's
    assert rows(text) == [("64-17-5", 10.0, 25.0, ["H225"]), ("67-64-1", 0.1, 1.0, ["H225", "H319"])]


def test_a_note_that_mentions_a_content_does_not_take_the_rows_concentrations() -> None:
    # Given identifier lines, a name that mentions another substance with its EC number in brackets, and a
    # note under the table that speaks of a "Gehalt" (content) with a figure and an EC number
    text = """· Gefährliche Inhaltsstoffe:
CAS: 67-64-1   Aceton   25-<50%
EINECS: 200-662-2   Flam. Liq. 2, H225
CAS: 106-97-8   Butan (< 0,1% Butadien (203-450-8))   12,5-<20%
EINECS: 203-448-7   Flam. Gas 1, H220
Indexnummer: 601-004-00-0 Press. Gas C, H280
· Zusätzliche Hinweise:
Der Gehalt an Benzol (EINECS-Nr. 200-753-7) in den Einzelkomponenten liegt unterhalb von 0,1%"""
    # When the components are extracted
    # Then each row keeps its own range and codes, and the note gives no row
    assert rows(text) == [
        ("67-64-1", 25.0, 50.0, ["H225"]),
        ("106-97-8", 12.5, 20.0, ["H220", "H280"]),
    ]


def test_a_concentration_printed_before_the_name_opens_its_row() -> None:
    # Given a table whose first column is the content, one space before the name, the identifiers below
    text = """Gehalt [%] Bestandteil
9 - 19 Natriummercaptoacetat
CAS: 367-51-1, EINECS/ELINCS: 206-696-4
GHS/CLP: Acute Tox. 3: H301 - Met. Corr. 1: H290
0,25 - <1 (R)-p-Mentha-1,8-dien (d-LIMONENE)
CAS: 5989-27-5, EINECS/ELINCS: 227-813-5
GHS/CLP: Flam. Liq. 3: H226 - Skin Sens. 1: H317
1,2-Benzisothiazol-3(2H)-on
Bestandteilekommentar   SVHC Liste: Enthält
keine oder unter 0,1% der gelisteten Stoffe."""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then each row has the range printed before its name, the name has no figure, and the note is no row
    assert rows(text) == [
        ("367-51-1", 9.0, 19.0, ["H301", "H290"]),
        ("5989-27-5", 0.25, 1.0, ["H226", "H317"]),
    ]
    assert found[0].name == "Natriummercaptoacetat"


def test_ranges_cut_in_the_first_column_or_printed_without_a_percent_sign_are_put_back_together() -> None:
    # Given a range cut in a table's first column, and one cut at the end of a line under a "(% w/w)" header
    first_column = """Menge   Name   Identifikationsnummer   Klassifikation
>= 7% - <   Prallethrin;   CAS:   23031-36-9
10%   2-Methyl-4-oxo-cyclopentenyl   EC:   245-387-9   Acute Tox. 3 H331"""
    last_column = """Chemische Bezeichnung   CAS-Nr.   Einstufung   Konzentration (% w/w)
GLUTARAL   111-30-8   Acute Tox. 3; H301   >= 0,01 - <=
203-856-5   Acute Tox. 2; H330   0,1"""
    # When the components are extracted
    # Then both ranges are whole
    assert rows(first_column) == [("23031-36-9", 7.0, 10.0, ["H331"])]
    assert rows(last_column) == [("111-30-8", 0.01, 0.1, ["H301", "H330"])]


def test_a_figure_inside_a_name_gives_way_to_the_rows_own_figure() -> None:
    # Given names that carry a percentage, followed on the line by the row's concentration
    text = """EG-Nummer: 918-481-9   Kohlenwasserstoffe, C10-C13, n-Alkane, cyclische, <2% 50-100%
Asp. Tox. 1, H304
64742-82-1   Kohlenwasserstoffe, C9-C12, aromatisch (2-25%)   < 3 %
Flam. Liq. 3; H226"""
    # When the components are extracted
    # Then each row's concentration is the figure that stands on its own
    assert rows(text) == [(None, 50.0, 100.0, ["H304"]), ("64742-82-1", None, 3.0, ["H226"])]


def test_the_content_of_one_constituent_is_a_remark_on_the_row_above() -> None:
    # Given a row without CAS number followed by the content of its aromatics, then its classification
    text = """· Gefährliche Inhaltsstoffe:
Gemisch aliphatischer, naphtenischer Kohlenwasserstoffe;   10-25%
Aromatengehalt: <0,5%
Flam. Liq. 3, H226;   Asp. Tox. 1, H304
CAS: 96-29-7   2-Butanonoxim   ≤2,5%
EINECS: 202-496-6   Carc. 2, H351"""
    # When the components are extracted
    # Then the remark is no row, and the first row keeps its range and its codes
    assert rows(text) == [(None, 10.0, 25.0, ["H226", "H304"]), ("96-29-7", None, 2.5, ["H351"])]


def test_stacked_rows_keep_the_classification_printed_under_their_figures() -> None:
    # Given rows printed as stacked lines (figures, identifiers, classification), the first row's
    # classification set nearer the next row than its own figure line
    lines = placed_lines(
        [
            (40, 100, "37273-56-6   Aromatisches Prepolymer   30 - 50 %"),
            (40, 116, "Eye Irrit. 2, Skin Sens. 1; H319 H317"),
            (40, 123, "140921-24-0   Hexandiyl-carbamat   3 - 6 %"),
            (40, 130, "411-700-4   616-079-00-5"),
            (40, 137, "Skin Sens. 1; H317"),
        ]
    )
    # When the components are extracted
    found = extract_components(lines, [])
    # Then each row has the codes printed under its own figures
    assert [(c.cas, c.h_codes) for c in found] == [
        ("37273-56-6", ["H319", "H317"]),
        ("140921-24-0", ["H317"]),
    ]


def test_a_percentage_in_a_name_wrapped_onto_its_own_line_opens_no_row() -> None:
    # Given a row whose name wraps onto a line that mentions "< 2%. Aromaten", then its EC number and code
    text = """64742-48-9   Kohlenwasserstoffe C10-C13, n-Alkane,   10-25
isoAlkane, cyclisch, < 2%. Aromaten
EG-Nummer: 918-481-9
Asp. Tox. 1 - H304
96-29-7   2-Butanonoxim   < 0,6
EG-Nummer: 202-496-6   Carc. 2 - H351"""
    # When the components are extracted
    # Then the wrapped line stays in its row, which keeps its code
    assert rows(text) == [("64742-48-9", 10.0, 25.0, ["H304"]), ("96-29-7", None, 0.6, ["H351"])]


def test_a_specific_limit_cut_after_its_lower_bound_is_no_concentration() -> None:
    # Given a row whose specific limit "H315: 10 % ≤ C < 25 %" wraps, with another column's line between
    text = """N. CAS: 7664-38-2   Skin Corr. 1B,
[1] ácido fosfórico al, ácido ortofosfórico al   1 - 10 %   H315: 10 % ≤
N. CE: 231-633-2   H314
C < 25 %"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the row's concentration is its own range, and the limit is read whole
    assert rows(text)[0][:3] == ("7664-38-2", 1.0, 10.0)
    assert [(limit.low, limit.high) for limit in found[0].specific_limits] == [(10.0, 25.0)]


def test_a_composition_table_whose_heading_ocr_lost_is_read_before_section_4() -> None:
    # Given an OCR'd sheet whose Section 3 heading was not read: Section 2 ends with its statements, the
    # composition block follows, then Section 4
    lines = doc_lines(
        """2. 유해성·위험성
P501 내용물을 폐기하시오.
NFPA   보건 2
화학물질명   염화 나트륨
CAS 번호   7647-14-5
함유량   >99.5%
4. 응급조치 요령
눈에 들어갔을 때 물로 씻으시오.""",
        ocr=True,
    )
    # When Section 3 is asked for and its components are extracted
    block = SectionedLines(lines, segment_lines(lines)).section3_or_composition_block()
    found = extract_components(block, [])
    # Then the block runs from above the CAS number to Section 4, after the statements, and gives the row
    assert block[0].index > 1 and block[-1].text.startswith("함유량")
    assert [(c.cas, c.concentration_range.low if c.concentration_range else None) for c in found] == [
        ("7647-14-5", 99.5)
    ]


def test_a_substances_identifiers_above_its_one_row_table_make_one_component_named_by_the_row() -> None:
    # Given a substance's Section 3: its identifiers as labelled lines, then a table of one row without CAS
    text = (
        "3. COMPOSITION/INFORMATION ON INGREDIENTS\n3.1   Substances\nSynonyms   :   Capric acid\n"
        "Formula   :   C10H20O2\nMolecular weight   :   172.26 g/mol\nCAS-No.   :   334-48-5\n"
        "EC-No.   :   206-376-4\nHazardous components\nComponent   Classification   Concentration\n"
        "Decanoic acid   Skin Irrit. 2; Eye Irrit. 2A; H315, H319   <= 100 %"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then there is one, with the row's name, concentration and classification and the header's identifiers
    assert [(c.name, c.cas, c.ec, c.concentration, c.h_codes) for c in components] == [
        ("Decanoic acid", "334-48-5", "206-376-4", "<= 100 %", ["H315", "H319"])
    ]


def test_a_mixtures_identifier_lines_are_never_joined_to_a_table_row_without_a_cas_number() -> None:
    # Given the same layout in a section that declares a mixture
    text = (
        "3.2   Mixtures\nCAS-No.   :   334-48-5\nEC-No.   :   206-376-4\nHazardous components\n"
        "Component   Classification   Concentration\n"
        "Decanoic acid   Skin Irrit. 2; Eye Irrit. 2A; H315, H319   <= 100 %"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the identifiers and the row stay two components
    assert [c.cas for c in components] == ["334-48-5", None]


@pytest.mark.parametrize(
    ("row", "name", "concentration"),
    [
        (
            "70 - < 100 Kohlenwasserstoffe, C11-C14, n-Alkane, Isoalkane, Cyclene, < 2 % Aromaten",
            "Kohlenwasserstoffe, C11-C14, n-Alkane, Isoalkane, Cyclene, < 2 % Aromaten",
            "70 - < 100",
        ),
        ("1 - <5 2-Ethylhexan-1-ol", "2-Ethylhexan-1-ol", "1 - <5"),
        ("0,5 - 1 1,2-Benzisothiazol-3(2H)-on", "1,2-Benzisothiazol-3(2H)-on", "0,5 - 1"),
    ],
)
def test_a_range_before_the_name_is_the_rows_own_whatever_the_name_opens_or_holds(
    row: str, name: str, concentration: str
) -> None:
    # Given a "Gehalt [%] Bestandteil" table: the range, one space, the name; identifiers on the next lines
    text = (
        "ABSCHNITT 3: Zusammensetzung / Angaben zu Bestandteilen\nGehalt [%] Bestandteil\n"
        f"{row}\nCAS: 64742-47-8, EINECS/ELINCS: 926-141-6, EU-INDEX: 649-422-00-2\n"
        "GHS/CLP: Asp. Tox. 1: H304"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the row has its name and its range
    assert [(c.name, c.concentration) for c in components] == [(name, concentration)]


def test_a_substance_takes_the_name_its_label_gives_over_label_words_around_its_cas_number() -> None:
    # Given a substance printed as labelled lines, the CAS label wrapped before its number
    text = (
        "3- Composição e informações sobre os ingredientes\n3.1 - Substância:\n"
        "- Nome químico ou comum: Acetato de Sódio Anidro\n- Sinônimo: Não disponível\n"
        "-Número de registro CAS: 127-09-3\n- Impurezas que contribuam para o perigo: Não disponível"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the one component has the labelled name
    assert [(c.name, c.cas) for c in components] == [("Acetato de Sódio Anidro", "127-09-3")]


def test_a_labelled_name_saying_no_data_names_nothing() -> None:
    # Given a name label whose value says there is none
    text = "3.1 Substance\nChemical name: not available\nAcetone   CAS: 67-64-1"
    # When / Then the name read beside the CAS number stays
    components = extract_components(doc_lines(text), [])
    assert [c.name for c in components] == ["Acetone"]


def test_exposure_limits_printed_under_a_row_are_no_rows() -> None:
    # Given a row and its occupational exposure limits on the lines under it
    text = (
        "2. COMPOSITION/INFORMATION ON INGREDIENTS\nChemical name   CAS Number   Content (weight%)\n"
        "methyl ethyl ketone   78-93-3   90 - 100\nOSHA PEL 200 ppm 590 mg/m3\n"
        "ACGIH STEL 300 ppm; TWA 200 ppm"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the limits are neither rows nor concentrations
    assert [(c.name, c.cas, c.concentration) for c in components] == [
        ("methyl ethyl ketone", "78-93-3", "90 - 100")
    ]


def test_a_figure_under_a_name_cell_ending_with_a_comparator_belongs_to_the_name() -> None:
    # Given a name cell wrapped after "<" ("... C4-11 <" / "0,1% Benzol"), the CAS number on a third line
    text = (
        "3.2. Gemische\nGefährliche Inhaltsstoffe   EG-Nummer   Gehalt   Einstufung\n"
        "CAS-Nr.   REACH-Reg. No.\n"
        "Kohlenwasserstoff aliphatisch C4-11 <   265-151-9   25- 50 %   Asp. Tox. 1\n"
        "0,1% Benzol   01-2119484651-34   H304\n64742-49-0   Skin Irrit. 2\nH315\n"
        "Ethylacetat   205-500-4   0- 5 %   Flam. Liq. 2\n141-78-6   01-2119475103-46   H225"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the wrapped figure opens no row: two rows, each with its CAS number and range
    assert [(c.cas, c.concentration) for c in components] == [
        ("64742-49-0", "25- 50 %"),
        ("141-78-6", "0- 5 %"),
    ]


def test_a_substances_identifiers_above_the_mixture_subsection_never_join_its_first_row() -> None:
    # Given "3.1 Stoffe" with an EC number, then "3.2 Gemische" and a row whose EC number is printed under it
    text = (
        "*   ABSCHNITT 3: Zusammensetzung/Angaben zu Bestandteilen\n· 3.1 Stoffe\n"
        "· Identifikationsnummer(n)\n"
        "· EG-Nummer: 230-391-5\n· Indexnummer: 607-236-00-9\n· 3.2 Gemische\n· Beschreibung: Klebstoff\n"
        "· Gefährliche Inhaltsstoffe:\nCAS: 7085-85-0   Ethyl-2-cyanacrylat   70-100%\n"
        "EINECS: 230-391-5   Skin Irrit. 2, H315; Eye Irrit. 2, H319; STOT SE 3, H335"
    )
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then one row, with its classification, and the EC number named above gives way to it
    assert [(c.name, c.cas, c.ec, c.concentration, c.h_codes) for c in components] == [
        ("Ethyl-2-cyanacrylat", "7085-85-0", "230-391-5", "70-100%", ["H315", "H319", "H335"])
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "3.1 Substances\nFormula   :   C21H42O3\nMolecular weight   :   302.53 g/mol\n"
            "CAS-No.   :   137-66-6",
            None,
        ),
        (
            "3 Composition\nCAS# Description:\n7440-23-5 Sodium\nIdentification number(s):\n"
            "EC number: 231-132-9",
            "Sodium",
        ),
    ],
)
def test_label_words_read_around_a_cas_number_are_no_name(text: str, name: str | None) -> None:
    # Given a substance whose CAS number stands among labelled property or identifier lines
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the label is not the name (none at all, or the name without it)
    assert [c.name for c in components] == [name]


@pytest.mark.parametrize("placeholder", ["Não aplicável", "Não disponível", "NA", "N/A", "-"])
def test_labelled_blocks_whose_cas_number_is_a_placeholder_each_give_a_row(placeholder: str) -> None:
    # Given ingredients printed as labelled blocks (NBR 14725-4's name, CAS number and concentration), the
    # first one without a CAS number
    text = f"""3. COMPOSIÇÃO E INFORMAÇÕES SOBRE OS INGREDIENTES
Mistura
Nome químico comum ou técnico: Tensoativo aniônico
Número de registro CAS: {placeholder}
Concentração: 5 - 10%
Nome químico comum ou técnico: Hidróxido de sódio
Número de registro CAS: 1310-73-2
Concentração: 1 - 2%"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then each block is a row of its own, named by its label's value, with its own concentration
    assert [(c.name, c.cas, c.concentration) for c in components] == [
        ("Tensoativo aniônico", None, "5 - 10%"),
        ("Hidróxido de sódio", "1310-73-2", "1 - 2%"),
    ]


def test_a_line_of_specific_limits_under_a_row_is_the_rows_data_not_its_name() -> None:
    # Given a row whose specific concentration limits are printed on the line under it
    text = """3. COMPOSITION/INFORMATION ON INGREDIENTS
Chemical name   CAS No.   EC No.   %   Classification
Sodium hydroxide   1310-73-2   215-185-5   1 - 3   Skin Corr. 1A; H314
Specific concentration limits: Skin Corr. 1A; H314: C ≥ 5 %; Skin Corr. 1B; H314: 2 % ≤ C < 5 %
Xylene   1330-20-7   215-535-7   10 - 20   Flam. Liq. 3; H226"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the limits belong to the row and add nothing to its name
    assert [(c.name, c.cas, len(c.specific_limits)) for c in components] == [
        ("Sodium hydroxide", "1310-73-2", 2),
        ("Xylene", "1330-20-7", 0),
    ]


def test_a_name_label_in_a_cell_of_its_own_names_the_row_with_the_next_cell() -> None:
    # Given a substance whose name label and name stand in two cells above its CAS number
    text = """3 - COMPOSIÇÃO E INFORMAÇÕES SOBRE OS INGREDIENTES
SUBSTÂNCIA
NOME QUÍMICO   Etanol
NÚMERO DE REGISTRO CAS:   64-17-5"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the name is the value, not the label
    assert [(c.name, c.cas) for c in components] == [("Etanol", "64-17-5")]


def test_a_line_wrapped_under_a_property_label_is_no_name_of_the_row_below() -> None:
    # Given a substance whose synonym wraps onto a line of its own above its formula and CAS number
    text = """3. COMPOSITION/INFORMATION ON INGREDIENTS
3.1   Substances
Synonyms   :   3,4',5-Trihydroxy-trans-stilbene
5-[(1E)-2-(4-Hydroxyphenyl)ethenyl]-1,3-benzenediol
Formula   :   C14H12O3
Molecular weight   :   228.24 g/mol
CAS-No.   :   501-36-0"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the wrapped synonym does not name the row (the product's name stands in for it later)
    assert [(c.name, c.cas) for c in components] == [(None, "501-36-0")]


def test_a_substances_one_component_without_a_name_is_named_as_the_product() -> None:
    # Given a substance's sheet whose Section 3 prints its CAS number among property lines only
    record, _ = record_of_lines(
        [
            "1. PRODUCT AND COMPANY IDENTIFICATION",
            "Product name : Potassium phosphate monobasic",
            "3. COMPOSITION/INFORMATION ON INGREDIENTS",
            "Formula : KH2PO4",
            "Molecular weight : 136.09 g/mol",
            "CAS-No. : 7778-77-0",
            "4. FIRST AID MEASURES",
        ],
        "en",
    )
    # When / Then its one component carries the product's name
    assert [(c.name, c.cas) for c in record.components] == [("Potassium phosphate monobasic", "7778-77-0")]


def test_a_note_under_the_table_goes_on_no_name() -> None:
    # Given a row and the table's note printed under it in the name column
    text = (
        "3. COMPOSITION\nName   CAS#   Concentration*\nCALCIUM STEARATE   1592-23-0   0.05 - 1.5%\n"
        "* All concentrations are percent by weight unless material is a gas."
    )
    # When / Then the name stops before the note; a name wrapped over two lines is still read whole
    assert [c.name for c in extract_components(doc_lines(text), [])] == ["CALCIUM STEARATE"]
    wrapped = "3.2 Mixtures\nName   CAS   %\nReaction mass of ethylbenzene and   64-17-5   10 - 20\nxylene"
    assert [c.name for c in extract_components(doc_lines(wrapped), [])] == [
        "Reaction mass of ethylbenzene and xylene"
    ]


def test_a_concentration_run_into_a_long_name_cell_is_the_rows_concentration() -> None:
    # Given rows whose long names reach the concentration column, one space before the figure, with the
    # classification in the next cell
    text = """3. COMPOSITION/INFORMATION ON INGREDIENTS
Identifiers   Name   Weight %   Classification
CAS: 140-11-4   Benzyl acetate   0,3-0,8   Aquatic Chronic 3, H412
CAS: 2500-83-6   3a,4,5,6,7,7a-Hexahydro-4.7-methanoinden-5(6)-yl 0,2-0,5   Aquatic Chronic 3, H412
CAS: 57378-68-4   1-(2,6,6-trimethyl-3-cyclohexen-1-yl)-2-buten-1-one <0,1   Acute Tox. 4, H302"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then each figure is its row's concentration, not part of the name
    assert [(c.name, c.concentration) for c in components] == [
        ("Benzyl acetate", "0,3-0,8"),
        ("3a,4,5,6,7,7a-Hexahydro-4.7-methanoinden-5(6)-yl", "0,2-0,5"),
        ("1-(2,6,6-trimethyl-3-cyclohexen-1-yl)-2-buten-1-one", "<0,1"),
    ]


def test_ec_numbers_of_the_parts_named_inside_a_reaction_mass_name_are_not_rows() -> None:
    # Given a reaction mass whose name, wrapped over two lines, gives each part's EC number in brackets, with
    # the list number and the classification on the lines under it
    text = """ABSCHNITT 3: Zusammensetzung/Angaben zu Bestandteilen
CAS-Nr.   Bezeichnung   Anteil
55965-84-9   Gemisch aus: 5-Chlor-2-methyl-2H-isothiazol-3-on [EG-Nr. 247-500-7] und   >0,001-<0,01
2-Methyl-2H-isothiazol-3-on [EG-Nr. 220-239-6] (3:1)   %
911-418-6   613-167-00-5   01-2120764691-48
Acute Tox. 3, Skin Corr. 1B, Skin Sens. 1, Aquatic Acute 1, Aquatic Chronic 1; H331 H314 H317 H400 H410"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then one row holds the CAS number, the list number, the concentration and the classification
    assert [(c.cas, c.ec, c.concentration, sorted(c.h_codes)) for c in components] == [
        ("55965-84-9", "911-418-6", ">0,001-<0,01", ["H314", "H317", "H331", "H400", "H410"])
    ]


def test_an_ec_number_in_brackets_closing_a_name_without_a_cas_number_identifies_the_row() -> None:
    # Given a reaction mass identified only by the EC number in brackets at the end of its name cell
    text = """3. COMPOSITION/INFORMATION ON INGREDIENTS
Name   Concentration
Reaction mass of A and B (EC 905-588-0)   1 - 5 %"""
    # When the components are read
    components = extract_components(doc_lines(text), [])
    # Then the EC number is the row's
    assert [(c.name, c.ec) for c in components] == [("Reaction mass of A and B", "905-588-0")]


def test_a_specific_limits_category_printed_above_its_h_code_is_not_the_rows_classification() -> None:
    # Given a column of specific limits beside the row, each category on the line above its H-code and limit
    text = """SECCIÓN 3: COMPOSICIÓN/INFORMACIÓN SOBRE LOS COMPONENTES
Identificadores   Nombre   Concentración   Clasificación   Límites de concentración específicos
Skin Irrit. 2,
N. CAS: 7664-38-2   Skin Corr. 1B,
ácido fosfórico   1 - 10 %   H315: 10 % ≤
N. CE: 231-633-2   H314
C < 25 %
Eye Irrit. 2,
N. Indice: 015-011-00-6
H319: 10 % ≤
C < 25 %"""
    # When the components are read
    [component] = extract_components(doc_lines(text), [])
    # Then the row is classified by its own column only, and the limits keep their categories
    assert component.h_codes == ["H314"]
    assert [(limit.category, limit.h_code, limit.low, limit.high) for limit in component.specific_limits] == [
        ("Skin Irrit. 2", "H315", 10.0, 25.0),
        ("Eye Irrit. 2", "H319", 10.0, 25.0),
    ]


@pytest.mark.parametrize(
    "heading", ["Informações complementares", "Additional information", "Zusätzliche Hinweise"]
)
def test_a_sub_heading_under_the_last_row_does_not_go_on_its_name(heading: str) -> None:
    # Given a table whose last row is followed, in the name column, by the heading of the notes below it
    text = f"""3.2 Misturas
Nome   Nº CAS   Conc. [%]
Glycerine   56-81-5   > 1
1,2-Propanediol   57-55-6   > 1
{heading}"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then the last component's name is its own
    assert [c.name for c in found] == ["Glycerine", "1,2-Propanediol"]


def test_m_factors_given_in_a_later_table_by_cas_number_go_to_their_rows() -> None:
    # Given a table of components, then a table of their M-factors naming each by its CAS number again,
    # acute and chronic after the figures
    text = """3.2 Misturas
Nome   Nº CAS   Conc. [%]
Imidacloprid   138261-41-3   18
1,2-Benzisothiazol-3(2H)-one   2634-33-5   > 0,005 – < 0,05
Informações complementares
Imidacloprid   138261-41-3   Fator M: 10 (aguda), 100 (crônica)
1,2-Benzisothiazol-3(2H)-one   2634-33-5   Fator M: 10 (aguda)"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then each row keeps its concentration and gets its M-factors, and no row is added
    assert [(c.cas, c.m_factor_acute, c.m_factor_chronic) for c in found] == [
        ("138261-41-3", 10, 100),
        ("2634-33-5", 10, None),
    ]


def test_m_factor_columns_give_each_row_its_factors_from_its_last_cells() -> None:
    # Given a table with two M-factor columns whose kinds the wrapped header gives on its second line
    text = """3.2 Gemische
Chemische Bezeichnung   CAS-Nr   EG-Nr   Gewicht-%   Einstufung (VO (EG)   M-Faktor   M-Faktor
1272/2008)   (chronisch)   (akut)
Benzyl Benzoate   120-51-4   204-402-9   <1   Acute Tox. 4 (Oral)(H302)   1   10
Aquatic Acute 1(H400)
Hexyl Cinnamal   101-86-0   202-983-3   <1   Skin Sens. 1B(H317)   1   1"""
    # When the components are extracted
    found = extract_components(doc_lines(text), [])
    # Then each row's last two cells are its chronic and acute M-factors, printed as the columns name them
    assert [(c.cas, c.m_factor_acute, c.m_factor_chronic) for c in found] == [
        ("120-51-4", 10, 1),
        ("101-86-0", 1, 1),
    ]
    assert found[0].m_factors_printed == "M-Faktor (chronisch) 1; M-Faktor (akut) 10"
