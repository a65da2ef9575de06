"""Composition root of the local embedded host: the one place where adapters are chosen and wired."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from models.products import SheetPolicy
from msds.adapters.local.apertium_translator import ApertiumTranslator
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.adapters.local.duckdb_warehouse import DuckDbWarehouse
from msds.adapters.local.file_store import FolderDocumentStore
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.adapters.local.pdfium_inspector import PdfiumInspector
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.sqlite_products import SqliteProductRepository
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.adapters.local.sqlite_review_tasks import SqliteReviewTasks
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.adapters.local.tesseract_ocr import TesseractOcr
from msds.adapters.local.usage_metering import (
    MeteredLanguageDetector,
    MeteredTranslator,
    MeteredVisionDetector,
)
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.errors import ConfigurationError
from msds.pipeline.services import PipelineServices
from msds.pipeline.usage_meter import UsageMeter
from msds.ports import Translator
from msds.services.products.service import ProductService
from msds.services.receive import utc_now
from msds.services.warehouse.service import WarehouseService
from msds.settings import Settings
from msds.vision.detector import VisionModel

# Under the data dir: the search index (tantivy) and the analytics tables (DuckDB) that Publish fills.
SEARCH_INDEX_FOLDER = "search"
ANALYTICS_FILE = "analytics.duckdb"
STATE_DATABASE = "state.sqlite3"
PRODUCTS_FILE = "products.sqlite3"
WAREHOUSE_FILE = "warehouse.duckdb"


def build_local_services(settings: Settings) -> PipelineServices:
    data_dir = settings.data_dir
    meter = UsageMeter()
    return PipelineServices(
        settings=settings,
        store=local_store(settings),
        repository=local_repository(settings),
        inspector=local_inspector(settings),
        text_layer=PdfiumTextLayer(max_page_chars=settings.max_page_chars),
        renderer=PdfiumRenderer(max_pixels=settings.max_render_pixels),
        ocr=TesseractOcr(),
        language_detector=MeteredLanguageDetector(LinguaDetector(settings.languages), meter),
        translator=local_translator(settings, meter),
        catalog=StatementCatalog(),
        matcher=PhraseMatcher(),
        now=utc_now,
        vision=MeteredVisionDetector(VisionModel(), meter),
        search_index=TantivySearchIndex(data_dir / SEARCH_INDEX_FOLDER),
        analytics=DuckDbAnalyticsStore(data_dir / ANALYTICS_FILE),
        review_tasks=SqliteReviewTasks(data_dir / STATE_DATABASE),
        meter=meter,
    )


def local_repository(settings: Settings) -> SqliteDocumentRepository:
    """The local host's document state (SQLite in the data dir)."""
    return SqliteDocumentRepository(local_repository_path(settings))


def local_repository_path(settings: Settings) -> Path:
    return settings.data_dir / STATE_DATABASE


def local_store(settings: Settings) -> FolderDocumentStore:
    """Originals and per-step artifacts, under the data dir."""
    return FolderDocumentStore(settings.data_dir / "store")


def local_inspector(settings: Settings) -> PdfiumInspector:
    """Receive's checks, with the settings' limits."""
    return PdfiumInspector(
        max_pages=settings.max_pages,
        max_stream_bytes=settings.max_stream_bytes,
        max_image_pixels=settings.max_image_pixels,
        max_page_chars=settings.max_page_chars,
        max_document_chars=settings.max_document_chars,
    )


def local_translator(settings: Settings, meter: UsageMeter) -> Translator | None:
    """The free-text engine ``settings.translator`` names, as the local host can run it."""
    if settings.translator == "amazon":
        raise ConfigurationError(
            "Amazon Translate is the AWS host's engine; the local host runs MSDS_TRANSLATOR=apertium "
            "or catalog-only"
        )
    if settings.translator == "apertium":
        return MeteredTranslator(ApertiumTranslator(), meter)
    return None


def local_product_service(settings: Settings, now: Callable[[], datetime] = utc_now) -> ProductService:
    """Finished products over the local host's document state (products in ``products.sqlite3``)."""
    return ProductService(
        SqliteProductRepository(settings.data_dir / PRODUCTS_FILE),
        local_repository(settings),
        now,
        SheetPolicy(
            check_after_years=settings.sheet_check_after_years,
            replace_after_years=settings.sheet_replace_after_years,
        ),
    )


def local_warehouse_service(settings: Settings) -> WarehouseService:
    """The star schema in ``<data dir>/warehouse.duckdb``, loaded from the local host's state."""
    return WarehouseService(
        local_repository(settings),
        local_product_service(settings),
        DuckDbWarehouse(settings.data_dir / WAREHOUSE_FILE),
        utc_now,
    )
