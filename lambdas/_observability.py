"""Powertools logger, tracer and metrics around every handler.

They are created on a container's first invocation, not at import (they read POWERTOOLS_* variables), and
the decorators are applied to each handler then, once.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]
DEFAULT_SERVICE = "msds"
DEFAULT_NAMESPACE = "Msds"


@dataclass(frozen=True)
class Observability:
    logger: Logger
    tracer: Tracer
    metrics: Metrics


_tools: Observability | None = None
_lock = threading.Lock()


def observability() -> Observability:
    global _tools
    with _lock:
        if _tools is None:
            service = os.environ.get("POWERTOOLS_SERVICE_NAME", DEFAULT_SERVICE)
            _tools = Observability(
                logger=Logger(service=service),
                tracer=Tracer(service=service),
                metrics=Metrics(
                    namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE),
                    service=service,
                ),
            )
        return _tools


def observed(function: Handler) -> Handler:
    """Wrap a handler with inject_lambda_context, capture_lambda_handler and log_metrics (on first call)."""
    instrumented: Handler | None = None

    @functools.wraps(function)
    def entry(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        nonlocal instrumented
        if instrumented is None:
            tools = observability()
            with_metrics = tools.metrics.log_metrics(capture_cold_start_metric=True)(
                _counting_errors(function)
            )
            traced = tools.tracer.capture_lambda_handler(with_metrics)
            instrumented = tools.logger.inject_lambda_context(clear_state=True)(traced)
        return instrumented(event, context)

    return entry


def _counting_errors(function: Handler) -> Handler:
    @functools.wraps(function)
    def counted(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        try:
            return function(event, context)
        except Exception:
            count("TaskErrors")
            raise

    return counted


def count(name: str, value: float = 1.0) -> None:
    """Add a count metric to this invocation's EMF record."""
    if value:
        observability().metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def log_info(message: str, **fields: Any) -> None:
    observability().logger.info(message, extra=fields)
