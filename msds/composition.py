"""Composition root of the local embedded host: the one place where adapters are chosen and wired."""

from __future__ import annotations

from msds.adapters.local.apertium_translator import ApertiumTranslator
from msds.adapters.local.file_store import FolderDocumentStore
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.adapters.local.pdfium_inspector import PdfiumInspector
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.adapters.local.tesseract_ocr import TesseractOcr
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.pipeline.services import PipelineServices
from msds.services.receive import utc_now
from msds.settings import Settings
from msds.vision.detector import VisionModel


def build_local_services(settings: Settings) -> PipelineServices:
    data_dir = settings.data_dir
    return PipelineServices(
        settings=settings,
        store=FolderDocumentStore(data_dir / "store"),
        repository=SqliteDocumentRepository(data_dir / "state.sqlite3"),
        inspector=PdfiumInspector(),
        text_layer=PdfiumTextLayer(),
        renderer=PdfiumRenderer(),
        ocr=TesseractOcr(),
        language_detector=LinguaDetector(settings.languages),
        translator=ApertiumTranslator(),
        catalog=StatementCatalog(),
        matcher=PhraseMatcher(),
        now=utc_now,
        vision=VisionModel(),
    )
