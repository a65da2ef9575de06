"""The local pipeline end to end on generated sheets: what every step leaves behind, and extraction quality.

Everything runs on the real local adapters (pypdfium2, Tesseract, lingua, SQLite, the folder store) with the
sheets msds.synth generates, so the expected values come from the generator's labels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pytest

from models.common import Severity
from models.document import DocumentEntry, DocumentStatus
from models.publication import PUBLISHED_STATUSES
from models.record import SdsRecord, Statement, TranslationMethod
from models.search import SearchQuery
from models.steps import PipelineState
from models.text import DocumentText, TextSource
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.domain.confidence_calibration import shipped_calibration
from msds.evaluation import evaluate
from msds.pipeline.runner import process_bytes
from msds.pipeline.services import STATE_ARTIFACT, TEXT_ARTIFACT, PipelineServices
from msds.pipeline.steps import STEP_NAMES, STEPS
from msds.services.export import record_to_row
from msds.services.receive import receive_document
from tests.helpers.synthetic import (
    FIXED_NOW,
    GeneratedSet,
    build_once,
    codes,
    generate_set,
    load_set,
    local_services,
)

pytestmark = pytest.mark.xdist_group("e2e_local_pipeline")

LANGUAGES = ("en", "de", "fr", "es", "pt")
BORN_DIGITAL_SEED = 1
BORN_DIGITAL_COUNT = 6
# (seed, language) of the scanned sheets, chosen for a small OCR bill at 150 dpi: seed 5 gives a one-page
# JPEG photo of a German first page, seed 3 a three-page image-only English PDF.
SCANNED = ((5, "de"), (3, "en"))
MIN_SECTIONS = 14


@dataclass(frozen=True)
class Processed:
    """One generated sheet after a full pipeline run, with what the run left in the store and repository."""

    path: Path
    label: dict[str, Any]
    outcome: dict[str, Any]  # what process_bytes returned: document_id, status, skipped, error_code
    entry: DocumentEntry
    state: PipelineState
    text: DocumentText

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def record(self) -> SdsRecord:
        assert self.state.record is not None, f"{self.name}: no record in the checkpointed state"
        return self.state.record


@dataclass(frozen=True)
class PipelineRun:
    services: PipelineServices
    sets: tuple[GeneratedSet, ...]
    documents: tuple[Processed, ...]


class SetPlan(NamedTuple):
    name: str
    documents: int
    seed: int
    languages: tuple[str, ...]
    scanned_fraction: float


def _generate_and_process(folder: Path, plans: Sequence[SetPlan]) -> None:
    """Generate each planned set under folder/sheets and process every file into folder/data, keeping what
    process_bytes returned in folder/outcomes.json."""
    services = local_services(folder / "data")
    outcomes = {}
    for plan in plans:
        sheets = generate_set(
            folder / "sheets" / plan.name,
            plan.documents,
            plan.seed,
            plan.languages,
            scanned_fraction=plan.scanned_fraction,
        )
        for path in sheets.paths:
            outcome = process_bytes(path.read_bytes(), path.name, services)
            outcomes[f"{plan.name}/{path.name}"] = {
                "document_id": outcome.document_id,
                "status": outcome.status.value,
                "skipped": outcome.skipped,
                "error_code": outcome.error_code,
                "record_is_stored": outcome.record is not None
                and outcome.record == services.repository.get_record(outcome.document_id),
            }
    (folder / "outcomes.json").write_text(json.dumps(outcomes), encoding="utf-8")


def _load(folder: Path) -> PipelineRun:
    services = local_services(folder / "data")
    outcomes = json.loads((folder / "outcomes.json").read_text(encoding="utf-8"))
    sets = tuple(load_set(path) for path in sorted((folder / "sheets").iterdir()))
    documents = []
    for sheets in sets:
        for path in sheets.paths:
            outcome = outcomes[f"{sheets.folder.name}/{path.name}"]
            document_id = outcome["document_id"]
            entry = services.repository.get(document_id)
            state = services.store.get_artifact(document_id, STATE_ARTIFACT)
            text = services.store.get_artifact(document_id, TEXT_ARTIFACT)
            assert entry is not None and state is not None and text is not None, f"{path.name}: {outcome}"
            documents.append(
                Processed(
                    path,
                    sheets.label(path),
                    outcome,
                    entry,
                    PipelineState.model_validate_json(state),
                    DocumentText.model_validate_json(text),
                )
            )
    return PipelineRun(services, sets, tuple(documents))


@pytest.fixture(scope="session")
def born_digital(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """Six born-digital sheets in five languages, processed once per session."""
    plan = [SetPlan("born_digital", BORN_DIGITAL_COUNT, BORN_DIGITAL_SEED, LANGUAGES, 0.0)]
    return _load(build_once(tmp_path_factory, "e2e-born-digital", partial(_generate_and_process, plans=plan)))


@pytest.fixture(scope="session")
def born_digital_set(born_digital: PipelineRun) -> GeneratedSet:
    return born_digital.sets[0]


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """The scanned sheets, processed (by OCR) once per session."""
    plan = [SetPlan(f"{language}_{seed}", 1, seed, (language,), 1.0) for seed, language in SCANNED]
    return _load(build_once(tmp_path_factory, "e2e-scanned", partial(_generate_and_process, plans=plan)))


# Read text ---------------------------------------------------------------------------------------------


def test_read_text_stores_every_page_of_a_born_digital_sheet_from_its_text_layer(
    born_digital: PipelineRun,
) -> None:
    # Given six born-digital sheets in five languages, processed by the pipeline
    documents = born_digital.documents
    # When the text each one's ReadText step stored (text.json) is loaded
    pages = {d.name: [page.source for page in d.text.pages] for d in documents}
    # Then every page of every sheet is there, read from its text layer, with lines and word boxes
    assert {d.name: len(d.text.pages) for d in documents} == {d.name: d.label["pages"] for d in documents}
    assert pages == {d.name: [TextSource.TEXT_LAYER] * d.label["pages"] for d in documents}
    for document in documents:
        assert all(page.lines and page.words for page in document.text.pages), document.name
        assert document.record.ocr_pages == 0 and not document.record.scanned, document.name


@pytest.mark.slow
def test_read_text_reads_every_page_of_a_scanned_sheet_by_ocr(scanned: PipelineRun) -> None:
    # Given a JPEG photo and an image-only PDF, processed by the pipeline
    documents = scanned.documents
    # When the text their ReadText step stored is loaded
    pages = {d.name: [page.source for page in d.text.pages] for d in documents}
    # Then every page was read by OCR, with per-line confidences, and the record says it was scanned
    assert pages == {d.name: [TextSource.OCR] * d.label["pages"] for d in documents}
    for document in documents:
        pages_read = document.text.pages
        assert all(page.lines and 0.0 < page.mean_confidence < 1.0 for page in pages_read), document.name
        assert document.record.scanned, document.name
        assert document.record.ocr_pages == document.label["pages"], document.name


# Detect language and segment ---------------------------------------------------------------------------


def test_detect_language_finds_the_language_each_sheet_was_generated_in(born_digital: PipelineRun) -> None:
    # Given born-digital sheets generated in en, de, fr, es and pt
    documents = born_digital.documents
    # When the DetectLanguage step's result is read from each checkpoint
    detected = {d.name: d.state.language.language if d.state.language else None for d in documents}
    # Then each sheet's language is the generated one, and the record carries it
    assert detected == {d.name: d.label["language"] for d in documents}
    assert {d.name: d.record.language for d in documents} == detected


@pytest.mark.slow
def test_detect_language_finds_the_language_of_a_scanned_sheet(scanned: PipelineRun) -> None:
    # Given scanned sheets in German and English, read by OCR
    documents = scanned.documents
    # When the DetectLanguage step's result is read from each checkpoint
    detected = {d.name: d.state.language.language if d.state.language else None for d in documents}
    # Then each is recognised in its generated language
    assert detected == {d.name: d.label["language"] for d in documents}


def test_segment_finds_at_least_14_of_the_16_sections_of_every_born_digital_sheet(
    born_digital: PipelineRun,
) -> None:
    # Given born-digital sheets that print all 16 section headings
    documents = born_digital.documents
    assert all(d.label["sections_found"] == 16 for d in documents)
    # When the Segment step's sections are read from each checkpoint
    found = {
        d.name: sorted({s.number for s in d.state.segmentation.sections}) if d.state.segmentation else []
        for d in documents
    }
    # Then at least 14 distinct sections are found in each, Section 2 among them
    too_few = {
        name: numbers for name, numbers in found.items() if len(numbers) < MIN_SECTIONS or 2 not in numbers
    }
    assert too_few == {}


@pytest.mark.slow
def test_segment_finds_the_sections_a_scanned_sheet_shows(scanned: PipelineRun) -> None:
    # Given scanned sheets (a first page only, and a whole document)
    documents = scanned.documents
    # When the Segment step's sections are read from each checkpoint
    found = {
        d.name: {s.number for s in d.state.segmentation.sections} if d.state.segmentation else set()
        for d in documents
    }
    # Then each shows at least as many sections as its label counts (up to 14), Section 2 included
    too_few = {
        d.name: sorted(found[d.name])
        for d in documents
        if len(found[d.name]) < min(MIN_SECTIONS, d.label["sections_found"]) or 2 not in found[d.name]
    }
    assert too_few == {}


# Extract -----------------------------------------------------------------------------------------------


def test_extract_reads_exactly_the_labelled_h_codes_of_every_born_digital_sheet(
    born_digital: PipelineRun,
) -> None:
    # Given born-digital sheets of all four layouts (codes printed, or statement texts only)
    documents = born_digital.documents
    # When the H/EUH codes of each extracted record are compared with the generator's label
    wrong = {
        d.name: {
            "missing": sorted(codes(d.label["h_codes"]) - codes(d.record.h_codes)),
            "extra": sorted(codes(d.record.h_codes) - codes(d.label["h_codes"])),
        }
        for d in documents
        if codes(d.record.h_codes) != codes(d.label["h_codes"])
    }
    # Then every sheet's set is exactly the labelled one
    assert wrong == {}


@pytest.mark.slow
def test_a_scanned_sheet_is_read_by_ocr_and_its_h_codes_are_found(scanned: PipelineRun) -> None:
    # Given scanned sheets whose Section 2 is visible in the image
    documents = scanned.documents
    assert all(d.label["h_codes"] for d in documents)
    # When their records are compared with the labels
    found = {d.name: sorted(codes(d.record.h_codes)) for d in documents}
    # Then every labelled H/EUH code was found, from OCR text
    assert found == {d.name: sorted(codes(d.label["h_codes"])) for d in documents}
    assert all(d.record.ocr_pages >= 1 for d in documents)


def test_translate_leaves_english_statement_texts_and_says_how_free_text_was_translated(
    born_digital: PipelineRun,
) -> None:
    # Given processed sheets in five languages
    documents = born_digital.documents
    # When their statements and free texts are inspected after Translate
    untranslated = {d.name: [s.code for s in _statements(d.record) if not s.text_en] for d in documents}
    english_methods = {m for d in documents if d.label["language"] == "en" for m in _methods(d.record)}
    other_methods = {m for d in documents if d.label["language"] != "en" for m in _methods(d.record)}
    # Then every statement has its official English text and each free text records its method
    assert untranslated == {d.name: [] for d in documents}
    assert english_methods <= {TranslationMethod.SOURCE_ENGLISH}
    assert TranslationMethod.SOURCE_ENGLISH not in other_methods


def _statements(record: SdsRecord) -> list[Statement]:
    return [*record.hazard_statements, *record.precautionary_statements]


def _methods(record: SdsRecord) -> set[TranslationMethod]:
    return {text.method for text in record.free_text.values()}


# Validate and route -------------------------------------------------------------------------------------


def test_validate_flags_revisions_older_than_the_limit_and_missing_pictograms(
    born_digital: PipelineRun,
) -> None:
    # Given processed sheets whose revision dates and pictograms are known from the labels (clock fixed)
    documents = born_digital.documents
    limit = born_digital.services.settings.revision_max_age_days
    today = FIXED_NOW.date()
    # When each record's findings are collected
    findings = {d.name: {f.code for f in d.record.findings} for d in documents}
    # Then a revision older than the limit is flagged, a recent one is not
    too_old = {d.name: (today - date.fromisoformat(d.label["revision_date"])).days > limit for d in documents}
    assert {name: "revision_too_old" in found for name, found in findings.items()} == too_old
    # And every labelled pictogram the record lacks is named by a pictogram_missing finding
    unnamed = {
        d.name: [
            code
            for code in d.label["pictograms"]
            if code not in {p.code for p in d.record.pictograms}
            and not any(f.code == "pictogram_missing" and code in f.message for f in d.record.findings)
        ]
        for d in documents
    }
    assert unnamed == {d.name: [] for d in documents}
    # And every finding has a severity and a message
    assert all(f.severity in Severity and f.message for d in documents for f in d.record.findings)


def test_route_sends_a_sheet_to_review_exactly_when_it_has_reasons(born_digital: PipelineRun) -> None:
    # Given processed sheets
    documents = born_digital.documents
    # When the routed record and the repository entry of each are compared
    decisions = {
        d.name: (d.record.needs_review, bool(d.record.review_reasons), d.entry.status) for d in documents
    }
    # Then review is needed exactly when there is a reason, and the entry's status follows the decision
    expected = {
        name: (reasons, reasons, DocumentStatus.NEEDS_REVIEW if reasons else DocumentStatus.ACCEPTED)
        for name, (_, reasons, _) in decisions.items()
    }
    assert decisions == expected
    # And every error-level finding is a review reason
    for document in documents:
        findings = document.record.findings
        serious = {f.code for f in findings if f.severity in (Severity.ERROR, Severity.CRITICAL)}
        assert serious <= {r.code for r in document.record.review_reasons}, document.name


def test_a_full_run_completes_every_step_and_stores_the_routed_record(born_digital: PipelineRun) -> None:
    # Given processed sheets
    documents = born_digital.documents
    repository = born_digital.services.repository
    # When the repository entries, stored records and outcomes are read
    steps = {d.name: d.entry.completed_steps for d in documents}
    # Then every step ran in order, and the stored record is the one the run returned
    assert steps == {d.name: list(STEP_NAMES) for d in documents}
    assert all(d.state.completed_steps == list(STEP_NAMES) for d in documents)
    for document in documents:
        assert repository.get_record(document.entry.document_id) == document.record, document.name
        assert document.outcome["record_is_stored"], document.name
        assert not document.outcome["skipped"] and document.outcome["error_code"] is None, document.name
        assert document.outcome["status"] == document.entry.status.value, document.name


def test_the_signature_verdict_carries_the_shipped_calibration_and_keeps_the_detectors_score(
    born_digital: PipelineRun,
) -> None:
    # Given the shipped calibration of the signature verdict (set by the vision step, after Extract)
    calibration = shipped_calibration()
    assert "has_signature" in calibration.fields
    # When the processed sheets' verdicts are read
    verdicts = [d.record.has_signature for d in born_digital.documents if d.record.has_signature is not None]
    # Then each keeps the detector's score and carries the calibrated confidence of that score
    assert verdicts
    for verdict in verdicts:
        assert verdict.raw_confidence is not None
        assert verdict.confidence == calibration.calibrate("has_signature", verdict.raw_confidence)


# Quality over the generated set --------------------------------------------------------------------------


def test_the_born_digital_set_has_full_h_code_recall_and_no_silent_hazard_miss(
    born_digital: PipelineRun, born_digital_set: GeneratedSet
) -> None:
    # Given the label-format rows of the processed born-digital sheets
    rows = [record_to_row(d.record, d.path.stem) for d in born_digital.documents]
    labels = list(born_digital_set.labels.values())
    # When they are scored against the generator's labels
    report = evaluate(labels, rows)
    # Then every labelled H-code is found and no hazard is missed without review
    h_codes = report.overall.list_fields["h_codes"]
    mistakes = [m.model_dump() for m in report.mistakes if m.field == "h_codes"]
    assert report.documents == BORN_DIGITAL_COUNT and report.errored_predictions == 0
    assert h_codes.recall == 1.0, mistakes
    assert report.silent_hazard_misses == []


@pytest.mark.slow
def test_the_scanned_sheets_have_no_silent_hazard_miss(scanned: PipelineRun) -> None:
    # Given the label-format rows of the processed scanned sheets
    rows = [record_to_row(d.record, d.label["id"]) for d in scanned.documents]
    labels = [d.label for d in scanned.documents]
    # When they are scored against the generator's labels
    report = evaluate(labels, rows)
    # Then no hazard is missed without review
    assert report.documents == len(SCANNED)
    assert report.silent_hazard_misses == []


# Step by step ---------------------------------------------------------------------------------------------


def test_each_step_adds_its_own_part_of_the_state(born_digital_set: GeneratedSet, tmp_path: Path) -> None:
    # Given an English born-digital sheet, received into an empty data dir (the clock set 20 years ahead,
    # so Validate must find the revision too old)
    path = born_digital_set.in_language("en")
    services = local_services(tmp_path / "data", start=FIXED_NOW.replace(year=FIXED_NOW.year + 20))
    received = receive_document(
        path.read_bytes(),
        path.name,
        store=services.store,
        repository=services.repository,
        inspector=services.inspector,
        settings=services.settings,
        now=services.now,
    )
    document_id = received.entry.document_id
    state = PipelineState(document_id=document_id, file_name=path.name, completed_steps=["Receive"])
    steps = {step.name: step for step in STEPS}

    # When ReadText runs
    state = steps["ReadText"].run(state, services)
    # Then the page text is stored as text.json and nothing else has been decided yet
    stored = services.store.get_artifact(document_id, TEXT_ARTIFACT)
    assert stored is not None
    assert len(DocumentText.model_validate_json(stored).pages) == born_digital_set.label(path)["pages"]
    assert state.language is None and state.segmentation is None and state.record is None

    # When DetectLanguage runs
    state = steps["DetectLanguage"].run(state, services)
    # Then the language is known
    assert state.language is not None and state.language.language == "en"
    assert state.segmentation is None

    # When Segment runs
    state = steps["Segment"].run(state, services)
    # Then the sections are known
    assert state.segmentation is not None
    assert len({s.number for s in state.segmentation.sections}) >= MIN_SECTIONS
    assert state.record is None

    # When Extract runs
    state = steps["Extract"].run(state, services)
    # Then there is a record with the labelled H-codes, not yet translated, validated or routed
    assert state.record is not None
    assert codes(state.record.h_codes) == codes(born_digital_set.label(path)["h_codes"])
    assert state.record.findings == [] and state.record.review_reasons == []

    # When Translate runs
    state = steps["Translate"].run(state, services)
    # Then every free text of the English sheet is marked as English at the source
    assert state.record is not None
    assert {t.method for t in state.record.free_text.values()} <= {TranslationMethod.SOURCE_ENGLISH}

    # When Validate runs
    state = steps["Validate"].run(state, services)
    # Then the record has findings (the revision is 20 years old at least) but is not routed or stored yet
    assert state.record is not None
    assert "revision_too_old" in {f.code for f in state.record.findings}
    assert services.repository.get_record(document_id) is None

    # When Route runs
    state = steps["Route"].run(state, services)
    # Then the decision is made, stored with the record, and the entry's status follows it
    entry = services.repository.get(document_id)
    assert state.record is not None and entry is not None
    assert state.record.needs_review == bool(state.record.review_reasons)
    routed = DocumentStatus.NEEDS_REVIEW if state.record.needs_review else DocumentStatus.ACCEPTED
    assert entry.status == routed
    assert services.repository.get_record(document_id) == state.record

    # When Publish runs
    assert services.search_index is not None
    assert services.search_index.search(SearchQuery(statuses=(routed,))).total == 0
    state = steps["Publish"].run(state, services)
    # Then the record is findable with its routed status, and the entry's status is unchanged
    hits = services.search_index.search(SearchQuery(h_codes=tuple(state.record.h_codes), statuses=(routed,)))
    assert [hit.document_id for hit in hits.hits] == [document_id]
    assert services.repository.get(document_id) == entry


# Publish -------------------------------------------------------------------------------------------------


def test_publish_makes_every_sheet_findable_by_its_codes_cas_numbers_and_product(
    born_digital: PipelineRun,
) -> None:
    # Given six born-digital sheets processed by the pipeline (Publish is their last step)
    index = born_digital.services.search_index
    assert index is not None
    everything = SearchQuery(statuses=tuple(PUBLISHED_STATUSES), page_size=100)

    for d in born_digital.documents:
        # When the index is searched for the sheet by its codes, its CAS numbers and its product's name
        by_codes = index.search(everything.model_copy(update={"h_codes": tuple(d.record.h_codes)}))
        by_cas = index.search(everything.model_copy(update={"cas_numbers": tuple(d.record.cas_numbers)}))
        product = d.record.product_name.value if d.record.product_name else ""
        by_name = index.search(everything.model_copy(update={"text": product}))
        # Then each search finds it, with the status its entry has
        for results in (by_codes, by_cas, by_name):
            statuses = {hit.document_id: hit.status for hit in results.hits}
            assert statuses.get(d.entry.document_id) == d.entry.status, (d.name, statuses)
    # ... and the index holds each document once
    assert index.search(everything).total == len(born_digital.documents)


def test_publish_loads_each_sheets_rows_into_the_analytics_tables(born_digital: PipelineRun) -> None:
    # Given six born-digital sheets processed by the pipeline
    services = born_digital.services
    assert isinstance(services.analytics, DuckDbAnalyticsStore)
    # When the analytics tables are read
    with duckdb.connect(str(services.analytics.path), read_only=True) as connection:
        documents = dict(connection.execute("SELECT document_id, status FROM sds_documents").fetchall())
        statements = connection.execute("SELECT document_id, code FROM sds_statements").fetchall()
    # Then each sheet has its document row with its status, and one row per statement of its record
    assert documents == {d.entry.document_id: d.entry.status.value for d in born_digital.documents}
    expected = sorted(
        (d.entry.document_id, code)
        for d in born_digital.documents
        for code in dict.fromkeys([*d.record.h_codes, *d.record.p_codes])
    )
    assert sorted(statements) == expected
    assert all(d.entry.completed_steps[-1] == "Publish" for d in born_digital.documents)


def test_processing_a_published_sheet_again_changes_nothing_in_search(
    born_digital: PipelineRun, born_digital_set: GeneratedSet, tmp_path: Path
) -> None:
    # Given a sheet processed (and published) on a fresh data dir
    services = local_services(tmp_path / "data")
    path = born_digital_set.paths[0]
    first = process_bytes(path.read_bytes(), path.name, services)
    assert services.search_index is not None
    before = services.search_index.search(SearchQuery(statuses=tuple(PUBLISHED_STATUSES)))
    # When the same bytes are processed again
    again = process_bytes(path.read_bytes(), path.name, services)
    # Then the second run is skipped and the index holds the same one document
    after = services.search_index.search(SearchQuery(statuses=tuple(PUBLISHED_STATUSES)))
    assert again.skipped and not first.skipped
    assert before.total == after.total == 1 and before == after


def test_route_opens_a_review_task_for_every_sheet_that_needs_a_human_and_none_for_the_others(
    born_digital: PipelineRun, scanned: PipelineRun
) -> None:
    # Given born-digital and scanned sheets processed by the local pipeline
    for run in (born_digital, scanned):
        tasks = run.services.review_tasks
        assert tasks is not None
        # When the review queue is read
        open_ids = {task.document_id for task in tasks.open_tasks(limit=100)}
        # Then exactly the sheets routed to review have an open task, each naming Route's reasons
        in_review = {
            d.entry.document_id for d in run.documents if d.entry.status == DocumentStatus.NEEDS_REVIEW
        }
        assert open_ids == in_review
        for document_id in open_ids:
            task = tasks.get(document_id)
            record = run.services.repository.get_record(document_id)
            assert task is not None and record is not None
            assert task.reasons == record.review_reasons
