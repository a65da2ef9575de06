"""The web app on the AWS host, called as API Gateway calls it: HTTP API (payload format 2.0) events on the
``$default`` route into ``lambdas.web.handler`` (Mangum), over moto (S3 with a KMS key, the documents, review
tasks and sessions tables), a user pool of the test's own (tests.aws.cognito_fake) and Step Functions
answered by a Stubber."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from moto import mock_aws

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import ReviewReason, SdsRecord
from models.review import ReviewTask
from models.steps import PipelineState
from msds.adapters.aws.dynamo_review_tasks import review_tasks_table_definition
from msds.adapters.aws.dynamo_sessions import sessions_table_definition
from msds.adapters.aws.stepfunctions import TaskTokens
from msds.adapters.aws.workflow import AwsServices
from msds.composition_aws import aws_services, reset_aws_services
from msds.composition_aws_web import aws_web
from msds.pipeline.services import STATE_ARTIFACT
from msds.pipeline.steps import STEP_NAMES
from msds.services.review_tasks import open_review_task
from msds.web.host import WebHost
from tests.aws.api_host import T0, record_for
from tests.aws.cognito_fake import POOL, FakeCognito
from tests.aws.support import ACCOUNT, BUCKET, TABLE, Stubbed, client, lambda_context, make_bucket, make_table
from tests.helpers.synthetic import TickingClock

REVIEW_TABLE = "msds-review-tasks-test"
SESSIONS_TABLE = "msds-sessions-test"
API_ID = "a1b2c3d4e5"
HOST = f"{API_ID}.execute-api.eu-west-1.amazonaws.com"
BASE_URL = f"https://{HOST}/"
SESSION_COOKIE = "__Host-msds-session"
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded")


class Clock(TickingClock):
    def advance(self, delta: timedelta) -> None:
        self._next += delta


def web_event(
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    query: list[tuple[str, str]] | None = None,
    cookies: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> dict[str, Any]:
    """An HTTP API payload 2.0 event for the ``$default`` route (no authorizer: the app authenticates), as
    API Gateway sends it: lower-case headers, cookies apart, repeated query parameters joined by commas in
    ``queryStringParameters``, binary bodies base64-encoded."""
    pairs = query or []
    all_headers = {
        "host": HOST,
        "x-forwarded-proto": "https",
        "x-forwarded-port": "443",
        "x-forwarded-for": "198.51.100.7",
        "user-agent": "pytest",
        "accept": "*/*",
        **{k.lower(): v for k, v in (headers or {}).items()},
    }
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": urlencode(pairs),
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": HOST,
            "domainPrefix": API_ID,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "pytest",
            },
            "requestId": uuid.uuid4().hex[:16],
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jun/2025:12:00:00 +0000",
            "timeEpoch": 1748779200000,
        },
        "isBase64Encoded": False,
    }
    if pairs:
        joined: dict[str, list[str]] = {}
        for name, value in pairs:
            joined.setdefault(name, []).append(value)
        event["queryStringParameters"] = {name: ",".join(values) for name, values in joined.items()}
    if cookies:
        event["cookies"] = [f"{name}={value}" for name, value in cookies.items()]
    if body is not None:
        content_type = all_headers.get("content-type", "")
        if content_type.startswith(_TEXT_TYPES):
            event["body"] = body.decode("utf-8")
        else:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


@dataclass
class Answer:
    """A Lambda proxy answer (payload 2.0) read back."""

    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    @classmethod
    def of(cls, response: dict[str, Any]) -> Answer:
        raw = response.get("body") or ""
        body = base64.b64decode(raw) if response.get("isBase64Encoded") else raw.encode("utf-8")
        return cls(
            int(response["statusCode"]), dict(response.get("headers", {})), response.get("cookies", []), body
        )

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Browser:
    """A browser of the site: keeps its cookies, sends the session's anti-forgery token on changes."""

    site: AwsSite
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        answer = self.site.call(method, path, cookies=self.cookies, **kwargs)
        for header in answer.cookies:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Answer:
        headers = {"x-csrf-token": self.csrf, **kwargs.pop("headers", {})}
        return self.request("POST", path, headers=headers, **kwargs)

    def sign_in(self, claims: Mapping[str, Any]) -> Browser:
        """The hosted sign-in as a browser goes through it: /login, Cognito's page, /auth/callback."""
        start = self.get("/login", query=[("next", "/api/docs")])
        assert start.status == 303, start.text
        code, state = self.site.cognito.sign_in_at(start.location, claims)
        back = self.get("/auth/callback", query=[("code", code), ("state", state)])
        assert back.status == 303 and urlsplit(back.location).path == "/api/docs", back.text
        page = self.get("/api/docs")
        token = _CSRF.search(page.text)
        assert token is not None, page.text
        self.csrf = token.group(1)
        return self


@dataclass
class AwsSite:
    aws: AwsServices
    host: WebHost
    cognito: FakeCognito
    s3: Any
    kms_key_arn: str
    sfn: Stubbed
    clock: Clock

    def call(
        self,
        method: str,
        path: str,
        *,
        claims: Mapping[str, Any] | None = None,
        token_use: str = "id",
        headers: Mapping[str, str] | None = None,
        query: list[tuple[str, str]] | Mapping[str, str] | None = None,
        json_body: Any = None,
        body: bytes | str | None = None,
        cookies: Mapping[str, str] | None = None,
    ) -> Answer:
        """One request through API Gateway into the web function; ``claims`` sends a Cognito token of them."""
        from lambdas import web

        sent = dict(headers or {})
        if claims is not None:
            sent["authorization"] = f"Bearer {self.cognito.token(claims, use=token_use)}"
        data = body.encode("utf-8") if isinstance(body, str) else body
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            sent.setdefault("content-type", "application/json")
        pairs = list(query.items()) if isinstance(query, Mapping) else query
        event = web_event(method, path, headers=sent, query=pairs, cookies=cookies, body=data)
        return Answer.of(web.handler(event, lambda_context()))

    def browser(self) -> Browser:
        return Browser(self)

    def store_document(
        self,
        doc_id: str,
        *,
        status: DocumentStatus,
        supplier_ids: list[str] | None = None,
        received_minutes: int = 0,
        record: SdsRecord | None = None,
        with_record: bool = True,
        reasons: list[ReviewReason] | None = None,
        pages: int = 2,
    ) -> DocumentEntry:
        """An entry, record, state and (when it needs review) the review task, as Route leaves them."""
        received = T0 + timedelta(minutes=received_minutes)
        entry = DocumentEntry(
            document_id=doc_id,
            file_name=f"{doc_id[:8]}.pdf",
            media_type=MediaType.PDF,
            size_bytes=2048,
            pages=pages,
            status=status,
            received_at=received,
            updated_at=received,
            completed_steps=list(STEP_NAMES) if with_record else ["Receive"],
            supplier_ids=list(supplier_ids or []),
            uploaded_by="uploader-sub" if supplier_ids else None,
        )
        pipeline = self.aws.pipeline
        pipeline.repository.insert_if_absent(entry)
        if with_record:
            record = record or record_for(doc_id, needs_review=status == DocumentStatus.NEEDS_REVIEW)
            if reasons is not None:
                record = record.model_copy(update={"review_reasons": reasons})
            pipeline.repository.save_record(record)
            state = PipelineState(
                document_id=doc_id, file_name=entry.file_name, completed_steps=list(STEP_NAMES), record=record
            )
            pipeline.store.put_artifact(doc_id, STATE_ARTIFACT, state.model_dump_json().encode())
            if status == DocumentStatus.NEEDS_REVIEW:
                assert pipeline.review_tasks is not None
                open_review_task(pipeline.review_tasks, entry, record, received)
        return entry

    def task(self, doc_id: str) -> ReviewTask:
        assert self.aws.pipeline.review_tasks is not None
        found = self.aws.pipeline.review_tasks.get(doc_id)
        assert found is not None
        return found


# What every AWS host of the tests is configured with (MSDS_AWS_* names the moto resources).
BASE_ENVIRONMENT = {
    "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
    "MSDS_AWS_STATE_TABLE": TABLE,
    "MSDS_AWS_REVIEW_TASKS_TABLE": REVIEW_TABLE,
    "MSDS_AWS_SESSIONS_TABLE": SESSIONS_TABLE,
    "MSDS_AWS_USER_POOL_ID": POOL.user_pool_id,
    "MSDS_AWS_USER_POOL_CLIENT_ID": POOL.client_id,
    "MSDS_AWS_SIGN_IN_DOMAIN": POOL.domain_url,
    "MSDS_AWS_OCR": "local",
    "MSDS_AWS_LANGUAGE_DETECTOR": "local",
    "MSDS_TRANSLATOR": "catalog-only",
}
ENVIRONMENT = {**BASE_ENVIRONMENT, "MSDS_MAX_FILE_BYTES": "1000000"}


@pytest.fixture
def aws_site(aws_credentials: None, monkeypatch: pytest.MonkeyPatch, stubbed: Any) -> Iterator[AwsSite]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        dynamodb = client("dynamodb")
        make_table(dynamodb)
        dynamodb.create_table(**review_tasks_table_definition(REVIEW_TABLE))
        dynamodb.create_table(**sessions_table_definition(SESSIONS_TABLE))
        key_arn = client("kms").create_key(Description="msds test key")["KeyMetadata"]["Arn"]
        for name, value in {**ENVIRONMENT, "MSDS_AWS_KMS_KEY_ID": key_arn}.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        aws = aws_services()
        clock = Clock(datetime(2025, 6, 1, 12, 0, tzinfo=T0.tzinfo))
        aws.pipeline.now = clock
        sfn = stubbed("stepfunctions")
        aws.tokens = TaskTokens(sfn.client)
        cognito = FakeCognito()
        host = aws_web()
        host.sign_in = cognito.sign_in()
        host.bearer = cognito.tokens()
        try:
            yield AwsSite(
                aws=aws, host=host, cognito=cognito, s3=s3, kms_key_arn=key_arn, sfn=sfn, clock=clock
            )
        finally:
            reset_aws_services()
