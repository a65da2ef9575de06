"""The monthly AWS bill of a workload: per-use services from the billable units of a document, fixed
resources from the deployment, every figure at the price book's list prices. Pure calculation.

What a document costs on the AWS host, and where the quantities come from:

* Textract AnalyzeDocument: the pages without a usable text layer, at the summed price of the requested
  feature types (a feature that is free with another requested one is not charged);
* Amazon Translate: characters of free text the phrase catalog could not translate;
* Comprehend: DetectDominantLanguage units;
* SageMaker: instance-hours of the always-on endpoint, or serverless GB-seconds and data per invocation;
* Lambda: one invocation per pipeline step, plus start_workflow, the Textract callback for documents with
  pages to OCR, and start_review and the review callback for reviewed documents;
* Step Functions Standard: one transition per state entered: a task per pipeline step, the ``Rejected`` and
  ``NeedsReview`` choices, the ``Done`` end state, and ``HumanReview`` for reviewed documents;
* S3, DynamoDB, KMS, CloudWatch: requests and storage per document and step (UsageAssumptions);
* OpenSearch, Redshift Serverless, the KMS key and the alarms: the deployment's fixed resources.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from models.cost import (
    CostEstimate,
    CostLine,
    Deployment,
    DocumentUnits,
    PriceBook,
    TextLayerSaving,
    UsageAssumptions,
    Workload,
)
from msds.errors import InvalidCostInput
from msds.services.price_book import price_of

HOURS_PER_MONTH = 730.0
MEGABYTES_PER_GIGABYTE = 1024.0
KILOBYTES_PER_GIGABYTE = 1024.0 * 1024.0
# States every execution enters besides the step tasks: the StartFrom choice (an upload starts at Receive, a
# reprocess attempt at its first step), the Rejected choice, the backfill notice (a Pass and its choice:
# does a backfill wait for this sheet?), the NeedsReview choice and Done.
CONTROL_STATES_PER_EXECUTION = 6
# Functions besides the step tasks: start_workflow always; the Textract callback when pages need OCR;
# start_review and the review callback when the sheet is reviewed.
EXTRA_INVOCATIONS = 1
REVIEW_INVOCATIONS = 2
# S3 requests per document: a state checkpoint per step (PUT) and the state and text read per step (GET),
# plus the upload, the original and the text artifact.
EXTRA_S3_PUTS = 3


def workload_of(**values: float | None) -> Workload:
    """A Workload from the given fields (None: the field's default); InvalidCostInput names bad ones."""
    try:
        return Workload.model_validate({name: value for name, value in values.items() if value is not None})
    except ValidationError as error:
        raise InvalidCostInput(_problems("the workload is not possible", error)) from error


def deployment_and_assumptions(text: str) -> tuple[Deployment, UsageAssumptions]:
    """Overrides of the deployment and the usage assumptions from JSON ``{"deployment": {...},
    "assumptions": {...}}`` (either part may be left out)."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidCostInput(f"the assumptions are not JSON: {error}") from error
    if not isinstance(document, dict) or set(document) - {"deployment", "assumptions"}:
        raise InvalidCostInput('the assumptions must be an object with "deployment" and/or "assumptions"')
    try:
        deployment = Deployment.model_validate(document.get("deployment", {}))
        assumptions = UsageAssumptions.model_validate(document.get("assumptions", {}))
    except ValidationError as error:
        raise InvalidCostInput(_problems("the assumptions are not valid", error)) from error
    return deployment, assumptions


def assumed_units(workload: Workload, assumptions: UsageAssumptions) -> DocumentUnits:
    """A document's billable units as the workload's shares and the assumptions imply them."""
    return DocumentUnits(
        ocr_pages=workload.pages_per_document * workload.scanned_share,
        translation_characters=workload.translated_share
        * assumptions.free_text_characters_per_translated_document,
        comprehend_units=assumptions.language_detection_units_per_document
        + assumptions.entity_units_per_document,
        vision_invocations=min(workload.pages_per_document, assumptions.vision_pages_per_document),
        ocr_document_share=workload.scanned_share,
        source="assumed",
    )


def textract_price_per_page(book: PriceBook, features: Sequence[str]) -> tuple[float, list[str]]:
    """The price of one page analysed with ``features``, and the price keys charged for it."""
    requested = {feature.upper() for feature in features}
    charged = []
    for feature in sorted(requested):
        key = f"textract.analyze_document.{feature}"
        if not requested & set(price_of(book, key).free_with):
            charged.append(key)
    return sum(price_of(book, key).unit_price for key in charged), charged


def workflow_transitions(step_names: Sequence[str], review_share: float) -> float:
    """State transitions of one execution of the document workflow, on average."""
    return len(step_names) + CONTROL_STATES_PER_EXECUTION + review_share


def lambda_invocations(step_names: Sequence[str], units: DocumentUnits, review_share: float) -> float:
    """Lambda invocations for one document, on average."""
    return len(step_names) + EXTRA_INVOCATIONS + units.ocr_document_share + REVIEW_INVOCATIONS * review_share


def estimate_cost(
    workload: Workload,
    units: DocumentUnits,
    book: PriceBook,
    step_names: Sequence[str],
    deployment: Deployment | None = None,
    assumptions: UsageAssumptions | None = None,
) -> CostEstimate:
    """The estimated monthly bill of ``workload`` whose documents spend ``units`` each."""
    deployment = deployment or Deployment()
    assumptions = assumptions or UsageAssumptions()
    documents = workload.documents_per_month
    steps = len(step_names)
    lines: list[CostLine] = []

    def line(service: str, item: str, quantity: float, key: str) -> None:
        price = price_of(book, key)
        lines.append(
            CostLine(
                service=service,
                item=item,
                quantity=quantity,
                unit=price.unit,
                unit_price_usd=price.unit_price,
                price_key=key,
                confirmed=price.confirmed,
            )
        )

    textract_page, textract_keys = textract_price_per_page(book, deployment.textract_features)
    lines.append(
        CostLine(
            service="Textract",
            item="AnalyzeDocument " + "+".join(f.upper() for f in deployment.textract_features),
            quantity=documents * units.ocr_pages,
            unit="page",
            unit_price_usd=textract_page,
            price_key="+".join(textract_keys),
            confirmed=all(price_of(book, key).confirmed for key in textract_keys),
        )
    )
    line("Translate", "free-text characters", documents * units.translation_characters, "translate.standard")
    line("Comprehend", "language detection units", documents * units.comprehend_units, "comprehend.standard")
    _vision_lines(line, deployment, assumptions, documents * units.vision_invocations)

    invocations = documents * lambda_invocations(step_names, units, workload.review_share)
    line("Lambda", "requests", invocations, "lambda.requests")
    gb_seconds = invocations * assumptions.lambda_seconds_per_invocation * assumptions.lambda_memory_gb
    line("Lambda", "duration", gb_seconds, "lambda.duration.x86_64")
    per_execution = workflow_transitions(step_names, workload.review_share)
    line(
        "Step Functions",
        f"Standard transitions ({per_execution:.1f} a document)",
        documents * per_execution,
        "stepfunctions.standard.transitions",
    )

    stored_gb = documents * assumptions.storage_months * assumptions.stored_megabytes_per_document
    line("S3", "stored documents and artifacts", stored_gb / MEGABYTES_PER_GIGABYTE, "s3.standard.storage")
    line("S3", "PUT requests", documents * (steps + EXTRA_S3_PUTS), "s3.standard.put")
    line("S3", "GET requests", documents * 2 * steps, "s3.standard.get")
    line(
        "DynamoDB",
        "writes",
        documents * (2 * steps + assumptions.record_kilobytes),
        "dynamodb.on_demand.write",
    )
    line("DynamoDB", "reads", documents * 2 * steps, "dynamodb.on_demand.read")
    record_kb = documents * assumptions.storage_months * assumptions.record_kilobytes
    line("DynamoDB", "stored records", record_kb / KILOBYTES_PER_GIGABYTE, "dynamodb.storage")

    _search_lines(line, deployment)
    line(
        "Redshift Serverless",
        f"{deployment.redshift_base_capacity} RPU while loads and queries run",
        deployment.redshift_base_capacity * assumptions.redshift_busy_hours_per_month,
        "redshift_serverless.compute",
    )
    if deployment.a2i:  # opt-in: the product's own review queue is the default
        reviewed = documents * workload.review_share
        line("Augmented AI", "sheets reviewed", reviewed, "a2i.custom_workflow.object")
    line("KMS", "customer managed keys", deployment.kms_keys, "kms.key")
    line("KMS", "requests", documents * assumptions.kms_requests_per_document, "kms.requests")
    line("CloudWatch", "alarms", deployment.alarms, "cloudwatch.alarm")
    logs_gb = invocations * assumptions.log_kilobytes_per_invocation / KILOBYTES_PER_GIGABYTE
    line("CloudWatch", "log ingestion", logs_gb, "cloudwatch.logs.ingestion")
    line("CloudWatch", "log storage", logs_gb * assumptions.storage_months, "cloudwatch.logs.storage")

    used = {key for line_ in lines for key in line_.price_key.split("+")}
    return CostEstimate(
        region=book.region,
        prices_read_on=book.read_on,
        workload=workload,
        units=units,
        deployment=deployment,
        assumptions=assumptions,
        lines=tuple(lines),
        text_layer_saving=TextLayerSaving(
            pages_per_month=documents * workload.pages_per_document,
            ocr_pages_per_month=documents * units.ocr_pages,
            textract_usd_per_page=textract_page,
        ),
        unconfirmed_prices=tuple(key for key in book.unconfirmed if key in used),
    )


def _vision_lines(
    line: Callable[[str, str, float, str], None],
    deployment: Deployment,
    assumptions: UsageAssumptions,
    invocations: float,
) -> None:
    if deployment.vision_serverless:
        memory_gb = deployment.vision_serverless_memory_mb / MEGABYTES_PER_GIGABYTE
        seconds = invocations * assumptions.vision_seconds_per_invocation
        line(
            "SageMaker",
            f"serverless inference, {deployment.vision_serverless_memory_mb} MB",
            seconds * memory_gb,
            "sagemaker.serverless.compute",
        )
        data_gb = invocations * assumptions.vision_megabytes_per_invocation / MEGABYTES_PER_GIGABYTE
        line("SageMaker", "serverless data in and out", data_gb, "sagemaker.serverless.data")
        return
    count = deployment.vision_min_instances
    line(
        "SageMaker",
        f"{count} x {deployment.vision_instance_type} endpoint, always on",
        count * HOURS_PER_MONTH,
        f"sagemaker.realtime.{deployment.vision_instance_type}",
    )


def _search_lines(line: Callable[[str, str, float, str], None], deployment: Deployment) -> None:
    kind = deployment.search_instance_type
    data_nodes = 2 if deployment.search_ha else 1
    line(
        "OpenSearch",
        f"{data_nodes} x {kind} data node",
        data_nodes * HOURS_PER_MONTH,
        f"opensearch.instance.{kind}",
    )
    if deployment.search_ha:
        line("OpenSearch", f"3 x {kind} dedicated master", 3 * HOURS_PER_MONTH, f"opensearch.instance.{kind}")
    line("OpenSearch", "gp3 storage", data_nodes * deployment.search_volume_gb, "opensearch.storage.gp3")


def _problems(summary: str, error: ValidationError) -> str:
    details = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors()
    )
    return f"{summary}: {details}"
