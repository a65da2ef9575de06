"""A handwritten-looking signature made of random cubic Bezier strokes."""

from __future__ import annotations

import random

from reportlab.platypus import Flowable


class SignatureDrawing(Flowable):
    """A platypus flowable: a few connected pen strokes in dark ink plus an underline flourish."""

    def __init__(self, seed: int, width: float = 150.0, height: float = 42.0) -> None:
        super().__init__()
        self.seed = seed
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        rng = random.Random(self.seed)
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColorRGB(0.08, 0.12, 0.45)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        x = 4.0
        mid = self.height * 0.55
        for _ in range(rng.randint(2, 3)):
            canvas.setLineWidth(rng.uniform(0.8, 1.5))
            path = canvas.beginPath()
            y = mid + rng.uniform(-4, 4)
            path.moveTo(x, y)
            for _ in range(rng.randint(3, 6)):
                step = rng.uniform(8, 18)
                c1 = (x + step * 0.3, y + rng.uniform(6, 16) * rng.choice((-1, 1)))
                c2 = (x + step * 0.7, y + rng.uniform(6, 18) * rng.choice((-1, 1)))
                x += step
                y = min(self.height - 3, max(3.0, mid + rng.uniform(-9, 9)))
                path.curveTo(c1[0], c1[1], c2[0], c2[1], x, y)
            canvas.drawPath(path, stroke=1, fill=0)
            x += rng.uniform(2, 8)
            if x > self.width * 0.8:
                break
        canvas.setLineWidth(rng.uniform(0.7, 1.1))
        path = canvas.beginPath()
        start = rng.uniform(2, 12)
        path.moveTo(start, self.height * 0.18)
        path.curveTo(
            self.width * 0.35,
            self.height * 0.05,
            self.width * 0.6,
            self.height * 0.3,
            min(self.width - 2, x + 6),
            self.height * 0.12,
        )
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
