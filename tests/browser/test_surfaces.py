"""The three surfaces in a real browser: a supplier uploads sheets and sees them read; compliance staff find a
sheet by CAS number and by H-code and see where a field was read on the page; a reviewer claims a sheet in
review, corrects a field, removes a wrong code, and search shows the corrected values; a second supplier sees
none of it; text from a sheet stays inert; every page passes axe-core's serious and critical rules."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import PASSWORD, Server
from tests.browser.sheets import Sheet, write_sheet

pytestmark = pytest.mark.xdist_group("browser")
SCREENSHOTS = Path(os.environ.get("MSDS_SCREENSHOT_DIR", "out/screenshots"))
FINAL = re.compile(r"Accepted|In review|Rejected|Could not be read")
PROCESSING_TIMEOUT_MS = 180_000
SCRIPT_NAME = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Uploaded:
    processed: tuple[Sheet, ...]
    in_review: Sheet


def sign_in(browser: Browser, server: Server, user: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/(portal|search|reviews)"))
    return context, page


def check_accessible(page: Page) -> None:
    violations = serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def uploaded(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Uploaded]:
    """ACME uploads two sheets through the portal, then a third that must go to review."""
    folder = tmp_path_factory.mktemp("sheets")
    processed = (write_sheet(folder, "browser-2", "en"), write_sheet(folder, "browser-1", "de"))
    in_review = write_sheet(folder, "browser-4", "en", without_pictograms=True)
    scripted = write_sheet(folder, "browser-xss", "en", product=SCRIPT_NAME)
    context, page = sign_in(browser, server, "acme")
    page.get_by_label("Choose files").set_input_files([str(sheet.path) for sheet in processed])
    rows = page.locator("#upload-list li")
    expect(rows).to_have_count(2)
    for index in range(2):
        expect(rows.nth(index).locator(".state")).to_have_text(FINAL, timeout=PROCESSING_TIMEOUT_MS)
    page.get_by_label("Choose files").set_input_files(str(in_review.path))
    expect(rows).to_have_count(3)
    expect(rows.first.locator(".state")).to_have_text(re.compile("In review"), timeout=PROCESSING_TIMEOUT_MS)
    page.get_by_label("Choose files").set_input_files(str(scripted.path))
    expect(rows).to_have_count(4)
    expect(rows.first.locator(".state")).to_have_text(FINAL, timeout=PROCESSING_TIMEOUT_MS)
    yield Uploaded(processed, in_review)
    context.close()


def test_a_supplier_uploads_two_generated_sheets_and_sees_them_processed(
    browser: Browser, server: Server, uploaded: Uploaded
) -> None:
    # Given ACME's uploads (the fixture sent them through the portal's file picker)
    context, page = sign_in(browser, server, "acme")
    # When ACME looks at its portal
    page.goto("/portal")
    # Then each sheet is listed with its status in plain words and its downloads
    table = page.locator("#documents table")
    for sheet in uploaded.processed:
        row = table.locator("tr", has_text=sheet.path.name)
        expect(row).to_contain_text(re.compile("Accepted|In review"))
        expect(row.get_by_role("link", name=re.compile("CSV"))).to_be_visible()
    expect(table.locator("tr", has_text=uploaded.in_review.path.name)).to_contain_text("In review")
    check_accessible(page)
    screenshot(page, "portal")
    context.close()


def test_compliance_finds_a_sheet_by_cas_and_by_h_code_and_sees_the_evidence_box(
    browser: Browser, server: Server, uploaded: Uploaded
) -> None:
    # Given compliance staff on the search page
    sheet = uploaded.processed[0]
    context, page = sign_in(browser, server, "carl")
    page.goto("/search")
    check_accessible(page)
    # When they search by the sheet's CAS number, and then by one of its H-codes
    page.get_by_label("CAS number", exact=True).fill(sheet.cas)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("table.grid tbody tr")).to_have_count(1)
    expect(page.locator("table.grid tbody")).to_contain_text(sheet.product)
    page.goto("/search")
    page.get_by_label("H/EUH code", exact=True).fill(sheet.h_codes[-1])
    page.get_by_role("button", name="Search", exact=True).click()
    hit = page.get_by_role("link", name=sheet.product)
    expect(hit).to_be_visible()
    expect(page.locator("img.pictogram").first).to_be_visible()
    check_accessible(page)
    screenshot(page, "search")
    # And open it and ask where the product name was read
    hit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sheet.product)
    page.get_by_role("link", name="show where product_name was read").click()
    # Then the page image shows a box around it
    box = page.locator("rect[data-evidence-box]")
    expect(box).to_have_count(1)
    bounds = box.bounding_box()
    assert bounds is not None and bounds["width"] > 10 and bounds["height"] > 3
    expect(page.locator(".viewer-caption")).to_contain_text("Product name")
    check_accessible(page)
    screenshot(page, "document")
    context.close()


def test_a_reviewer_corrects_a_field_and_removes_a_wrong_code_and_search_shows_it(
    browser: Browser, server: Server, uploaded: Uploaded
) -> None:
    # Given the sheet in review, and a reviewer on the queue
    sheet = uploaded.in_review
    removed = sheet.h_codes[-1]
    corrected = f"{sheet.product} (checked)"
    context, page = sign_in(browser, server, "rita")
    row = page.locator("table.queue tr", has_text=sheet.path.name)
    expect(row).to_contain_text("possible missed hazard")
    check_accessible(page)
    screenshot(page, "review-queue")
    # When she claims it, corrects the product name, removes a code and submits with the keyboard
    row.get_by_role("button", name=re.compile("Claim")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(sheet.path.name)
    check_accessible(page)
    screenshot(page, "review")
    page.locator("#field-product_name").fill(corrected)
    page.locator(f'input[name="hazard_statements__keep"][value="{removed}"]').uncheck()
    page.locator("#field-product_name").press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Review submitted")
    # Then search shows the corrected values
    page.goto("/search?q=checked")
    hit = page.locator("table.grid tbody tr", has_text=corrected)
    expect(hit).to_have_count(1)
    expect(hit).not_to_contain_text(removed)
    expect(hit).to_contain_text("accepted")
    context.close()


def test_a_second_supplier_sees_none_of_the_first_suppliers_sheets(
    browser: Browser, server: Server, uploaded: Uploaded
) -> None:
    # Given GLOBEX signed in
    context, page = sign_in(browser, server, "globex")
    # When it looks at its portal and tries a sheet of ACME's directly
    page.goto("/portal")
    expect(page.locator("#documents")).to_contain_text("No documents yet")
    for sheet in (*uploaded.processed, uploaded.in_review):
        expect(page.locator("#documents")).not_to_contain_text(sheet.path.name)
    answer = page.request.get("/api/documents")
    # Then nothing of ACME's is listed, and opening the first sheet's page is "not found"
    assert answer.json()["items"] == []
    carl_context, carl = sign_in(browser, server, "carl")
    carl.goto(f"/search?cas={uploaded.processed[0].cas}")
    link = carl.locator("table.grid tbody a").first.get_attribute("href")
    assert link is not None
    carl_context.close()
    response = page.goto(link)
    assert response is not None and response.status == 404
    check_accessible(page)
    context.close()


def test_a_product_named_like_a_script_renders_as_inert_text(
    browser: Browser, server: Server, uploaded: Uploaded
) -> None:
    # Given a sheet whose product is named <script>alert(1)</script>, uploaded and read
    context, page = sign_in(browser, server, "carl")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # When compliance staff find it and open it, and its supplier opens the portal
    page.goto("/search?q=alert")
    page.get_by_role("link", name=SCRIPT_NAME).click()
    supplier_context, supplier = sign_in(browser, server, "acme")
    supplier.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    supplier.goto(f"/documents/{page.url.rsplit('/', 1)[-1]}")
    # Then the name is shown as text, no script element carries it, and no script ran
    for shown in (page, supplier):
        expect(shown.get_by_role("heading", level=1)).to_have_text(SCRIPT_NAME)
        scripts = shown.evaluate(
            "() => [...document.scripts].filter(s => s.text.includes('alert(1)')).length"
        )
        assert scripts == 0
    assert dialogs == []
    supplier_context.close()
    context.close()


def test_the_sign_in_page_the_api_docs_and_an_error_page_are_accessible(
    browser: Browser, server: Server
) -> None:
    # Given a browser that is not signed in
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    # When it opens the sign-in page, the API docs and a page that does not exist
    # Then each passes the accessibility rules
    for path in ("/login", "/api/docs", "/no-such-page"):
        page.goto(path)
        check_accessible(page)
    context.close()
