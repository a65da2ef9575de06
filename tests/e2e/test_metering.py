"""Metering end to end on the local host: a generated Spanish sheet whose last page was scanned goes through
every step, and its stored record carries the billable units the AWS host would have spent on it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest

from models.document import DocumentStatus
from models.metering import Metering
from models.record import SdsRecord, TranslationMethod
from models.steps import PipelineState
from msds.pipeline.runner import process_bytes
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.services.detect_visuals import pages_for_pictograms, pages_for_signatures, reference_page
from msds.services.document_lines import flatten
from msds.synth.scan import rasterise
from tests.helpers.synthetic import generate_set, local_services
from tests.helpers.text_documents import concatenate, scanned_pdf

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e_metering")]

SEED = 7


def with_last_page_scanned(pdf: bytes) -> bytes:
    """The PDF with its last page replaced by an image of it (no text layer)."""
    source = pdfium.PdfDocument(pdf)
    head = pdfium.PdfDocument.new()
    head.import_pages(source, list(range(len(source) - 1)))
    buffer = io.BytesIO()
    head.save(buffer)
    head.close()
    source.close()
    last = rasterise(pdf, 150)[-1]
    return concatenate(buffer.getvalue(), scanned_pdf([last]))


@dataclass(frozen=True)
class Run:
    services: PipelineServices
    document_id: str
    record: SdsRecord
    state: PipelineState


def stored(services: PipelineServices, document_id: str) -> Run:
    record = services.repository.get_record(document_id)
    raw = services.store.get_artifact(document_id, STATE_ARTIFACT)
    assert record is not None and raw is not None
    return Run(services, document_id, record, PipelineState.model_validate_json(raw))


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("metering")
    sheets = generate_set(folder / "sheets", 1, SEED, ("es",))
    data = with_last_page_scanned(sheets.paths[0].read_bytes())
    services = local_services(folder / "data")
    outcome = process_bytes(data, "mixed_es.pdf", services)
    assert outcome.error_code is None, outcome.error_message
    return stored(services, outcome.document_id)


def test_the_stored_record_meters_the_one_scanned_page_as_ocr(processed: Run) -> None:
    # Given a Spanish sheet whose last page is a scan, processed on the local host
    record = processed.record
    # When the record stored in SQLite is read
    metering = record.metering
    # Then ReadText metered one OCR page, the page the record says was OCR'd
    assert record.ocr_pages == 1 and record.pages > 1
    assert metering.by_step["ReadText"].ocr_pages == 1
    assert metering.total.ocr_pages == 1


def test_the_stored_record_meters_the_free_text_sent_to_the_engine(processed: Run) -> None:
    # Given the sheet's free texts, translated by the engine (the catalog has no wording for them)
    engine_texts = [
        t.original for t in processed.record.free_text.values() if t.method == TranslationMethod.ENGINE
    ]
    assert engine_texts, "the generated sheet has no free text for the engine"
    # When the Translate step's metering is read
    translate = processed.record.metering.by_step["Translate"]
    # Then it is exactly the characters of those texts
    assert translate.translation_characters == sum(len(text) for text in engine_texts)


def test_the_stored_record_meters_every_page_shown_to_the_vision_model(processed: Run) -> None:
    # Given the pages the vision step renders: Section 2's, and for signatures those of Sections 15-16's and
    # the last that may hold a drawing
    state = processed.state
    assert state.segmentation is not None
    page_of_line = [line.page for line in flatten(processed.services.load_text(processed.document_id))]
    pages = set(pages_for_pictograms(state.segmentation, page_of_line, processed.record.pages))
    signature_pages = pages_for_signatures(state.segmentation, page_of_line, processed.record.pages)
    original = processed.services.store.get_original(processed.document_id)
    pages |= {p for p in signature_pages if processed.services.renderer.may_hold_drawing(original, p)}
    # (and, where a signature was found, one reference page to tell it from a mark printed on every page)
    signed = processed.record.has_signature is not None and processed.record.has_signature.value
    reference = reference_page(signature_pages, processed.record.pages or 0) if signed else None
    # When the vision step's metering is read
    vision = processed.record.metering.by_step["DetectPictogramsAndSignatures"]
    # Then one invocation per rendered page is metered
    assert vision.vision_invocations == len(pages) + (reference is not None) >= 1


def test_language_detection_is_metered_in_comprehend_units(processed: Run) -> None:
    # Given the document language detection (one document sample, then up to four pages)
    detect = processed.record.metering.by_step["DetectLanguage"]
    # When its requests and units are compared
    # Then there is at least the document request, and every request is billed at least 3 units
    assert 1 <= detect.language_detection_requests <= 5
    assert detect.language_detection_units >= 3 * detect.language_detection_requests


def test_the_record_and_the_checkpoint_carry_the_same_metering(processed: Run) -> None:
    # Given the processed document
    # When the stored record's metering and the checkpointed state's are compared
    # Then they are the same, steps that spent nothing left out
    assert processed.record.metering == processed.state.metering
    assert set(processed.record.metering.by_step) <= {
        "ReadText",
        "DetectLanguage",
        "Translate",
        "DetectPictogramsAndSignatures",
    }


def test_steps_run_again_after_an_interruption_do_not_count_twice(processed: Run) -> None:
    # Given the processed document, put back as if it had stopped after Extract with every figure kept
    services, document_id = processed.services, processed.document_id
    first: Metering = processed.record.metering
    state = processed.state.model_copy(deep=True)
    state.completed_steps = state.completed_steps[: state.completed_steps.index("Extract") + 1]
    services.store.put_artifact(document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    entry = services.repository.get(document_id)
    assert entry is not None
    services.repository.update(entry.model_copy(update={"status": DocumentStatus.PROCESSING}))
    data = services.store.get_original(document_id)
    # When the same file is processed again (Translate and the later steps run again)
    outcome = process_bytes(data, "mixed_es.pdf", services)
    # Then the stored record's metering equals the first run's
    assert outcome.error_code is None and not outcome.skipped
    again = stored(services, document_id).record.metering
    assert again == first
