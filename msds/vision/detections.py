"""What the detector reports: boxes in the pixels of the image it was given, with a score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class PixelBox(NamedTuple):
    """Axis-aligned box in image pixels, origin top-left; x1/y1 exclusive."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class PictogramDetection:
    """One GHS pictogram: its code ("GHS01".."GHS09"), where it is, and the classifier's probability."""

    code: str
    box: PixelBox
    score: float


@dataclass(frozen=True)
class SignatureDetection:
    """One region holding a handwritten signature, and the classifier's probability."""

    box: PixelBox
    score: float
