"""What the pipeline steps need from the outside, bundled by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from models.text import DocumentText
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.errors import StepFailed
from msds.ports import (
    DocumentInspector,
    DocumentRepository,
    DocumentStore,
    LanguageDetector,
    OcrEngine,
    PageRenderer,
    PdfTextLayer,
    Translator,
    VisionDetector,
)
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
    _text_cache: dict[str, DocumentText] = field(default_factory=dict)

    def save_text(self, text: DocumentText) -> None:
        self.store.put_artifact(text.document_id, TEXT_ARTIFACT, text.model_dump_json().encode())
        self._text_cache.clear()
        self._text_cache[text.document_id] = text

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
