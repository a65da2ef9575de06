from msds.services.segment import best_title_match, best_title_matches, segment_lines
from tests.unit.lines import doc_lines

_ENGLISH = """
SAFETY DATA SHEET
SECTION 1: Identification of the substance/mixture and of the company/undertaking
1.1 Product identifier
SECTION 2: Hazards identification
2.1 Classification of the substance or mixture
SECTION 3: Composition/information on ingredients
SECTION 4: First aid measures
"""


def test_prefixed_headings_give_their_sections_in_order() -> None:
    # Given an English sheet with "SECTION n:" headings
    lines = doc_lines(_ENGLISH)
    # When it is segmented
    segmentation = segment_lines(lines)
    # Then sections 1-4 start at their headings
    assert [(s.number, s.first_line) for s in segmentation.sections] == [(1, 1), (2, 3), (3, 5), (4, 6)]


def test_numbered_headings_in_portuguese_and_german_prefixes_are_recognised() -> None:
    # Given headings as Brazilian and German sheets print them
    lines = doc_lines(
        "1 IDENTIFICAÇÃO\nNome do produto: X\n2 - Identificação de perigos\nABSCHNITT 3: Zusammensetzung"
    )
    # When segmented
    numbers = [s.number for s in segment_lines(lines).sections]
    # Then all three are found
    assert numbers == [1, 2, 3]


def test_section_words_as_ocr_misreads_them_still_introduce_their_headings() -> None:
    # Given OCR'd headings whose section word has a letter misread (l for I, 0 for O, 5 for S)
    lines = doc_lines(
        "SECTlON 1: IDENTIFICATION\nProduct name: X\nSECTI0N 2: HAZARDS IDENTIFICATlON\nFlammable liquid\n"
        "5ECTION 3: COMPOSITION/INFORMATION ON INGREDIENTS\nABSCHNlTT 4: Erste-Hilfe-Maßnahmen",
        ocr=True,
        confidence=0.8,
    )
    # When segmented
    numbers = [s.number for s in segment_lines(lines).sections]
    # Then every heading is found
    assert numbers == [1, 2, 3, 4]


def test_a_numbered_heading_behind_a_speck_read_as_a_letter_is_still_a_heading() -> None:
    # Given OCR'd Portuguese headings, one with a scan's speck read as a lone letter before its number, and a
    # line whose letter and number stand before words of no section title
    lines = doc_lines(
        "1. IDENTIFICAÇÃO DO PRODUTO E DA EMPRESA\nProduto: X\n"
        "3. COMPOSIÇÃO E INFORMAÇÕES SOBRE OS INGREDIENTES\n"
        "A 2 litros por embalagem\nE 4, MEDIDAS DE PRIMEIROS SOCORROS\nRemover para local arejado.",
        ocr=True,
        confidence=0.8,
    )
    # When segmented
    numbers = [s.number for s in segment_lines(lines).sections]
    # Then the speckled heading is found, the other line is not taken for one
    assert numbers == [1, 3, 4]


def test_a_missing_heading_is_inferred_from_its_first_subsection() -> None:
    # Given a sheet whose Section 2 heading is missing but whose 2.1 subsection is there
    lines = doc_lines(
        "1. Identification\nProduct name: X\n2.1 Classification\nH225\n"
        "3. Composition/information on ingredients"
    )
    # When segmented
    sections = segment_lines(lines).sections
    # Then Section 2 starts at its first subsection and is marked inferred
    second = next(s for s in sections if s.number == 2)
    assert (second.first_line, second.inferred) == (2, True)


def test_a_numbered_list_item_in_a_section_is_not_taken_for_a_heading() -> None:
    # Given a first-aid section with a numbered instruction
    lines = doc_lines(
        "SECTION 4: First aid measures\n2. Rinse the mouth with water\nSECTION 5: Firefighting measures"
    )
    # When segmented
    numbers = [s.number for s in segment_lines(lines).sections]
    # Then the instruction does not start a Section 2
    assert numbers == [4, 5]


def test_a_strong_heading_printed_out_of_order_is_reported() -> None:
    # Given a sheet where Section 3 is printed before Section 2
    lines = doc_lines(
        "SECTION 1: Identification\nSECTION 3: Composition/information on ingredients\n"
        "SECTION 2: Hazards identification\nSECTION 4: First aid measures"
    )
    # When segmented
    segmentation = segment_lines(lines)
    # Then one of the two is reported out of order
    assert segmentation.out_of_order in ([2], [3])


def test_matching_many_lines_against_the_titles_at_once_gives_what_matching_each_gives() -> None:
    # Given title-like lines: exact and misspelt titles in several languages, and lines that are no title
    lines = [
        "Hazards identification",
        "Composition/infromation on ingredients",
        "Erste-Hilfe-Maßnahmen",
        "Toxicological information",
        "Keep away from heat and open flames",
        "Product name: Acetone",
    ]

    # When they are matched together and one by one
    together = best_title_matches(lines, cutoff=0.9)
    one_by_one = [best_title_match(line, cutoff=0.9) for line in lines]

    # Then both give the same sections and scores, and the titles are found
    assert together == one_by_one
    assert [number for number, _ in together] == [2, 3, 4, 11, 0, 0]


def test_a_section_3_heading_that_opens_a_line_is_not_looked_for_inside_lines() -> None:
    # Given a sheet whose Section 3 heading opens its line, and a later line that mentions "3 Composition"
    lines = doc_lines(
        "SECTION 2: Hazards identification\nSECTION 3: Composition/information on ingredients\n"
        "See section   3 Composition/information on ingredients\nSECTION 4: First aid measures"
    )
    # When segmented
    segmentation = segment_lines(lines)
    # Then Section 3 is the heading line, and no section is kept as found inside a line
    assert (segmentation.lines_of(3) or segmentation.sections[0]).first_line == 1
    assert segmentation.inside_lines == []


def _numbers_and_headings(text: str) -> list[tuple[int, str]]:
    return [(span.number, span.heading) for span in segment_lines(doc_lines(text)).sections]


def test_the_older_us_order_with_bare_numbers_gives_the_hazards_section_by_its_title() -> None:
    # Given a pre-GHS sheet in the ANSI Z400.1 order: 2 Composition, then 3 Hazard identification
    text = (
        "Safety data sheet\n1. Substance/preparation and company identification\nBASF CORPORATION\n"
        "2. COMPOSITION/INFORMATION ON INGREDIENTS\nmethyl ethyl ketone   78-93-3   90 - 100\n"
        "3. HAZARD IDENTIFICATION\nWARNING\nEXTREMELY FLAMMABLE LIQUID AND VAPOUR\n"
        "4. FIRST-AID MEASURES\nRinse.\n5. FIRE FIGHTING MEASURES\nFoam."
    )
    # When it is segmented
    found = _numbers_and_headings(text)
    # Then the composition is Section 3 and the hazards Section 2, in the order printed
    assert found[:4] == [
        (1, "1. Substance/preparation and company identification"),
        (3, "2. COMPOSITION/INFORMATION ON INGREDIENTS"),
        (2, "3. HAZARD IDENTIFICATION"),
        (4, "4. FIRST-AID MEASURES"),
    ]


def test_the_older_us_order_with_section_words_gives_each_section_its_title() -> None:
    # Given "SECTION 2: Composition" and "SECTION 3: Hazards identification", read by their printed numbers
    text = (
        "SECTION 1: Identification\nAcme\nSECTION 2: Composition/information on ingredients\n"
        "Acetone 67-64-1\nSECTION 3: Hazards identification\nDANGER\nSECTION 4: First-aid measures\nRinse."
    )
    # When / Then the two are swapped to the sections their titles name
    assert [number for number, _ in _numbers_and_headings(text)] == [1, 3, 2, 4]


def test_the_ghs_order_is_left_as_printed() -> None:
    # Given the usual order, 2 Hazards identification then 3 Composition
    text = (
        "SECTION 1: Identification\nAcme\nSECTION 2: Hazards identification\nDANGER\n"
        "SECTION 3: Composition/information on ingredients\nAcetone 67-64-1\nSECTION 4: First-aid measures\nx"
    )
    # When / Then
    assert [number for number, _ in _numbers_and_headings(text)] == [1, 2, 3, 4]


def test_a_sheet_numbering_its_sections_in_a_scheme_of_its_own_is_read_by_its_titles() -> None:
    # Given an older 15-section sheet: composition second, no hazards section, transport twelfth, then
    # headings of no known section
    titles = [
        "Chemical Identification", "Composition/Information of Ingredients", "First-Aid Measures",
        "Fire Fighting Measures", "Accidental Release Measures", "Handling and Storage",
        "Exposure Controls/Personal Protection", "Physical and Chemical Properties",
        "Stability and Reactivity", "Toxicological Information", "Ecological Information",
        "Transport Information", "Other Information", "Regulatory", "Conclusion",
    ]  # fmt: skip
    text = "MATERIAL SAFETY DATA SHEET\n" + "\n".join(
        f"Section {number}.   {title}\nline of section {number}"
        for number, title in enumerate(titles, start=1)
    )
    # When it is segmented
    sections = segment_lines(doc_lines(text)).sections
    # Then each heading is the section its title names, and the last headings' lines stay with the one before
    assert [s.number for s in sections] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16]
    assert sections[-1].end_line == len(doc_lines(text))


def test_a_few_headings_titled_as_other_sections_do_not_renumber_the_sheet() -> None:
    # Given a sheet whose Sections 3 to 5 carry the titles of Sections 4 to 6, the others their own
    titles = [
        "Identification", "Hazards identification", "First-aid measures", "Fire-fighting measures",
        "Accidental release measures",
    ]  # fmt: skip
    text = "\n".join(f"SECTION {number}: {title}\nx" for number, title in enumerate(titles, start=1))
    # When it is segmented
    numbers = [s.number for s in segment_lines(doc_lines(text)).sections]
    # Then the printed numbers stand: three stray titles are no scheme of the sheet's own
    assert numbers == [1, 2, 3, 4, 5]
