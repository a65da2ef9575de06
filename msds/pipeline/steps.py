"""The one list of pipeline steps shared by both hosts. Step names are the Step Functions state names."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import SdsRecord
from models.steps import PipelineState
from msds.domain import billing_units
from msds.domain.confidence_calibration import shipped_calibration
from msds.errors import StepFailed
from msds.pipeline.services import PipelineServices
from msds.ports import ReviewTasks
from msds.services.detect_language import detect_document_language
from msds.services.detect_visuals import (
    detect_on_pages,
    detect_reference,
    drop_repeated_signatures,
    keep_inside,
    merge_pictograms,
    pages_for_pictograms,
    pages_for_signatures,
    pictogram_bands,
    reference_page,
    signature_field,
)
from msds.services.extract.record_builder import (
    SIGNATURE_FIELDS,
    SectionedLines,
    calibrate_record,
    extract_record,
)
from msds.services.publish import PublishTargets, publish_document
from msds.services.read_text import read_document_text
from msds.services.review_tasks import open_review_task, withdraw_review_task
from msds.services.route import review_reasons
from msds.services.segment import segment_lines
from msds.services.supersede import apply_supersede
from msds.services.translate import translate_record
from msds.services.validate import validate_record

RECEIVE = "Receive"


class Step(Protocol):
    name: str

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState: ...


class ReadText:
    name = "ReadText"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        entry = services.repository.get(state.document_id)
        if entry is None or entry.media_type is None:
            raise StepFailed(f"{state.document_id} was not received")
        settings = services.settings
        text = read_document_text(
            state.document_id,
            services.store.get_original(state.document_id),
            entry.media_type,
            text_layer=services.text_layer,
            renderer=services.renderer,
            ocr=services.ocr,
            ocr_languages=settings.languages,
            dpi=settings.ocr_dpi,
            language_detector=services.language_detector,
            page_count=entry.pages,
            max_document_chars=settings.max_document_chars,
            max_page_chars=settings.max_page_chars,
        )
        services.save_text(text)
        # The pages without a usable text layer: what the AWS host sends to Textract.
        services.meter.record(billing_units.ocr(text.ocr_pages))
        return state


class DetectLanguage:
    name = "DetectLanguage"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        text = services.load_text(state.document_id)
        state.language = detect_document_language(text, services.language_detector)
        return state


class Segment:
    name = "Segment"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        state.segmentation = segment_lines(services.load_lines(state.document_id))
        return state


class Extract:
    name = "Extract"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        if state.language is None or state.segmentation is None:
            raise StepFailed("Extract needs the language and the segmentation")
        state.record = extract_record(
            state.document_id,
            state.file_name,
            services.load_text(state.document_id),
            state.language,
            state.segmentation,
            services.catalog,
            services.matcher,
            lines=services.load_lines(state.document_id),
        )
        return state


class Translate:
    name = "Translate"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        record = _record(state)
        # The composition root wires the engine Settings.translator names (None: catalog only).
        state.record = translate_record(record, services.catalog, services.translator)
        return state


class DetectPictogramsAndSignatures:
    name = "DetectPictogramsAndSignatures"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        record = _record(state)
        if services.vision is None or state.segmentation is None:
            return state  # no vision model on this host: text pictograms only, and routing knows
        entry = services.repository.get(state.document_id)
        if entry is None or entry.pages is None:
            raise StepFailed(f"{state.document_id} was not received")
        text = services.load_text(state.document_id)
        lines = services.load_lines(state.document_id)
        page_of_line = [line.page for line in lines]
        pictogram_pages = pages_for_pictograms(state.segmentation, page_of_line, entry.pages)
        signature_pages = pages_for_signatures(state.segmentation, page_of_line, entry.pages)
        section2 = state.segmentation.get(2)
        turns: dict[int, int] = {page.number: page.upright_turn for page in text.pages if page.upright_turn}
        # On a page scanned a quarter turn round, Section 2's lines run up the page: its extent is in x.
        sideways = frozenset(page for page, turn in turns.items() if turn in (90, 270))
        spans: dict[int, tuple[float, float]] = {}
        if section2 is not None:
            for line in lines[section2.first_line : section2.end_line]:
                low, high = (
                    (line.box.x0, line.box.x1) if line.page in sideways else (line.box.y0, line.box.y1)
                )
                first, last = spans.get(line.page, (low, high))
                spans[line.page] = (min(first, low), max(last, high))
        # Detections come back in the text's frame, so they compare with Section 2's extent.
        widths = {page.number: page.width for page in text.pages}
        # PDF pages' text is in points, like the bands; an image's is in its own pixels. A turned page
        # is drawn whole: a band is a strip across the page as printed.
        heights = (
            {page.number: page.height for page in text.pages if page.number not in turns}
            if entry.media_type == MediaType.PDF
            else {}
        )
        pages = detect_on_pages(
            services.store.get_original(state.document_id),
            pictogram_pages,
            signature_pages,
            services.renderer,
            services.vision,
            bands=pictogram_bands(spans, heights),
            turns=turns,
            widths=widths,
        )
        if any(page.signatures for page in pages):
            # Only when something was found: one more page shows whether it is printed on every page.
            extra = reference_page(signature_pages, entry.pages)
            reference = (
                None
                if extra is None
                else detect_reference(
                    services.store.get_original(state.document_id),
                    extra,
                    services.renderer,
                    services.vision,
                    widths.get(extra),
                )
            )
            pages = drop_repeated_signatures(pages, reference)
        record.pictograms = merge_pictograms(record.pictograms, keep_inside(pages, spans, sideways))
        record.has_signature = signature_field(pages, len(signature_pages))
        calibrate_record(record, shipped_calibration(), SIGNATURE_FIELDS)
        record.vision_checked = True
        return state


class Validate:
    name = "Validate"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        record = _record(state)
        record.findings = validate_record(
            record, services.catalog, services.now().date(), services.settings.revision_max_age_days
        )
        return state


class Route:
    name = "Route"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        record = _record(state)
        if state.segmentation is None:
            raise StepFailed("Route needs the segmentation")
        lines = SectionedLines(services.load_lines(state.document_id), state.segmentation)
        section2, _ = lines.section2_or_fallback()
        settings = services.settings
        record.review_reasons = review_reasons(
            record,
            section2,
            accept_confidence=settings.accept_confidence,
            ocr_min_confidence=settings.ocr_min_confidence,
            supported_languages=settings.languages,
        )
        record.needs_review = bool(record.review_reasons)
        repository = services.repository
        with repository.transaction():
            entry = repository.get(state.document_id)
            if entry is None:
                raise StepFailed(f"{state.document_id} was not received")
            status = DocumentStatus.NEEDS_REVIEW if record.needs_review else DocumentStatus.ACCEPTED
            entry = entry.model_copy(update={"status": status, "updated_at": services.now()})
            entry = apply_supersede(entry, record, repository)
            repository.save_record(record)
            repository.update(entry)
        if services.review_tasks is not None:
            _update_review_queue(services.review_tasks, entry, record, services.now())
        return state


class Publish:
    name = "Publish"

    def run(self, state: PipelineState, services: PipelineServices) -> PipelineState:
        """Index the stored record for search and load it into analytics, with its status (a sheet waiting
        for review too); run again after a review. Publishing twice changes nothing."""
        _record(state)
        targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
        publish_document(state.document_id, services.repository, targets, services.now)
        return state


def _update_review_queue(tasks: ReviewTasks, entry: DocumentEntry, record: SdsRecord, now: datetime) -> None:
    """A sheet that needs a human gets (or keeps) its task; one that no longer does leaves the queue, and so
    does the older revision a newer one superseded."""
    if entry.status == DocumentStatus.NEEDS_REVIEW:
        open_review_task(tasks, entry, record, now)
    else:
        withdraw_review_task(tasks, entry.document_id, now, f"the sheet was routed {entry.status.value}")
    if entry.supersedes:
        withdraw_review_task(tasks, entry.supersedes, now, f"superseded by {entry.document_id}")


def _record(state: PipelineState) -> SdsRecord:
    if state.record is None:
        raise StepFailed("no record has been extracted yet")
    return state.record


STEPS: tuple[Step, ...] = (
    ReadText(),
    DetectLanguage(),
    Segment(),
    Extract(),
    Translate(),
    DetectPictogramsAndSignatures(),
    Validate(),
    Route(),
    Publish(),
)
STEP_NAMES: tuple[str, ...] = (RECEIVE, *(step.name for step in STEPS))
