"""The meter the adapters of one host report billable units to, read once per step run."""

from __future__ import annotations

import threading

from models.metering import BillableUsage


class UsageMeter:
    """Implements msds.ports.UsageRecorder: adds up what adapters report until the step runner takes it.

    One meter belongs to one set of services (a Lambda container, a worker process), which runs one step at
    a time; :meth:`take` returns what was recorded since the last :meth:`reset` or :meth:`take`.
    """

    def __init__(self) -> None:
        self._usage = BillableUsage()
        self._lock = threading.Lock()

    def record(self, usage: BillableUsage) -> None:
        with self._lock:
            self._usage = self._usage + usage

    def reset(self) -> None:
        """Forget anything recorded outside a step (a failed earlier run, work before the step)."""
        with self._lock:
            self._usage = BillableUsage()

    def take(self) -> BillableUsage:
        """What was recorded since the last reset, and start again from zero."""
        with self._lock:
            usage, self._usage = self._usage, BillableUsage()
        return usage
