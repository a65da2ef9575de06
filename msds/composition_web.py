"""Composition root of the web app on the local embedded host: the pipeline's services, local accounts and
sessions in the state database, signed direct uploads, and a background processor for what is uploaded."""

from __future__ import annotations

from typing import Literal

from msds.adapters.local.background_processor import BackgroundProcessor, InlineProcessor
from msds.adapters.local.direct_uploads import LocalUploadSigner
from msds.adapters.local.sqlite_accounts import SqliteAccounts, SqliteSessions
from msds.adapters.local.sqlite_review_tasks import SqliteReviewTasks
from msds.composition import STATE_DATABASE, build_local_services, local_product_service
from msds.pipeline.reprocess import QueuedReprocessor
from msds.ports import DocumentProcessor
from msds.services.accounts import LocalAccounts
from msds.services.api_access import Caller
from msds.settings import Settings
from msds.web.host import WebHost


class LocalPasswordSignIn:
    """The local host's sign-in: the accounts of ``msds users``."""

    kind: Literal["password"] = "password"

    def __init__(self, accounts: LocalAccounts) -> None:
        self._accounts = accounts

    def sign_in(self, user_name: str, password: str) -> Caller:
        return self._accounts.sign_in(user_name, password)


class LocalApiTokens:
    """Bearer tokens of the local host (``msds users token``)."""

    def __init__(self, accounts: LocalAccounts) -> None:
        self._accounts = accounts

    def caller(self, token: str) -> Caller | None:
        return self._accounts.caller_of_token(token)


def local_accounts(settings: Settings) -> LocalAccounts:
    return LocalAccounts(SqliteAccounts(settings.data_dir / STATE_DATABASE))


def build_local_web(settings: Settings, *, workers: int, secure_cookies: bool = True) -> WebHost:
    """The local web host; ``workers`` processes read uploaded sheets (0: in the request itself)."""
    services = build_local_services(settings)
    accounts = local_accounts(settings)
    tasks = services.review_tasks or SqliteReviewTasks(settings.data_dir / STATE_DATABASE)
    signer = LocalUploadSigner(settings.data_dir)
    processor: DocumentProcessor = (
        BackgroundProcessor(settings, workers) if workers > 0 else InlineProcessor(services)
    )
    return WebHost(
        services=services,
        sessions=SqliteSessions(settings.data_dir / STATE_DATABASE),
        sign_in=LocalPasswordSignIn(accounts),
        bearer=LocalApiTokens(accounts),
        uploads=signer,
        review_tasks=tasks,
        direct_uploads=signer,
        processor=processor,
        reprocessor=QueuedReprocessor(services, processor.submit),
        name="local",
        cookie_secure=secure_cookies,
        products=local_product_service(settings, lambda: services.now()),
    )
