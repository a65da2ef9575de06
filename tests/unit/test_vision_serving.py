"""SageMaker model package of the vision model: the four handler functions, called directly on a generated
SDS page, answer what the local detector answers; the tarball has SageMaker's layout and runs on its own."""

from __future__ import annotations

import hashlib
import io
import json
import random
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from msds.adapters.aws.sagemaker_vision import parse_prediction
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document
from msds.vision.detector import ARTEFACTS_DIR, VisionModel
from msds.vision.processing import RENDER_DPI
from msds.vision.sagemaker import inference
from msds.vision.sagemaker.closure import project_root
from msds.vision.sagemaker.package import ArtefactsMissing, build_model_package


@dataclass(frozen=True)
class SignedSheet:
    """A generated English SDS with GHS05 and GHS07 drawn as images in Section 2, and a signature."""

    pdf: bytes
    pictograms: tuple[str, ...]
    pictogram_page: int
    signature_page: int


@pytest.fixture(scope="module")
def sheet() -> SignedSheet:
    spec = sample_document(random.Random("vision-serving:8"), "serving", "en", "a", "pdf")
    assert spec.pictogram_source == "image" and spec.has_signature  # the seed was chosen for both
    rendered = render_document(spec)
    return SignedSheet(
        rendered.pdf,
        spec.product.pictograms,
        rendered.tag_pages["pictograms"],
        rendered.tag_pages["signature"],
    )


@pytest.fixture(scope="module")
def model() -> VisionModel:
    return inference.model_fn(str(ARTEFACTS_DIR))


@pytest.fixture(scope="module")
def page_png(sheet: SignedSheet) -> bytes:
    """The pictogram page as the AWS host sends it: rendered at the model's resolution, PNG."""
    image = PdfiumRenderer().render(sheet.pdf, sheet.pictogram_page, RENDER_DPI)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(RENDER_DPI, RENDER_DPI))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model_package(tmp_path_factory.mktemp("package") / "model.tar.gz", ARTEFACTS_DIR).path


def local_answer(model: VisionModel, image: Image.Image) -> dict[str, Any]:
    """What the local step's detector finds, in the handler's JSON vocabulary."""
    return {
        "pictograms": [
            {"code": d.code, "box": [round(v, 1) for v in d.box], "score": d.score}
            for d in model.detect_pictograms(image)
        ],
        "signatures": [
            {"box": [round(v, 1) for v in d.box], "score": d.score} for d in model.detect_signatures(image)
        ],
    }


def test_a_png_page_goes_through_the_four_handler_functions_to_the_local_detectors_answer(
    model: VisionModel, page_png: bytes, sheet: SignedSheet
) -> None:
    # Given the pictogram page as PNG bytes and the model loaded by model_fn
    local = local_answer(model, Image.open(io.BytesIO(page_png)))
    # When the request goes through input_fn, predict_fn and output_fn
    body = inference.output_fn(
        inference.predict_fn(inference.input_fn(page_png, "image/png"), model), "application/json"
    )
    answer = json.loads(body)
    # Then the JSON holds exactly the local detector's answer: the pictograms the sheet shows
    assert answer["pictograms"] == local["pictograms"]
    assert answer["signatures"] == local["signatures"]
    assert {item["code"] for item in answer["pictograms"]} == set(sheet.pictograms)
    assert (answer["page"], answer["width"], answer["height"]) == (1, *Image.open(io.BytesIO(page_png)).size)


def test_a_pdf_request_renders_the_asked_page_as_the_local_step_does(
    model: VisionModel, sheet: SignedSheet
) -> None:
    # Given the generated PDF and the page the local step would render for pictograms
    local_image = PdfiumRenderer().render(sheet.pdf, sheet.pictogram_page, RENDER_DPI)
    # When the handler reads the PDF with the page as a content-type parameter and as a query
    as_parameter = inference.input_fn(sheet.pdf, f"application/pdf; page={sheet.pictogram_page}")
    as_query = inference.input_fn(sheet.pdf, f"application/pdf?page={sheet.pictogram_page}")
    # Then both give the very image the local step renders, and the same detections
    for request in (as_parameter, as_query):
        assert request.page == sheet.pictogram_page
        assert request.image.size == local_image.size
        assert request.image.tobytes() == local_image.tobytes()
    prediction = inference.predict_fn(as_parameter, model)
    assert prediction["pictograms"] == local_answer(model, local_image)["pictograms"]


def test_a_pdf_request_without_a_page_reads_the_first_page(sheet: SignedSheet) -> None:
    # Given a PDF sent without a page
    # When the handler reads it
    request = inference.input_fn(sheet.pdf, "application/pdf")
    # Then it is the first page
    assert request.page == 1
    assert request.image.tobytes() == PdfiumRenderer().render(sheet.pdf, 1, RENDER_DPI).tobytes()


def test_the_signature_page_answers_the_local_signature_detections(
    model: VisionModel, sheet: SignedSheet
) -> None:
    # Given the signed page of the sheet, as a PDF request
    request = inference.input_fn(sheet.pdf, f"application/pdf;page={sheet.signature_page}")
    # When the handler predicts and serialises with any accept type
    answer = json.loads(inference.output_fn(inference.predict_fn(request, model), "*/*"))
    # Then the signature is found, as the local detector finds it: a box on the page with a score
    assert answer["signatures"] == local_answer(model, request.image)["signatures"]
    assert answer["signatures"]
    for signature in answer["signatures"]:
        x0, y0, x1, y1 = signature["box"]
        assert 0 <= x0 < x1 <= answer["width"] and 0 <= y0 < y1 <= answer["height"]
        assert 0.0 <= signature["score"] <= 1.0


@pytest.mark.parametrize(
    ("image_format", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "application/x-image")]
)
def test_jpeg_and_generic_image_requests_are_read_from_their_bytes(
    page_png: bytes, image_format: str, content_type: str
) -> None:
    # Given the page encoded in another format
    buffer = io.BytesIO()
    Image.open(io.BytesIO(page_png)).convert("RGB").save(buffer, format=image_format)
    # When the handler reads it under its content type
    request = inference.input_fn(buffer.getvalue(), content_type)
    # Then it is the one page, at the page's size
    assert request.page == 1
    assert request.image.size == Image.open(io.BytesIO(page_png)).size


def test_the_aws_adapter_reads_the_handlers_answer(model: VisionModel, page_png: bytes) -> None:
    # Given the handler's JSON answer for the pictogram page
    body = inference.output_fn(inference.predict_fn(inference.input_fn(page_png, "image/png"), model), None)
    answer = json.loads(body)
    # When the AWS host's endpoint adapter parses it
    page = parse_prediction(body, 1, answer["width"], answer["height"])
    # Then it gets the same pictograms, boxes unchanged
    assert [(p.code, [p.box.x0, p.box.y0, p.box.x1, p.box.y1]) for p in page.pictograms] == [
        (item["code"], item["box"]) for item in answer["pictograms"]
    ]


@pytest.mark.parametrize(
    ("content_type", "error"),
    [
        ("text/plain", inference.UnsupportedContentType),
        ("application/json", inference.UnsupportedContentType),
        ("application/pdf; page=99", inference.InvalidPage),
        ("application/pdf?page=0", inference.InvalidPage),
        ("application/pdf; page=two", inference.InvalidPage),
    ],
)
def test_requests_the_endpoint_cannot_serve_are_named_errors(
    sheet: SignedSheet, content_type: str, error: type[Exception]
) -> None:
    # Given a request of an unsupported type or for a page the PDF does not have
    # When the handler reads it
    # Then it fails with the named error
    with pytest.raises(error):
        inference.input_fn(sheet.pdf, content_type)


def test_an_accept_type_other_than_json_is_a_named_error() -> None:
    # Given a prediction
    prediction = {"page": 1, "width": 1, "height": 1, "pictograms": [], "signatures": []}
    # When CSV is asked for
    # Then the handler refuses by name
    with pytest.raises(inference.UnsupportedAccept):
        inference.output_fn(prediction, "text/csv")


def members(package: Path) -> dict[str, bytes]:
    with tarfile.open(package) as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}  # type: ignore[union-attr]


def test_the_tarball_has_the_artefacts_at_its_root_and_the_handler_in_code(package: Path) -> None:
    # Given the built model package
    files = members(package)
    # When its layout is read
    requirements = files["code/requirements.txt"].decode().splitlines()
    # Then the trained artefacts sit at the root (SageMaker's model_dir), handler and requirements in code/
    for artefact in ("pictograms.onnx", "signatures.onnx", "vision_model.json"):
        assert files[artefact] == (ARTEFACTS_DIR / artefact).read_bytes()
    assert files["code/inference.py"] == Path(inference.__file__).read_bytes()
    # and the handler's own modules are the project's files, byte for byte
    for module in (
        "msds/vision/processing.py",
        "msds/vision/detector.py",
        "msds/adapters/local/pdfium_renderer.py",
    ):
        assert files[f"code/{module}"] == (project_root() / module).read_bytes()
    # and only the runtime's light dependencies are required: no deep-learning framework, no AWS SDK
    names = {line.split("==")[0].lower() for line in requirements}
    assert {"onnxruntime", "numpy", "pillow", "pypdfium2", "opencv-python-headless"} <= names
    assert not names & {"torch", "boto3", "aws-cdk-lib", "tesserocr", "reportlab"}
    assert all("==" in line for line in requirements)
    # and nothing else of the project (pipeline, tests, training) comes along
    assert not any(
        name.startswith(("code/msds/pipeline", "code/tests", "code/msds/vision/training")) for name in files
    )


def test_the_tarball_manifest_lists_every_member_with_its_digest(package: Path) -> None:
    # Given the built model package
    files = members(package)
    # When its manifest is read
    manifest = json.loads(files["code/package-manifest.json"])
    # Then it names every other member with its sha256
    assert set(manifest["members"]) == set(files) - {"code/package-manifest.json"}
    for name, digest in manifest["members"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_the_tarball_is_byte_for_byte_reproducible(package: Path, tmp_path: Path) -> None:
    # Given a second build from the same inputs
    again = build_model_package(tmp_path / "model.tar.gz", ARTEFACTS_DIR).path
    # When the two archives are compared
    # Then they are identical
    assert again.read_bytes() == package.read_bytes()


def test_the_packaged_handler_runs_from_the_unpacked_tarball_alone(
    package: Path, page_png: bytes, model: VisionModel, tmp_path: Path
) -> None:
    # Given the tarball unpacked as SageMaker does, and a fresh interpreter with only code/ added to its path
    model_dir = tmp_path / "opt-ml-model"
    with tarfile.open(package) as archive:
        archive.extractall(model_dir, filter="data")
    (tmp_path / "page.png").write_bytes(page_png)
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(model_dir / 'code')!r})\n"
        "import inference, msds.vision.processing as p\n"
        f"m = inference.model_fn({str(model_dir)!r})\n"
        f"body = open({str(tmp_path / 'page.png')!r}, 'rb').read()\n"
        "request = inference.input_fn(body, 'image/png')\n"
        "out = inference.output_fn(inference.predict_fn(request, m), 'application/json')\n"
        "files = {'handler': inference.__file__, 'processing': p.__file__}\n"
        "print(json.dumps({**files, 'answer': json.loads(out)}))\n"
    )
    # When the four functions run there
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    # Then the handler and the processing module came from the package, and the answer is the local one
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert Path(result["handler"]).is_relative_to(model_dir / "code")
    assert Path(result["processing"]).is_relative_to(model_dir / "code")
    expected = inference.predict_fn(inference.input_fn(page_png, "image/png"), model)
    assert result["answer"] == json.loads(json.dumps(expected))


def test_packaging_without_a_trained_model_is_a_named_error(tmp_path: Path) -> None:
    # Given an empty artefacts folder
    (tmp_path / "vision").mkdir()
    # When the package is built from it
    # Then it fails by name, and writes nothing
    with pytest.raises(ArtefactsMissing):
        build_model_package(tmp_path / "model.tar.gz", tmp_path / "vision")
    assert not (tmp_path / "model.tar.gz").exists()
