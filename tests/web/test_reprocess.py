"""The administrators' reprocess route on the local host: who may call it, what it answers (the attempt it
started), and the named refusals (unknown document or step, a document still processing, a repeated
attempt, a request without the session's anti-forgery token)."""

from __future__ import annotations

import pytest

from models.document import DocumentEntry, DocumentStatus
from tests.web.support import Site, seed_document

ROUTE = "/api/admin/documents/{id}/reprocess"


def failed(site: Site, seed: str, suppliers: list[str] | None = None) -> str:
    """A sheet whose processing failed in Extract."""
    doc_id = seed_document(site, seed, suppliers=suppliers or ["ACME"])
    repository = site.host.services.repository
    entry = repository.get(doc_id)
    assert entry is not None
    repository.update(
        entry.model_copy(
            update={
                "status": DocumentStatus.FAILED,
                "error_code": "step_failed",
                "error_message": "Extract: x",
            }
        )
    )
    return doc_id


def entry_of(site: Site, doc_id: str) -> DocumentEntry:
    entry = site.host.services.repository.get(doc_id)
    assert entry is not None
    return entry


def test_an_admin_reprocesses_a_failed_sheet_and_is_answered_with_the_attempt_it_started(site: Site) -> None:
    # Given a failed sheet, and an administrator signed in
    doc_id = failed(site, "failed-sheet")
    ada = site.signed_in("ada")

    # When the administrator reprocesses it
    answer = ada.post(ROUTE.format(id=doc_id))

    # Then attempt 1 was started from the first step not done, and the sheet went through the pipeline again
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert (body["attempt"], body["start_from"], body["started"]) == (1, "ReadText", True)
    entry = entry_of(site, doc_id)
    assert entry.attempt == 1 and entry.error_code is None
    assert entry.status in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
    assert body["status"] == entry.status.value
    # ... and the document's own view says which attempt it is at
    assert ada.get(f"/api/documents/{doc_id}").json()["attempt"] == 1


def test_an_admin_repeating_a_request_with_its_attempt_starts_nothing_new(site: Site) -> None:
    # Given a failed sheet reprocessed as attempt 1
    doc_id = failed(site, "repeated-sheet")
    ada = site.signed_in("ada")
    first = ada.post(ROUTE.format(id=doc_id), json={"attempt": 1})
    assert first.status_code == 202 and first.json()["started"] is True

    # When the same request is sent again (its answer was lost, say)
    again = ada.post(ROUTE.format(id=doc_id), json={"attempt": 1})

    # Then it is answered attempt 1, not started by this request, and no attempt 2 was recorded
    assert again.status_code == 202
    assert (again.json()["attempt"], again.json()["started"]) == (1, False)
    assert entry_of(site, doc_id).attempt == 1


@pytest.mark.parametrize("user", ["carl", "rita", "acme"])
def test_compliance_staff_reviewers_and_suppliers_cannot_reprocess(site: Site, user: str) -> None:
    # Given a failed sheet sent by ACME, and a signed-in user who is not an administrator (ACME itself too)
    doc_id = failed(site, f"not-yours-{user}")
    client = site.signed_in(user)

    # When they ask to reprocess it
    answer = client.post(ROUTE.format(id=doc_id))

    # Then they are refused, and the sheet is left as it was
    assert answer.status_code == 403
    assert answer.json()["error"] == "access_denied"
    entry = entry_of(site, doc_id)
    assert (entry.status, entry.attempt) == (DocumentStatus.FAILED, 0)


def test_a_supplier_asking_for_another_suppliers_sheet_learns_nothing_of_it(site: Site) -> None:
    # Given ACME's failed sheet, and GLOBEX signed in
    doc_id = failed(site, "acme-failed")
    globex = site.signed_in("globex")

    # When GLOBEX asks to reprocess it, and an id that does not exist
    answer = globex.post(ROUTE.format(id=doc_id))
    unknown = globex.post(ROUTE.format(id="e" * 64))

    # Then both are the same refusal, and the sheet is left as it was
    assert answer.status_code == unknown.status_code == 403
    assert answer.json() == unknown.json()
    assert entry_of(site, doc_id).attempt == 0


def test_an_unknown_document_and_an_unknown_step_are_named(site: Site) -> None:
    # Given an administrator, and a failed sheet
    ada = site.signed_in("ada")
    doc_id = failed(site, "step-sheet")

    # When an unknown document, a malformed id and an unknown step are asked for
    unknown = ada.post(ROUTE.format(id="f" * 64))
    malformed = ada.post(ROUTE.format(id="not-an-id"))
    bad_step = ada.post(ROUTE.format(id=doc_id), json={"from_step": "Receive"})

    # Then each is refused with its code, and the sheet is left as it was
    assert (unknown.status_code, unknown.json()["error"]) == (404, "document_not_found")
    assert (malformed.status_code, malformed.json()["error"]) == (400, "invalid_request")
    assert (bad_step.status_code, bad_step.json()["error"]) == (400, "unknown_step")
    assert entry_of(site, doc_id).attempt == 0


def test_a_document_still_processing_is_refused_by_name(site: Site) -> None:
    # Given a sheet being processed
    doc_id = seed_document(site, "busy-sheet", suppliers=["ACME"])
    repository = site.host.services.repository
    repository.update(entry_of(site, doc_id).model_copy(update={"status": DocumentStatus.PROCESSING}))
    ada = site.signed_in("ada")

    # When an administrator asks to reprocess it
    answer = ada.post(ROUTE.format(id=doc_id))

    # Then the answer is 409 document_processing, and nothing was recorded
    assert answer.status_code == 409
    assert answer.json()["error"] == "document_processing"
    assert entry_of(site, doc_id).attempt == 0


def test_a_reprocess_without_the_sessions_anti_forgery_token_is_refused(site: Site) -> None:
    # Given an administrator's session, and a failed sheet
    doc_id = failed(site, "csrf-sheet")
    ada = site.signed_in("ada")

    # When the request comes without the X-CSRF-Token header (a form from another site)
    answer = ada.client.post(ROUTE.format(id=doc_id))

    # Then it is refused, and the sheet is left as it was
    assert answer.status_code == 403
    assert answer.json()["error"] == "csrf_rejected"
    assert entry_of(site, doc_id).attempt == 0
