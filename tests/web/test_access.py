"""Who may see and do what through the web app: nobody without signing in, a supplier only its own sheets
(through every page and route), each role only its own surfaces."""

from __future__ import annotations

import pytest

from tests.web.support import Site, seed_document

DOCUMENT_ROUTES = (
    "/api/documents/{id}",
    "/api/documents/{id}/record",
    "/api/documents/{id}/record.csv",
    "/api/documents/{id}/original",
    "/api/documents/{id}/pages/1.png",
    "/api/documents/{id}/history",
    "/documents/{id}",
    "/documents/{id}/viewer",
)
API_ROUTES = (
    ("GET", "/api/me"),
    ("GET", "/api/documents"),
    ("GET", "/api/search"),
    ("GET", "/api/reviews"),
    ("POST", "/api/uploads"),
)
PAGES = ("/portal", "/search", "/reviews", "/documents/" + "0" * 64)


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_the_api_answers_401_with_a_stable_code_without_a_signed_in_caller(
    site: Site, method: str, path: str
) -> None:
    # Given a client that has not signed in
    client = site.client()
    # When it calls an API route
    answer = client.request(method, path, json={} if method == "POST" else None)
    # Then the answer is 401 with the error code, in JSON
    assert answer.status_code == 401
    assert answer.json()["error"] == "not_authenticated"


@pytest.mark.parametrize("path", PAGES)
def test_a_page_sends_a_browser_that_is_not_signed_in_to_the_sign_in_page(site: Site, path: str) -> None:
    # Given a browser that has not signed in
    client = site.client()
    # When it opens a page
    answer = client.get(path)
    # Then it is sent to the sign-in page, which brings it back afterwards
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=%2F")


@pytest.mark.parametrize("route", DOCUMENT_ROUTES)
def test_a_supplier_cannot_read_another_suppliers_sheet_through_any_route(site: Site, route: str) -> None:
    # Given a sheet sent by ACME, and GLOBEX signed in
    doc_id = seed_document(site, "acme-sheet", suppliers=["ACME"])
    globex = site.signed_in("globex")
    # When GLOBEX asks for it
    answer = globex.get(route.format(id=doc_id))
    # Then it is not found, exactly as an unknown document would be
    assert answer.status_code == 404
    unknown = globex.get(route.format(id="f" * 64))
    assert unknown.status_code == 404
    if route.startswith("/api/"):
        assert answer.json()["error"] == unknown.json()["error"] == "document_not_found"


@pytest.mark.parametrize("route", DOCUMENT_ROUTES)
def test_a_supplier_reads_its_own_sheet_through_every_route(site: Site, route: str) -> None:
    # Given a sheet sent by ACME
    doc_id = seed_document(site, "acme-own", suppliers=["ACME"])
    acme = site.signed_in("acme")
    # When ACME asks for it
    answer = acme.get(route.format(id=doc_id))
    # Then it gets it
    assert answer.status_code == 200


def test_a_supplier_lists_and_searches_only_its_own_sheets(site: Site) -> None:
    # Given one sheet from each supplier, with the same product and CAS number
    mine = seed_document(site, "acme-list", suppliers=["ACME"])
    theirs = seed_document(site, "globex-list", suppliers=["GLOBEX"])
    acme = site.signed_in("acme")
    # When ACME lists its documents and searches for the CAS number
    listed = [item["document_id"] for item in acme.get("/api/documents").json()["items"]]
    found = [hit["document_id"] for hit in acme.get("/api/search", params={"cas": "67-64-1"}).json()["hits"]]
    # Then only its own sheet comes back, and naming GLOBEX's account is refused
    assert listed == [mine] and found == [mine]
    assert theirs not in listed
    assert acme.get("/api/search", params={"supplier_id": "GLOBEX"}).status_code == 403


def test_a_sheet_sent_by_two_suppliers_is_visible_to_both_and_to_no_third(site: Site) -> None:
    # Given a sheet whose bytes both ACME and GLOBEX sent
    doc_id = seed_document(site, "shared", suppliers=["ACME", "GLOBEX"])
    # When each supplier asks for it
    # Then both see it and the document does not show them the other supplier
    for user in ("acme", "globex"):
        answer = site.signed_in(user).get(f"/api/documents/{doc_id}")
        assert answer.status_code == 200
        assert answer.json()["supplier_ids"] is None


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("acme", "/search", 403),
        ("acme", "/reviews", 403),
        ("acme", "/portal", 200),
        ("carl", "/search", 200),
        ("carl", "/reviews", 403),
        ("carl", "/portal", 200),
        ("rita", "/reviews", 200),
        ("rita", "/search", 200),
        ("rita", "/portal", 403),
        ("ada", "/reviews", 200),
        ("ada", "/search", 200),
        ("ada", "/portal", 200),
    ],
)
def test_each_role_opens_only_its_own_pages(site: Site, user: str, path: str, status: int) -> None:
    # Given a signed-in user of a role
    client = site.signed_in(user)
    # When they open a page
    answer = client.get(path)
    # Then it opens only for the roles it is for
    assert answer.status_code == status


@pytest.mark.parametrize("user", ["acme", "carl"])
def test_only_reviewers_and_administrators_work_the_review_queue(site: Site, user: str) -> None:
    # Given a sheet waiting for review, and a supplier or compliance user signed in
    doc_id = seed_document(site, "to-review", suppliers=["ACME"], needs_review=True)
    client = site.signed_in(user)
    # When they list, open, claim or submit the review
    answers = [
        client.get("/api/reviews"),
        client.get(f"/api/reviews/{doc_id}"),
        client.post(f"/api/reviews/{doc_id}/claim"),
        client.post(f"/api/reviews/{doc_id}", json={}),
    ]
    # Then each is refused
    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert {answer.json()["error"] for answer in answers} == {"access_denied"}


def test_a_supplier_cannot_upload_on_behalf_of_another_supplier(site: Site) -> None:
    # Given ACME signed in
    acme = site.signed_in("acme")
    # When it asks for an upload form naming GLOBEX
    answer = acme.post(
        "/api/uploads",
        json={"file_name": "a.pdf", "content_type": "application/pdf", "supplier_id": "GLOBEX"},
    )
    # Then it is refused
    assert answer.status_code == 403
    assert answer.json()["error"] == "access_denied"


def test_reviewers_cannot_upload(site: Site) -> None:
    # Given a reviewer signed in
    rita = site.signed_in("rita")
    # When they ask for an upload form
    answer = rita.post("/api/uploads", json={"file_name": "a.pdf", "content_type": "application/pdf"})
    # Then it is refused
    assert answer.status_code == 403


def test_an_api_token_authenticates_and_a_wrong_or_revoked_one_does_not(site: Site) -> None:
    # Given an API token of the compliance user, and a sheet
    from msds.composition_web import local_accounts

    doc_id = seed_document(site, "token", suppliers=["ACME"])
    accounts = local_accounts(site.host.services.settings)
    token = accounts.issue_token("carl", "erp", site.clock())
    client = site.client()
    # When the token, a wrong token and (after disabling the account) the same token are used
    good = client.get(f"/api/documents/{doc_id}", headers={"Authorization": f"Bearer {token}"})
    wrong = client.get(f"/api/documents/{doc_id}", headers={"Authorization": "Bearer msds_wrong"})
    accounts.set_disabled("carl", True)
    revoked = client.get(f"/api/documents/{doc_id}", headers={"Authorization": f"Bearer {token}"})
    # Then only the valid token of an enabled account gets through
    assert good.status_code == 200
    assert (wrong.status_code, wrong.json()["error"]) == (401, "not_authenticated")
    assert revoked.status_code == 401


def test_a_disabled_account_cannot_sign_in(site: Site) -> None:
    # Given a disabled supplier account
    from msds.composition_web import local_accounts

    local_accounts(site.host.services.settings).set_disabled("acme", True)
    client = site.client()
    token = client.get("/login").text.split('name="login_token" value="')[1].split('"')[0]
    # When it tries to sign in with the right password
    answer = client.post(
        "/login", data={"user_name": "acme", "password": "correct horse battery", "login_token": token}
    )
    # Then the sign-in fails like a wrong password
    assert answer.status_code == 401
    assert "Wrong user name or password" in answer.text


def test_signing_out_ends_the_session(site: Site) -> None:
    # Given a signed-in supplier
    acme = site.signed_in("acme")
    # When it signs out
    answer = acme.post_form("/logout")
    # Then its session no longer works
    assert answer.status_code == 303
    assert acme.get("/api/me").status_code == 401
