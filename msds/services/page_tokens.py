"""Opaque paging tokens: a list's position (a sortable text) in URL-safe base64, checked when it comes
back."""

from __future__ import annotations

import base64
import binascii
import re

from msds.errors import InvalidRequest


def encode_position(position: str) -> str:
    return base64.urlsafe_b64encode(position.encode("utf-8")).decode("ascii").rstrip("=")


def decode_position(token: str, shape: re.Pattern[str], parameter: str = "next_token") -> str:
    """The position a token continues after; InvalidRequest naming ``query.<parameter>`` for a token this
    product did not make."""
    try:
        position = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, ValueError) as error:
        raise _bad(parameter) from error
    if not shape.fullmatch(position):
        raise _bad(parameter)
    return position


def _bad(parameter: str) -> InvalidRequest:
    return InvalidRequest(
        f"{parameter} is not a token this API returned", [(f"query.{parameter}", "not a page token")]
    )
