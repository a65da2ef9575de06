"""Human review through Amazon Augmented AI (A2I): start a human loop per review attempt, read the reviewer's
answer back from S3, and merge it into the record with provenance.

Loop names are lower-case, at most 63 characters (``^[a-z0-9](-*[a-z0-9])*$``) and unique in the account and
Region, also after a loop ended. A name here is the document id in base32 (52 characters, so the completion
event names the document without a lookup), the attempt number and a random suffix: a retried start after a
timeout, an expired loop or a Stopped one gets a new name.

The worker template receives ``InputContent`` as built by :func:`review_input`: the reasons, each field with
its evidence, the codes, and the pages the reviewer must check (``page_images``: ``s3://`` URIs of pages
rendered as artifacts, which the template turns into short-lived links with A2I's ``grant_read_access``
filter when the task is shown, signed by the flow definition's role; links presigned when the loop starts
would expire, with the function's temporary credentials, long before the task's days of availability).

It posts one form field per reviewable field (``models.review``): a value, or for statements and pictograms
a list of codes separated by spaces or commas; and for each code it showed a ``remove_<field>`` check box
(``crowd-checkbox``, answered as ``{"remove_hazard_statements": {"H319": true, ...}}``) that takes a wrong
code out. An empty field keeps the machine's value.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from typing import Any

from botocore.exceptions import ClientError

from models.record import Evidence, Extracted, SdsRecord
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, ReviewAnswer
from msds.adapters.aws.s3_store import S3Objects, parse_s3_uri
from msds.adapters.aws.service_errors import error_code, service_call, translate_error
from msds.domain.review_priority import fields_to_check
from msds.errors import ReviewEnded

_LOOP_NAME = re.compile(r"^[a-z0-9](-*[a-z0-9])*$")
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
MAX_LOOP_NAME = 63
# The pages a reviewer is shown at most, and how finely they are rendered (small print must be legible).
MAX_REVIEW_PAGES = 6
REVIEW_PAGE_DPI = 150
REMOVE_PREFIX = "remove_"
_CODE_SEPARATORS = re.compile(r"[\s,;]+")
# StopHumanLoop of a loop that already ended (or never existed): nothing to stop.
_NOT_RUNNING = frozenset({"ResourceNotFoundException", "ValidationException", "ConflictException"})


def human_loop_name(document_id: str, attempt: int, suffix: str | None = None) -> str:
    """``<document id in base32>-<attempt>-<random>``: unique per attempt, and it names the document."""
    if not _DOCUMENT_ID.match(document_id):
        raise ValueError(f"a review needs a SHA-256 document id, not {document_id!r}")
    if not 1 <= attempt <= 999:
        raise ValueError(f"attempt {attempt} is outside 1..999")
    encoded = base64.b32encode(bytes.fromhex(document_id)).decode("ascii").rstrip("=").lower()
    name = f"{encoded}-{attempt}-{suffix or secrets.token_hex(3)}"
    if len(name) > MAX_LOOP_NAME or not _LOOP_NAME.match(name):
        raise ValueError(f"{name!r} is not a valid human loop name")
    return name


def document_id_of_loop(loop_name: str) -> str:
    """The document id a loop name was made from (ValueError when it was not made by human_loop_name)."""
    encoded = loop_name.split("-", 1)[0].upper()
    try:
        raw = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except ValueError as error:
        raise ValueError(f"{loop_name!r} does not name a document") from error
    if len(raw) != 32:
        raise ValueError(f"{loop_name!r} does not name a document")
    return raw.hex()


def pages_to_check(record: SdsRecord, page_count: int) -> list[int]:
    """The pages a reviewer must look at: where the fields the reasons flag were read, and where the hazard
    statements and pictograms were (a missed hazard is the worst error); the first pages when the record
    says nothing of where (Section 2 is at the start of a sheet). At most MAX_REVIEW_PAGES, in order."""
    evidence: list[Evidence] = []
    for name in dict.fromkeys([*fields_to_check(record.review_reasons), "hazard_statements", "pictograms"]):
        value = getattr(record, name, None)
        if name in REVIEWABLE_CODE_FIELDS:
            evidence.extend(item for code in value or [] for item in code.evidence)
        elif isinstance(value, Extracted):
            evidence.extend(value.evidence)
    pages = sorted({item.page for item in evidence if item.page is not None and 1 <= item.page <= page_count})
    if not pages:
        pages = list(range(1, min(page_count, 2) + 1))
    return pages[:MAX_REVIEW_PAGES]


def review_input(record: SdsRecord, page_images: list[str] | None = None) -> dict[str, Any]:
    """What the worker template shows: why the sheet is reviewed, each field with its evidence, and the pages
    to check (``s3://`` URIs the template opens with ``grant_read_access``)."""
    fields: dict[str, Any] = {}
    for name in REVIEWABLE_VALUE_FIELDS:
        extracted: Extracted[Any] | None = getattr(record, name)
        evidence = extracted.evidence[0] if extracted and extracted.evidence else None
        fields[name] = {
            "value": None if extracted is None else extracted.value,
            "confidence": None if extracted is None else extracted.confidence,
            "page": evidence.page if evidence else None,
            "snippet": evidence.snippet if evidence else "",
        }
    return {
        "document_id": record.document_id,
        "file_name": record.file_name,
        "language": record.language,
        "review_reasons": [reason.model_dump() for reason in record.review_reasons],
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": f.message} for f in record.findings
        ],
        "fields": fields,
        "hazard_statements": record.h_codes,
        "precautionary_statements": record.p_codes,
        "pictograms": [p.code for p in record.pictograms],
        "page_images": list(page_images or []),
    }


class A2IReview:
    """Starts human loops and reads their output."""

    def __init__(self, client: Any, objects: S3Objects, flow_definition_arn: str) -> None:
        self._a2i = client
        self._objects = objects
        self._flow = flow_definition_arn

    def start(self, record: SdsRecord, attempt: int, page_images: list[str] | None = None) -> str:
        """Start a loop for the record, showing the pages ``page_images`` (``s3://`` URIs); its name."""
        name = human_loop_name(record.document_id, attempt)
        content = json.dumps(review_input(record, page_images), default=str)
        with service_call("sagemaker-a2i-runtime:StartHumanLoop"):
            self._a2i.start_human_loop(
                HumanLoopName=name,
                FlowDefinitionArn=self._flow,
                HumanLoopInput={"InputContent": content},
            )
        return name

    def stop(self, loop_name: str) -> bool:
        """Withdraw a loop from the reviewers (its answer is not wanted any more); False if it had ended."""
        try:
            self._a2i.stop_human_loop(HumanLoopName=loop_name)
        except ClientError as error:
            if error_code(error) in _NOT_RUNNING:
                return False
            raise translate_error(error, "sagemaker-a2i-runtime:StopHumanLoop") from error
        return True

    def answer(self, output_s3_uri: str) -> ReviewAnswer:
        """The last submitted answer of a completed loop (``output.json`` in the flow's output bucket)."""
        output = json.loads(self._objects.read(parse_s3_uri(output_s3_uri)).data)
        return answer_from_output(output)


def answer_from_output(output: dict[str, Any]) -> ReviewAnswer:
    answers = output.get("humanAnswers") or []
    if not answers:
        raise ReviewEnded(f"human loop {output.get('humanLoopName', '?')} has no answer")
    last = max(answers, key=lambda a: str(a.get("submissionTime", "")))
    identity = (last.get("workerMetadata") or {}).get("identityData") or {}
    reviewer = str(identity.get("sub") or last.get("workerId") or "unknown")
    shown = output.get("inputContent") or {}
    return ReviewAnswer(
        reviewer=reviewer,
        submitted_at=last.get("submissionTime") or last.get("acceptanceTime"),
        values=without_removed_codes(dict(last.get("answerContent") or {}), shown),
    )


def without_removed_codes(values: dict[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """The form's values with each code whose ``remove_<field>`` box was ticked taken out of its list (the
    list as the reviewer left it in the field, or as the loop showed it when the field did not come back)."""
    answer = {name: value for name, value in values.items() if not name.startswith(REMOVE_PREFIX)}
    for field in REVIEWABLE_CODE_FIELDS:
        boxes = values.get(REMOVE_PREFIX + field)
        removed = {str(code).strip().upper() for code, ticked in (boxes or {}).items() if ticked is True}
        if not removed:
            continue
        listed = answer.get(field, shown.get(field, []))
        codes = _CODE_SEPARATORS.split(listed) if isinstance(listed, str) else [str(c) for c in listed]
        answer[field] = [code for code in codes if code and code.strip().upper() not in removed]
    return answer
