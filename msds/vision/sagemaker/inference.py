"""SageMaker inference handler of the vision model (``code/inference.py`` in ``model.tar.gz``).

The SageMaker inference toolkit calls ``model_fn`` once when the endpoint starts, then ``input_fn``,
``predict_fn`` and ``output_fn`` for every request. The handler is deliberately thin: pages are turned into
images by the same renderer the local host uses, and detection, with its pre- and post-processing, is
``msds.vision`` itself (``detector`` over ``processing``), shipped unchanged inside the package.

Requests
    ``image/png``, ``image/jpeg``, ``application/x-image``: one page image (the file's own format is
    recognised from its bytes). ``application/pdf``: a PDF; the page to read is given as a content-type
    parameter or query, ``application/pdf; page=2`` or ``application/pdf?page=2`` (first page by default).
Responses
    ``application/json``: ``{"page", "width", "height", "pictograms": [{"code", "box", "score"}],
    "signatures": [{"box", "score"}]}``; boxes are ``[x0, y0, x1, y1]`` in pixels of the page image.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.errors import MsdsError
from msds.vision import processing
from msds.vision.detector import VisionModel

IMAGE_TYPES = ("image/png", "image/jpeg", "application/x-image")
PDF_TYPE = "application/pdf"
JSON_TYPE = "application/json"
_PARAMETER = re.compile(r"^\s*([A-Za-z_]+)\s*=\s*\"?([^\";&]*)\"?\s*$")


class InferenceRequestError(MsdsError):
    """A request the endpoint cannot serve; the message says why."""

    code = "inference_request_error"


class UnsupportedContentType(InferenceRequestError):
    code = "unsupported_content_type"


class UnsupportedAccept(InferenceRequestError):
    code = "unsupported_accept"


class InvalidPage(InferenceRequestError):
    code = "invalid_page"


@dataclass(frozen=True)
class PageInput:
    """One page, rendered: what ``predict_fn`` runs the model on."""

    image: Image.Image
    page: int


def model_fn(model_dir: str) -> VisionModel:
    """Load the trained artefacts unpacked from model.tar.gz (SageMaker passes /opt/ml/model)."""
    return VisionModel.load(Path(model_dir))


def input_fn(request_body: bytes | bytearray | str, content_type: str) -> PageInput:
    """Decode a request into one page image, rendered at the resolution the model was trained for."""
    media_type, parameters = parse_content_type(content_type)
    data = request_body.encode("latin-1") if isinstance(request_body, str) else bytes(request_body)
    if media_type in IMAGE_TYPES:
        page = 1
    elif media_type == PDF_TYPE:
        page = _page_parameter(parameters)
    else:
        raise UnsupportedContentType(
            f"content type {media_type!r} is not served; send one of {', '.join((*IMAGE_TYPES, PDF_TYPE))}"
        )
    renderer = PdfiumRenderer()
    pages = renderer.page_count(data)
    if not 1 <= page <= pages:
        raise InvalidPage(f"page {page} is outside 1..{pages}")
    return PageInput(renderer.render(data, page, processing.RENDER_DPI), page)


def predict_fn(input_data: PageInput, model: VisionModel) -> dict[str, Any]:
    """Pictograms and signatures on the page."""
    image = input_data.image
    return {
        "page": input_data.page,
        "width": image.width,
        "height": image.height,
        "pictograms": [
            {"code": d.code, "box": _box(d.box), "score": round(float(d.score), 4)}
            for d in model.detect_pictograms(image)
        ],
        "signatures": [
            {"box": _box(d.box), "score": round(float(d.score), 4)} for d in model.detect_signatures(image)
        ],
    }


def output_fn(prediction: dict[str, Any], accept: str | None) -> str:
    """Serialise the prediction; JSON is the one response type."""
    media_type, _ = parse_content_type(accept or JSON_TYPE)
    if media_type not in (JSON_TYPE, "*/*", ""):
        raise UnsupportedAccept(f"accept type {media_type!r} is not served; ask for {JSON_TYPE}")
    return json.dumps(prediction, separators=(",", ":"))


def parse_content_type(value: str) -> tuple[str, dict[str, str]]:
    """``"application/pdf; page=2"`` or ``"application/pdf?page=2"`` -> ("application/pdf", {"page": "2"})."""
    head, _, query = value.partition("?")
    media_type, *items = head.split(";")
    items.extend(query.split("&") if query else [])
    parameters: dict[str, str] = {}
    for item in items:
        match = _PARAMETER.match(item)
        if match:
            parameters[match.group(1).lower()] = match.group(2).strip()
    return media_type.strip().lower(), parameters


def _page_parameter(parameters: dict[str, str]) -> int:
    raw = parameters.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidPage(f"page must be a positive whole number, not {raw!r}")
    return int(raw)


def _box(box: Any) -> list[float]:
    return [round(float(value), 1) for value in box]
