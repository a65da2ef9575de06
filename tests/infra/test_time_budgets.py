"""Every wait inside a function ends before the function's own timeout, with a margin: a slow service then
fails by name (a retried ServiceUnavailable) instead of as a Lambda timeout, which the workflow does not
retry."""

from __future__ import annotations

import inspect

from infra.handlers import all_handlers
from msds.adapters.aws.opensearch_indexer import OPENSEARCH_ATTEMPTS, OPENSEARCH_TIMEOUT_SECONDS
from msds.adapters.aws.redshift_loader import REDSHIFT_WAIT_SECONDS, RedshiftLoader

MARGIN_SECONDS = 30


def test_the_publish_function_outlasts_its_redshift_and_opensearch_waits_with_a_margin() -> None:
    # Given the Publish function and the waits of the two services it publishes to
    (publish,) = [spec for spec in all_handlers(a2i=False) if spec.step == "Publish"]
    opensearch = OPENSEARCH_TIMEOUT_SECONDS * OPENSEARCH_ATTEMPTS

    # When they are added up
    waits = REDSHIFT_WAIT_SECONDS + opensearch

    # Then the function's timeout leaves a margin after the longest wait both can take
    assert publish.timeout_seconds >= waits + MARGIN_SECONDS, (publish.timeout_seconds, waits)


def test_the_redshift_loader_waits_as_long_as_the_budget_says_by_default() -> None:
    # Given the loader's constructor
    parameters = inspect.signature(RedshiftLoader.__init__).parameters
    # When its default wait is read
    wait = parameters["timeout_seconds"].default
    # Then it is the budgeted wait
    assert wait == REDSHIFT_WAIT_SECONDS
