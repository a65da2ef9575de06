"""The AWS adapters report the billable units of what they really sent: the requests are captured from the
botocore client as they leave, and the reported units are checked against them."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from botocore.response import StreamingBody
from PIL import Image

from models.document import MediaType
from models.metering import BillableUsage
from models.steps import PipelineState
from msds.adapters.aws.amazon_translate import AmazonTranslator
from msds.adapters.aws.comprehend import ComprehendLanguageDetector
from msds.adapters.aws.sagemaker_vision import SageMakerVisionDetector
from msds.adapters.aws.stepfunctions import TaskTokens
from msds.adapters.aws.textract import TextractOcr, plan_ocr
from msds.adapters.aws.workflow import AwsServices
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.composition_aws import aws_services
from msds.domain.billing_units import comprehend_units
from msds.domain.catalog import StatementCatalog
from msds.errors import ServiceRequestRejected
from msds.pipeline.services import STATE_ARTIFACT
from msds.pipeline.usage_meter import UsageMeter
from msds.services.receive import document_id_of
from tests.aws.support import BUCKET, lambda_context, sns_event
from tests.aws.test_textract import SETTINGS, mixed_pdf, textract_host, word
from tests.unit.test_metering import two_scanned_pages_of_five

__all__ = ["textract_host"]  # the fixture, shared with the Textract tests

ANSWER = {"SourceLanguageCode": "es", "TargetLanguageCode": "en"}


def capture(client: Any, event: str) -> list[dict[str, Any]]:
    """The parameters of every request of ``event`` (e.g. ``translate.TranslateText``) the client sends."""
    sent: list[dict[str, Any]] = []
    client.meta.events.register(f"provide-client-params.{event}", lambda params, **_: sent.append(params))
    return sent


def test_translate_reports_only_the_characters_of_free_text_not_of_catalog_phrases(stubbed: Any) -> None:
    # Given a German text whose first and last lines are official wordings, and Translate for the middle
    catalog = StatementCatalog()
    free_line = "Im Originalbehälter lagern, Herstellerangaben beachten."
    stub = stubbed("translate")
    sent = capture(stub.client, "translate.TranslateText")
    stub.stubber.add_response(
        "translate_text",
        {
            "TranslatedText": "Store in the original container.",
            "SourceLanguageCode": "de",
            "TargetLanguageCode": "en",
        },
    )
    meter = UsageMeter()
    text = f"{catalog.official_text('P210', 'de')}\n{free_line}\nGefahr"
    # When it is translated
    AmazonTranslator(stub.client, catalog, usage=meter).translate([text], "de")
    # Then only the free line went out, and exactly its characters are reported
    assert [request["Text"] for request in sent] == [free_line]
    assert meter.take() == BillableUsage(translation_characters=len(free_line))


def test_translate_reports_a_retranslated_line_again_because_it_was_sent_again(stubbed: Any) -> None:
    # Given Translate merging two lines into one answer, then answering each line alone
    stub = stubbed("translate")
    sent = capture(stub.client, "translate.TranslateText")
    for answer in ("One and two.", "One.", "Two."):
        stub.stubber.add_response("translate_text", {"TranslatedText": answer, **ANSWER})
    meter = UsageMeter()
    # When a two-line text is translated
    AmazonTranslator(stub.client, StatementCatalog(), usage=meter).translate(["Uno.\nDos."], "es")
    # Then the three requests' characters are reported: the joined lines, then each line
    assert [request["Text"] for request in sent] == ["Uno.\nDos.", "Uno.", "Dos."]
    assert meter.take().translation_characters == 9 + 4 + 4


def test_comprehend_language_detection_reports_the_units_of_the_sample_it_sent(stubbed: Any) -> None:
    # Given a long Spanish text (far over the 5,000-byte sample) and a short caption
    stub = stubbed("comprehend")
    sent = capture(stub.client, "comprehend.DetectDominantLanguage")
    stub.stubber.add_response(
        "detect_dominant_language", {"Languages": [{"LanguageCode": "es", "Score": 0.99}]}
    )
    meter = UsageMeter()
    detector = ComprehendLanguageDetector(stub.client, usage=meter)
    # When both are detected
    detector.detect("Mantener el recipiente bien cerrado y en un lugar fresco. " * 300)
    detector.detect("Ficha")
    # Then one request went out (the caption is too short to send) and its units are the sample's
    (request,) = sent
    assert len(request["Text"]) < 5_001
    assert meter.take() == BillableUsage(
        language_detection_requests=1, language_detection_units=comprehend_units(len(request["Text"]))
    )


def endpoint_answer() -> dict[str, Any]:
    body = json.dumps({"page": 1, "pictograms": [], "signatures": []}).encode()
    return {"Body": StreamingBody(io.BytesIO(body), len(body)), "ContentType": "application/json"}


def test_the_vision_endpoint_reports_one_invocation_per_page_answered(stubbed: Any) -> None:
    # Given an endpoint that answers two pages and fails on a third
    stub = stubbed("sagemaker-runtime")
    sent = capture(stub.client, "sagemaker-runtime.InvokeEndpoint")
    stub.stubber.add_response("invoke_endpoint", endpoint_answer())
    stub.stubber.add_response("invoke_endpoint", endpoint_answer())
    stub.stubber.add_client_error("invoke_endpoint", "ModelError", "inference failed", 424)
    meter = UsageMeter()
    vision = SageMakerVisionDetector(stub.client, "msds-vision", usage=meter)
    page = Image.new("RGB", (40, 60), "white")
    # When three pages are looked at
    vision.detect(page, 1, signatures=False)
    vision.detect(page, 2, signatures=True)
    with pytest.raises(ServiceRequestRejected):
        vision.detect(page, 3, signatures=False)
    # Then three requests went out and the two answered ones are reported
    assert len(sent) == 3
    assert meter.take() == BillableUsage(vision_invocations=2)


def test_textract_reports_the_pages_it_analysed_once_for_a_paginated_result(stubbed: Any) -> None:
    # Given a finished two-page job whose blocks come in two responses, each repeating the metadata
    stub = stubbed("textract")
    metadata = {"DocumentMetadata": {"Pages": 2}}
    stub.stubber.add_response(
        "get_document_analysis",
        {"JobStatus": "SUCCEEDED", "NextToken": "more", "Blocks": [word("One", 1, 0.1, 0.1)], **metadata},
    )
    stub.stubber.add_response(
        "get_document_analysis", {"JobStatus": "SUCCEEDED", "Blocks": [word("Two", 2, 0.1, 0.1)], **metadata}
    )
    meter = UsageMeter()
    # When the blocks are read
    TextractOcr(stub.client, SETTINGS, usage=meter).blocks("job-1")
    # Then two pages are reported, not four
    assert meter.take() == BillableUsage(ocr_pages=2)


def test_a_document_with_2_scanned_pages_of_5_sends_2_pages_to_textract() -> None:
    # Given the five-page PDF whose pages 2 and 4 have no text layer (the local host meters 2 OCR pages)
    data = two_scanned_pages_of_five()
    # When the AWS host plans its OCR
    plan = plan_ocr(data, MediaType.PDF, PdfiumTextLayer())
    # Then the same two pages, and only they, go to Textract
    assert [target.page for target in plan.targets] == [2, 4]
    assert not plan.whole_document


def test_the_textract_callback_stores_the_analysed_pages_once_even_when_redelivered(
    textract_host: Any, stubbed: Any
) -> None:
    # Given a mixed PDF whose scanned page went to Textract, with the job's answer prepared
    from lambdas import read_text, receive, textract_callback

    data = mixed_pdf()
    document_id = document_id_of(data)
    textract_host.put_object(Bucket=BUCKET, Key="uploads/s1/mixed.pdf", Body=data)
    aws: AwsServices = aws_services()
    textract, sfn = stubbed("textract"), stubbed("stepfunctions")
    aws.textract = TextractOcr(textract.client, SETTINGS, usage=aws.pipeline.meter)
    aws.tokens = TaskTokens(sfn.client)
    context = lambda_context()
    received = receive.handler({"bucket": BUCKET, "key": "uploads/s1/mixed.pdf"}, context)
    textract.stubber.add_response("start_document_analysis", {"JobId": "job-7"})
    read_text.handler({**received, "task_token": "token-1"}, context)
    textract.stubber.add_response(
        "get_document_analysis",
        {"JobStatus": "SUCCEEDED", "DocumentMetadata": {"Pages": 1}, "Blocks": [word("Scan", 1, 0.1, 0.1)]},
    )
    sfn.stubber.add_response("send_task_success", {})
    sfn.stubber.add_response("send_task_success", {})
    notification = {
        "JobId": "job-7",
        "Status": "SUCCEEDED",
        "API": "StartDocumentAnalysis",
        "JobTag": document_id,
    }
    # When Textract's notification arrives, and arrives again
    textract_callback.handler(sns_event(notification), context)
    textract_callback.handler(sns_event(notification), context)
    # Then the checkpointed state meters the one analysed page for ReadText, once
    raw = aws.pipeline.store.get_artifact(document_id, STATE_ARTIFACT)
    assert raw is not None
    state = PipelineState.model_validate_json(raw)
    assert state.metering.by_step == {"ReadText": BillableUsage(ocr_pages=1)}
