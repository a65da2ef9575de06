import pytest

from msds.domain.dates import find_dates


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("22.05.2018", "2018-05-22"),
        ("2018/05/22", "2018-05-22"),
        ("May 22, 2018", "2018-05-22"),
        ("22 mai 2018", "2018-05-22"),
        ("22/05/2018", "2018-05-22"),
        ("15 de março de 2019", "2019-03-15"),
        ("24-ene-2024", "2024-01-24"),
        ("29 Mar 2018", "2018-03-29"),
        ("2018년 5월 22일", "2018-05-22"),
        ("2018年5月22日", "2018-05-22"),
        ("19-Jan-2018", "2018-01-19"),
        ("Aug-17-2009", "2009-08-17"),
        ("August/17/2009", "2009-08-17"),
        ("12th May 2023", "2023-05-12"),
        ("12-May-23", "2023-05-12"),
        ("01-Dec-98", "1998-12-01"),
        # OCR loses the blank after a comma
        ("February 27,2022", "2022-02-27"),
        ("27 Feb,2022", "2022-02-27"),
    ],
)
def test_every_common_printed_date_form_becomes_an_iso_date(printed: str, iso: str) -> None:
    # Given a date as suppliers print it
    text = f"Revision date: {printed} Page 1"
    # When the dates are found
    found = find_dates(text)
    # Then the first one is the ISO date
    assert found[0].iso == iso


def test_an_ambiguous_numeric_date_is_day_first_unless_the_sheet_is_american() -> None:
    # Given a numeric date whose day and month are both 12 or less
    text = "03/04/2020"
    # When it is read the European way and the American way
    european = find_dates(text)[0].iso
    american = find_dates(text, month_first=True)[0].iso
    # Then the readings differ as expected
    assert (european, american) == ("2020-04-03", "2020-03-04")


def test_a_day_above_twelve_fixes_the_order_whatever_the_convention() -> None:
    # Given a US-style date with a day above 12
    # When it is read day-first
    found = find_dates("01/24/2024")
    # Then the month is still January
    assert found[0].iso == "2024-01-24"


def test_impossible_dates_and_page_counts_are_not_dates() -> None:
    # Given text with a page count and an impossible date
    text = "Page 1/11 and 31.02.2018 and version 8.6"
    # When dates are found
    found = find_dates(text)
    # Then nothing is reported
    assert found == []


def test_a_month_and_year_alone_keep_month_precision() -> None:
    # Given a revision printed as month and year
    # When it is read
    found = find_dates("Revised: October 2015")
    # Then the ISO form has no day
    assert (found[0].iso, found[0].precision) == ("2015-10", "month")
