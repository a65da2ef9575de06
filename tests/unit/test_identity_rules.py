"""Identity extraction that generalises: labels are never values, label/value pairs by layout, revision vs
print vs superseded, supplier vs manufacturer, national address conventions."""

from __future__ import annotations

import dataclasses

import pytest

from models.common import Box
from msds.domain.countries import country_from_text, names_a_postal_place
from msds.domain.label_words import looks_like_label
from msds.domain.no_data import says_no_data
from msds.services.document_lines import DocLine
from msds.services.extract.identity import (
    _label_words_rejoined,
    extract_emergency_phone,
    extract_product_name,
    extract_supplier,
)
from msds.services.extract.revision import extract_revision_date, extract_version
from tests.unit.lines import doc_lines


@pytest.mark.parametrize(
    "text",
    [
        "COMPANY /UNDERTAKING",
        "Product information",
        "Address",
        "SAFETY DATA SHEET",
        "importer",
        "distribuidora",
        "Unternehmens",
        "Kontaktadresse",
        "Descrição do Produto",
        "가. 제품명",
        "나. 제품의 권고용도와 사용상의 제한",
        "정보/ 공급자/유통업자정보",
        "化学品の名称",
        "II. PHYSICAL DATA",
        "Nome da empresa:",
    ],
)
def test_headings_and_field_labels_in_any_language_are_not_values(text: str) -> None:
    # Given a heading or a field label / When it is judged / Then it is a label
    assert looks_like_label(text)


@pytest.mark.parametrize(
    "text",
    [
        "BASF SE",
        "PEPSI COLA FLAVOR 35005*25",
        "Saint-Gobain do Brasil",
        "(주)원일화공약품",
        "Sodium hydroxide",
        "Ariel Color Frühlingsfrische (flüssig)",
        "名古屋酸素株式会社",
        "가성소다(액상4.5% ~ 4.9%)",
    ],
)
def test_company_and_product_names_are_values(text: str) -> None:
    # Given a name / When it is judged / Then it is no label
    assert not looks_like_label(text)


def test_a_label_cell_that_goes_on_before_a_column_gap_is_followed_by_its_value_cell() -> None:
    # Given a supplier label whose first cell only continues the label
    lines = doc_lines("Manufacturer information   PepsiCo Inc.\n700 Anderson Hill Road")
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then the value cell after the gap is read
    assert supplier is not None and supplier.value == "PepsiCo Inc."


def test_a_value_under_one_of_two_column_labels_is_read_from_its_own_column() -> None:
    # Given two labels side by side and their values on the line below, in the same columns
    lines = doc_lines("Firma:   Kontaktadresse:\nBASF SE   BASF Oesterreich GmbH\n67056 Ludwigshafen   EUC/W")
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then the value under "Firma:" is read, never the other label
    assert supplier is not None and supplier.value == "BASF SE"


def test_a_letter_spaced_korean_label_and_a_korean_legal_form_are_read() -> None:
    # Given a Korean Section 1 with a spaced product label and a supplier starting with "(주)"
    lines = doc_lines(
        "1. 화학제품과 회사에 대한 정보\n"
        "가. 제 품 명 : 가성소다(액상4.5% ~ 4.9%)\n"
        "나. 제품의 권고용도와 사용상의 제한\n"
        "다. 제조자 정보/ 공급자/유통업자정보\n"
        "○ 공급회사명   : (주)원일화공약품\n"
        "○ 주 소   : 대구광역시 서구 장산로 226"
    )
    # When product and supplier are extracted
    product = extract_product_name(lines, [])
    supplier, _ = extract_supplier(lines)
    # Then both values are read, not the headings around them
    assert product is not None and product.value == "가성소다(액상4.5% ~ 4.9%)"
    assert supplier is not None and supplier.value == "(주)원일화공약품"


def test_the_supplier_of_the_sheet_wins_over_the_manufacturer_when_both_are_named() -> None:
    # Given a Korean sheet naming a manufacturer and then a supplier
    lines = doc_lines(
        "라. 제조회사 : 에쓰-오일토탈에너지스윤활유㈜ (전화번호 : 02) 6320-2000)\n"
        "마. 공급회사 : 대동공업 주식회사 (전화번호 : 053) 610- 3134)"
    )
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then the supplier is the company the sheet names as its supplier
    assert supplier is not None and supplier.value.startswith("대동공업 주식회사")


def test_a_product_name_wrapped_below_its_label_is_joined_up_to_the_next_label() -> None:
    # Given a product name printed below its label on two lines, a label after it
    lines = doc_lines(
        "1. Identification\nProduct identifier used on the label\nULTRADUR B 4300 G4 UNCOLORED\n"
        "POLYBUTYLENE TEREPHTHALATE\nRecommended use of the chemical and restriction on use"
    )
    # When the product name is extracted
    found = extract_product_name(lines, [])
    # Then both lines make the name and the label after them is left out
    assert found is not None and found.value == "ULTRADUR B 4300 G4 UNCOLORED POLYBUTYLENE TEREPHTHALATE"


def test_a_product_name_followed_by_a_label_is_not_joined_with_it() -> None:
    # Given a one-line product name under its label, a label line after it
    lines = doc_lines(
        "1. Identification\nProduct identifier used on the label\n1-Methylimidazole\n"
        "Recommended use of the chemical and restriction on use\nRecommended use*: Intermediate"
    )
    # When the product name is extracted
    found = extract_product_name(lines, [])
    # Then the name stands alone
    assert found is not None and found.value == "1-Methylimidazole"


def test_the_continuation_of_a_section_heading_is_never_the_product_name() -> None:
    # Given a wrapped Section 1 heading and no product label
    lines = doc_lines(
        "1. IDENTIFICATION OF THE SUBSTANCE/PREPARATION AND OF THE\nCOMPANY /UNDERTAKING\n"
        "Identification of the   PEPSI COLA FLAVOR 35005*25\nsubstance/ preparation"
    )
    # When the product name is extracted
    found = extract_product_name(lines, [])
    # Then the heading's second line is not taken for it
    assert found is None or found.value != "COMPANY /UNDERTAKING"


def test_the_version_a_sheet_replaces_is_not_its_version() -> None:
    # Given a revision number and the version it replaces on one line
    lines = doc_lines("Revisions-Nr.: 1,01 - Ersetzt die Version: 1   D - DE   Druckdatum: 23.04.2018")
    # When the version is extracted
    found = extract_version(lines)
    # Then the revision number is the version
    assert found is not None and found.value == "1,01"


def test_the_version_beside_the_revision_date_wins_over_the_first_editions() -> None:
    # Given the first edition's version beside the issue date and the current one beside the revision date
    lines = doc_lines(
        "Versión 1   Fecha de emisión: 6/10/2021   Página 1 de 12\n"
        "Versión 2 (sustituye a la versión 1)   Fecha de revisión: 29/10/2021"
    )
    # When the version is extracted
    found = extract_version(lines)
    # Then it is the revision's
    assert found is not None and found.value == "2"


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("Überarbeitet am / Version: 22.11.2017 / 0002", "0002"),
        ("SDB-Nr.: 1990\nV004.10\nSeite 1 von 11", "V004.10"),
        ("개정 번호 : 11   최종개정일자 : 2023. 03. 29", "11"),
        ("다. 개정 횟수 및 최종 개정 일자 : 6차 개정 2020.08.14.", "6"),
        ("改定日 2015年5月1日 (第8版)", "8"),
        ("Data da revisão 03.12.2015   Versão 3. 3", "3.3"),
        ("Ausgabedatum: 29.11.2017   Überarbeitungsdatum: 29.11.2017Version: 1.00", "1.00"),
    ],
)
def test_versions_printed_in_national_and_supplier_conventions_are_read(text: str, version: str) -> None:
    # Given / When
    found = extract_version(doc_lines(text))
    # Then
    assert found is not None and found.value == version


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Última atualização: 12/05/2023", "2023-05-12"), ("Última actualización: 12/05/2023", "2023-05-12")],
)
def test_the_date_of_the_last_update_is_the_revision_date(text: str, iso: str) -> None:
    # Given a Portuguese or Spanish "last update" label / When the revision date is extracted
    found = extract_revision_date(doc_lines(text), month_first=False)
    # Then its date is the revision date
    assert found is not None and found.value == iso


def test_the_date_a_sheet_was_edited_wins_over_its_print_date() -> None:
    # Given a German header with an editing date and a print date
    lines = doc_lines("Bearbeitungsdatum: 27.06.2016\nDruckdatum: 18.01.2017")
    # When the revision date is extracted
    found = extract_revision_date(lines, month_first=False)
    # Then the editing date is the revision date
    assert found is not None and found.value == "2016-06-27"


def test_the_first_label_of_a_row_of_labels_reads_the_first_value_of_the_row_below() -> None:
    # Given a row of four labels, the revision date first, over a row of four values
    lines = doc_lines("Data da última revisão   Versão:   FISPQ Nº   Página\n28/02/2019   2   178   1 de 9")
    # When the revision date is extracted
    found = extract_revision_date(lines, month_first=False)
    # Then the value under the first label is the revision date
    assert found is not None and found.value == "2019-02-28"


def test_a_revision_number_with_its_date_in_brackets_gives_the_revision_date() -> None:
    # Given a Korean header "Rev.04 (2023.10.16.)"
    found = extract_revision_date(
        doc_lines("가성소다 (SODIUM HYDROXIDE)   -1/13-   Rev.04 (2023.10.16.)"), False
    )
    # Then the date in brackets is read
    assert found is not None and found.value == "2023-10-16"


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("Endereço: Av. Dr. Ulysses Guimarães, 3.857 – Vila Mary – Diadema - SP", "BR"),
        ("E-mail: synth@synth.com.br", "BR"),
        ("Rod Estrada da Cana, nº 750, Distrito Industrial III, Uberaba - MG - BR", "BR"),
        ("Rua Murilo, 48 CEP: 07.230-060, Guarulhos", "BR"),
        ("○ 주소 : 울산시 울주군 온산읍 화산1길 62", "KR"),
        ("Houston, Texas 77002", "US"),
        ("FLORHAM PARK, NEW JERSEY 07932", "US"),
        ("Mississauga, Ontario L5N 2K7", "CA"),
        ("Montréal (Québec) H3B 4W8", "CA"),
        ("Hazel Grove, Stockport SK7 5BW", "GB"),
        ("Loughborough, Leicestershire LE11 5RG, UK", "GB"),
        ("Rua do Comércio 12, 1000-001 Lisboa", "PT"),
        ("ul. Marszałkowska 1, 00-950 Warszawa", "PL"),
        ("Glasgow, Scotland", "GB"),
    ],
)
def test_national_address_conventions_name_the_country(address: str, country: str) -> None:
    # Given an address whose postcode, state or province only one country writes so / When / Then
    assert country_from_text(address) == country


def test_an_emergency_number_under_a_wrapped_label_is_read_from_the_line_above() -> None:
    # Given a Brazilian label wrapped over two lines, two numbers separated by a spaced slash
    lines = doc_lines(
        "1.4 Número do telefone de   Suatrans: : 0800 707 7022 / 0800 17 2020\nemergência\n2. Identificação"
    )
    # When the emergency number is extracted
    found = extract_emergency_phone(lines)
    # Then the first number alone is read
    assert found is not None and found.value == "0800 707 7022"


def test_the_date_of_a_previous_revision_is_never_the_revision_date() -> None:
    # Given a header naming the superseded revision first, then the sheet's own
    lines = doc_lines("Supersedes revision date: 01.02.2015\nRevision date: 03.04.2019")
    # When / Then
    found = extract_revision_date(lines, month_first=False)
    assert found is not None and found.value == "2019-04-03"


def test_a_company_acting_as_agent_names_the_supplier_on_the_next_line() -> None:
    # Given a manufacturer line naming an agent "as agents for" the supplier below
    lines = doc_lines(
        "Manufacturer   C & A Service Inc. as agents for\nCitrus and Allied Essences, Ltd\n4620 Mercedes Dr"
    )
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then it is the company the agent acts for
    assert supplier is not None and supplier.value == "Citrus and Allied Essences, Ltd"


def test_a_value_cell_centred_on_its_label_starts_on_the_line_above_it() -> None:
    # Given a two-column table whose company cell is centred on its label, one line above and one below
    rows = [
        (43, 273, 160, "para a substância ou mistura:"),
        (209, 293, 330, "Saint-Gobain do Brasil"),
        (43, 301, 120, "Nome da empresa:"),
        (209, 310, 420, "Produtos Industriais e para Construção Ltda."),
        (43, 329, 500, "Endereço:   Via de Acesso João de Góes, 2127 – Jandira – SP"),
    ]
    lines = [
        DocLine(index, 1, text, Box(x0=x0, y0=y0, x1=x1, y1=y0 + 11), 1.0, False)
        for index, (x0, y0, x1, text) in enumerate(rows)
    ]
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then both lines of the cell make the name
    assert supplier is not None
    assert supplier.value == "Saint-Gobain do Brasil Produtos Industriais e para Construção Ltda."


def test_a_product_label_cell_wrapped_before_its_last_word_still_labels_its_value() -> None:
    # Given "Identification of the" / "substance/ preparation" in the label column, the name beside it
    lines = doc_lines(
        "1. IDENTIFICATION OF THE SUBSTANCE/PREPARATION AND OF THE\nCOMPANY /UNDERTAKING\n"
        "Identification of the   PEPSI COLA FLAVOR 35005*25\nsubstance/ preparation\nRevision date   08-31"
    )
    # When / Then
    found = extract_product_name(lines, [])
    assert found is not None and found.value == "PEPSI COLA FLAVOR 35005*25"


def test_the_parent_group_below_a_supplier_label_is_not_the_supplier() -> None:
    # Given a supplier heading followed by a division line naming the parent group, then the company
    lines = doc_lines(
        "Supplier\nDivision of Canada Imperial Oil Limited, an Affiliate of Exxon Mobil Corporation\n"
        "EXXONMOBIL CHEMICAL CANADA Ltd\nP.O. Box 2480, Station M"
    )
    # When the supplier is extracted
    supplier, _ = extract_supplier(lines)
    # Then the parent group is passed over
    assert supplier is not None and supplier.value == "EXXONMOBIL CHEMICAL CANADA Ltd"


def test_a_revision_date_under_its_label_in_a_row_of_column_labels_is_read_from_its_column() -> None:
    # Given a header laid out as a row of labels over a row of values, with other dates printed beside
    lines = doc_lines(
        "Version   Date de révision:   Numéro de la FDS: Date de dernière parution: 07-28-2021\n"
        "5.2   01-08-2024   10000001217   Date de la première parution: 03-15-2019"
    )
    # When the revision date is extracted month-first
    found = extract_revision_date(lines, month_first=True)
    # Then the value under the revision label is read, not the first or the last edition's date
    assert found is not None and found.value == "2024-01-08"


@pytest.mark.parametrize(
    "text",
    [
        "Date of last issue: 01.02.2019\nDate of first issue: 03.04.2015",
        "Fecha de la última emisión: 01.02.2019   Fecha de la primera emisión: 03.04.2015",
        "Datum der letzten Ausgabe : 01.02.2019\nErstellungsdatum: 03.04.2015",
    ],
)
def test_the_date_of_the_edition_a_sheet_replaced_is_never_its_date(text: str) -> None:
    # Given a header naming the previous edition's date before the first edition's
    # When the revision date is extracted
    found = extract_revision_date(doc_lines(text), month_first=False)
    # Then the first edition's date stands in, never the replaced edition's
    assert found is not None and found.value == "2015-04-03"


def test_a_plain_revision_date_wins_over_a_last_revision_date_printed_beside_it() -> None:
    # Given an SAP-style header with the last revision first and the sheet's revision after it
    lines = doc_lines("Fecha de la última revisión: 06.03.2020\nFecha de revisión: 22.07.2021")
    # When / Then
    found = extract_revision_date(lines, month_first=False)
    assert found is not None and found.value == "2021-07-22"


def test_an_issue_date_wins_over_a_print_date_printed_before_it() -> None:
    # Given a header with a print date first and an issue date after it, no revision date
    lines = doc_lines("Print date: 01.02.2019\nIssue date: 03.04.2015")
    # When / Then: the print date says when the file was printed, not when the sheet was written
    found = extract_revision_date(lines, month_first=False)
    assert found is not None and found.value == "2015-04-03"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Stand: 12.03.2020   Druckdatum: 01.04.2021", "2020-03-12"),
        ("Versionsdatum: 12.03.2020", "2020-03-12"),
        ("Last updated: 12 March 2020", "2020-03-12"),
        ("Informação de Produto Revisada em Jan/2014", "2014-01"),
        ("Fecha de actualización: 12/03/2020", "2020-03-12"),
    ],
)
def test_an_update_of_the_sheet_is_its_revision_date(text: str, iso: str) -> None:
    # Given a header that says when the sheet was last updated / When / Then
    found = extract_revision_date(doc_lines(text), month_first=False)
    assert found is not None and found.value == iso


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        ("Supplier's name: ACME Chemicals Ltd\nAddress: 12 Main Street", "ACME Chemicals Ltd"),
        ("Responsible party: ACME Industries Inc.\n12 Main Street", "ACME Industries Inc."),
        ("Distributed by:\nACME Distribution Inc.\n12 Main Street", "ACME Distribution Inc."),
    ],
)
def test_possessive_and_osha_wordings_of_the_supplier_label_are_labels(text: str, supplier: str) -> None:
    # Given a supplier labelled as OSHA and US sheets word it
    # When the supplier is extracted
    found, _ = extract_supplier(doc_lines(text))
    # Then the company after the label is read
    assert found is not None and found.value == supplier


def test_a_parent_company_named_after_the_supplier_on_its_line_is_cut_off() -> None:
    # Given a supplier line that goes on to name its parent group
    lines = doc_lines(
        "Manufacturer:   ACME Chemical Corporation, a subsidiary of Big Holding plc\n12 Main Street"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then only the supplier's own name is kept
    assert found is not None and found.value == "ACME Chemical Corporation"


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        ("수입자: 헨켈코리아(유) 서울지점, 서울특별시 마포구 마포대로 4다길 41", "헨켈코리아(유) 서울지점"),
        (
            "Lieferant: ACME Inc. Zweigniederlassung Deutschland, Hauptstr. 1",
            "ACME Inc. Zweigniederlassung Deutschland",
        ),
        ("Supplier: ACME Ltd, 12 Main Street", "ACME Ltd"),
    ],
)
def test_a_registered_branch_after_the_legal_form_belongs_to_the_supplier_name(
    text: str, supplier: str
) -> None:
    # Given a supplier line whose name may end with a branch designation before the address
    # When the supplier is extracted
    found, _ = extract_supplier(doc_lines(text))
    # Then the branch stays in the name and the address is cut off
    assert found is not None and found.value == supplier


def test_a_name_row_under_a_supplier_heading_gives_the_supplier() -> None:
    # Given a supplier block laid out as rows of labels and values
    lines = doc_lines("Supplier\nName   ACME Chemicals Ltd\nAddress   12 Main Street")
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the value of the name row is the supplier
    assert found is not None and found.value == "ACME Chemicals Ltd"


@pytest.mark.parametrize(
    "text",
    [
        "Norma ABNT 14725-2:2009 — versão corrigida 2:2010.\nCódigo: 06-04   Revisão das informações: 05",
        "Classified according to GHS Rev. 7\nVersion No.: 05   Revision date: 08-31-2010",
    ],
)
def test_the_version_of_a_cited_standard_is_not_the_sheets_version(text: str) -> None:
    # Given a header citing a standard's version before the sheet's own
    # When the version is extracted
    found = extract_version(doc_lines(text))
    # Then the sheet's own version is read
    assert found is not None and found.value == "05"


def test_a_version_label_inside_a_row_of_column_labels_is_read_from_its_column() -> None:
    # Given a row of labels with the version in the second column, and the values below
    lines = doc_lines("Revision date:   Version:   SDS Number:\n01/02/2020   2.1   12345")
    # When the version is extracted
    found = extract_version(lines)
    # Then the value under the version label is read
    assert found is not None and found.value == "2.1"


def test_the_first_line_of_an_emergency_label_wrapped_inside_the_block_gives_the_first_number() -> None:
    # Given an emergency heading, then a label wrapped over two lines with a number on each
    lines = doc_lines(
        "1.4 Número do telefone de emergência\n"
        "Número de Telefone de   : Chemtrec: +(55)-2139581449 *\n"
        "Emergência   Suatrans: 0800 707 7022 / 0800 17 2020"
    )
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then the number on the label's first line is read
    assert found is not None and found.value.endswith("2139581449")


def test_under_an_emergency_heading_the_first_number_printed_wins_over_a_later_labelled_one() -> None:
    # Given a 1.4 heading over a list of poison centres, a later one under a label of its own
    lines = doc_lines(
        "1.4.   Notrufnummer\n"
        "Giftinformationszentrum München, Tel.: +49 89 19 240.\n"
        "Giftinformationszentrum-Nord, Tel.: +49 551 19 240.\n"
        "Vergiftungs-Informations-Zentrale Freiburg, Notfalltelefon +49 761 19 240."
    )
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then the first number of the list is the sheet's
    assert found is not None and found.value == "+49 89 19 240"


def test_an_emergency_number_broken_after_the_block_window_is_joined() -> None:
    # Given an emergency number broken over two lines, far below the first emergency heading
    lines = doc_lines(
        "1.4. Notrufnummer\nHersteller   WEICON GmbH & Co. KG\nKönigsberger Str. 255, DE-48157 Münster\n"
        "1.4. Notrufnummer\nGIFTNOTRUF/TRANSPORTNOTRUF - Deutschland,\n"
        "Österreich, Schweiz, Luxemburg (24h): Tel: ++49 69 222\n25285 (Deutsch, Englisch)"
    )
    # When / Then: both parts are kept
    found = extract_emergency_phone(lines)
    assert found is not None and found.value.replace(" ", "").endswith("6922225285")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Telefone para emergências: Bombeiros 193 / CETESB (11) 3133-4000", "193"),
        ("Emergency telephone: 112 (24h)", "112"),
        ("Emergency phone: 911-555-1234", "911-555-1234"),
        ("Emergency number 112 345 678", "112 345 678"),
    ],
)
def test_a_national_short_emergency_number_printed_first_is_the_emergency_phone(
    text: str, number: str
) -> None:
    # Given an emergency label followed by a short national number, or a full number starting like one
    # When the emergency phone is extracted
    found = extract_emergency_phone(doc_lines(text))
    # Then the short number is read only where it stands alone
    assert found is not None and found.value == number


@pytest.mark.parametrize(
    "text",
    ["Datum: 12.03.2020   Seite 1/8", "Fecha: 12/03/2020", "Data: 12/03/2020   Página: 1/12"],
)
def test_a_plain_date_label_in_any_language_dates_a_sheet_without_a_revision_label(text: str) -> None:
    # Given a header whose only date is labelled "date" in German, Spanish or Portuguese
    # When the revision date is extracted
    found = extract_revision_date(doc_lines(text), month_first=False)
    # Then that date stands in, as the English "Date:" does
    assert found is not None and found.value == "2020-03-12"


def test_a_plain_date_label_gives_way_to_a_revision_date() -> None:
    # Given a plain date label before a revision label
    lines = doc_lines("Datum: 01.02.2019\nÜberarbeitet am: 12.03.2020")
    # When / Then: the revision date wins
    found = extract_revision_date(lines, month_first=False)
    assert found is not None and found.value == "2020-03-12"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.4 Teléfono de urgencias: +34 91 562 04 20 (24 h)", "+34 91 562 04 20"),
        ("1.4 Notfallauskunft: +49 (0)621 60-43333", "+49 (0)621 60-43333"),
        ("Téléphone en cas d'urgence : +33 (0)1 45 42 59 59", "+33 (0)1 45 42 59 59"),
    ],
)
def test_emergency_labels_of_everyday_wording_give_their_number(text: str, number: str) -> None:
    # Given an emergency number under a label worded as sheets print it, not as REACH's annex does
    # When the emergency phone is extracted
    found = extract_emergency_phone(doc_lines(text))
    # Then the number is read
    assert found is not None and found.value == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.4. Notrufnummer:   +49 (0) 8331 / 930-730", "+49 (0) 8331 / 930-730"),
        ("Notruf: 0551 / 19240", "0551 / 19240"),
        ("Emergency telephone: 0800 707 7022 / 0800 17 2020", "0800 707 7022"),
    ],
)
def test_an_area_code_before_a_spaced_slash_belongs_to_its_number(text: str, number: str) -> None:
    # Given numbers written "area code / number", and two whole numbers a spaced slash apart
    # When the emergency phone is extracted
    found = extract_emergency_phone(doc_lines(text))
    # Then an area code keeps its number, and of two whole numbers the first is taken
    assert found is not None and found.value == number


def test_an_emergency_label_whose_value_wraps_gives_the_number_on_the_next_line() -> None:
    # Given an emergency label whose value (a poison centre's name) wraps onto the next line with its number,
    # and a second label further down with the company's number
    lines = doc_lines(
        "1.4. Notrufnummer:   Giftinformationszentrum der Länder Sachsen und\n"
        "Thüringen: +49 361 730730\n"
        "Weitere Angaben\n"
        "Notrufnummer der Gesellschaft: +49 3332 4508816"
    )
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then the first number printed under the first label is taken
    assert found is not None and found.value == "+49 361 730730"


def test_a_qualifier_in_brackets_between_the_version_label_and_its_colon_is_passed_over() -> None:
    # Given "Version (Überarbeitung) : 19.3.0 (19.2.0)" beside a date
    lines = doc_lines("Bearbeitungsdatum :   02.10.2018   Version (Überarbeitung) :   19.3.0 (19.2.0)")
    # When the version is extracted
    found = extract_version(lines)
    # Then the version is the number after the colon, not the one in brackets after it
    assert found is not None and found.value == "19.3.0"


def test_an_article_number_label_is_never_the_product_name() -> None:
    # Given a product identifier block whose first line is a labelled article number
    lines = doc_lines(
        "1.1   Produktidentifikator\nArtikelnummer   10100, 10101\nArtikelbezeichnung   Brom\n"
        "1.2   Relevante identifizierte Verwendungen"
    )
    # When the product name is extracted
    found = extract_product_name(lines, lines)
    # Then the article designation is the name
    assert found is not None and found.value == "Brom"


def test_a_date_labelled_as_issued_dates_the_sheet() -> None:
    # Given a sheet whose only date is labelled "Datum ausgestellt"
    # When the revision date is extracted
    found = extract_revision_date(doc_lines("Datum ausgestellt   04.10.2016"), month_first=False)
    # Then that date dates the sheet
    assert found is not None and found.value == "2016-10-04"


@pytest.mark.parametrize(
    "block",
    [
        "1.3 Supplier\nDistributor: Acme Trading GmbH\nManufacturer: Beta Chemie AG",
        "1.3. Einzelheiten zum Lieferanten, der das Sicherheitsdatenblatt bereitstellt\nHändler\n"
        "Firmenname   Acme Handels-GmbH\nLand   Deutschland\nProduzent\nFirmenname   Beta Chemie AB\n"
        "Land   Sweden",
        "1.3   Einzelheiten zum Lieferanten, der das Sicherheitsdatenblatt bereitstellt\n"
        "Firma   Acme Warenhandel GmbH & Co KG\nMarktstraße 35\n74172 Neckarsulm\n"
        "Hersteller   Beta Chemie AG\nInsel 9\n98544 Zella-Mehlis",
    ],
)
def test_the_manufacturer_is_the_supplier_rather_than_a_dealer_named_first(block: str) -> None:
    # Given a dealer named before the manufacturer, by its own label, by a role heading above its name, or
    # under a label naming no role while REACH's supplier heading heads both
    # When the supplier is extracted
    found, _ = extract_supplier(doc_lines(block))
    # Then the manufacturer is the supplier
    assert found is not None and found.value in ("Beta Chemie AG", "Beta Chemie AB")


def test_a_contact_person_under_the_supplier_heading_is_not_the_supplier() -> None:
    # Given a supplier block that names only a contact person and an address
    lines = doc_lines(
        "1.3 Details of the supplier of the safety data sheet\nMr. Thomas Smith\nP.O. Box 100\n"
        "Princeton, New Jersey 08543 - USA"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the person is not taken for the supplier
    assert found is None or "Smith" not in found.value


def test_a_numbered_section_1_heading_is_never_the_product_name() -> None:
    # Given a product name after a long German label, then the numbered heading of 1.2
    lines = doc_lines(
        "ABSCHNITT 1: Bezeichnung des Stoffs bzw. des Gemischs und des Unternehmens\n"
        "· 1.1 Produktidentifikator\n· Bezeichnung des Stoffes/des Gemisches: Acme Bodenreiniger R 1000\n"
        "· 1.2 Relevante identifizierte Verwendungen des Stoffs oder Gemischs und Verwendungen, von"
    )
    # When the product name is extracted
    found = extract_product_name(lines, lines[:1])
    # Then the labelled name is read, not the heading below it
    assert found is not None and found.value == "Acme Bodenreiniger R 1000"


def test_a_name_label_in_the_suppliers_block_names_the_company_not_the_product() -> None:
    # Given a supplier block whose company is labelled "Name oder Handelsname" (name or trade name)
    lines = doc_lines(
        "ABSCHNITT 1: Bezeichnung des Stoffs beziehungsweise des Gemischs und des Unternehmens\n"
        "1.1.   Produktidentifikator   Acme Teerentferner (Aerosol)\nStoff / Gemisch   Gemisch\n"
        "1.3.   Einzelheiten zum Lieferanten, der das Sicherheitsdatenblatt bereitstellt\nLieferant\n"
        "Name oder Handelsname   Beta s.r.o.\nAdresse   Hauptstraße 9, Praha 9, 19800"
    )
    # When the product name and the supplier are extracted
    product = extract_product_name(lines, lines[:1])
    supplier, _ = extract_supplier(lines)
    # Then the product is the identifier's value and the company is the supplier
    assert product is not None and product.value == "Acme Teerentferner (Aerosol)"
    assert supplier is not None and supplier.value == "Beta s.r.o."


def test_the_number_of_the_edition_is_the_version() -> None:
    # Given "Nummer der Fassung" (number of the edition) beside the revision date
    lines = doc_lines("Überarbeitet am   12. März 2018   Nummer der Fassung   4.0")
    # When the version is extracted
    found = extract_version(lines)
    # Then it is the edition's number
    assert found is not None and found.value == "4.0"


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("Revision date: 2023-08-10   Version: LP4217.4", "LP4217.4"),
        ("회사명: 가나화학㈜   참조 #: GQ1 / 07 개정판 번호 : 07 개정일 : 2022 년 10 월 20 일", "07"),
        ("Rev.-Nr.   1.4", "1.4"),
        ("Revision Nr. 1   Datum der Revision 03/10/2014", "1"),
        ("Elaboração: 05/06/2013   Revisão nº02   Última Revisão:24/10/2019", "02"),
        ("92621*02 Version #:01 Revision date: Aug-17-2009   Print date: Aug-17-2009", "01"),
    ],
)
def test_versions_printed_as_codes_or_under_other_labels_are_read(text: str, version: str) -> None:
    # Given a version printed as a supplier's code, labelled "개정판 번호" or "Rev.-Nr.", with "nº" joined to
    # its number or with a number sign before the colon
    # When the version is extracted
    found = extract_version(doc_lines(text))
    # Then the whole version is read
    assert found is not None and found.value == version


def test_an_emergency_number_printed_after_the_poison_centres_address_is_read() -> None:
    # Given an emergency label, the poison centre's name and address on five lines, then its number
    lines = doc_lines(
        "• 1.4 Notrufnummer:\nGiftinformationszentrum Nord\nUniversitätskliniken\nBereich Humanmedizin\n"
        "Robert-Koch-Str. 40\n37075 Göttingen\nTel.: 0551 / 1 92 40\n"
        "ABSCHNITT 2: Mögliche Gefahren\nTel.: 0800 1234567"
    )
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then the centre's number is read, and nothing past the next heading
    assert found is not None and found.value == "0551 / 1 92 40"


def test_a_company_below_its_label_with_a_phone_label_beside_it_is_the_supplier() -> None:
    # Given a supplier label with the company below it, a phone label a column further, and the emergency
    # service's company under the emergency label
    lines = doc_lines(
        "· Details of the supplier of the safety data sheet\n· MANUFACTURER / SUPPLIER:\n"
        "ACME INTERNATIONAL   PHONE: +1 (732) 555-0140\n30 STEWART PLACE\n· Emergency telephone number:\n"
        "CHEM-HELP, Inc. USA 1 800 555-0199"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the company under the supplier label is the supplier
    assert found is not None and found.value == "ACME INTERNATIONAL"


def test_a_company_with_its_street_under_the_emergency_lines_of_a_letterhead_is_the_supplier() -> None:
    # Given a letterhead whose emergency lines come first, then the company and its street, and no
    # supplier label anywhere
    lines = doc_lines(
        "Material Safety Data Sheet\nFOR INFORMATION OR IN AN EMERGENCY CALL 1-555-452-1000\n"
        "FOR ALL OTHER TIME PERIODS CALL CHEMTREC @ 1-800-424-9300\nAcme Flavors Incorporated\n"
        "250 Orchard Road, Plainsboro, New Jersey 08536, U.S.A.\nI. IDENTIFICATION"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the company of the letterhead is the supplier
    assert found is not None and found.value == "Acme Flavors Incorporated"


def test_a_company_under_an_emergency_label_with_its_number_below_it_is_the_service() -> None:
    # Given an emergency label, the service's company on the next line and its number under it, and the
    # supplier's company further down without a label
    lines = doc_lines(
        "Emergency telephone number:\nCHEM-HELP, Inc.\n1 800 555-0199\nRegistered office\nAcme Coatings Ltd"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the service is passed over for the company below
    assert found is not None and found.value == "Acme Coatings Ltd"


def test_a_street_is_never_the_supplier_and_a_wrapped_label_cell_leaves_the_company_in_its_column() -> None:
    # Given the REACH 1.3 label wrapped over three lines in its own column, the company and its street
    # beside it
    lines = doc_lines(
        "1.3 Einzelheiten zum   Acme Lacke + Farben GmbH & Co.KG\nLieferanten, der das   Hauptstr. 13\n"
        "Sicherheitsdatenblatt   D - 67459 Musterstadt"
    )
    # When the supplier is extracted
    found, _ = extract_supplier(lines)
    # Then the company is the supplier, not its street
    assert found is not None and found.value == "Acme Lacke + Farben GmbH & Co.KG"


@pytest.mark.parametrize(
    ("code", "name"),
    [("552969 T", "SOURSOP KEY FLAVOUR"), ("503296 C8K - 170A9YOG", "ART YOGURT")],
)
def test_an_article_code_above_the_trade_name_gives_way_to_the_name(code: str, name: str) -> None:
    # Given a product identifier block that prints the article code, then the trade name on the next line
    lines = doc_lines(
        f"1 IDENTIFICATION\n1.1 Product identifier\n{code}\n{name}\n1.2 Relevant identified uses"
    )
    # When the product name is extracted
    found = extract_product_name(lines, lines[:1])
    # Then the trade name is the product name
    assert found is not None and found.value == name


def test_an_emergency_label_broken_inside_a_word_by_its_narrow_column_still_labels_its_number() -> None:
    # Given a narrow label column that breaks "Emergencias" after "Emer", the rest of the word alone on the
    # next line at the column's edge
    lines = doc_lines(
        "Dirección de correo electró   :   info@example.com\nnico\n"
        "Contacto Local para Emer   :   +52 5511 678 215\ngencias\nUsos identificados   :   Desinfectante."
    )
    # When the emergency phone is extracted
    found = extract_emergency_phone(lines)
    # Then the number beside the broken label is read
    assert found is not None and found.value == "+52 5511 678 215"


def test_a_word_continuing_the_value_column_is_not_joined_to_the_label() -> None:
    # Given a label whose value wraps a word onto the next line, in the value column, and a label whose own
    # word is broken onto the next line at the label column's edge
    value_wraps = [
        DocLine(0, 1, "Nome do produto   :   Cloreto para a", Box(x0=50, y0=50, x1=400, y1=60), 1.0, False),
        DocLine(1, 1, "microbiologia", Box(x0=160, y0=62, x1=230, y1=72), 1.0, False),
    ]
    label_wraps = [
        DocLine(0, 1, "Nome do produ   :   Cloreto", Box(x0=50, y0=50, x1=400, y1=60), 1.0, False),
        DocLine(1, 1, "to", Box(x0=50, y0=62, x1=60, y1=72), 1.0, False),
    ]
    # When broken label words are joined again
    kept, joined = _label_words_rejoined(value_wraps), _label_words_rejoined(label_wraps)
    # Then the value's word stays where it is, and the label's word is put back
    assert [line.text for line in kept] == [line.text for line in value_wraps]
    assert joined[0].text == "Nome do produto   :   Cloreto"


def test_labels_read_from_a_scan_with_a_letter_ocr_confuses_still_label_their_values() -> None:
    # Given a scanned Section 1 whose labels each have one letter misread: m as rn, e as c, i as l
    lines = doc_lines(
        "Product narne: Acetone Pure\nManufacturcr: Acme Solvents Ltd\n"
        "Ernergency telephone number: +44 20 7946 0000\nRevlsion date: 02.01.2024",
        ocr=True,
    )
    # When the identity fields are extracted
    product = extract_product_name(lines, lines)
    supplier, _ = extract_supplier(lines)
    phone = extract_emergency_phone(lines)
    revised = extract_revision_date(lines, month_first=False)
    # Then each value is read beside its damaged label
    assert product is not None and product.value == "Acetone Pure"
    assert supplier is not None and supplier.value == "Acme Solvents Ltd"
    assert phone is not None and phone.value == "+44 20 7946 0000"
    assert revised is not None and revised.value == "2024-01-02"


@pytest.mark.parametrize(
    ("label_start", "label_end", "value"),
    [
        ("Nome do produto (nome", "comercial):", "Ácido Sulfúrico"),
        ("Product", "name:", "Acetone Technical"),
        ("Nome da", "substância:", "Fosfato Diamônio - DAP"),
    ],
)
def test_a_label_cell_wrapped_onto_the_next_line_labels_the_value_beside_its_first_part(
    label_start: str, label_end: str, value: str
) -> None:
    # Given a narrow label column whose label wraps, the value in the wide column beside the label's first
    # line, and no wider gap between the two
    lines = doc_lines(
        f"1 - IDENTIFICAÇÃO\n{label_start} {value}\n{label_end}\n"
        "Nome da empresa:   Mosaic Fertilizantes P&K LTDA\n2 - IDENTIFICAÇÃO DE PERIGOS"
    )
    # When the product name is read
    found = extract_product_name(lines, [])
    # Then it is the value, without the label's words
    assert found is not None and found.value == value


def test_a_wrapped_label_needs_its_next_line_to_be_whole() -> None:
    # Given a product label complete on its line, its value beside it, and another field's label below
    lines = doc_lines(
        "1. Identification\nProduct name   Acetone\nSynonyms:\nSupplier:   ACME Ltd\n2. Hazards"
    )
    # When / Then the value is read as before, not cut after a label's first words
    found = extract_product_name(lines, [])
    assert found is not None and found.value == "Acetone"


def test_an_emergency_label_wrapped_after_para_labels_the_number_beside_its_first_part() -> None:
    # Given "Telefone para   (34) 3319-2222" / "emergências:" after the company's own telephone line
    lines = doc_lines(
        "1 - IDENTIFICAÇÃO\nNome da empresa:   Mosaic Fertilizantes P&K LTDA\n"
        "Telefone para contato:   0800-125454\nTelefone para   (34) 3319-2222\nemergências:\n"
        "Fax:   (11) 2482-0220\n2 - IDENTIFICAÇÃO DE PERIGOS"
    )
    # When the emergency number is read
    found = extract_emergency_phone(lines)
    # Then it is the number beside the wrapped label, not the contact or fax number
    assert found is not None and found.value == "(34) 3319-2222"


def test_a_field_printed_as_no_data_has_no_value() -> None:
    # Given the Korean form with its company cell saying there is no data ("자료없음")
    placeholder = "자료없음"
    lines = doc_lines(
        "1. 화학제품과 회사에 관한 정보\n가. 제품명   벤젠\n"
        f"다. 공급자 정보\n회사명   {placeholder}\n주소   {placeholder}\n2. 유해성·위험성"
    )
    # When the supplier is read
    supplier, _ = extract_supplier(lines)
    # Then there is none (the sheet goes to a reviewer for it), not the placeholder
    assert supplier is None


def test_the_nbr_product_label_with_its_trade_name_qualifier_labels_the_product() -> None:
    # Given ABNT NBR 14725-4's item name, its "(nome comercial)" qualifier and the value after the colon
    lines = doc_lines(
        "1. Identificação\nNome da substância ou mistura (nome comercial): ÓXIDO NITROSO\n"
        "Principais usos recomendados para a substância ou mistura: Uso Medicinal\n"
        "Nome da Empresa: Messer Gases\n2. Identificação de perigos"
    )
    # When / Then
    found = extract_product_name(lines, [])
    assert found is not None and found.value == "ÓXIDO NITROSO"


def test_a_line_that_opens_with_a_long_label_of_another_field_is_never_the_value_below_a_label() -> None:
    # Given an empty product label, then the recommended-use line (its label longer than forty characters)
    lines = doc_lines(
        "1. Identificação\nNome comercial:\n"
        "Principais usos recomendados para a substância ou mistura: Uso Medicinal\n"
        "Nome da Empresa: Messer Gases\n2. Identificação de perigos"
    )
    # When / Then the recommended use is not taken for the product name
    found = extract_product_name(lines, [])
    assert found is None


@pytest.mark.parametrize("text", ["자료없음", "해당 없음", "Not available", "n/a", "Keine", "データなし"])
def test_placeholders_for_a_missing_value_are_known_in_the_supported_languages(text: str) -> None:
    # Given / When / Then
    assert says_no_data(text)


@pytest.mark.parametrize("text", ["Keine Chemie GmbH", "Nada Ltd", "N/A Chemicals"])
def test_a_name_that_starts_with_a_placeholder_word_is_a_value(text: str) -> None:
    # Given / When / Then
    assert not says_no_data(text)


@pytest.mark.parametrize("name", ["(±)-Naringenin", "(R)-(+)-Limonene", "(1R,2S)-Ephedrine", "(E)-Citral"])
def test_a_chemical_name_that_opens_with_its_stereodescriptor_is_a_product_name(name: str) -> None:
    # Given a product label whose value opens with a stereodescriptor or locants in brackets
    lines = doc_lines(
        f"1. PRODUCT AND COMPANY IDENTIFICATION\n1.1   Product identifiers\nProduct name   : {name}\n"
        "Product Number   :   N5893\n1.3   Details of the supplier"
    )
    # When / Then the name is read whole
    found = extract_product_name(lines, [])
    assert found is not None and found.value == name


def test_the_town_line_of_the_suppliers_address_is_never_taken_for_the_product() -> None:
    # Given a Section 1 without a product label: the company's block, its street, its town with state and ZIP
    lines = doc_lines(
        "1. Substance/preparation and company identification\n"
        "Company   24 Hour Emergency Response Information\nBASF CORPORATION   CHEMTREC: (800) 424-9300\n"
        "100 Campus Drive   BASF HOTLINE: (800) 832-HELP\nFlorham Park, NJ 07932\n"
        "2. COMPOSITION/INFORMATION ON INGREDIENTS"
    )
    # When the product name is read / Then there is none (a reviewer enters it), not the town
    assert extract_product_name(lines, []) is None


@pytest.mark.parametrize(
    ("text", "postal"),
    [
        ("Florham Park, NJ 07932", True),
        ("D-67056 Ludwigshafen", True),
        ("67056 Ludwigshafen", True),
        ("CEP 06454-040 – Barueri/ SP", True),
        ("Methyl Ethyl Ketone 99.5%", False),
        ("ULTRAMID A3X2G10 BLACK 23187 POLYAMIDE", False),
    ],
)
def test_the_postal_part_of_an_address_is_known(text: str, postal: bool) -> None:
    # Given / When / Then
    assert names_a_postal_place(text) is postal


def test_a_label_is_not_completed_by_the_first_line_of_the_next_page() -> None:
    # Given "Product   Acme Cleaner" at the foot of a page and "name:" opening the next one
    first = doc_lines("1. Identification\nProduct   Acme Cleaner")
    second = [
        dataclasses.replace(line, index=line.index + len(first), page=2) for line in doc_lines("name:\nx")
    ]
    # When the product name is read
    found = extract_product_name([*first, *second], [])
    # Then the two pages' lines are not joined into one label
    assert found is None or found.value != "Acme Cleaner"


def test_a_product_name_labelled_in_the_running_footer_names_a_product_section_1_leaves_unnamed() -> None:
    # Given a Section 1 whose name label says "None." and a footer printing the product's name on every page
    section1 = doc_lines(
        "1. Identification of the chemical and information about the manufacturer or supplier\n"
        "1.1.1 Technical name   None.\nOther means of identification\nProduct code   14106*21 / v2"
    )
    footer = doc_lines("Company name: Acme Inc.   Product name: ACME FLAVOR 14106*21   SDS RUSSIA")
    # When the product name is extracted
    found = extract_product_name(section1, [], footer)
    # Then the footer's labelled name is the product's
    assert found is not None and found.value == "ACME FLAVOR 14106*21"


@pytest.mark.parametrize(
    "text",
    [
        "Trade name/designation: ACME 500",
        "Handelsname/Bezeichnung: ACME 500",
        "Nom commercial / désignation : ACME 500",
    ],
)
def test_a_label_with_a_second_name_after_a_slash_gives_its_value(text: str) -> None:
    # Given a product-name label followed by another name of the field after a slash, then its colon
    # When the product name is extracted
    found = extract_product_name(doc_lines(text), [])
    # Then the value after the colon is the name
    assert found is not None and found.value == "ACME 500"


def test_the_date_a_sheet_was_reviewed_on_wins_over_its_printing_date() -> None:
    # Given the header of a sheet that prints its printing date and, beside it, the date it was reviewed on
    lines = doc_lines(
        "Safety Data Sheet   Page 1/5\n"
        "per OSHA HazCom 2012   Printing date 11/24/2015   Reviewed on 02/11/2014"
    )
    # When the revision date is extracted
    found = extract_revision_date(lines, month_first=True)
    # Then the review date is the revision date
    assert found is not None and found.value == "2014-02-11"


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        (
            "Nome da empresa: Mosaic Fertilizantes P&K LTDA - Complexo Industrial de Uberaba",
            "Mosaic Fertilizantes P&K LTDA",
        ),
        ("Supplier: CIOL - EXXONMOBIL CHEMICAL CANADA", "CIOL - EXXONMOBIL CHEMICAL CANADA"),
        ("Supplier: ACME Ltd - Korea Branch", "ACME Ltd - Korea Branch"),
    ],
)
def test_a_site_after_the_legal_form_and_a_dash_is_not_part_of_the_supplier(text: str, supplier: str) -> None:
    # Given a supplier line that may go on after a dash
    # When the supplier is extracted
    found, _ = extract_supplier(doc_lines(text))
    # Then a site after the legal form is cut off, a name without one and a registered branch are kept
    assert found is not None and found.value == supplier


def test_the_bare_word_product_labels_the_name_in_section_1_when_no_other_label_does() -> None:
    # Given a Section 1 that labels its product with the bare word "Produto:" after an article code
    lines = doc_lines(
        "1. IDENTIFICAÇÃO DO PRODUTO E DA EMPRESA\n1.1 Identificação do Produto\nCódigo LB: 570662\n"
        "Produto: OLEO DE IMERSAO-MICROSCOPIA 100mL\n1.3 Fornecedor\nLaborclin Produtos para Laboratórios"
    )
    # When the product name is extracted
    found = extract_product_name(lines, lines[:1])
    # Then the value after "Produto:" is the product name, at a lower confidence than a name label's
    assert found is not None and found.value == "OLEO DE IMERSAO-MICROSCOPIA 100mL"
    assert found.confidence < 0.9


def test_the_bare_word_product_is_not_read_where_the_sheet_has_no_section_1() -> None:
    # Given a sheet without a Section 1 whose page footer prints "Product :" before an article code
    lines = doc_lines(
        "I. IDENTIFICATION\nItem code: 4711\nReference :   US   2274895\nProduct :   560116 SEI"
    )
    # When the product name is extracted from the front matter standing in for Section 1
    found = extract_product_name(lines, lines)
    # Then the footer's code is not taken for the product name
    assert found is None or found.value != "560116 SEI"


def test_the_bare_word_product_in_a_running_footer_is_not_the_product_name() -> None:
    # Given a Section 1 that runs on to a page footer printing "Product :" and an article code on every page
    lines = doc_lines("I. IDENTIFICATION\nItem code: 4711\nVapor pressure: 113\nProduct :   560116 SEI")
    footer = lines[-1:]
    # When the product name is extracted with the footer among the running lines
    found = extract_product_name(lines, lines[:1], footer)
    # Then the footer's code is not taken for the product name
    assert found is None or found.value != "560116 SEI"


def test_a_label_read_with_another_accent_on_a_letter_is_still_the_label() -> None:
    # Given a scanned Portuguese block whose label OCR read with "é" for "ê", and "Número" without its accent
    lines = doc_lines(
        "1.4 Numero de telefone de emergéncia\nNumero de telefone de emergéncia : +351 72 790 56 45 (24 h)"
    )
    # When the emergency number is extracted
    found = extract_emergency_phone(lines)
    # Then the number after the label is read
    assert found is not None and found.value == "+351 72 790 56 45"
