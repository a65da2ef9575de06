"""Build the CDK app: context from cdk.json (so `python app.py` equals `cdk synth`), the stack, cdk-nag."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk import App, Aspects
from cdk_nag import AwsSolutionsChecks

from infra.assets import PROJECT_ROOT
from infra.config import InfraConfig
from infra.stack import MsdsStack

CDK_JSON = PROJECT_ROOT / "cdk.json"


def cdk_json_context(path: Path = CDK_JSON) -> dict[str, Any]:
    context: dict[str, Any] = json.loads(path.read_text()).get("context", {})
    return context


def stack_name(config: InfraConfig) -> str:
    return f"Msds-{config.stage}"


def build_app(
    context: Mapping[str, Any] | None = None, *, outdir: str | None = None, code_dir: Path | None = None
) -> App:
    """The app with the cdk.json context, overridden by ``context`` and then by the CLI's ``-c`` values."""
    app = App(context={**cdk_json_context(), **(context or {})}, outdir=outdir)
    config = InfraConfig.from_context(app.node)
    MsdsStack(
        app,
        stack_name(config),
        config=config,
        code_dir=code_dir,
        description="msds: SDS processing backend (documents, workflow, review, search, analytics, API)",
    )
    if config.nag:
        Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app
