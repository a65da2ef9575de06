"""Human review through Amazon Augmented AI (A2I): start a human loop per review attempt, read the reviewer's
answer back from S3, and merge it into the record with provenance.

Loop names are lower-case, at most 63 characters (``^[a-z0-9](-*[a-z0-9])*$``) and unique in the account and
Region, also after a loop ended. A name here is the document id in base32 (52 characters, so the completion
event names the document without a lookup), the attempt number and a random suffix: a retried start after a
timeout, an expired loop or a Stopped one gets a new name.

The worker template receives ``InputContent`` as built by :func:`review_input` and posts one form field per
reviewable field (``models.review``): a value, or for statements and pictograms a list of codes separated by
spaces or commas. An empty field keeps the machine's value; an empty list (only the API sends lists) clears
the statements or pictograms.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from typing import Any

from botocore.exceptions import ClientError

from models.record import Extracted, SdsRecord
from models.review import REVIEWABLE_VALUE_FIELDS, ReviewAnswer
from msds.adapters.aws.s3_store import S3Objects, parse_s3_uri
from msds.adapters.aws.service_errors import error_code, service_call, translate_error
from msds.errors import ReviewEnded

_LOOP_NAME = re.compile(r"^[a-z0-9](-*[a-z0-9])*$")
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
MAX_LOOP_NAME = 63
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


def review_input(record: SdsRecord) -> dict[str, Any]:
    """What the worker template shows: why the sheet is reviewed, and each field with its evidence."""
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
    }


class A2IReview:
    """Starts human loops and reads their output."""

    def __init__(self, client: Any, objects: S3Objects, flow_definition_arn: str) -> None:
        self._a2i = client
        self._objects = objects
        self._flow = flow_definition_arn

    def start(self, record: SdsRecord, attempt: int) -> str:
        """Start a loop for the record; return its name."""
        name = human_loop_name(record.document_id, attempt)
        with service_call("sagemaker-a2i-runtime:StartHumanLoop"):
            self._a2i.start_human_loop(
                HumanLoopName=name,
                FlowDefinitionArn=self._flow,
                HumanLoopInput={"InputContent": json.dumps(review_input(record), default=str)},
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
    return ReviewAnswer(
        reviewer=reviewer,
        submitted_at=last.get("submissionTime") or last.get("acceptanceTime"),
        values=dict(last.get("answerContent") or {}),
    )
