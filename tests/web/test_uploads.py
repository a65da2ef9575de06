"""Uploads through the web app: a signed form per file, the local host's upload target checking it, every
named rejection in plain words, and an accepted sheet processed in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from msds.synth import bad_inputs
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document
from tests.web.support import SignedIn, Site, make_site

PDF = "application/pdf"


def upload_form(client: SignedIn, name: str, content_type: str = PDF, **extra: Any) -> dict[str, Any]:
    answer = client.post("/api/uploads", json={"file_name": name, "content_type": content_type, **extra})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def send(site: Site, form: dict[str, Any], data: bytes, fields: dict[str, str] | None = None) -> Any:
    """Post the file to the form's target the way a browser does (no session needed: the form is signed)."""
    return site.client().post(form["url"], data=fields or form["fields"], files={"file": ("x", data)})


def generated_sheet() -> bytes:
    import random

    spec = sample_document(random.Random("web-upload"), "web", "en", "a", "pdf")
    return render_document(spec).pdf


def test_an_uploaded_sheet_is_received_read_and_listed_for_its_supplier(site: Site) -> None:
    # Given ACME signed in and a generated sheet
    acme = site.signed_in("acme")
    data = generated_sheet()
    # When it asks for an upload form and sends the file to it
    answer = send(site, upload_form(acme, "sheet.pdf", size_bytes=len(data)), data)
    # Then the sheet is received as ACME's, read to its end, and listed for ACME
    assert answer.status_code == 201
    doc = answer.json()
    status = acme.get(f"/api/documents/{doc['document_id']}").json()
    assert status["status"] in ("accepted", "needs_review")
    assert status["status_text"]
    listed = acme.get("/api/documents").json()["items"]
    assert [item["document_id"] for item in listed] == [doc["document_id"]]
    record = acme.get(f"/api/documents/{doc['document_id']}/record").json()["record"]
    assert record["hazard_statements"]


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (bad_inputs.empty_file(), "empty_file", "empty"),
        (bad_inputs.zip_file(), "unsupported_type", "not a PDF"),
        (bad_inputs.corrupt_pdf(), "corrupt_file", "damaged"),
        (bad_inputs.encrypted_pdf(), "encrypted_pdf", "password"),
        (bad_inputs.xfa_pdf(), "xfa_form", "XFA"),
        (bad_inputs.pdf_with_pages(3), "too_many_pages", "more pages"),
    ],
)
def test_every_named_rejection_reaches_the_supplier_in_plain_words(
    tmp_path: Path, data: bytes, code: str, words: str
) -> None:
    # Given a host that takes at most two pages, and a supplier signed in
    site = make_site(tmp_path / "data")
    site.host.services.settings = site.host.services.settings.model_copy(update={"max_pages": 2})
    acme = site.signed_in("acme")
    # When the supplier uploads a file the product cannot read
    answer = send(site, upload_form(acme, "bad.pdf"), data)
    # Then the file is kept and recorded as rejected, with the named reason and plain words
    assert answer.status_code == 201
    doc = acme.get(f"/api/documents/{answer.json()['document_id']}").json()
    assert (doc["status"], doc["error_code"]) == ("rejected", code)
    assert words in doc["status_text"]
    assert acme.get(f"/api/documents/{doc['document_id']}/original").content == data


def test_a_file_larger_than_the_limit_is_refused_before_and_while_it_is_sent(tmp_path: Path) -> None:
    # Given a host whose upload limit is 1,000 bytes
    site = make_site(tmp_path / "data", max_file_bytes=1000)
    acme = site.signed_in("acme")
    # When a supplier declares a larger file, and when it sends a larger file than its form allows
    declared = acme.post(
        "/api/uploads", json={"file_name": "big.pdf", "content_type": PDF, "size_bytes": 5000}
    )
    sent = send(site, upload_form(acme, "big.pdf"), b"%PDF-1.7\n" + b"0" * 5000)
    # Then both are refused with a named error
    assert (declared.status_code, declared.json()["problems"][0]["location"]) == (400, "body.size_bytes")
    assert (sent.status_code, sent.json()["error"]) == (400, "upload_rejected")


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"x-amz-meta-supplier-id": "GLOBEX"}, "form.x-amz-meta-supplier-id"),
        ({"key": "uploads/GLOBEX/1/x.pdf"}, "form.key"),
        ({"x-amz-meta-extra": "1"}, "form.x-amz-meta-extra"),
        ({"x-msds-signature": "0" * 64}, "form"),
        ({"policy": "bm90IGEgcG9saWN5"}, "form"),
    ],
)
def test_a_changed_upload_form_is_refused(site: Site, change: dict[str, str], location: str) -> None:
    # Given ACME's signed upload form
    acme = site.signed_in("acme")
    form = upload_form(acme, "sheet.pdf")
    # When a field is changed or added before sending
    answer = send(site, form, bad_inputs.pdf_with_pages(1), {**form["fields"], **change})
    # Then the upload is refused, naming what was changed, and nothing is recorded
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "upload_rejected"
    assert location in [problem["location"] for problem in body["problems"]]
    assert site.host.services.repository.list() == []


def test_an_expired_upload_form_is_refused(site: Site) -> None:
    # Given an upload form, and the clock past its expiry
    from datetime import timedelta

    acme = site.signed_in("acme")
    form = upload_form(acme, "sheet.pdf")
    site.clock.advance(timedelta(hours=1))
    # When the file is sent with it
    answer = send(site, form, bad_inputs.pdf_with_pages(1))
    # Then it is refused as expired
    assert answer.status_code == 400
    assert "expired" in answer.json()["message"]


def test_an_upload_without_a_file_is_refused(site: Site) -> None:
    # Given an upload form
    acme = site.signed_in("acme")
    form = upload_form(acme, "sheet.pdf")
    # When only the fields are posted
    answer = site.client().post(form["url"], data=form["fields"])
    # Then the form is refused for its missing file
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["location"] == "form.file"


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"file_name": "a.docx", "content_type": "application/msword"}, "body.content_type"),
        ({"file_name": "", "content_type": PDF}, "body.file_name"),
        ({"file_name": "a\x07.pdf", "content_type": PDF}, "body.file_name"),
        ({"file_name": "a.pdf", "content_type": PDF, "size_bytes": 0}, "body.size_bytes"),
        ({"file_name": "a.pdf", "content_type": PDF, "surprise": 1}, "body.surprise"),
        ({"content_type": PDF}, "body.file_name"),
    ],
)
def test_a_bad_upload_request_is_400_naming_the_field(
    site: Site, body: dict[str, Any], location: str
) -> None:
    # Given a supplier signed in
    acme = site.signed_in("acme")
    # When it asks for an upload form with a bad body
    answer = acme.post("/api/uploads", json=body)
    # Then the answer is 400 naming the field
    assert answer.status_code == 400
    assert location in [problem["location"] for problem in answer.json()["problems"]]


def test_the_same_bytes_from_a_second_supplier_make_the_sheet_theirs_too(site: Site) -> None:
    # Given a sheet ACME uploaded
    data = bad_inputs.pdf_with_pages(1, text="shared bytes")
    acme, globex = site.signed_in("acme"), site.signed_in("globex")
    first = send(site, upload_form(acme, "a.pdf"), data).json()
    # When GLOBEX uploads the same bytes
    second = send(site, upload_form(globex, "b.pdf"), data).json()
    # Then it is one document, and GLOBEX sees it too
    assert first["document_id"] == second["document_id"]
    assert globex.get(f"/api/documents/{first['document_id']}").status_code == 200
