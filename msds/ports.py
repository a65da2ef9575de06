"""Ports: what the pipeline needs from the outside world. Adapters in msds.adapters implement them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from PIL.Image import Image

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import SdsRecord
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

    def render(self, data: bytes, page_number: int, dpi: int) -> Image: ...


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

    def detect(self, image: Image, page_number: int, *, signatures: bool) -> PageVision:
        """Detections with boxes in the image's pixels; signatures are looked for only when asked."""
        ...
