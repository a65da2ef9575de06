"""Every end-to-end test runs with a clean MSDS_* environment."""

from __future__ import annotations

import pytest

from msds.settings import Settings


@pytest.fixture(autouse=True)
def no_msds_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands read MSDS_* variables; the developer's own must not leak into the tests."""
    for name in Settings.environment_names():
        monkeypatch.delenv(name, raising=False)
