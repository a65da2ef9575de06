"""Where an extracted value was read: the page, its box and the snippet of source text."""

from __future__ import annotations

from pydantic import BaseModel

from models.common import Box


class Evidence(BaseModel):
    """Where a value was read: page, box and the snippet of source text."""

    page: int | None = None
    box: Box | None = None
    snippet: str = ""
    section: int | None = None
