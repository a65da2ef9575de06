"""The same cases against the vision model in process (local host) and the SageMaker endpoint adapter (AWS
host, Stubber answering as the endpoint's inference handler does)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY
from PIL import Image

from models.vision import PageVision
from msds.adapters.aws.sagemaker_vision import SageMakerVisionDetector
from msds.ports import VisionDetector
from msds.synth.pictograms import render_pictogram

ENDPOINT = "msds-vision"
Answer = dict[str, Any]


@dataclass
class Subject:
    detector: VisionDetector
    expect: Callable[[Answer], None] = field(default=lambda answer: None)


def local_model() -> VisionDetector:
    """The trained model in process, or a skip when this checkout has no trained artefacts."""
    try:
        from msds.vision.detector import ARTEFACTS_DIR, METADATA, VisionModel
    except Exception as error:  # the vision package is not importable here
        pytest.skip(f"the vision model cannot be imported: {error}")
    if not (ARTEFACTS_DIR / METADATA).is_file():
        pytest.skip("no trained vision model in this checkout")
    return VisionModel()


def endpoint_answer(page: PageVision, width: int, height: int) -> Answer:
    """What the endpoint's handler returns for a page (msds/vision/sagemaker/inference.py's contract)."""
    return {
        "page": page.page,
        "width": width,
        "height": height,
        "pictograms": [
            {"code": p.code, "box": [p.box.x0, p.box.y0, p.box.x1, p.box.y1], "score": p.score}
            for p in page.pictograms
        ],
        "signatures": [
            {"box": [s.box.x0, s.box.y0, s.box.x1, s.box.y1], "score": s.score} for s in page.signatures
        ],
    }


def stub_endpoint(stub: Any) -> Callable[[Answer], None]:
    def expect(answer: Answer) -> None:
        body = json.dumps(answer).encode()
        stub.stubber.add_response(
            "invoke_endpoint",
            {"Body": StreamingBody(io.BytesIO(body), len(body)), "ContentType": "application/json"},
            {"EndpointName": ENDPOINT, "ContentType": "image/png", "Accept": "application/json", "Body": ANY},
        )

    return expect


@pytest.fixture(params=["in-process", "sagemaker"])
def subject(request: pytest.FixtureRequest) -> Iterator[Subject]:
    if request.param == "in-process":
        yield Subject(local_model())
        return
    stub = request.getfixturevalue("stubbed")("sagemaker-runtime")
    yield Subject(SageMakerVisionDetector(stub.client, ENDPOINT), stub_endpoint(stub))


def blank_page(detector: VisionDetector) -> Image.Image:
    # An A4 page at the detector's resolution.
    return Image.new("RGB", (round(8.27 * detector.dpi), round(11.69 * detector.dpi)), "white")


def test_the_detector_names_a_positive_resolution(subject: Subject) -> None:
    # Given a detector
    # When its resolution is read
    dpi = subject.detector.dpi
    # Then pages can be rendered for it
    assert isinstance(dpi, int) and 50 <= dpi <= 600


def test_a_blank_page_has_no_pictograms_and_no_signatures(subject: Subject) -> None:
    # Given a blank page
    image = blank_page(subject.detector)
    subject.expect(
        {"page": 1, "width": image.width, "height": image.height, "pictograms": [], "signatures": []}
    )
    # When it is looked at for pictograms and signatures
    found = subject.detector.detect(image, 3, signatures=True)
    # Then nothing is found, on the page asked about
    assert found == PageVision(page=3)


def test_a_drawn_pictogram_is_found_where_it_was_drawn_and_signatures_only_when_asked(
    subject: Subject,
) -> None:
    # Given a page with a flame pictogram drawn near its top left corner
    image = blank_page(subject.detector)
    size = subject.detector.dpi  # one inch
    image.paste(render_pictogram("GHS02", size).convert("RGB"), (size, size))
    subject.expect(
        {
            "page": 1,
            "width": image.width,
            "height": image.height,
            "pictograms": [{"code": "GHS02", "box": [size, size, 2 * size, 2 * size], "score": 0.97}],
            "signatures": [{"box": [10, 10, 20, 20], "score": 0.2}],
        }
    )
    # When the page is looked at for pictograms only
    found = subject.detector.detect(image, 2, signatures=False)
    # Then the flame is found on that page, its box around the drawing, and no signature is reported
    flames = [p for p in found.pictograms if p.code == "GHS02"]
    assert flames and all(p.page == 2 and 0.0 <= p.score <= 1.0 for p in found.pictograms)
    box = flames[0].box
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    assert abs(centre[0] - 1.5 * size) < 0.3 * size and abs(centre[1] - 1.5 * size) < 0.3 * size
    assert found.signatures == ()


def test_the_endpoint_reads_back_what_the_model_in_process_finds(stubbed: Any) -> None:
    # Given the model in process, and the endpoint adapter answered with what the model found on a page
    model = local_model()
    image = blank_page(model)
    size = model.dpi
    image.paste(render_pictogram("GHS07", size).convert("RGB"), (2 * size, size))
    expected = model.detect(image, 1, signatures=True)
    stub = stubbed("sagemaker-runtime")
    stub_endpoint(stub)(endpoint_answer(expected, image.width, image.height))
    endpoint = SageMakerVisionDetector(stub.client, ENDPOINT, dpi=model.dpi)
    # When the endpoint adapter looks at the same page
    found = endpoint.detect(image, 1, signatures=True)
    # Then it reports the same detections
    assert found == expected
