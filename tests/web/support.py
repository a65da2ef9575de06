"""A local web host on a temporary data dir, its users, signed-in clients and seeded documents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from models.common import Box
from models.document import DocumentEntry, DocumentStatus, MediaType
from models.publication import Publication
from models.record import (
    Component,
    Evidence,
    Extracted,
    Pictogram,
    PictogramSource,
    ReviewReason,
    SdsRecord,
    Statement,
)
from msds.composition_web import build_local_web, local_accounts
from msds.services.review_tasks import open_review_task
from msds.settings import Settings
from msds.synth.bad_inputs import pdf_with_pages
from msds.web.app import create_app
from msds.web.host import WebHost
from tests.helpers.synthetic import FIXED_NOW, TickingClock

PASSWORD = "correct horse battery"
USERS: dict[str, dict[str, Any]] = {
    "acme": {"groups": ["supplier"], "supplier_id": "ACME"},
    "globex": {"groups": ["supplier"], "supplier_id": "GLOBEX"},
    "carl": {"groups": ["compliance"]},
    "rita": {"groups": ["reviewer"]},
    "ralf": {"groups": ["reviewer"]},
    "ada": {"groups": ["admin"]},
}
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


class Clock(TickingClock):
    """A ticking clock that a test can move forward."""

    def advance(self, delta: timedelta) -> None:
        self._next += delta


@dataclass
class Site:
    host: WebHost
    clock: Clock

    def client(self) -> TestClient:
        # https: the session cookie is Secure (and __Host- prefixed), which a client only sends over TLS.
        return TestClient(create_app(self.host), base_url="https://testserver", follow_redirects=False)

    def signed_in(self, user: str) -> SignedIn:
        client = self.client()
        page = client.get("/login")
        token = _LOGIN_TOKEN.search(page.text)
        assert token is not None
        answer = client.post(
            "/login",
            data={"user_name": user, "password": PASSWORD, "login_token": token.group(1), "next": "/"},
        )
        assert answer.status_code == 303, answer.text
        home = client.get("/api/docs")
        csrf = _CSRF.search(home.text)
        assert csrf is not None
        return SignedIn(client, csrf.group(1), user)


@dataclass
class SignedIn:
    client: TestClient
    csrf: str
    user: str

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(url, headers=headers, **kwargs)

    def post_form(self, url: str, data: dict[str, Any] | None = None) -> Any:
        """A page's form post, with the session's token in the form like the pages send it."""
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})})


def make_site(data_dir: Path, *, max_file_bytes: int | None = None) -> Site:
    settings = Settings(data_dir=data_dir, workers=1)
    if max_file_bytes is not None:
        settings = settings.model_copy(update={"max_file_bytes": max_file_bytes})
    clock = Clock(FIXED_NOW)
    host = build_local_web(settings, workers=0)
    host.services.now = clock
    accounts = local_accounts(settings)
    for name, spec in USERS.items():
        accounts.add(name, PASSWORD, spec["groups"], FIXED_NOW, supplier_id=spec.get("supplier_id"))
    return Site(host, clock)


def document_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def seed_document(
    site: Site,
    seed: str,
    *,
    suppliers: list[str],
    product: str = "Aceton rein",
    needs_review: bool = False,
    reasons: list[ReviewReason] | None = None,
    opened_at: datetime | None = None,
    cas: str = "67-64-1",
    h_codes: tuple[str, ...] = ("H225", "H319"),
) -> str:
    """A processed document (entry, record, original, published; a review task when it needs review)."""
    services = site.host.services
    data = pdf_with_pages(2, text=seed)
    doc_id = hashlib.sha256(data).hexdigest()
    status = DocumentStatus.NEEDS_REVIEW if needs_review else DocumentStatus.ACCEPTED
    entry = DocumentEntry(
        document_id=doc_id,
        file_name=f"{seed}.pdf",
        media_type=MediaType.PDF,
        size_bytes=len(data),
        pages=2,
        status=status,
        received_at=opened_at or FIXED_NOW,
        updated_at=opened_at or FIXED_NOW,
        completed_steps=["Receive", "Publish"],
        supplier_ids=suppliers,
    )
    record = SdsRecord(
        document_id=doc_id,
        file_name=entry.file_name,
        language="de",
        pages=2,
        product_name=Extracted[str](
            value=product,
            confidence=0.6 if needs_review else 0.95,
            evidence=[Evidence(page=1, box=Box(x0=72, y0=80, x1=200, y1=94), snippet=product, section=1)],
        ),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.9),
        revision_date=Extracted[str](value="2023-05-01", confidence=0.9),
        signal_word=Extracted[str](value="Danger", confidence=0.95),
        hazard_statements=[
            Statement(code=code, text_en=f"text of {code}", confidence=0.97, text_original=f"Text {code}")
            for code in h_codes
        ],
        pictograms=[Pictogram(code="GHS02", source=PictogramSource.IMAGE, confidence=0.96)],
        components=[Component(name="Aceton", cas=cas, concentration="100 %", cas_check_ok=True)],
        needs_review=needs_review,
        review_reasons=reasons
        or (
            [
                ReviewReason(
                    code="low_confidence_field", message="product name read with 0.60", field="product_name"
                )
            ]
            if needs_review
            else []
        ),
    )
    services.store.put_original(doc_id, data)
    services.repository.insert_if_absent(entry)
    services.repository.save_record(record)
    assert services.search_index is not None
    services.search_index.publish(Publication(record=record, status=status, supplier_ids=suppliers))
    if needs_review:
        open_review_task(site.host.review_tasks, entry, record, opened_at or FIXED_NOW)
    return doc_id
