"""Composition root of the AWS host: the one place where AWS adapters are chosen and wired.

Nothing happens at import. ``aws_services()`` reads the environment (``Settings.from_env()`` for the product's
settings, ``AwsSettings.from_env()`` for the resources) the first time a Lambda container calls it, builds the
clients and adapters once, and returns the same object for every later invocation of that container.

Each resource setting is the environment variable ``MSDS_AWS_<NAME>``; ``AwsSettings.environment_names()``
lists them for the infrastructure tests, next to ``Settings.environment_names()``. The free-text translation
engine is the product setting ``Settings.translator`` (``MSDS_TRANSLATOR``), as on the local host.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from msds.adapters.aws.a2i_review import A2IReview
from msds.adapters.aws.amazon_translate import AmazonTranslator
from msds.adapters.aws.clients import client_config, default_session, presign_config
from msds.adapters.aws.comprehend import ComprehendLanguageDetector
from msds.adapters.aws.dynamo_repository import DynamoDocumentRepository
from msds.adapters.aws.dynamo_review_tasks import DynamoReviewTasks
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer, opensearch_client
from msds.adapters.aws.redshift_loader import RedshiftLoader
from msds.adapters.aws.s3_store import S3DocumentStore, S3Objects
from msds.adapters.aws.s3_uploads import S3UploadSigner
from msds.adapters.aws.sagemaker_vision import DEFAULT_DPI, SageMakerVisionDetector
from msds.adapters.aws.stepfunctions import TaskTokens, WorkflowStarter
from msds.adapters.aws.textract import DEFAULT_FEATURES, TextractOcr, TextractSettings
from msds.adapters.aws.workflow import AwsServices
from msds.adapters.local.apertium_translator import ApertiumTranslator
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.adapters.local.pdfium_inspector import PdfiumInspector
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.tesseract_ocr import TesseractOcr
from msds.adapters.local.usage_metering import MeteredLanguageDetector, MeteredTranslator
from msds.domain.catalog import StatementCatalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.errors import ConfigurationError
from msds.pipeline.services import PipelineServices
from msds.pipeline.usage_meter import UsageMeter
from msds.ports import LanguageDetector, Translator
from msds.services.receive import utc_now
from msds.settings import Settings

AWS_ENV_PREFIX = "MSDS_AWS_"


class AwsSettings(BaseModel):
    """The AWS resources of one deployment. Each field maps to the environment variable MSDS_AWS_<NAME>."""

    document_bucket: str = Field(description="Bucket of originals (originals/) and artifacts (artifacts/).")
    state_table: str = Field(description="DynamoDB table of document state (see dynamo_repository).")
    upload_prefix: str = Field(default="uploads/", description="Key prefix suppliers upload under.")
    kms_key_id: str | None = Field(default=None, description="KMS key for objects the functions write.")
    state_machine_arn: str | None = Field(default=None, description="The document workflow (start_workflow).")
    ocr: Literal["textract", "local"] = Field(
        default="textract", description="OCR of pages without a usable text layer: Textract or Tesseract."
    )
    textract_topic_arn: str | None = Field(default=None, description="SNS topic Textract notifies.")
    textract_role_arn: str | None = Field(default=None, description="Role Textract publishes to SNS with.")
    textract_output_bucket: str | None = Field(
        default=None, description="Bucket of Textract's output (default: the document bucket)."
    )
    textract_features: tuple[str, ...] = Field(
        default=DEFAULT_FEATURES, description="FeatureTypes of StartDocumentAnalysis, comma separated."
    )
    language_detector: Literal["comprehend", "local"] = Field(
        default="comprehend", description="Comprehend DetectDominantLanguage or lingua in the function."
    )
    terminology_name: str | None = Field(default=None, description="Amazon Translate custom terminology.")
    vision_endpoint: str | None = Field(default=None, description="SageMaker endpoint of the vision model.")
    vision_dpi: int = Field(default=DEFAULT_DPI, ge=50, le=600, description="Render resolution for it.")
    review_tasks_table: str | None = Field(
        default=None,
        description="DynamoDB table of the review queue (Route opens a task per sheet to review).",
    )
    review_channel: Literal["queue", "a2i"] = Field(
        default="queue",
        description="Who works review tasks: the product's queue (the web app), or Amazon A2I (opt-in).",
    )
    flow_definition_arn: str | None = Field(default=None, description="A2I flow definition (channel a2i).")
    search_endpoint: str | None = Field(default=None, description="OpenSearch domain endpoint (host).")
    search_index: str = Field(default="sds-records", description="OpenSearch index of records.")
    search_service: Literal["es", "aoss"] = Field(default="es", description="SigV4 service name.")
    redshift_workgroup: str | None = Field(default=None, description="Redshift Serverless workgroup.")
    redshift_cluster: str | None = Field(default=None, description="Provisioned cluster (instead).")
    redshift_database: str = Field(default="dev", description="Redshift database.")
    redshift_secret_arn: str | None = Field(default=None, description="Secret for the Data API, if any.")
    redshift_iam_role: str = Field(default="default", description="Role COPY reads the staging bucket with.")
    staging_bucket: str | None = Field(default=None, description="Bucket of analytics staging files.")
    # The web app (lambdas.web) only.
    sessions_table: str | None = Field(default=None, description="DynamoDB table of the web app's sessions.")
    user_pool_id: str | None = Field(default=None, description="Cognito user pool the web app signs in with.")
    user_pool_client_id: str | None = Field(default=None, description="The web app's client of that pool.")
    sign_in_domain: str | None = Field(
        default=None, description="The pool's hosted sign-in domain, https://<prefix>.auth.<region>...."
    )

    @field_validator("textract_features", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().upper() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _a2i_needs_a_flow_definition(self) -> AwsSettings:
        if self.review_channel == "a2i" and not self.flow_definition_arn:
            raise ValueError("review_channel a2i needs flow_definition_arn (the A2I flow definition)")
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AwsSettings:
        env = os.environ if environ is None else environ
        values = {
            name: env[AWS_ENV_PREFIX + name.upper()]
            for name in cls.model_fields
            if AWS_ENV_PREFIX + name.upper() in env
        }
        try:
            return cls.model_validate(values)
        except ValueError as error:
            raise ConfigurationError(f"the AWS settings in the environment are not valid: {error}") from error

    @classmethod
    def environment_names(cls) -> list[str]:
        return [AWS_ENV_PREFIX + name.upper() for name in cls.model_fields]


def build_aws_services(settings: Settings, aws: AwsSettings, session: Any | None = None) -> AwsServices:
    """Wire the AWS host. ``session`` is a boto3 Session (a new default one when not given)."""
    session = session or default_session()
    config = client_config()

    def client(name: str) -> Any:
        return session.client(name, config=config)

    s3 = client("s3")
    documents = S3DocumentStore(s3, aws.document_bucket, kms_key_id=aws.kms_key_id)
    objects = S3Objects(s3, kms_key_id=aws.kms_key_id)
    catalog = StatementCatalog()
    meter = UsageMeter()  # every billed adapter reports to it; steps keep what it took (run_metered)
    language_detector: LanguageDetector
    if aws.language_detector == "comprehend":
        language_detector = ComprehendLanguageDetector(client("comprehend"), settings.languages, usage=meter)
    else:
        language_detector = MeteredLanguageDetector(LinguaDetector(settings.languages), meter)
    translator: Translator | None = None
    if settings.translator == "amazon":
        names = [aws.terminology_name] if aws.terminology_name else []
        translator = AmazonTranslator(client("translate"), catalog, terminology_names=names, usage=meter)
    elif settings.translator == "apertium":
        translator = MeteredTranslator(ApertiumTranslator(), meter)
    pipeline = PipelineServices(
        settings=settings,
        store=documents,
        repository=DynamoDocumentRepository(client("dynamodb"), aws.state_table),
        inspector=PdfiumInspector(),
        text_layer=PdfiumTextLayer(),
        renderer=PdfiumRenderer(),
        ocr=TesseractOcr(),
        language_detector=language_detector,
        translator=translator,
        catalog=catalog,
        matcher=PhraseMatcher(),
        now=utc_now,
        vision=(
            SageMakerVisionDetector(
                client("sagemaker-runtime"), aws.vision_endpoint, dpi=aws.vision_dpi, usage=meter
            )
            if aws.vision_endpoint
            else None
        ),
        search_index=_indexer(aws, session),
        analytics=_loader(aws, client, objects),
        review_tasks=DynamoReviewTasks(client("dynamodb"), aws.review_tasks_table)
        if aws.review_tasks_table
        else None,
        meter=meter,
    )
    stepfunctions = client("stepfunctions")
    return AwsServices(
        pipeline=pipeline,
        documents=documents,
        objects=objects,
        upload_prefix=aws.upload_prefix,
        starter=WorkflowStarter(stepfunctions, aws.state_machine_arn) if aws.state_machine_arn else None,
        tokens=TaskTokens(stepfunctions),
        textract=_textract(aws, client, meter),
        review=(
            A2IReview(client("sagemaker-a2i-runtime"), objects, aws.flow_definition_arn)
            if aws.flow_definition_arn
            else None
        ),
        review_channel=aws.review_channel,
        uploads=S3UploadSigner(
            session.client("s3", config=presign_config()), aws.document_bucket, kms_key_id=aws.kms_key_id
        ),
    )


def _textract(aws: AwsSettings, client: Any, meter: UsageMeter) -> TextractOcr | None:
    if aws.ocr == "local":
        return None
    if not aws.textract_topic_arn or not aws.textract_role_arn:
        raise ConfigurationError(
            "Textract OCR needs MSDS_AWS_TEXTRACT_TOPIC_ARN and MSDS_AWS_TEXTRACT_ROLE_ARN "
            "(or MSDS_AWS_OCR=local for Tesseract in the function)"
        )
    settings = TextractSettings(
        sns_topic_arn=aws.textract_topic_arn,
        role_arn=aws.textract_role_arn,
        output_bucket=aws.textract_output_bucket or aws.document_bucket,
        feature_types=aws.textract_features,
        kms_key_id=aws.kms_key_id,
    )
    return TextractOcr(client("textract"), settings, usage=meter)


def _indexer(aws: AwsSettings, session: Any) -> OpenSearchIndexer | None:
    if not aws.search_endpoint:
        return None
    credentials = session.get_credentials()
    region = session.region_name
    if credentials is None or region is None:
        raise ConfigurationError("OpenSearch needs AWS credentials and a region to sign requests")
    return OpenSearchIndexer(
        opensearch_client(aws.search_endpoint, region, credentials, aws.search_service), aws.search_index
    )


def _loader(aws: AwsSettings, client: Any, objects: S3Objects) -> RedshiftLoader | None:
    if not (aws.redshift_workgroup or aws.redshift_cluster):
        return None
    if not aws.staging_bucket:
        raise ConfigurationError("Redshift loads need MSDS_AWS_STAGING_BUCKET")
    return RedshiftLoader(
        client("redshift-data"),
        objects,
        database=aws.redshift_database,
        staging_bucket=aws.staging_bucket,
        workgroup=aws.redshift_workgroup,
        cluster=None if aws.redshift_workgroup else aws.redshift_cluster,
        secret_arn=aws.redshift_secret_arn,
        iam_role=aws.redshift_iam_role,
    )


_services: AwsServices | None = None
_lock = threading.Lock()


def aws_services() -> AwsServices:
    """The container's services, built from the environment on first use."""
    global _services
    with _lock:
        if _services is None:
            _services = build_aws_services(Settings.from_env(), AwsSettings.from_env())
        return _services


def reset_aws_services() -> None:
    """Forget the built services (tests, or a container that must re-read its environment)."""
    global _services
    with _lock:
        _services = None


def build_aws_admin(aws: AwsSettings, session: Any | None = None) -> AwsServices:
    """The AWS host as an administrator's command uses it (``msds reprocess --aws``): the document state
    table, the document bucket and the document state machine (MSDS_AWS_STATE_TABLE, _DOCUMENT_BUCKET,
    _STATE_MACHINE_ARN); none of the services that run a step is called from there."""
    if not aws.state_machine_arn:
        raise ConfigurationError("reprocessing on AWS needs MSDS_AWS_STATE_MACHINE_ARN (the stack's output)")
    lean = aws.model_copy(
        update={
            "ocr": "local",
            "language_detector": "local",
            "vision_endpoint": None,
            "search_endpoint": None,
            "redshift_workgroup": None,
            "redshift_cluster": None,
            "review_channel": "queue",
            "flow_definition_arn": None,
        }
    )
    settings = Settings.from_env().model_copy(update={"translator": "catalog-only"})
    return build_aws_services(settings, lean, session)
