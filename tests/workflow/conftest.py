"""Fixtures of the state-machine tests: the synthesised template (one synth per session, shared with
tests/infra) and a deployment of its state machines on moto's Step Functions interpreter."""

from __future__ import annotations

from tests.aws.support import aws_credentials, stubbed
from tests.infra.conftest import synthesized, template
from tests.workflow.deployment import deployment

__all__ = ["aws_credentials", "deployment", "stubbed", "synthesized", "template"]
