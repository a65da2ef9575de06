"""Ports: what the pipeline needs from the outside world. Adapters in msds.adapters implement them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from PIL.Image import Image

from models.accounts import Account, Session
from models.api import PresignedUpload, UploadPlan
from models.document import DocumentEntry, DocumentStatus, MediaType
from models.metering import BillableUsage
from models.products import LinkOverride, Product
from models.publication import Publication
from models.record import SdsRecord
from models.review import ReviewEvent, ReviewTask
from models.search import SearchQuery, SearchResults
from models.text import PageText
from models.vision import PageVision


class DocumentStore(Protocol):
    """Content-addressed storage of originals and of per-step artifacts."""

    def put_original(self, document_id: str, data: bytes) -> bool:
        """Store the bytes once; return False when they were already there."""
        ...

    def get_original(self, document_id: str) -> bytes: ...

    def put_artifact(self, document_id: str, name: str, data: bytes) -> None: ...

    def get_artifact(self, document_id: str, name: str) -> bytes | None: ...


class DocumentRepository(Protocol):
    """State of every document: entries, records and the supersede chain."""

    def insert_if_absent(self, entry: DocumentEntry) -> bool:
        """Insert the entry; return False (and change nothing) when the id exists."""
        ...

    def get(self, document_id: str) -> DocumentEntry | None: ...

    def update(self, entry: DocumentEntry) -> None: ...

    def list(self, status: DocumentStatus | None = None) -> list[DocumentEntry]: ...

    def find_current_by_product(self, product_key: str) -> DocumentEntry | None: ...

    def save_record(self, record: SdsRecord) -> None: ...

    def get_record(self, document_id: str) -> SdsRecord | None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """A context in which reads and writes are atomic against other workers."""
        ...


class PdfTextLayer(Protocol):
    """Reads the embedded text layer of a PDF, page by page."""

    def page_count(self, data: bytes) -> int: ...

    def read_pages(self, data: bytes) -> list[PageText]: ...


class PageRenderer(Protocol):
    """Turns pages of a PDF or image file into images (for OCR and vision)."""

    def render(
        self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
    ) -> Image:
        """The page at ``dpi``. With ``band`` (top, bottom in points from the top of the page as shown),
        only that horizontal band of a PDF page is drawn; the image keeps the whole page's size, white
        elsewhere."""
        ...

    def may_hold_drawing(self, data: bytes, page_number: int) -> bool:
        """False only when the page can show nothing but text and straight rules (a born-digital PDF page with
        no image, no form XObject, no curve, no long polyline and no annotation beyond links), so that no
        handwriting or artwork can appear on it; True for every page of an image file."""
        ...


class OcrEngine(Protocol):
    """Recognises text on a page image."""

    def recognise(self, image: Image, page_number: int, languages: Sequence[str]) -> PageText: ...


class LanguageDetector(Protocol):
    def detect(self, text: str) -> tuple[str | None, float]:
        """Return (ISO 639-1 code or None, confidence 0..1)."""
        ...


class Translator(Protocol):
    """Machine translation of free text into English."""

    def can_translate(self, source_language: str) -> bool: ...

    def translate(self, texts: Iterable[str], source_language: str) -> list[str]: ...


class DocumentInspector(Protocol):
    """Opens a received file far enough to know it is readable, and counts its pages."""

    def page_count(self, data: bytes, media_type: MediaType) -> int:
        """Raise a msds.errors.RejectedDocument subclass when the file cannot be processed."""
        ...


class VisionDetector(Protocol):
    """Finds GHS pictograms and handwritten signatures on a rendered page."""

    @property
    def dpi(self) -> int:
        """The resolution pages should be rendered at for this detector."""
        ...

    def detect(
        self, image: Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        """Detections with boxes in the image's pixels; pictograms and signatures are looked for only when
        asked."""
        ...


class SearchIndex(Protocol):
    """Published records, searchable by compliance staff (one search document per document id)."""

    def publish(self, publication: Publication) -> None:
        """Index the record under its document id, replacing what was there: publishing twice changes
        nothing. Raise msds.errors.PublishFailed (or a ServiceError) when it could not be indexed."""
        ...

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """``publish`` for many records at once (a full re-publish); return how many were indexed."""
        ...

    def remove(self, document_id: str) -> None:
        """Take the document out of the index; nothing happens when it is not there."""
        ...

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of the records matching every filter of the query and every word of its text.
        Raise msds.errors.SearchFailed (or a ServiceError) when the index cannot answer."""
        ...


class AnalyticsStore(Protocol):
    """The analytics tables (documents, statements, components, pictograms) of published records."""

    def publish(self, publication: Publication) -> None:
        """Replace the document's rows in every table with the record's: loading twice changes nothing.
        Raise msds.errors.PublishFailed (or a ServiceError) when the rows could not be loaded."""
        ...

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """``publish`` for many records at once (a full re-publish); return how many were loaded."""
        ...


class UploadSigner(Protocol):
    """Signs direct uploads into the document store's upload area (the bytes never pass through the API)."""

    def presign(self, plan: UploadPlan) -> PresignedUpload:
        """A form that uploads one file under ``plan.key`` and nothing else the plan does not allow."""
        ...


class UsageRecorder(Protocol):
    """Receives the billable units an adapter has just spent (models.metering.BillableUsage)."""

    def record(self, usage: BillableUsage) -> None: ...


class ReviewTasks(Protocol):
    """The product's review queue: one task per document under review, claimed by one reviewer at a time,
    and each task's audit trail. Writes that depend on what is stored are conditional: two reviewers cannot
    both claim a task, and a task is completed once."""

    def save(self, task: ReviewTask) -> None:
        """Insert or replace the document's task."""
        ...

    def get(self, document_id: str) -> ReviewTask | None: ...

    def open_tasks(self, *, limit: int, after: str | None = None) -> list[ReviewTask]:
        """Open tasks in queue order (``ReviewTask.queue_position``), those after ``after`` only."""
        ...

    def count_open(self) -> int: ...

    def replace_if(self, task: ReviewTask, *, expected: ReviewTask) -> bool:
        """Store ``task`` only if the stored task is still ``expected`` (same state, claim and attempt);
        return False, changing nothing, when another writer got there first."""
        ...

    def add_event(self, event: ReviewEvent) -> None: ...

    def events(self, document_id: str) -> list[ReviewEvent]:
        """The document's audit trail, oldest first."""
        ...


class SessionStore(Protocol):
    """Signed-in browser sessions of the web app, by the SHA-256 of their cookie."""

    def put(self, session: Session) -> None: ...

    def get(self, session_hash: str) -> Session | None: ...

    def delete(self, session_hash: str) -> None: ...


class AccountStore(Protocol):
    """The local host's accounts: each with its password hash, and the API tokens (by hash) of each."""

    def insert(self, account: Account, password_hash: str) -> bool:
        """Add the account; False (changing nothing) when the name is taken."""
        ...

    def update(self, account: Account, password_hash: str | None = None) -> bool: ...

    def get(self, user_name: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        ...

    def list(self) -> list[Account]: ...

    def add_token(self, token_hash: str, user_name: str, label: str, created_at: datetime) -> None: ...

    def token_owner(self, token_hash: str) -> str | None: ...

    def revoke_tokens(self, user_name: str) -> int: ...


class DocumentProcessor(Protocol):
    """Runs the pipeline for documents already received, away from the request that received them."""

    def submit(self, document_id: str) -> None: ...

    def resume_unfinished(self, repository: DocumentRepository) -> int:
        """Queue every document an earlier run left unfinished; return how many."""
        ...

    def close(self) -> None: ...


class ProductRepository(Protocol):
    """Finished products with their bills of materials, and the sheet links people set by hand."""

    def put(self, product: Product) -> str:
        """Store the product under its id: "created", "updated", or "unchanged" when it is the same."""
        ...

    def get(self, product_id: str) -> Product | None: ...

    def all(self) -> list[Product]:
        """Every product, by id."""
        ...

    def delete(self, product_id: str) -> bool:
        """Remove the product and its overrides; False when there was none."""
        ...

    def set_override(self, override: LinkOverride) -> None:
        """Record (or replace) a person's sheet choice for one BOM line."""
        ...

    def clear_override(self, product_id: str, line_no: int) -> bool: ...

    def overrides(self, product_id: str | None = None) -> list[LinkOverride]: ...


class Warehouse(Protocol):
    """The star schema of supplier sheets and finished products (msds/data/warehouse/*.sql)."""

    def create(self) -> None:
        """Create the tables (repeatable)."""
        ...

    def replace(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Replace every row of the named tables with these, in one transaction: loading twice leaves the
        same rows. Raise msds.errors.PublishFailed (or a ServiceError) when the load fails."""
        ...

    def replace_watch_list(self, list_name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Replace one watch list's CAS numbers."""
        ...

    def run(self, name: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Rows of a ready query (msds.services.warehouse.dialect.QUERIES)."""
        ...

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        ...
