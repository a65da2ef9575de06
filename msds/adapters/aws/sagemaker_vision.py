"""The vision model on a SageMaker real-time endpoint (``sagemaker-runtime`` InvokeEndpoint).

The page image goes as PNG; the endpoint's handler (msds/vision/sagemaker/inference.py) answers JSON::

    {"page": 1, "width": 827, "height": 1169,
     "pictograms": [{"code": "GHS02", "box": [x0, y0, x1, y1], "score": 0.97}],
     "signatures": [{"box": [x0, y0, x1, y1], "score": 0.88}]}

with boxes in the pixels of the image it read. When that image's size differs from the one sent (the handler
may rescale), boxes are scaled back to the sent image, as the port requires.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from PIL.Image import Image

from models.vision import PageVision, PictogramDetection, SignatureDetection
from msds.adapters.aws.service_errors import service_call
from msds.domain import billing_units
from msds.errors import ServiceRequestRejected
from msds.ports import UsageRecorder

CONTENT_TYPE = "image/png"
ACCEPT = "application/json"
DEFAULT_DPI = 100  # msds.vision.processing.RENDER_DPI: the resolution the model was trained at
_PICTOGRAM_CODE = re.compile(r"^GHS0[1-9]$")


class SageMakerVisionDetector:
    """Implements msds.ports.VisionDetector by invoking a SageMaker endpoint; reports every invocation to
    ``usage``."""

    def __init__(
        self,
        client: Any,
        endpoint_name: str,
        *,
        dpi: int = DEFAULT_DPI,
        usage: UsageRecorder | None = None,
    ) -> None:
        self._runtime = client
        self._endpoint = endpoint_name
        self._dpi = dpi
        self._usage = usage

    @property
    def dpi(self) -> int:
        return self._dpi

    def detect(
        self, image: Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(self._dpi, self._dpi))
        with service_call("sagemaker:InvokeEndpoint"):
            response = self._runtime.invoke_endpoint(
                EndpointName=self._endpoint,
                ContentType=CONTENT_TYPE,
                Accept=ACCEPT,
                Body=buffer.getvalue(),
            )
            body = response["Body"].read()
        if self._usage is not None:
            self._usage.record(billing_units.vision_invocation())
        found = parse_prediction(body, page_number, image.width, image.height, signatures=signatures)
        return found if pictograms else found.model_copy(update={"pictograms": ()})


def parse_prediction(
    body: bytes | str, page_number: int, width: int, height: int, *, signatures: bool = True
) -> PageVision:
    """PageVision from the endpoint's JSON; boxes scaled from the image the model read to the image sent."""
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise ServiceRequestRejected(
            f"the vision endpoint answered something that is not JSON: {error}"
        ) from error
    if not isinstance(payload, dict):
        raise ServiceRequestRejected("the vision endpoint answered JSON that is not an object")
    scale_x = width / float(payload.get("width") or width)
    scale_y = height / float(payload.get("height") or height)

    def box(values: Any) -> dict[str, float]:
        if not isinstance(values, list | tuple) or len(values) != 4:
            raise ServiceRequestRejected(
                f"the vision endpoint sent a box that is not [x0, y0, x1, y1]: {values!r}"
            )
        x0, y0, x1, y1 = (float(v) for v in values)
        return {"x0": x0 * scale_x, "y0": y0 * scale_y, "x1": x1 * scale_x, "y1": y1 * scale_y}

    def score(value: Any) -> float:
        return min(1.0, max(0.0, float(value)))

    try:
        pictograms = tuple(
            PictogramDetection.model_validate(
                {
                    "code": item["code"],
                    "page": page_number,
                    "box": box(item["box"]),
                    "score": score(item["score"]),
                }
            )
            for item in payload.get("pictograms", [])
            if _PICTOGRAM_CODE.match(str(item.get("code", "")))
        )
        found_signatures: tuple[SignatureDetection, ...] = ()
        if signatures:
            found_signatures = tuple(
                SignatureDetection.model_validate(
                    {"page": page_number, "box": box(item["box"]), "score": score(item["score"])}
                )
                for item in payload.get("signatures", [])
            )
    except (KeyError, TypeError, ValueError) as error:
        raise ServiceRequestRejected(
            f"the vision endpoint's answer does not fit the contract: {error}"
        ) from error
    return PageVision(page=page_number, pictograms=pictograms, signatures=found_signatures)
