"""One synth of the whole app per test session (shared by pytest-xdist workers through a lock file).

The app is synthesised as `cdk synth` does it (cdk.json's context, cdk-nag's AwsSolutions checks, CDK's
CloudFormation validation), except that annotations are kept in the assembly instead of failing the synth,
so that the cdk-nag test can list what it found.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

STACK = "Msds-dev"
# The layer is not bundled (no package index in the tests): tests/infra/test_layer_bundling.py covers it.
TEST_CONTEXT = {"@aws-cdk/core:annotationsInValidationReport": False, "aws:cdk:bundling-stacks": []}


@dataclass(frozen=True)
class Synthesized:
    template: dict[str, Any]
    messages: list[dict[str, str]]

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {name: r for name, r in self.template["Resources"].items() if r["Type"] == kind}

    def one(self, kind: str) -> dict[str, Any]:
        found = list(self.resources(kind).values())
        assert len(found) == 1, f"{len(found)} resources of type {kind}"
        return found[0]["Properties"]


def _synthesize(outdir: Path) -> dict[str, Any]:
    from infra.app import build_app

    assembly = build_app(TEST_CONTEXT, outdir=str(outdir)).synth()
    stack = assembly.get_stack_by_name(STACK)
    messages = [
        {
            "level": str(m.level.value if hasattr(m.level, "value") else m.level),
            "id": m.id,
            "text": str(m.entry.data),
        }
        for m in stack.messages
    ]
    return {"template": stack.template, "messages": messages}


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synthesized]:
    if "PYTEST_XDIST_WORKER" not in os.environ:
        data = _synthesize(tmp_path_factory.mktemp("cdk") / "cdk.out")
        yield Synthesized(data["template"], data["messages"])
        return
    shared = tmp_path_factory.getbasetemp().parent  # one folder per test run, shared by its workers
    result = shared / "msds-infra-synth.json"
    with open(shared / "msds-infra-synth.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            data = _synthesize(shared / "msds-infra-cdk.out")
            result.write_text(json.dumps(data))
    data = json.loads(result.read_text())
    yield Synthesized(data["template"], data["messages"])


@pytest.fixture(scope="session")
def template(synthesized: Synthesized) -> dict[str, Any]:
    return synthesized.template
