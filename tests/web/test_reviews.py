"""The product's review queue through the web app: order, claims (one reviewer at a time, expiring),
release, reassignment, corrections merged with provenance, codes removed, the sheet published again, and the
audit trail."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from models.record import ReviewReason
from msds.cli.main import main
from tests.helpers.synthetic import FIXED_NOW
from tests.web.support import Site, seed_document

HAZARD = [
    ReviewReason(code="hazard_wording_without_code", message="hazard wording", field="hazard_statements")
]


def test_the_queue_puts_a_possible_missed_hazard_first_then_the_oldest(site: Site) -> None:
    # Given an old identity-only task, a newer missed-hazard task and an older missed-hazard task
    old_identity = seed_document(site, "identity", suppliers=["ACME"], needs_review=True, opened_at=FIXED_NOW)
    newer_hazard = seed_document(
        site,
        "hazard-new",
        suppliers=["ACME"],
        needs_review=True,
        reasons=HAZARD,
        opened_at=FIXED_NOW + timedelta(hours=2),
    )
    older_hazard = seed_document(
        site,
        "hazard-old",
        suppliers=["ACME"],
        needs_review=True,
        reasons=HAZARD,
        opened_at=FIXED_NOW + timedelta(hours=1),
    )
    # When a reviewer lists the queue, one task a page
    rita = site.signed_in("rita")
    first = rita.get("/api/reviews", params={"limit": 2}).json()
    second = rita.get("/api/reviews", params={"limit": 2, "next_token": first["next_token"]}).json()
    # Then the hazards come first, oldest first, then the identity check; the pages join up
    order = [item["document_id"] for item in first["items"] + second["items"]]
    assert order == [older_hazard, newer_hazard, old_identity]
    assert first["items"][0]["priority_label"] == "possible missed hazard"
    assert first["open_tasks"] == 3 and second["next_token"] is None


def test_a_claimed_task_is_held_by_one_reviewer_until_the_claim_expires(site: Site) -> None:
    # Given a task claimed by Rita
    doc_id = seed_document(site, "claim", suppliers=["ACME"], needs_review=True)
    rita, ralf = site.signed_in("rita"), site.signed_in("ralf")
    assert rita.post(f"/api/reviews/{doc_id}/claim").json()["claimed_by"] == "rita"
    # When Ralf tries to claim it and to submit it, and then tries again after the claim expired
    taken = ralf.post(f"/api/reviews/{doc_id}/claim")
    submitted = ralf.post(f"/api/reviews/{doc_id}", json={})
    site.clock.advance(timedelta(minutes=31))
    later = ralf.post(f"/api/reviews/{doc_id}/claim")
    # Then Ralf is refused while Rita holds it, and gets it once her claim has expired
    assert (taken.status_code, taken.json()["error"]) == (409, "review_claimed")
    assert submitted.status_code == 409
    assert later.status_code == 200 and later.json()["claimed_by"] == "ralf"


def test_a_released_task_is_free_again_and_only_its_holder_or_an_admin_releases_it(site: Site) -> None:
    # Given a task claimed by Rita
    doc_id = seed_document(site, "release", suppliers=["ACME"], needs_review=True)
    rita, ralf, ada = site.signed_in("rita"), site.signed_in("ralf"), site.signed_in("ada")
    rita.post(f"/api/reviews/{doc_id}/claim")
    # When Ralf tries to release it, then an administrator does
    refused = ralf.post(f"/api/reviews/{doc_id}/release")
    released = ada.post(f"/api/reviews/{doc_id}/release")
    # Then only the administrator's release frees it
    assert refused.status_code == 409
    assert released.status_code == 200 and released.json()["claimed_by"] is None


def test_an_administrator_reassigns_a_task_and_nobody_else_can(site: Site) -> None:
    # Given a task claimed by Rita
    doc_id = seed_document(site, "assign", suppliers=["ACME"], needs_review=True)
    rita, ada = site.signed_in("rita"), site.signed_in("ada")
    rita.post(f"/api/reviews/{doc_id}/claim")
    # When Rita and then the administrator hand it to Ralf
    refused = rita.post(f"/api/reviews/{doc_id}/assign", json={"reviewer": "ralf"})
    assigned = ada.post(f"/api/reviews/{doc_id}/assign", json={"reviewer": "ralf"})
    # Then only the administrator can, and Ralf holds it
    assert refused.status_code == 403
    assert assigned.json()["claimed_by"] == "ralf"


def test_a_submitted_review_merges_corrections_removes_a_code_and_publishes_the_sheet(site: Site) -> None:
    # Given a sheet in review with H225 and H319, claimed by Rita
    doc_id = seed_document(site, "merge", suppliers=["ACME"], needs_review=True, product="Acetn rein")
    rita = site.signed_in("rita")
    rita.post(f"/api/reviews/{doc_id}/claim")
    # When she corrects the product name, removes H319, and confirms the signal word
    result = rita.post(
        f"/api/reviews/{doc_id}",
        json={
            "product_name": "Aceton rein",
            "hazard_statements": ["H225"],
            "confirmed_fields": ["signal_word"],
        },
    )
    # Then the record carries the reviewer's values with the machine's kept, the sheet is accepted and
    # published with them, the task leaves the queue, and the audit trail names who changed what
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["status"] == "accepted" and not body["workflow_resumed"]
    assert {c["field"] for c in body["corrections"]} == {"product_name", "hazard_statements"}
    record = rita.get(f"/api/documents/{doc_id}/record").json()["record"]
    assert record["product_name"]["value"] == "Aceton rein"
    assert record["product_name"]["machine_value"] == "Acetn rein"
    assert record["product_name"]["reviewer"] == "rita"
    assert [s["code"] for s in record["hazard_statements"]] == ["H225"]
    hits = rita.get("/api/search", params={"q": "Aceton"}).json()["hits"]
    assert [(hit["product_name"], hit["h_codes"], hit["status"]) for hit in hits] == [
        ("Aceton rein", ["H225"], "accepted")
    ]
    assert rita.get("/api/reviews").json()["open_tasks"] == 0
    events = rita.get(f"/api/reviews/{doc_id}/events").json()
    assert [event["kind"] for event in events] == ["opened", "claimed", "submitted"]
    assert events[-1]["actor"] == "rita" and events[-1]["detail"]["confirmed"] == ["signal_word"]


def test_a_review_naming_a_code_that_does_not_exist_is_400_and_changes_nothing(site: Site) -> None:
    # Given a sheet in review claimed by Rita
    doc_id = seed_document(site, "badcode", suppliers=["ACME"], needs_review=True)
    rita = site.signed_in("rita")
    rita.post(f"/api/reviews/{doc_id}/claim")
    # When she submits a code that is not a hazard statement
    answer = rita.post(f"/api/reviews/{doc_id}", json={"hazard_statements": ["H999", "P280"]})
    # Then the answer names each bad code, and the task is still open and hers
    assert answer.status_code == 400
    assert [p["location"] for p in answer.json()["problems"]] == [
        "body.hazard_statements[0]",
        "body.hazard_statements[1]",
    ]
    task = rita.get(f"/api/reviews/{doc_id}").json()["task"]
    assert task["claimed_by"] == "rita"


def test_a_review_submitted_twice_is_a_conflict_the_second_time(site: Site) -> None:
    # Given a review Rita submitted
    doc_id = seed_document(site, "twice", suppliers=["ACME"], needs_review=True)
    rita = site.signed_in("rita")
    assert rita.post(f"/api/reviews/{doc_id}", json={}).status_code == 200
    # When she submits it again
    again = rita.post(f"/api/reviews/{doc_id}", json={})
    # Then the sheet is no longer waiting for review
    assert again.status_code == 404
    assert again.json()["error"] == "review_not_found"


def test_the_review_page_form_corrects_a_field_and_removes_a_code(site: Site) -> None:
    # Given a sheet in review with H225 and H319 that Rita claimed through the queue page
    doc_id = seed_document(site, "form", suppliers=["ACME"], needs_review=True, product="Acetn")
    rita = site.signed_in("rita")
    assert rita.post_form(f"/reviews/{doc_id}/claim").status_code == 303
    page = rita.get(f"/reviews/{doc_id}")
    assert page.status_code == 200 and 'name="hazard_statements__keep" value="H319"' in page.text
    # When she posts the page's form with a new product name, H319 unticked and EUH066 added
    answer = rita.post_form(
        f"/reviews/{doc_id}",
        {
            "product_name": "Aceton",
            "hazard_statements__shown": "1",
            "hazard_statements__keep": ["H225"],
            "hazard_statements__add": "EUH066",
            "confirmed": ["signal_word", "pictograms"],
        },
    )
    # Then she is back at the queue, and the record has her values
    assert answer.status_code == 303 and answer.headers["location"].startswith("/reviews?done=")
    record = rita.get(f"/api/documents/{doc_id}/record").json()["record"]
    assert record["product_name"]["value"] == "Aceton"
    assert [s["code"] for s in record["hazard_statements"]] == ["H225", "EUH066"]
    assert [p["code"] for p in record["pictograms"]] == ["GHS02"]


def test_the_review_page_shows_the_problem_when_a_bad_code_is_added(site: Site) -> None:
    # Given a sheet in review claimed by Rita
    doc_id = seed_document(site, "form-bad", suppliers=["ACME"], needs_review=True)
    rita = site.signed_in("rita")
    rita.post_form(f"/reviews/{doc_id}/claim")
    # When she adds a code that does not exist
    answer = rita.post_form(
        f"/reviews/{doc_id}",
        {
            "hazard_statements__shown": "1",
            "hazard_statements__keep": ["H225"],
            "hazard_statements__add": "H999",
        },
    )
    # Then the page comes back with the problem, and nothing is merged
    assert answer.status_code == 400
    assert "H999 is not in the CLP catalog" in answer.text
    assert rita.get("/api/reviews").json()["open_tasks"] == 1


def test_reviewed_sheets_export_as_labels_in_the_corpus_format(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given one reviewed sheet (product corrected, signal word confirmed) and one still waiting
    reviewed = seed_document(site, "label-me", suppliers=["ACME"], needs_review=True, product="Acetn")
    seed_document(site, "still-waiting", suppliers=["ACME"], needs_review=True)
    rita = site.signed_in("rita")
    rita.post(
        f"/api/reviews/{reviewed}", json={"product_name": "Aceton", "confirmed_fields": ["signal_word"]}
    )
    # When the labels are exported
    data_dir = str(site.host.services.settings.data_dir)
    assert main(["--data-dir", data_dir, "export", "--format", "labels"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Then only the reviewed sheet is a label, with the reviewer's values, who reviewed it and what changed
    assert len(rows) == 1
    label = rows[0]
    assert (label["id"], label["sha256"], label["product_name"]) == ("label-me", reviewed, "Aceton")
    assert label["h_codes"] == ["H225", "H319"] and label["signal_word"] == "Danger"
    assert label["reviewers"] == ["rita"] and label["confirmed_fields"] == ["signal_word"]
    assert [(c["field"], c["machine_value"], c["reviewer_value"]) for c in label["corrections"]] == [
        ("product_name", "Acetn", "Aceton")
    ]
    assert "needs_review" not in label and "corrected: product_name" in label["notes"]
