"""What the pipeline steps need from the outside, bundled by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from models.text import DocumentText
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.errors import StepFailed
from msds.pipeline.usage_meter import UsageMeter
from msds.ports import (
    AnalyticsStore,
    DocumentInspector,
    DocumentRepository,
    DocumentStore,
    LanguageDetector,
    OcrEngine,
    PageRenderer,
    PdfTextLayer,
    ReviewTasks,
    SearchIndex,
    Translator,
    VisionDetector,
)
from msds.services.document_lines import DocLine, flatten
from msds.settings import Settings

TEXT_ARTIFACT = "text.json"
STATE_ARTIFACT = "state.json"


@dataclass
class PipelineServices:
    settings: Settings
    store: DocumentStore
    repository: DocumentRepository
    inspector: DocumentInspector
    text_layer: PdfTextLayer
    renderer: PageRenderer
    ocr: OcrEngine
    language_detector: LanguageDetector
    translator: Translator | None
    catalog: StatementCatalog
    matcher: PhraseMatcher
    now: Callable[[], datetime]
    vision: VisionDetector | None = None
    # Where Publish sends records (the local host has both; an AWS deployment may lack one).
    search_index: SearchIndex | None = None
    analytics: AnalyticsStore | None = None
    # The product's review queue: Route opens a task for every sheet that needs a human.
    review_tasks: ReviewTasks | None = None
    # The adapters of this host report billable units to it; steps are run through run_metered.
    meter: UsageMeter = field(default_factory=UsageMeter)
    _text_cache: dict[str, DocumentText] = field(default_factory=dict)
    _lines_cache: dict[str, list[DocLine]] = field(default_factory=dict)

    def save_text(self, text: DocumentText) -> None:
        self.store.put_artifact(text.document_id, TEXT_ARTIFACT, text.model_dump_json().encode())
        self._text_cache.clear()
        self._lines_cache.clear()
        self._text_cache[text.document_id] = text

    def load_lines(self, document_id: str) -> list[DocLine]:
        """The document's text as flat lines (msds.services.document_lines.flatten), read once per
        document by the steps that need it."""
        lines = self._lines_cache.get(document_id)
        if lines is None:
            lines = flatten(self.load_text(document_id))
            self._lines_cache.clear()
            self._lines_cache[document_id] = lines
        return lines

    def load_text(self, document_id: str) -> DocumentText:
        cached = self._text_cache.get(document_id)
        if cached is not None:
            return cached
        raw = self.store.get_artifact(document_id, TEXT_ARTIFACT)
        if raw is None:
            raise StepFailed(f"the text of {document_id} has not been read yet")
        text = DocumentText.model_validate_json(raw)
        self._text_cache.clear()
        self._text_cache[document_id] = text
        return text
