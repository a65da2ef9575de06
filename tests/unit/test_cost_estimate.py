"""The monthly cost estimate: the arithmetic on a hand-checked example, the saving of reading text layers,
Textract feature pricing, and bad input refused by name."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from models.cost import CostEstimate, Deployment, Price, PriceBook, UsageAssumptions, Workload
from models.metering import BillableUsage, Metering
from models.record import SdsRecord, Translated, TranslationMethod
from msds.errors import InvalidCostInput, NoMeteredRecords, PriceFileInvalid, PriceNotFound
from msds.services.cost_estimate import (
    assumed_units,
    deployment_and_assumptions,
    estimate_cost,
    textract_price_per_page,
    workflow_transitions,
    workload_of,
)
from msds.services.metered_averages import record_averages
from msds.services.price_book import load_price_book

STEPS = ("Receive", "ReadText", "Route")
SHIPPED = load_price_book()


def book_with(prices: dict[str, float]) -> PriceBook:
    """The shipped book's keys, every price 0 USD a unit except the given ones (USD a unit)."""
    return SHIPPED.model_copy(
        update={
            "prices": {
                key: price.model_copy(update={"usd": prices.get(key, 0.0), "per": 1.0})
                for key, price in SHIPPED.prices.items()
            }
        }
    )


HAND_PRICES = {
    "textract.analyze_document.LAYOUT": 0.004,
    "translate.standard": 0.000015,
    "comprehend.standard": 0.0001,
    "sagemaker.realtime.ml.c6i.large": 0.1,
    "lambda.requests": 0.0000002,
    "stepfunctions.standard.transitions": 0.000025,
    "a2i.custom_workflow.object": 0.08,
}


def _hand_priced(workload: Workload, assumptions: UsageAssumptions, deployment: Deployment) -> CostEstimate:
    """The month of ``workload`` at HAND_PRICES, on the three-step pipeline."""
    return estimate_cost(
        workload, assumed_units(workload, assumptions), book_with(HAND_PRICES), STEPS, deployment, assumptions
    )


@pytest.fixture
def hand_checked() -> dict[tuple[str, str], float]:
    workload = Workload(
        documents_per_month=1000,
        pages_per_document=4,
        scanned_share=0.25,
        translated_share=0.5,
        review_share=0.2,
    )
    assumptions = UsageAssumptions(
        free_text_characters_per_translated_document=2000, language_detection_units_per_document=50
    )
    estimate = _hand_priced(workload, assumptions, Deployment(a2i=True))
    return {(line.service, line.item.split(" (")[0]): line.monthly_usd for line in estimate.lines} | {
        ("total", ""): estimate.total_usd
    }


def test_the_per_use_services_of_a_small_month_add_up_as_by_hand(
    hand_checked: dict[tuple[str, str], float],
) -> None:
    # Given 1,000 documents of 4 pages, a quarter of the pages scanned, half translated, a fifth reviewed,
    # 2,000 free-text characters per translated document and 50 Comprehend units per document
    cost = hand_checked
    # When the month is estimated with round prices
    # Then 1,000 pages x 0.004 = 4.00; 1,000,000 characters x 0.000015 = 15.00; 50,000 units x 0.0001 = 5.00;
    # 200 reviews x 0.08 = 16.00
    assert cost[("Textract", "AnalyzeDocument LAYOUT")] == pytest.approx(4.00)
    assert cost[("Translate", "free-text characters")] == pytest.approx(15.00)
    assert cost[("Comprehend", "language detection units")] == pytest.approx(5.00)
    assert cost[("Augmented AI", "sheets reviewed")] == pytest.approx(16.00)


def test_the_default_deployment_prices_no_a2i_because_reviewers_work_the_products_own_queue() -> None:
    # Given a month with reviews, priced for the stack's defaults (no msds:a2i_workteam_arn)
    workload = Workload(documents_per_month=1000, pages_per_document=4, scanned_share=0.25, review_share=0.2)
    assumptions = UsageAssumptions()
    # When it is estimated for the default deployment and for the A2I opt-in
    default = _hand_priced(workload, assumptions, Deployment())
    opted_in = _hand_priced(workload, assumptions, Deployment(a2i=True))
    # Then only the opt-in has an Augmented AI line (200 reviews x 0.08), and costs that much more
    assert [line for line in default.lines if line.service == "Augmented AI"] == []
    assert opted_in.total_usd - default.total_usd == pytest.approx(16.00)


def test_the_fixed_resources_and_the_workflow_of_a_small_month_add_up_as_by_hand(
    hand_checked: dict[tuple[str, str], float],
) -> None:
    # Given the same month, a three-step pipeline and one always-on endpoint at 0.10 USD an hour
    cost = hand_checked
    # When the workflow, functions and endpoint lines are read
    # Then the endpoint is 730 h x 0.10 = 73.00; each document enters 3 tasks + 6 control states + 0.2 reviews
    # (9,200 transitions x 0.000025 = 0.23) and invokes 3 steps + start + 0.25 OCR callbacks + 0.4 review
    # functions (4,650 requests x 0.0000002 = 0.00093)
    assert cost[("SageMaker", "1 x ml.c6i.large endpoint, always on")] == pytest.approx(73.00)
    assert cost[("Step Functions", "Standard transitions")] == pytest.approx(0.23)
    assert cost[("Lambda", "requests")] == pytest.approx(0.00093)
    # ... and the total is those lines, every other price being zero here
    assert cost[("total", "")] == pytest.approx(4 + 15 + 5 + 16 + 73 + 0.23 + 0.00093)


def test_the_saving_is_the_textract_price_times_the_pages_kept_out_of_ocr() -> None:
    # Given 3,000 documents of 5 pages with a fifth of the pages scanned, at the shipped prices
    workload = workload_of(documents_per_month=3000, pages_per_document=5, scanned_share=0.2)
    estimate = estimate_cost(workload, assumed_units(workload, UsageAssumptions()), SHIPPED, STEPS)
    # When the saving of reading text layers first is read
    saving = estimate.text_layer_saving
    page_price = SHIPPED.prices["textract.analyze_document.LAYOUT"].unit_price
    # Then 12,000 of the 15,000 pages stay out of OCR, and the saving is their Textract price
    assert saving.pages_kept_out_of_ocr == pytest.approx(12_000)
    assert saving.monthly_saving_usd == pytest.approx(12_000 * page_price)
    assert saving.every_page_to_textract_usd - saving.scanned_pages_only_usd == pytest.approx(
        saving.monthly_saving_usd
    )
    # ... and the Textract line of the bill is the scanned pages only
    (textract,) = [line for line in estimate.lines if line.service == "Textract"]
    assert textract.monthly_usd == pytest.approx(saving.scanned_pages_only_usd)


@pytest.mark.parametrize(
    ("features", "charged"),
    [
        (("LAYOUT",), ["textract.analyze_document.LAYOUT"]),
        (("LAYOUT", "TABLES"), ["textract.analyze_document.TABLES"]),
        (("FORMS", "SIGNATURES"), ["textract.analyze_document.FORMS"]),
        (("TABLES", "FORMS"), ["textract.analyze_document.FORMS", "textract.analyze_document.TABLES"]),
    ],
)
def test_a_textract_feature_free_with_another_requested_one_is_not_charged(
    features: tuple[str, ...], charged: list[str]
) -> None:
    # Given the feature types the adapter requests
    # When the price of a page is worked out
    price, keys = textract_price_per_page(SHIPPED, features)
    # Then only the features not included with another requested one are charged
    assert keys == charged
    assert price == pytest.approx(sum(SHIPPED.prices[key].unit_price for key in charged))


def test_every_step_state_control_state_and_review_is_a_transition() -> None:
    # Given a three-step pipeline where a tenth of the documents are reviewed
    # When the transitions of an execution are counted
    transitions = workflow_transitions(STEPS, 0.1)
    # Then they are StartFrom, three tasks, Rejected, the backfill notice and its choice, NeedsReview, Done,
    # and a tenth of HumanReview
    assert transitions == pytest.approx(9.1)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"documents_per_month": -1, "pages_per_document": 5, "scanned_share": 0.2}, "documents_per_month"),
        ({"documents_per_month": 10, "pages_per_document": 0, "scanned_share": 0.2}, "pages_per_document"),
        ({"documents_per_month": 10, "pages_per_document": 5, "scanned_share": 1.5}, "scanned_share"),
        (
            {"documents_per_month": 10, "pages_per_document": 5, "scanned_share": 0.2, "review_share": -0.1},
            "review_share",
        ),
        (
            {"documents_per_month": 10, "pages_per_document": 5, "scanned_share": 0.2, "translated_share": 2},
            "translated_share",
        ),
    ],
)
def test_an_impossible_workload_is_refused_naming_the_value(values: dict[str, float], field: str) -> None:
    # Given a workload with one impossible value
    # When it is built
    with pytest.raises(InvalidCostInput) as raised:
        workload_of(**values)
    # Then the named error says which value
    assert raised.value.code == "invalid_cost_input"
    assert field in raised.value.message


def test_a_price_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    # Given a price file that is not JSON
    path = tmp_path / "prices.json"
    path.write_text("{ not json", encoding="utf-8")
    # When it is loaded
    # Then PriceFileInvalid names the file
    with pytest.raises(PriceFileInvalid, match=r"prices\.json"):
        load_price_book(path)


def test_a_price_without_its_source_is_refused_naming_the_price(tmp_path: Path) -> None:
    # Given the shipped price file with the source of one price removed
    document = json.loads(SHIPPED.model_dump_json())
    del document["prices"]["translate.standard"]["source"]
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    # When it is loaded
    with pytest.raises(PriceFileInvalid) as raised:
        load_price_book(path)
    # Then the error names the price and the missing field
    assert raised.value.code == "invalid_price_file"
    assert "prices.translate.standard.source" in raised.value.message


def test_a_missing_price_file_is_a_named_error(tmp_path: Path) -> None:
    # Given a path where there is no file
    # When it is loaded
    # Then PriceFileInvalid says it cannot be read
    with pytest.raises(PriceFileInvalid, match="cannot be read"):
        load_price_book(tmp_path / "absent.json")


def test_an_instance_type_without_a_price_is_a_named_error() -> None:
    # Given a deployment whose endpoint runs an instance type the price file does not list
    workload = workload_of(documents_per_month=10, pages_per_document=2, scanned_share=0)
    deployment = Deployment(vision_instance_type="ml.p5.48xlarge")
    # When the month is estimated
    # Then PriceNotFound names the missing price
    with pytest.raises(PriceNotFound, match=r"sagemaker\.realtime\.ml\.p5\.48xlarge"):
        estimate_cost(workload, assumed_units(workload, UsageAssumptions()), SHIPPED, STEPS, deployment)


def test_the_shipped_prices_are_for_us_east_1_with_a_reading_date_and_a_source_each() -> None:
    # Given the shipped price file
    book = SHIPPED
    # When its header and prices are read
    # Then it is dated, for us-east-1, each price names its AWS page, and a confirmed one where it was seen
    assert book.region == "us-east-1" and isinstance(book.read_on, date)
    assert all(price.source.startswith("https://aws.amazon.com/") for price in book.prices.values())
    assert all(price.checked_in for price in book.prices.values() if price.confirmed)
    assert "translate.standard" in book.unconfirmed


def test_assumption_overrides_are_read_and_bad_ones_refused() -> None:
    # Given overrides of the deployment and of one assumption, and a bad one
    good = json.dumps({"deployment": {"vision_serverless": True}, "assumptions": {"storage_months": 6}})
    bad = json.dumps({"assumptions": {"storage_months": -6}})
    # When they are read
    deployment, assumptions = deployment_and_assumptions(good)
    # Then the good ones apply over the defaults, and the bad one is a named error
    assert deployment.vision_serverless and assumptions.storage_months == 6
    assert assumptions.record_kilobytes == UsageAssumptions().record_kilobytes
    with pytest.raises(InvalidCostInput, match="storage_months"):
        deployment_and_assumptions(bad)


# -- averages of metered records ------------------------------------------------------------------------


def metered(seed: str, pages: int, usage: BillableUsage, **changes: object) -> SdsRecord:
    record = SdsRecord(document_id=seed, pages=pages, metering=Metering().with_step("ReadText", usage))
    return record.model_copy(update=changes)


def test_record_averages_measure_units_and_shares_on_metered_records_only() -> None:
    # Given two metered records (one scanned, one reviewed) and one stored before metering existed
    records = [
        metered(
            "a",
            4,
            BillableUsage(ocr_pages=4, language_detection_requests=1, language_detection_units=30),
            needs_review=False,
        ),
        metered("b", 2, BillableUsage(translation_characters=500, vision_invocations=2), needs_review=True),
        SdsRecord(document_id="old", pages=9),
    ]
    # When they are averaged
    averages = record_averages(records)
    # Then only the two metered ones count, unit by unit and share by share
    units = averages.units
    assert (units.documents_metered, units.source) == (2, "metered")
    assert (units.ocr_pages, units.translation_characters, units.comprehend_units) == (2.0, 250.0, 15.0)
    assert (units.vision_invocations, units.ocr_document_share) == (1.0, 0.5)
    assert averages.pages_per_document == 3.0
    assert averages.scanned_share == pytest.approx(4 / 6)
    assert (averages.translated_share, averages.review_share) == (0.5, 0.5)


def test_free_text_the_local_engine_left_untranslated_counts_for_amazon_translate() -> None:
    # Given a German record whose free text Apertium could not translate (no pair installed)
    text = Translated(
        original="Lagerklasse 3",
        language="de",
        english="Lagerklasse 3",
        method=TranslationMethod.UNTRANSLATED,
    )
    record = metered("de", 2, BillableUsage(vision_invocations=1), free_text={"storage": text})
    # When averaged
    averages = record_averages([record])
    # Then its characters are counted as Amazon Translate characters
    assert averages.units.translation_characters == len("Lagerklasse 3")
    assert averages.translated_share == 1.0


def test_no_metered_record_is_a_named_error() -> None:
    # Given only records stored before metering existed
    # When they are averaged
    # Then NoMeteredRecords says so
    with pytest.raises(NoMeteredRecords):
        record_averages([SdsRecord(document_id="old", pages=3)])


def test_a_price_is_a_list_price_for_a_number_of_units() -> None:
    # Given a price of 4 USD per 1,000 pages
    price = Price(
        usd=4.0, per=1000, unit="page", source="https://aws.amazon.com/textract/pricing/", confirmed=False
    )
    # When its unit price is read
    # Then one page costs 0.004 USD
    assert price.unit_price == pytest.approx(0.004)
