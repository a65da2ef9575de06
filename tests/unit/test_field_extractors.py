import pytest

from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.services.extract.composition import extract_components
from msds.services.extract.hazards import extract_hazards
from msds.services.extract.identity import extract_emergency_phone, extract_product_name, extract_supplier
from msds.services.extract.physical import extract_flash_point
from msds.services.extract.revision import extract_revision_date, extract_version
from msds.services.extract.transport import extract_un_number
from tests.unit.lines import doc_lines


def test_a_product_name_beside_its_label_is_read_without_the_next_label() -> None:
    # Given a Section 1 line with two label/value pairs
    lines = doc_lines(
        "1.1 Identificadores do produto\nNome do produto: ACETONA PA Referência do produto: FMA01\n"
    )
    # When the product name is extracted
    found = extract_product_name(lines, [])
    # Then only the product name is kept
    assert found is not None and found.value == "ACETONA PA"


@pytest.mark.parametrize(
    ("under_title", "name"),
    [("Methyl Ethyl Ketone 99.5%", "Methyl Ethyl Ketone 99.5%"), ("= Flammability", None)],
)
def test_a_name_under_the_sheets_title_is_the_product_when_section_1_names_none(
    under_title: str, name: str | None
) -> None:
    # Given a title block with a line under the title, and a Section 1 that prints only the company block
    front = doc_lines(f"Safety data sheet\n{under_title}\nRevision date : 2006/01/06")
    section1 = doc_lines(
        "1. Substance/preparation and company identification\nCompany   24 Hour Emergency Response"
        "\nBASF CORPORATION   CHEMTREC: (800) 424-9300\n100 Campus Drive\nFlorham Park, NJ 07932"
    )
    # When the product name is extracted
    found = extract_product_name(section1, front)
    # Then the line under the title names the product, with a low confidence; a legend never does
    assert (found.value if found else None) == name
    assert found is None or found.confidence <= 0.5


def test_a_product_name_printed_below_its_label_is_read_from_the_next_line() -> None:
    # Given a German label with its value on the next line
    lines = doc_lines("Handelsname\nZink-Spray\nCode-Nr. 110000")
    # When extracted
    found = extract_product_name(lines, [])
    # Then the next line is the value, with a slightly lower confidence
    assert found is not None and found.value == "Zink-Spray" and found.confidence < 0.92


@pytest.mark.parametrize(
    "company",
    [
        "Acme Chemia Sp. z o.o.",
        "Acme Chemie s.r.o.",
        "Acme Vegyipari Kft.",
        "Acme Kemija d.o.o.",
        "Acme Kemi ApS",
        "Acme Kimya Sanayi A.Ş.",
        "Acme Chemicals Sdn. Bhd.",
    ],
)
def test_a_company_is_known_by_the_legal_form_of_its_country(company: str) -> None:
    # Given a company block under a label the tables do not know, naming a company by its country's form
    lines = doc_lines(f"1.3 Nazwa firmy   {company}\nul. Przemysłowa 1\nTel. +48 22 000 00 00")
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then the company is the supplier
    assert supplier is not None and supplier.value == company


def test_the_supplier_with_a_legal_form_is_preferred_over_an_address() -> None:
    # Given a supplier block whose label is followed by the company and its address
    lines = doc_lines(
        "Lieferant WEICON GmbH & Co. KG\nKönigsberger Str. 255, DE-48157 Münster\nTelefon : +49 251 9322 0"
    )
    # When the supplier is extracted
    supplier, index = extract_supplier(lines)
    # Then the company name is read, with a high confidence
    assert supplier is not None and supplier.value == "WEICON GmbH & Co. KG" and supplier.confidence > 0.85
    assert index == 0


def test_an_emergency_number_broken_over_two_lines_is_joined() -> None:
    # Given an emergency number split by the layout
    lines = doc_lines("1.4. Notrufnummer\nGIFTNOTRUF (24h): Tel: ++49 69 222\n25285 (Deutsch, Englisch)")
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then both parts are kept
    assert found is not None and found.value.replace(" ", "").endswith("6922225285")


def test_the_revision_date_wins_over_the_print_date() -> None:
    # Given a header with a print date before the revision date
    lines = doc_lines("Druckdatum 13.07.2018\nüberarbeitet 11.07.2018 (D) Version 8.6")
    # When the revision date and version are extracted
    revision = extract_revision_date(lines, month_first=False)
    version = extract_version(lines)
    # Then the revision date is chosen and the version read
    assert revision is not None and revision.value == "2018-07-11"
    assert version is not None and version.value == "8.6"


def test_a_revision_date_on_the_line_after_its_label_is_read() -> None:
    # Given a label and a US date on separate lines
    lines = doc_lines("Fecha de revisión:\n01/24/2024\nNúmero de HDS:")
    # When extracted month-first
    revision = extract_revision_date(lines, month_first=True)
    # Then the date is January 24
    assert revision is not None and revision.value == "2024-01-24"


def test_a_flash_point_in_fahrenheit_only_is_converted_to_celsius() -> None:
    # Given a Section 9 line in Fahrenheit
    lines = doc_lines("Flash point: 140 °F (closed cup)")
    # When extracted
    found = extract_flash_point(lines)
    # Then it is 60 °C
    assert found is not None and found.value == 60.0


def test_a_flash_point_printed_in_both_scales_keeps_the_celsius_value() -> None:
    # Given both scales on one line
    # When extracted
    found = extract_flash_point(doc_lines("Flammpunkt: 176 °F / 80 °C"))
    # Then Celsius is used
    assert found is not None and found.value == 80.0


def test_a_flash_point_with_its_scale_spelled_out_or_as_one_sign_is_read_in_celsius() -> None:
    # Given flash points whose scales are written as words (English, German, French, Portuguese) or as the
    # one-character signs of CJK text (Korean, Japanese)
    lines = {
        "Flash point (closed cup) :   = 75 Fahrenheit (= 24 Centigrade)": 24.0,
        "Flash point: 140 Fahrenheit": 60.0,
        "Flammpunkt: 23 Grad Celsius": 23.0,
        "Point d'éclair : 61 degrés Celsius": 61.0,
        "Ponto de fulgor: 45 graus Celsius": 45.0,
        "사. 인화점   : 220 ℃ (COC)": 220.0,
        "引火点: 104℉": 40.0,
    }
    # When each is extracted
    found = {line: extract_flash_point(doc_lines(line)) for line in lines}
    # Then each gives its Celsius value
    assert {line: result.value if result else None for line, result in found.items()} == lines


def test_a_flash_point_whose_degree_sign_ocr_misread_is_read_in_celsius() -> None:
    # Given flash points read from scans, the degree sign taken for a quote, a star or a letter o
    lines = {
        "Ponto de inflamação : 160 “C (vaso fechado)": 160.0,
        "Punto de inflamación : 39 *C (vaso cerrado)": 39.0,
        "Flash point: 140 oF": 60.0,
    }
    # When each is extracted
    found = {line: extract_flash_point(doc_lines(line)) for line in lines}
    # Then each gives its Celsius value
    assert {line: result.value if result else None for line, result in found.items()} == lines


def test_a_flash_point_that_does_not_apply_is_empty() -> None:
    # Given a label saying not applicable
    # When extracted
    # Then nothing is returned
    assert extract_flash_point(doc_lines("Flash point Not applicable")) is None


def test_the_first_un_number_of_section_14_is_returned_in_un_form() -> None:
    # Given a transport section with ADR and IMDG entries
    lines = doc_lines("14.1 UN-Nummer\nADR/RID: UN 1950\nIMDG: UN1950\n")
    # When extracted
    found = extract_un_number(lines)
    # Then the number is normalised
    assert found is not None and found.value == "UN1950"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("14.1 UN/ID No   1993\nProper shipping name   Flammable liquid, n.o.s.", "UN1993"),
        ("DOT\nUN#:   1180\nUN Pkg Group:   III", "UN1180"),
        ("- Marítimo: Código IMDG:1907\n- Número ONU: 1907", "UN1907"),
    ],
)
def test_un_numbers_under_us_and_other_labels_are_read(text: str, number: str) -> None:
    # Given a transport section labelling its UN number "UN/ID No", "UN#" or "Número ONU" (soda lime, UN1907)
    # When extracted
    found = extract_un_number(doc_lines(text))
    # Then the number is read in UN form
    assert found is not None and found.value == number


def test_a_regulation_number_beside_un_is_not_a_un_number() -> None:
    # Given a transport section that cites a regulation's number next to "UN"
    # When extracted
    # Then no UN number is read from it
    assert extract_un_number(doc_lines("Not regulated under UN 1907/2006 provisions")) is None


def test_components_are_read_once_per_cas_number_with_their_concentration() -> None:
    # Given a composition table with a repeated CAS number
    lines = doc_lines(
        "67-64-1 200-662-2 Aceton 3 < 10 %\n71-36-3 200-751-6 Butan-1-ol 1 - 2 %\n67-64-1 Aceton DNEL"
    )
    # When components are extracted
    components = extract_components(lines, [])
    # Then each CAS number appears once with its EC number
    assert [(c.cas, c.ec) for c in components] == [("67-64-1", "200-662-2"), ("71-36-3", "200-751-6")]


def test_a_code_cell_wrapped_inside_a_code_is_joined_back() -> None:
    # Given a narrow code column that wraps in the middle of H332
    lines = doc_lines(
        "Gefahrenhinweise\nH302+H312+H Gesundheitsschädlich bei Verschlucken\n332 oder Einatmen."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "de", StatementCatalog(), PhraseMatcher())
    # Then the combined code is read whole
    assert [s.code for s in found.hazard_statements] == ["H302+H312+H332"]


def test_a_combination_wrapped_after_its_plus_sign_is_joined_back() -> None:
    # Given "P305 + P351 +" in a code cell and "P338" at the start of the next line
    lines = doc_lines(
        "Sicherheitshinweise\n"
        "P305 + P351 + BEI KONTAKT MIT DEN AUGEN: Einige Minuten lang\n"
        "P338 vorhandene Kontaktlinsen"
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "de", StatementCatalog(), PhraseMatcher())
    # Then one combined code is read and its parts are not listed again
    assert [s.code for s in found.precautionary_statements] == ["P305+P351+P338"]


def test_a_hazard_statement_opening_its_line_under_a_coded_one_is_found_when_its_code_was_misread() -> None:
    # Given a scanned label whose second statement's code OCR misread ("H3i9"), and one printed without code
    lines = doc_lines(
        "Hazard Statements:\nH226   Flammable liquid and vapour.\nH3i9   Causes serious eye irritation.\n"
        "Causes skin irritation.\nP210   Keep away from heat.",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "en", StatementCatalog(), PhraseMatcher())
    # Then both statements are found from their wording, besides the printed code
    assert sorted(s.code for s in found.hazard_statements) == ["H226", "H315", "H319"]


def test_a_hazard_statement_after_its_codes_digits_alone_is_found_and_other_digits_are_not_its_code() -> None:
    # Given a scanned label whose third code lost its letter ("332   | Harmful if inhaled."), whose fourth
    # was split by a space ("H3 11"), and a line whose figure is not the code of the statement after it
    lines = doc_lines(
        "Hazard statements\n#225,   | Highly flammable liquid and vapour.\n"
        "| H304   | May be fatal if swallowed and enters airways.\n"
        "332   | Harmful if inhaled.\nH3 11   |   | Toxic in contact with skin.\n"
        "315   | Causes serious eye irritation.",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "en", StatementCatalog(), PhraseMatcher())
    # Then the statements whose digits stand before them are found; the wording under other digits is not
    codes = sorted(s.code for s in found.hazard_statements)
    assert "H332" in codes and "H311" in codes
    assert "H319" not in codes


def test_a_precaution_after_its_code_with_a_digit_too_many_is_found_and_other_codes_are_not_guessed() -> None:
    # Given a scanned German label whose P280 and P391 were read with a digit too many, and P273's wording
    # after the clean digits of another code
    lines = doc_lines(
        "Sicherheitshinweise\nP260   Staub/Rauch/Gas/Nebel/Dampf/Aerosol nicht einatmen.\n"
        "P2830   ______Schutzhandschuhe/Schutzkleidung/Augenschutz/Gesichtsschutz tragen.\n"
        "'P3911   | Verschüttete Mengen aufnehmen.\n275   Freisetzung in die Umwelt vermeiden.",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "de", StatementCatalog(), PhraseMatcher())
    # Then the two precautions come from their wording, and P273 is not guessed from under another code
    assert sorted(s.code for s in found.precautionary_statements) == ["P260", "P280", "P391"]


def test_codes_whose_letter_ocr_read_in_lower_case_are_read_whole() -> None:
    # Given a scanned Portuguese label whose P of one code, and of one part of a combination, was read in
    # lower case
    lines = doc_lines(
        "Recomendações de prudência\n"
        "P260 o   | Não respirar as poeiras/fumos/gases/névoas/vapores/aerossóis.\n"
        "| p264   Ê   É | Lavar cuidadosamente após manuseamento.\n"
        "P301 + p312   EM CASO DE INGESTÃO: Caso sinta indisposição, contacte um CENTRO DE INFORMAÇÃO",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "pt", StatementCatalog(), PhraseMatcher())
    # Then the code and the whole combination are read, and no part stands alone
    assert sorted(s.code for s in found.precautionary_statements) == ["P260", "P264", "P301+P312"]


def test_pictograms_named_by_ordinary_words_count_on_the_pictogram_line_only() -> None:
    # Given labels naming their pictograms in words that are ordinary words elsewhere ("Chama", "Ambiente"):
    # on the label's line, on the line below a label alone, and one label whose sentence says "ambiente"
    labels = {
        "pt": "Pictogramas de perigo: Chama, Perigo para a saúde, Ambiente\nPalavra-sinal   Atenção",
        "de": "Gefahrenpiktogramme\nFlamme   Umwelt\nH226 Flüssigkeit und Dampf entzündbar.",
        "es": "Pictogramas de peligro: Llama\nP273 Evitar su liberación al medio ambiente.",
    }
    # When the hazards are extracted
    found = {
        lang: extract_hazards(doc_lines(f"2.2\n{text}"), lang, StatementCatalog(), PhraseMatcher())
        for lang, text in labels.items()
    }
    # Then every pictogram of each pictogram line is found, and the sentence's word adds nothing
    assert {lang: [p.code for p in result.pictograms] for lang, result in found.items()} == {
        "pt": ["GHS02", "GHS08", "GHS09"],
        "de": ["GHS02", "GHS09"],
        "es": ["GHS02"],
    }


def test_the_wrapped_rest_of_a_printed_statement_adds_no_statement_of_its_own() -> None:
    # Given a printed combination whose second line is the wording of one of its parts, and an H statement
    # wrapped onto the next line
    lines = doc_lines(
        "Hazard Statements:\nH302+H332   Harmful if swallowed or if\ninhaled.\n"
        "P305+P351+P338   IF IN EYES: Rinse cautiously with water for several minutes.\n"
        "Remove contact lenses, if present and easy to do. Continue rinsing."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "en", StatementCatalog(), PhraseMatcher())
    # Then only the printed codes are listed
    assert [s.code for s in found.hazard_statements] == ["H302+H332"]
    assert [s.code for s in found.precautionary_statements] == ["P305+P351+P338"]


def test_a_supplemental_sentence_without_its_code_after_the_precautions_stays_text() -> None:
    # Given a German label whose EUH401 sentence follows the precautionary statements without its code
    lines = doc_lines(
        "Gefahrenhinweise\nH302   Gesundheitsschädlich bei Verschlucken.\nP501   Inhalt/Behälter entsorgen.\n"
        "Zur Vermeidung von Risiken für Mensch und Umwelt die Gebrauchsanleitung einhalten."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "de", StatementCatalog(), PhraseMatcher())
    # Then no supplemental code is added
    assert [s.code for s in found.hazard_statements] == ["H302"]


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("en", "Repeated exposure may cause skin dryness or cracking."),
        ("de", "Enthält 2-Butanonoxim. Kann allergische Reaktionen hervorrufen."),
        ("de", "Sicherheitsdatenblatt auf Anfrage erhältlich."),
    ],
)
def test_a_supplemental_wording_without_its_code_is_not_mapped(language: str, wording: str) -> None:
    # Given a Section 2 printing an EUH statement's wording without its code, and an H code
    lines = doc_lines(
        f"Hazard statements\nH319   Causes serious eye irritation.\nSupplemental information\n{wording}"
    )
    # When the hazards are extracted
    found = extract_hazards(lines, language, StatementCatalog(), PhraseMatcher())
    # Then only the printed code counts
    assert [s.code for s in found.hazard_statements] == ["H319"]


@pytest.mark.parametrize(
    ("line", "codes"),
    [("Vapors form explosive mixtures with air.", []), ("Explosive", ["H209"])],
)
def test_a_one_word_statement_counts_only_standing_alone(line: str, codes: list[str]) -> None:
    # Given the GHS's one-word statement "Explosive" inside a sentence, and alone on its line
    lines = doc_lines(f"Hazards identification\n{line}")
    # When the hazards are extracted
    found = extract_hazards(lines, "en", StatementCatalog(), PhraseMatcher())
    # Then only the word standing alone is the statement
    assert [s.code for s in found.hazard_statements] == codes


def test_a_version_heading_a_row_of_column_labels_is_read_from_the_row_below() -> None:
    # Given a header laid out as a row of labels above a row of values
    lines = doc_lines("Versión   Fecha de revisión:   Número de HDS:\n5.1   01/24/2024   10000001220")
    # When the version is extracted
    found = extract_version(lines)
    # Then the first value below the label is the version
    assert found is not None and found.value == "5.1"


@pytest.mark.parametrize(
    "line", ["FICHA DE INFORMAÇÕES DE SEGURANÇA   Rev: 03", "Rev.: 03   Data: 17/03/2014"]
)
def test_an_abbreviated_revision_label_with_its_colon_gives_the_version(line: str) -> None:
    # Given a title block that numbers the sheet's revision as "Rev:" or "Rev.:"
    # When the version is extracted
    found = extract_version(doc_lines(line))
    # Then the number after it is the version
    assert found is not None and found.value == "03"


def test_a_version_is_never_read_from_the_section_heading_below_its_label() -> None:
    # Given a scanned Section 1 whose version value OCR lost ("Version   aa f") above the next section's
    # heading, and a label whose value does stand on the line below
    lost = doc_lines("Fecha de revision   14/02/2023\nVersion   aa f\n2. Identificación de los peligros")
    below = doc_lines("Version\n3.1\n2. Identificación de los peligros")
    # When the version is extracted
    found = [extract_version(lines) for lines in (lost, below)]
    # Then the heading's number is not taken, and the value below its label still is
    assert found[0] is None
    assert found[1] is not None and found[1].value == "3.1"


def test_a_version_is_never_read_from_a_date() -> None:
    # Given a revision label followed by a date
    # When the version is extracted
    found = extract_version(doc_lines("Revisão: 22/05/2017"))
    # Then no version is invented from the date
    assert found is None


def test_a_version_abbreviated_after_the_revision_date_is_read() -> None:
    # Given a header giving the revision date, then the version as "v" after a slash
    lines = doc_lines("Revised on : 16-May-2017 / v 6.8\nReference : US 15261545")
    # When the version is extracted
    found = extract_version(lines)
    # Then it is the number after the "v"
    assert found is not None and found.value == "6.8"


def test_a_slash_and_a_v_without_a_revision_date_give_no_version() -> None:
    # Given a concentration given volume for volume, on a line without a revision date
    lines = doc_lines("Ethanol 20 % v/v 1.5")
    # When the version is extracted
    # Then none is read
    assert extract_version(lines) is None


def test_a_dash_inside_a_company_name_does_not_end_it_when_no_address_follows() -> None:
    # Given supplier lines whose names hold a spaced dash, and one whose dash leads into the address
    named = doc_lines("Fabricante: PROLINE - Indústria e Comércio Ltda.\nCNPJ: 02.946.060/0001-27")
    spaced = doc_lines("Supplier:   CIOL - EXXONMOBIL CHEMICAL CANADA\nP.O. Box 2480, Station M")
    with_address = doc_lines("Lieferant: ACME GmbH - Hauptstr. 1 - 12345 Berlin")
    # When the suppliers are extracted
    found = [extract_supplier(lines)[0] for lines in (named, spaced, with_address)]
    # Then the dash stays inside the names and ends only the one that an address follows
    assert [supplier.value if supplier else None for supplier in found] == [
        "PROLINE - Indústria e Comércio Ltda.",
        "CIOL - EXXONMOBIL CHEMICAL CANADA",
        "ACME GmbH",
    ]


def test_a_printed_code_that_exists_nowhere_gives_way_to_the_code_whose_wording_the_label_prints() -> None:
    # Given a scanned label whose list of codes OCR read with H358 (no such code) for H350, the wordings below
    lines = doc_lines(
        "Mentions de danger\nH226-H341-H358\nLiquide et vapeurs inflammables.\n"
        "Susceptible d'induire des anomalies génétiques.\nPeut provoquer le cancer.",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "fr", StatementCatalog(), PhraseMatcher())
    # Then H350, mapped from its wording, stands for the misread code, which is not listed as a hazard
    codes = {s.code for s in found.hazard_statements}
    assert "H350" in codes and "H358" not in codes


def test_a_wrapped_combination_behind_a_scanned_table_rule_is_joined_back() -> None:
    # Given a scanned code cell "P301 + P330 +" behind the table's rules, and "P331" opening the next line
    lines = doc_lines(
        "Recomendações de prudência\n"
        "| | P301 + P330 + EM CASO DE INGESTÃO: Enxaguar a boca. NÃO provocar\nP331   vómito.",
        ocr=True,
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "pt", StatementCatalog(), PhraseMatcher())
    # Then one combined code is read
    assert [s.code for s in found.precautionary_statements] == ["P301+P330+P331"]
