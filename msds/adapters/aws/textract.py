"""Amazon Textract, asynchronously: only the pages without a usable text layer are sent (cost), the job ends
with an SNS notification, and the result is read back page by page into the product's PageText.

Pieces:

* :func:`plan_ocr` decides which pages need OCR (msds.domain.text_quality, the same rule as the local host);
* :func:`subset_pdf` builds the PDF of just those pages when a born-digital sheet has a few scanned pages;
* :func:`start_request` builds StartDocumentAnalysis: ``ClientRequestToken`` derived from the document id (a
  retried start returns the same job instead of paying twice), ``JobTag`` = document id (the notification
  names the document), ``NotificationChannel``, ``OutputConfig`` and ``FeatureTypes``;
* :class:`TextractOcr` starts jobs and reads GetDocumentAnalysis with pagination;
* :func:`pages_from_blocks` turns WORD (or LINE) blocks, whose boxes are shares of the page, into PageText
  in the document's own units (points for PDF pages, pixels for images), in the local host's reading order.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

from models.document import MediaType
from models.text import PageText, TextSource
from models.workflow import OcrTarget
from msds.adapters.aws.s3_store import S3Location
from msds.adapters.aws.service_errors import service_call
from msds.adapters.local.pdfium_document import open_pdf
from msds.adapters.local.reading_order import Token, order_into_lines, page_text
from msds.domain import billing_units
from msds.domain.text_quality import DEFAULT_RULES, TextQualityRules, assess_text_layer
from msds.errors import OcrJobFailed, ServiceUnavailable
from msds.ports import PdfTextLayer, UsageRecorder

_TOKEN = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_TAG = re.compile(r"^[a-zA-Z0-9_.:-]{1,64}$")
_MAX_RESULTS = 1000
DEFAULT_FEATURES: tuple[str, ...] = ("LAYOUT",)


def client_request_token(document_id: str) -> str:
    """The idempotency token of a document's OCR job: the id itself when Textract accepts it (a SHA-256 in
    hex is exactly 64 characters), else the SHA-256 of the id."""
    if _TOKEN.match(document_id):
        return document_id
    return hashlib.sha256(document_id.encode("utf-8")).hexdigest()


def job_tag(document_id: str) -> str:
    """The tag Textract echoes in its notification; the document id whenever it fits."""
    if _TAG.match(document_id):
        return document_id
    return hashlib.sha256(document_id.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TextractSettings:
    sns_topic_arn: str
    role_arn: str
    output_bucket: str
    output_prefix: str = "textract-output"
    feature_types: tuple[str, ...] = DEFAULT_FEATURES
    kms_key_id: str | None = None


def start_request(document_id: str, location: S3Location, settings: TextractSettings) -> dict[str, Any]:
    """StartDocumentAnalysis arguments for one document (or the PDF of its pages that need OCR)."""
    request: dict[str, Any] = {
        "DocumentLocation": {"S3Object": {"Bucket": location.bucket, "Name": location.key}},
        "FeatureTypes": list(settings.feature_types),
        "ClientRequestToken": client_request_token(document_id),
        "JobTag": job_tag(document_id),
        "NotificationChannel": {"SNSTopicArn": settings.sns_topic_arn, "RoleArn": settings.role_arn},
        "OutputConfig": {
            "S3Bucket": settings.output_bucket,
            "S3Prefix": f"{settings.output_prefix.strip('/')}/{document_id}",
        },
    }
    if settings.kms_key_id:
        request["KMSKeyId"] = settings.kms_key_id
    return request


@dataclass(frozen=True)
class OcrPlan:
    """The pages read from the text layer and the pages that must be OCR'd (in the order sent)."""

    layer_pages: tuple[PageText, ...]
    targets: tuple[OcrTarget, ...]

    @property
    def needs_ocr(self) -> bool:
        return bool(self.targets)

    @property
    def whole_document(self) -> bool:
        """Every page goes to OCR, so the original can be sent as it is."""
        return len(self.targets) >= max(1, len(self.layer_pages))


def plan_ocr(
    data: bytes,
    media_type: MediaType,
    text_layer: PdfTextLayer,
    rules: TextQualityRules = DEFAULT_RULES,
) -> OcrPlan:
    """Which pages need OCR: PDF pages whose text layer is not usable, and every page of an image file."""
    if media_type == MediaType.PDF:
        layer = text_layer.read_pages(data)
        targets: list[OcrTarget] = []
        for page in layer:
            verdict = assess_text_layer(page, rules)
            if not verdict.usable:
                targets.append(
                    OcrTarget(
                        service_page=len(targets) + 1,
                        page=page.number,
                        width=page.width,
                        height=page.height,
                        text_layer_rejected=verdict.reason,
                    )
                )
        return OcrPlan(tuple(layer), tuple(targets))
    sizes = image_page_sizes(data)
    return OcrPlan(
        (),
        tuple(
            OcrTarget(service_page=number, page=number, width=width, height=height)
            for number, (width, height) in enumerate(sizes, start=1)
        ),
    )


def image_page_sizes(data: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of each page (frame) of a PNG, JPEG or TIFF file."""
    with Image.open(io.BytesIO(data)) as image:
        sizes = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            sizes.append(image.size)
        return sizes


def subset_pdf(data: bytes, page_numbers: Sequence[int]) -> bytes:
    """A PDF holding only the given pages (1-based), in the given order."""
    with open_pdf(data) as source:
        subset = pdfium.PdfDocument.new()
        try:
            subset.import_pages(source, [number - 1 for number in page_numbers])
            buffer = io.BytesIO()
            subset.save(buffer)
        finally:
            subset.close()
    return buffer.getvalue()


class TextractOcr:
    """Starts asynchronous document analyses and reads their blocks back; reports the pages Textract says
    it analysed (``DocumentMetadata.Pages``, what it bills) to ``usage`` when the result is read."""

    def __init__(
        self, client: Any, settings: TextractSettings, *, usage: UsageRecorder | None = None
    ) -> None:
        self._textract = client
        self.settings = settings
        self._usage = usage

    def start(self, document_id: str, location: S3Location) -> str:
        """Start (or, for the same token, find again) the job of a document; return its JobId."""
        with service_call("textract:StartDocumentAnalysis"):
            response = self._textract.start_document_analysis(
                **start_request(document_id, location, self.settings)
            )
        return str(response["JobId"])

    def blocks(self, job_id: str) -> list[dict[str, Any]]:
        """Every block of a finished job, following NextToken; OcrJobFailed when the job failed."""
        blocks: list[dict[str, Any]] = []
        arguments: dict[str, Any] = {"JobId": job_id, "MaxResults": _MAX_RESULTS}
        while True:
            with service_call("textract:GetDocumentAnalysis"):
                response = self._textract.get_document_analysis(**arguments)
            status = response.get("JobStatus")
            if status == "IN_PROGRESS":
                raise ServiceUnavailable(f"textract job {job_id} is still in progress")
            if status == "FAILED":
                raise OcrJobFailed(f"textract job {job_id} failed: {response.get('StatusMessage', '')}")
            if "NextToken" not in arguments and self._usage is not None:  # every page repeats the metadata
                analysed = int(response.get("DocumentMetadata", {}).get("Pages", 0))
                self._usage.record(billing_units.ocr(analysed))
            blocks.extend(response.get("Blocks", []))
            token = response.get("NextToken")
            if not token:
                return blocks
            arguments["NextToken"] = token


def pages_from_blocks(blocks: Iterable[dict[str, Any]], targets: Sequence[OcrTarget]) -> list[PageText]:
    """PageText of every target page, from the job's blocks; a page the job returned nothing for is empty."""
    words: dict[int, list[Token]] = {}
    lines: dict[int, list[Token]] = {}
    by_service_page = {target.service_page: target for target in targets}
    for block in blocks:
        kind = block.get("BlockType")
        if kind not in ("WORD", "LINE"):
            continue
        target = by_service_page.get(int(block.get("Page", 1)))
        box = block.get("Geometry", {}).get("BoundingBox")
        text = str(block.get("Text", "")).strip()
        if target is None or box is None or not text:
            continue
        left, top = float(box["Left"]), float(box["Top"])
        token = Token(
            text=text,
            x0=left * target.width,
            y0=top * target.height,
            x1=(left + float(box["Width"])) * target.width,
            y1=(top + float(box["Height"])) * target.height,
            confidence=round(float(block.get("Confidence", 0.0)) / 100.0, 4),
        )
        (words if kind == "WORD" else lines).setdefault(target.service_page, []).append(token)
    pages = []
    for target in targets:
        tokens = words.get(target.service_page) or lines.get(target.service_page) or []
        mean = sum(t.confidence for t in tokens) / len(tokens) if tokens else 0.0
        pages.append(
            page_text(
                order_into_lines(tokens),
                number=target.page,
                width=target.width,
                height=target.height,
                source=TextSource.OCR,
                mean_confidence=round(mean, 4),
                text_layer_rejected=target.text_layer_rejected,
            )
        )
    return pages


def merge_pages(layer_pages: Sequence[PageText], ocr_pages: Sequence[PageText]) -> list[PageText]:
    """The document's pages in order: OCR pages replace the text-layer pages of the same number."""
    by_number = {page.number: page for page in layer_pages}
    by_number.update({page.number: page for page in ocr_pages})
    return [by_number[number] for number in sorted(by_number)]
