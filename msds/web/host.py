"""What the web app needs from its host, bundled by each host's composition root."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from models.api import ReprocessStarted, UploadPlan
from models.document import DocumentEntry
from msds.pipeline.review import PublishLater, ResumeWorkflow
from msds.pipeline.services import PipelineServices
from msds.ports import DocumentProcessor, ReviewTasks, SessionStore, UploadSigner
from msds.services.api_access import Caller
from msds.services.products.service import ProductService


class PasswordSignIn(Protocol):
    """Sign-in with a user name and password checked by the product (the local host)."""

    kind: Literal["password"]

    def sign_in(self, user_name: str, password: str) -> Caller: ...


class HostedSignIn(Protocol):
    """Sign-in on an identity provider's own pages (Cognito's hosted sign-in: authorization code + PKCE)."""

    kind: Literal["hosted"]

    def authorize_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str: ...

    def complete(self, *, code: str, code_verifier: str, redirect_uri: str) -> Caller: ...

    def sign_out_url(self, *, redirect_uri: str) -> str: ...


class BearerTokens(Protocol):
    """Callers of the JSON API that send ``Authorization: Bearer <token>`` (ERP systems)."""

    def caller(self, token: str) -> Caller | None: ...


class OriginalLinks(Protocol):
    """Where a browser downloads an original file from, when the host serves it from elsewhere (AWS: a
    presigned S3 GET, since a Lambda function cannot answer a large file)."""

    def url(self, entry: DocumentEntry) -> str: ...


class DirectUploads(Protocol):
    """The host's own upload target (local host): checks a posted form against what was signed."""

    def verify(self, fields: Mapping[str, str], now: datetime) -> UploadPlan:
        """The plan the form was signed for (UploadRejected when it was changed or has expired)."""
        ...


class Reprocessor(Protocol):
    """Starts a document's next processing attempt (msds.pipeline.reprocess) on the host's own engine: the
    local processor, or a Step Functions execution on AWS."""

    def start(
        self, document_id: str, *, from_step: str | None = None, attempt: int | None = None
    ) -> ReprocessStarted: ...


@dataclass
class WebHost:
    """Everything the routes use. ``direct_uploads`` and ``processor`` exist on the local host only: on AWS
    the browser posts straight to S3 and the upload starts the workflow."""

    services: PipelineServices
    sessions: SessionStore
    sign_in: PasswordSignIn | HostedSignIn
    bearer: BearerTokens
    uploads: UploadSigner
    review_tasks: ReviewTasks
    direct_uploads: DirectUploads | None = None
    processor: DocumentProcessor | None = None
    name: Literal["local", "aws"] = "local"
    cookie_secure: bool = True
    session_hours: int = 8
    # Origins a form may post to besides the app itself (S3 for uploads, the sign-in domain).
    form_origins: tuple[str, ...] = field(default_factory=tuple)
    # Resumes the AWS workflow waiting for a review task (None on the local host: nothing waits).
    resume_workflow: ResumeWorkflow | None = None
    # Publishes a review submitted after its workflow stopped waiting, away from the request (AWS: an
    # attempt from Publish, which may wait longer than API Gateway lets a request last); None: in the request.
    publish_later: PublishLater | None = None
    # Runs a document again (the administrators' reprocess); None where the host cannot.
    reprocessor: Reprocessor | None = None
    # Original files are downloaded from there (AWS) instead of through the app (None: the local host).
    original_links: OriginalLinks | None = None
    # Finished products (bills of materials, traceability, proposals, labels); None where not set up.
    products: ProductService | None = None
