"""Textract: only pages without a usable text layer are sent, the request has the documented shape, the
paginated result becomes PageText in the page's own units, and the SNS callback completes ReadText."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from moto import mock_aws
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from models.document import MediaType
from models.text import DocumentText, TextSource
from models.workflow import OcrTarget
from msds.adapters.aws.s3_store import S3Location
from msds.adapters.aws.stepfunctions import TaskTokens
from msds.adapters.aws.textract import (
    TextractOcr,
    TextractSettings,
    client_request_token,
    pages_from_blocks,
    plan_ocr,
    start_request,
    subset_pdf,
)
from msds.adapters.aws.workflow import TEXT_LAYER_ARTIFACT, AwsServices
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.composition_aws import aws_services, reset_aws_services
from msds.errors import OcrJobFailed
from msds.pipeline.services import TEXT_ARTIFACT
from msds.services.receive import document_id_of
from tests.aws.support import (
    BUCKET,
    TABLE,
    client,
    lambda_context,
    make_bucket,
    make_table,
    object_created_event,
    sns_event,
)

SETTINGS = TextractSettings(
    sns_topic_arn="arn:aws:sns:eu-west-1:123456789012:msds-textract",
    role_arn="arn:aws:iam::123456789012:role/msds-textract-publish",
    output_bucket="msds-results-test",
)
TEXT = (
    "SECTION 1: Identification of the substance/mixture and of the company/undertaking. "
    "Product name: Acetone pure. Supplier: ACME Chemicals Ltd, Manchester, United Kingdom. "
    "Emergency telephone number: +44 161 000 0000. Recommended use: laboratory chemical."
)


def mixed_pdf() -> bytes:
    """Three A4 pages: a text page, an image-only page (no text layer), and another text page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in (1, 2, 3):
        if number != 2:
            text = pdf.beginText(50, 780)
            for start in range(0, len(TEXT), 90):
                text.textLine(TEXT[start : start + 90])
            pdf.drawText(text)
        else:
            pdf.rect(100, 400, 300, 200, fill=1)  # a "scan": drawn, no text
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def word(text: str, page: int, left: float, top: float, confidence: float = 98.5) -> dict[str, Any]:
    """A WORD block as GetDocumentAnalysis returns it (geometry in shares of the page)."""
    return {
        "BlockType": "WORD",
        "Id": f"w-{page}-{text}",
        "Page": page,
        "Text": text,
        "TextType": "PRINTED",
        "Confidence": confidence,
        "Geometry": {
            "BoundingBox": {"Width": 0.1, "Height": 0.02, "Left": left, "Top": top},
            "Polygon": [{"X": left, "Y": top}],
        },
    }


def test_only_the_pages_without_a_usable_text_layer_are_planned_for_ocr() -> None:
    # Given a PDF whose second page is an image without text
    data = mixed_pdf()
    # When the OCR plan is made
    plan = plan_ocr(data, MediaType.PDF, PdfiumTextLayer())
    # Then only page 2 goes to Textract, as page 1 of the job, with the reason its layer was refused
    assert [(t.service_page, t.page, t.text_layer_rejected) for t in plan.targets] == [
        (1, 2, "too_few_characters")
    ]
    assert plan.whole_document is False
    assert [p.number for p in plan.layer_pages] == [1, 2, 3]


def test_the_pdf_sent_to_textract_holds_only_the_chosen_pages() -> None:
    # Given the mixed PDF
    data = mixed_pdf()
    # When the pages needing OCR are cut out
    subset = subset_pdf(data, [2])
    # Then the new PDF has that one page, with the original's size
    document = pdfium.PdfDocument(subset)
    try:
        assert len(document) == 1
        assert tuple(round(v) for v in document[0].get_size()) == (595, 842)
    finally:
        document.close()


def test_an_image_file_is_planned_whole_with_its_pixel_size() -> None:
    # Given a PNG scan
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(buffer, format="PNG")
    # When the OCR plan is made
    plan = plan_ocr(buffer.getvalue(), MediaType.PNG, PdfiumTextLayer())
    # Then the one page goes whole, sized in pixels
    assert plan.whole_document is True
    assert [(t.page, t.width, t.height) for t in plan.targets] == [(1, 1240, 1754)]


def test_the_start_request_has_the_documented_shape() -> None:
    # Given a document id (a SHA-256) and the location of its OCR input
    document_id = document_id_of(b"scan")
    location = S3Location(BUCKET, f"artifacts/{document_id}/ocr-input.pdf")
    # When the StartDocumentAnalysis request is built
    request = start_request(document_id, location, SETTINGS)
    # Then it names the object, the features, the idempotency token and tag, the SNS channel and the output
    assert request == {
        "DocumentLocation": {"S3Object": {"Bucket": BUCKET, "Name": location.key}},
        "FeatureTypes": ["LAYOUT"],
        "ClientRequestToken": document_id,
        "JobTag": document_id,
        "NotificationChannel": {"SNSTopicArn": SETTINGS.sns_topic_arn, "RoleArn": SETTINGS.role_arn},
        "OutputConfig": {"S3Bucket": "msds-results-test", "S3Prefix": f"textract-output/{document_id}"},
    }


@pytest.mark.parametrize("document_id", ["x" * 65, "a b/c", "ünïcode"])
def test_a_request_token_that_textract_would_refuse_is_derived_within_64_characters(document_id: str) -> None:
    # Given an id too long or with characters Textract's token does not allow
    # When the token is derived
    token = client_request_token(document_id)
    # Then it is 64 hex characters, the same every time
    assert len(token) == 64 and token == client_request_token(document_id)
    assert all(c in "0123456789abcdef" for c in token)


def test_blocks_become_page_text_in_points_with_confidences_and_reading_order() -> None:
    # Given the job's blocks for page 1 of the job, which is page 2 of an A4 document
    target = OcrTarget(
        service_page=1, page=2, width=595.0, height=842.0, text_layer_rejected="too_few_characters"
    )
    blocks = [
        {"BlockType": "PAGE", "Id": "p1", "Page": 1, "Geometry": {"BoundingBox": {}}},
        word("Hazards", 1, 0.20, 0.10),
        word("SECTION", 1, 0.05, 0.10),
        word("2:", 1, 0.12, 0.10),
        word("Danger", 1, 0.05, 0.20, confidence=80.0),
        {"BlockType": "LINE", "Id": "l1", "Page": 1, "Text": "SECTION 2: Hazards", "Confidence": 99.0},
    ]
    # When they are turned into pages
    (page,) = pages_from_blocks(blocks, [target])
    # Then the page has the document's number and size, lines in reading order, boxes in points
    assert (page.number, page.width, page.height, page.source) == (2, 595.0, 842.0, TextSource.OCR)
    assert [line.text for line in page.lines] == ["SECTION 2: Hazards", "Danger"]
    first = page.words[0]
    assert first.text == "SECTION"
    assert first.box.x0 == pytest.approx(0.05 * 595) and first.box.y1 == pytest.approx(0.12 * 842)
    assert first.confidence == pytest.approx(0.985)
    assert page.mean_confidence == pytest.approx((98.5 * 3 + 80.0) / 4 / 100, abs=1e-3)
    assert page.text_layer_rejected == "too_few_characters"


def test_results_are_read_across_pages_of_the_api(stubbed: Any) -> None:
    # Given a finished job whose blocks come in two responses
    stub = stubbed("textract")
    first = {"JobStatus": "SUCCEEDED", "NextToken": "page-2", "Blocks": [word("One", 1, 0.1, 0.1)]}
    second = {"JobStatus": "SUCCEEDED", "Blocks": [word("Two", 1, 0.1, 0.2)]}
    stub.stubber.add_response("get_document_analysis", first, {"JobId": "job-1", "MaxResults": 1000})
    stub.stubber.add_response(
        "get_document_analysis", second, {"JobId": "job-1", "MaxResults": 1000, "NextToken": "page-2"}
    )
    # When the blocks are read
    blocks = TextractOcr(stub.client, SETTINGS).blocks("job-1")
    # Then both responses' blocks are there, in order
    assert [b["Text"] for b in blocks] == ["One", "Two"]


def test_a_failed_job_is_a_named_error(stubbed: Any) -> None:
    # Given a job Textract reports as failed
    stub = stubbed("textract")
    stub.stubber.add_response(
        "get_document_analysis", {"JobStatus": "FAILED", "StatusMessage": "UNSUPPORTED_DOCUMENT"}
    )
    # When its blocks are read
    # Then OcrJobFailed says why
    with pytest.raises(OcrJobFailed, match="UNSUPPORTED_DOCUMENT"):
        TextractOcr(stub.client, SETTINGS).blocks("job-1")


@pytest.fixture
def textract_host(aws_credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        make_table(client("dynamodb"))
        for name, value in {
            "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
            "MSDS_AWS_STATE_TABLE": TABLE,
            "MSDS_AWS_OCR": "textract",
            "MSDS_AWS_TEXTRACT_TOPIC_ARN": SETTINGS.sns_topic_arn,
            "MSDS_AWS_TEXTRACT_ROLE_ARN": SETTINGS.role_arn,
            "MSDS_AWS_TEXTRACT_OUTPUT_BUCKET": SETTINGS.output_bucket,
            "MSDS_AWS_LANGUAGE_DETECTOR": "local",
            "MSDS_TRANSLATOR": "catalog-only",
        }.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        try:
            yield s3
        finally:
            reset_aws_services()


def test_read_text_sends_the_scanned_page_and_the_callback_completes_the_step(
    textract_host: Any, stubbed: Any
) -> None:
    # Given a received mixed PDF, and Textract and Step Functions answered by their Stubbers
    from lambdas import read_text, receive, textract_callback

    data = mixed_pdf()
    document_id = document_id_of(data)
    textract_host.put_object(Bucket=BUCKET, Key="uploads/s1/mixed.pdf", Body=data)
    aws: AwsServices = aws_services()
    textract, sfn = stubbed("textract"), stubbed("stepfunctions")
    aws.textract = TextractOcr(textract.client, aws.textract.settings if aws.textract else SETTINGS)
    aws.tokens = TaskTokens(sfn.client)
    context = lambda_context()
    upload = object_created_event(BUCKET, "uploads/s1/mixed.pdf")["detail"]
    received = receive.handler({"bucket": BUCKET, "key": upload["object"]["key"]}, context)
    ocr_input = f"artifacts/{document_id}/ocr-input.pdf"
    textract.stubber.add_response(
        "start_document_analysis",
        {"JobId": "job-42"},
        start_request(document_id, S3Location(BUCKET, ocr_input), aws.textract.settings),
    )
    # When ReadText runs as a .waitForTaskToken task
    waiting = read_text.handler({**received, "task_token": "token-1"}, context)
    # ... and Textract's SNS notification arrives, with the job's blocks and the token's resumption
    textract.stubber.add_response(
        "get_document_analysis",
        {"JobStatus": "SUCCEEDED", "Blocks": [word("Scanned", 1, 0.1, 0.1), word("page", 1, 0.205, 0.1)]},
        {"JobId": "job-42", "MaxResults": 1000},
    )
    sfn.stubber.add_response("send_task_success", {})
    notification = {
        "JobId": "job-42",
        "Status": "SUCCEEDED",
        "API": "StartDocumentAnalysis",
        "JobTag": document_id,
        "Timestamp": 1748779200000,
        "DocumentLocation": {"S3ObjectName": ocr_input, "S3Bucket": BUCKET},
    }
    finished = textract_callback.handler(sns_event(notification), context)
    # Then the task waited for OCR of page 2 only, whose PDF was staged for Textract
    assert waiting["waiting_for_ocr"] is True and waiting["ocr_pages"] == [2]
    assert waiting["ocr_job_id"] == "job-42"
    assert len(pdfium.PdfDocument(textract_host.get_object(Bucket=BUCKET, Key=ocr_input)["Body"].read())) == 1
    # ... and after the callback the text has the layer's pages 1 and 3 and Textract's page 2
    (result,) = finished["results"]
    assert result["step"] == "ReadText" and "ReadText" in result["completed_steps"]
    raw = aws.pipeline.store.get_artifact(document_id, TEXT_ARTIFACT)
    assert raw is not None
    text = DocumentText.model_validate_json(raw)
    assert [p.source for p in text.pages] == [TextSource.TEXT_LAYER, TextSource.OCR, TextSource.TEXT_LAYER]
    assert text.pages[1].text == "Scanned page" and text.pages[1].width == pytest.approx(595, abs=1)
    assert aws.pipeline.store.get_artifact(document_id, TEXT_LAYER_ARTIFACT) is not None


def test_a_notification_for_another_job_is_ignored(textract_host: Any, stubbed: Any) -> None:
    # Given a document with no OCR job of that id
    from lambdas import textract_callback

    aws = aws_services()
    aws.textract = TextractOcr(stubbed("textract").client, SETTINGS)
    message = {"JobId": "other", "Status": "SUCCEEDED", "API": "StartDocumentAnalysis", "JobTag": "f" * 64}
    # When its notification arrives
    answer = textract_callback.handler(sns_event(message), lambda_context())
    # Then nothing is read and nothing is resumed
    assert answer == {"results": [None]}
