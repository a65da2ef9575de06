"""Metering: how the billed services count units, and how a step's units are kept once per document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL.Image import Image

from models.metering import BillableUsage, Metering
from models.record import SdsRecord
from models.steps import PipelineState
from models.text import Line, PageText, TextSource
from models.vision import PageVision
from msds.adapters.local.usage_metering import (
    MeteredLanguageDetector,
    MeteredTranslator,
    MeteredVisionDetector,
)
from msds.composition import build_local_services, local_translator
from msds.domain import billing_units
from msds.domain.billing_units import comprehend_units
from msds.errors import ConfigurationError
from msds.pipeline.metered_step import record_step_usage, run_metered
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import RECEIVE, ReadText
from msds.pipeline.usage_meter import UsageMeter
from msds.services.receive import receive_document
from msds.settings import Settings
from tests.helpers.text_documents import SDS_LINES_EN, concatenate, lines_pdf, page_image, scanned_pdf


@pytest.mark.parametrize(
    ("characters", "units"), [(0, 3), (1, 3), (150, 3), (300, 3), (301, 4), (401, 5), (5_000, 50)]
)
def test_comprehend_bills_100_characters_a_unit_with_3_units_at_least(characters: int, units: int) -> None:
    # Given a Comprehend request of some length
    # When its billed units are counted
    counted = comprehend_units(characters)
    # Then it is one unit per started 100 characters, never fewer than 3
    assert counted == units


def test_a_comprehend_request_of_150_characters_bills_3_units() -> None:
    # Given a 150-character text sent for language detection
    text = "x" * 150
    # When the request is metered
    usage = billing_units.language_detection(text)
    # Then it is one request of 3 units (the minimum), not 1.5 or 2
    assert (usage.language_detection_requests, usage.language_detection_units) == (1, 3)


def test_a_negative_length_is_not_a_request() -> None:
    # Given a negative character count
    # When its units are asked for
    # Then the rule refuses it
    with pytest.raises(ValueError, match="negative"):
        comprehend_units(-1)


def test_usages_add_up_field_by_field() -> None:
    # Given the units of two steps
    first = BillableUsage(ocr_pages=2, language_detection_requests=1, language_detection_units=40)
    second = BillableUsage(translation_characters=468, entity_detection_requests=2, entity_detection_units=7)
    # When they are added
    total = first + second
    # Then every field is the sum, and the Comprehend units of both APIs add up
    assert total == BillableUsage(
        ocr_pages=2,
        translation_characters=468,
        language_detection_requests=1,
        language_detection_units=40,
        entity_detection_requests=2,
        entity_detection_units=7,
    )
    assert total.comprehend_units == 47


def test_a_step_metered_again_replaces_its_figures_instead_of_adding_to_them() -> None:
    # Given a document's metering with ReadText and Translate figures
    metering = Metering().with_step("ReadText", BillableUsage(ocr_pages=2))
    metering = metering.with_step("Translate", BillableUsage(translation_characters=500))
    # When ReadText is metered again (a retry that OCR'd the same two pages)
    again = metering.with_step("ReadText", BillableUsage(ocr_pages=2))
    # Then the total counts the two pages once, and Translate's figure is untouched
    assert again.total == BillableUsage(ocr_pages=2, translation_characters=500)
    assert again.by_step["Translate"] == BillableUsage(translation_characters=500)


def test_a_step_that_spent_nothing_leaves_no_entry_and_clears_an_earlier_one() -> None:
    # Given a metering where a step once spent units
    metering = Metering().with_step("DetectLanguage", BillableUsage(language_detection_requests=1))
    # When the step is metered again with nothing spent
    cleared = metering.with_step("DetectLanguage", BillableUsage())
    # Then the step is no longer listed
    assert cleared.by_step == {}
    assert cleared.total.is_zero


def test_a_metered_step_keeps_the_units_in_the_state_and_in_the_record() -> None:
    # Given a state whose record has been extracted
    state = PipelineState(document_id="d", file_name="d.pdf", record=SdsRecord(document_id="d"))
    # When a step's units are recorded
    state = record_step_usage(state, "Translate", BillableUsage(translation_characters=120))
    # Then the state and the record carry the same metering
    assert state.metering.by_step == {"Translate": BillableUsage(translation_characters=120)}
    assert state.record is not None and state.record.metering == state.metering


def test_the_meter_hands_out_what_was_recorded_once() -> None:
    # Given a meter two adapters reported to
    meter = UsageMeter()
    meter.record(BillableUsage(vision_invocations=1))
    meter.record(BillableUsage(vision_invocations=1, ocr_pages=3))
    # When it is taken twice
    first, second = meter.take(), meter.take()
    # Then the first take has the sum and the second nothing
    assert first == BillableUsage(vision_invocations=2, ocr_pages=3)
    assert second.is_zero


# -- the ReadText step on a document with scanned pages ------------------------------------------------


class QuickOcr:
    """An OCR engine that answers every page with one line (the count of pages is what is tested)."""

    def __init__(self) -> None:
        self.pages: list[int] = []

    def recognise(self, image: Image, page_number: int, languages: Sequence[str]) -> PageText:
        self.pages.append(page_number)
        box = {"x0": 10.0, "y0": 10.0, "x1": 200.0, "y1": 30.0}
        return PageText.model_validate(
            {
                "number": page_number,
                "width": float(image.width),
                "height": float(image.height),
                "source": TextSource.OCR,
                "lines": [Line.model_validate({"text": "SECTION 2: Hazards identification", "box": box})],
                "mean_confidence": 0.9,
            }
        )


def two_scanned_pages_of_five() -> bytes:
    """Five A4 pages; the second and the fourth are images without a text layer."""
    text_page = lines_pdf([list(SDS_LINES_EN)])
    scan = scanned_pdf([page_image(["SECTION 2: Hazards identification"], dpi=72)])
    return concatenate(text_page, scan, text_page, scan, text_page)


def received(services: PipelineServices, data: bytes) -> PipelineState:
    outcome = receive_document(
        data,
        "mixed.pdf",
        store=services.store,
        repository=services.repository,
        inspector=services.inspector,
        settings=services.settings,
        now=services.now,
    )
    entry = outcome.entry
    return PipelineState(document_id=entry.document_id, file_name=entry.file_name, completed_steps=[RECEIVE])


@pytest.fixture
def services(tmp_path: Path) -> PipelineServices:
    built = build_local_services(Settings(data_dir=tmp_path, workers=1, languages=("en",)))
    built.ocr = QuickOcr()
    return built


def test_a_document_with_2_scanned_pages_of_5_meters_2_ocr_pages(services: PipelineServices) -> None:
    # Given a received five-page PDF whose pages 2 and 4 have no text layer
    state = received(services, two_scanned_pages_of_five())
    # When ReadText runs metered
    state = run_metered(ReadText(), state, services)
    # Then two pages were OCR'd and two OCR pages are metered for the step
    assert isinstance(services.ocr, QuickOcr) and services.ocr.pages == [2, 4]
    assert state.metering.by_step["ReadText"].ocr_pages == 2


def test_a_retried_step_meters_its_pages_once(services: PipelineServices) -> None:
    # Given the same document, read once already
    state = received(services, two_scanned_pages_of_five())
    state = run_metered(ReadText(), state, services)
    # When ReadText runs again (a retry after a failure further on)
    state = run_metered(ReadText(), state, services)
    # Then the step still meters two pages, and the document two in all
    assert state.metering.by_step["ReadText"].ocr_pages == 2
    assert state.metering.total.ocr_pages == 2


def test_units_recorded_outside_a_step_are_not_charged_to_it(services: PipelineServices) -> None:
    # Given units left on the meter by work before the step (an earlier failed run)
    services.meter.record(BillableUsage(translation_characters=999))
    state = received(services, two_scanned_pages_of_five())
    # When ReadText runs metered
    state = run_metered(ReadText(), state, services)
    # Then only the step's own units are kept
    assert state.metering.by_step["ReadText"].translation_characters == 0


# -- the local host's stand-ins report what the AWS services would bill ----------------------------------


class EchoTranslator:
    def can_translate(self, source_language: str) -> bool:
        return source_language == "es"

    def translate(self, texts: Sequence[str], source_language: str) -> list[str]:
        return [text.upper() for text in texts]


class FixedDetector:
    def detect(self, text: str) -> tuple[str | None, float]:
        return "de", 0.9


class BlankVision:
    dpi = 100

    def detect(
        self, image: Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        return PageVision(page=page_number)


def test_the_local_translator_meters_every_character_given_to_the_engine() -> None:
    # Given a metered engine
    meter = UsageMeter()
    translator = MeteredTranslator(EchoTranslator(), meter)
    # When two free texts are translated
    english = translator.translate(["Uso: disolvente.", "Mantener alejado del calor."], "es")
    # Then the engine's answer is passed on and all 43 characters are metered
    assert english == ["USO: DISOLVENTE.", "MANTENER ALEJADO DEL CALOR."]
    assert meter.take() == BillableUsage(translation_characters=16 + 27)


def test_the_local_language_detector_meters_a_request_per_text_and_none_for_blank_text() -> None:
    # Given a metered detector
    meter = UsageMeter()
    detector = MeteredLanguageDetector(FixedDetector(), meter)
    # When a 250-character text and a blank one are detected
    answers = [detector.detect("a" * 250), detector.detect("   \n")]
    # Then both answers come back, and one request of 3 units is metered
    assert answers == [("de", 0.9), ("de", 0.9)]
    assert meter.take() == BillableUsage(language_detection_requests=1, language_detection_units=3)


def test_the_local_vision_model_meters_an_invocation_per_page() -> None:
    # Given a metered vision model
    meter = UsageMeter()
    vision = MeteredVisionDetector(BlankVision(), meter)
    page = page_image(["x"], dpi=20)
    # When two pages are looked at
    for number in (1, 2):
        vision.detect(page, number, signatures=number == 2)
    # Then two invocations are metered at the model's resolution
    assert vision.dpi == 100
    assert meter.take() == BillableUsage(vision_invocations=2)


def test_the_local_host_refuses_amazon_translate_and_runs_catalog_only_without_an_engine(
    tmp_path: Path,
) -> None:
    # Given the three translator choices
    meter = UsageMeter()
    # When the local host wires each
    catalog_only = local_translator(Settings(data_dir=tmp_path, translator="catalog-only"), meter)
    apertium = local_translator(Settings(data_dir=tmp_path, translator="apertium"), meter)
    # Then catalog-only has no engine, Apertium is metered, and Amazon Translate is a named error
    assert catalog_only is None
    assert isinstance(apertium, MeteredTranslator)
    with pytest.raises(ConfigurationError, match="MSDS_TRANSLATOR"):
        local_translator(Settings(data_dir=tmp_path, translator="amazon"), meter)
