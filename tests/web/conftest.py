from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.support import Site, make_site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "data")
