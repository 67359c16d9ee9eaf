"""MilkDrop 2's per-vertex blend patterns (butterchurn.md §4): wipe, plasma and radial.

Each mesh vertex gets a value t in [0, 1]; during a blend the new preset's weight at that vertex
is ``clamp(A * progress + C, 0, 1)`` with ``A = (1 + band) / band`` and ``C = (t - 1) / band``,
so vertex t changes over during progress in [(1 - t) / (1 + band), (1 - t + band) / (1 + band)].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BlendPattern:
    kind: str  # "wipe", "plasma" or "radial"
    t: np.ndarray  # (rows + 1, cols + 1) float32, row 0 = top of the screen
    band: float

    def weight(self, progress: float) -> np.ndarray:
        """The new preset's per-vertex weight at ``progress`` in [0, 1]."""
        a = (1.0 + self.band) / self.band
        c = (self.t - 1.0) / self.band
        return np.clip(a * progress + c, 0.0, 1.0)


def _plasma(rng: np.random.Generator, cols: int, rows: int, aspect_x: float, aspect_y: float) -> np.ndarray:
    """Midpoint displacement from random corners, displacement 0.25 halving per level."""
    size = 1
    while size < max(cols, rows):
        size *= 2
    grid = np.zeros((size + 1, size + 1))
    grid[0, 0], grid[0, size], grid[size, 0], grid[size, size] = rng.random(4)
    step, amount = size, 0.25
    while step > 1:
        half = step // 2
        for y in range(0, size, step):
            for x in range(0, size, step):
                a, b, c, d = grid[y, x], grid[y, x + step], grid[y + step, x], grid[y + step, x + step]
                grid[y, x + half] = (a + b) / 2 + (rng.random() - 0.5) * amount * aspect_x
                grid[y + step, x + half] = (c + d) / 2 + (rng.random() - 0.5) * amount * aspect_x
                grid[y + half, x] = (a + c) / 2 + (rng.random() - 0.5) * amount * aspect_y
                grid[y + half, x + step] = (b + d) / 2 + (rng.random() - 0.5) * amount * aspect_y
                grid[y + half, x + half] = (a + b + c + d) / 4 + (rng.random() - 0.5) * amount
        step, amount = half, amount * 0.5
    ys = np.linspace(0, size, rows + 1).round().astype(int)
    xs = np.linspace(0, size, cols + 1).round().astype(int)
    t = grid[np.ix_(ys, xs)]
    lo, hi = float(t.min()), float(t.max())
    return (t - lo) / (hi - lo) if hi > lo else np.zeros_like(t)


def blend_pattern(rng: np.random.Generator, cols: int = 48, rows: int = 36, aspect: tuple[float, float] = (1.0, 1.0)) -> BlendPattern:
    """A random pattern as MilkDrop 2 picks one at each preset switch (``aspect`` <= 1 each)."""
    aspect_x, aspect_y = aspect
    kind = ("wipe", "plasma", "radial")[int(rng.random() * 3)]
    gx, gy = np.meshgrid(np.linspace(-1, 1, cols + 1) * aspect_x, np.linspace(1, -1, rows + 1) * aspect_y)
    if kind == "wipe":
        theta = rng.random() * 6.28
        projection = (gx * math.cos(theta) + gy * math.sin(theta)) / math.sqrt(2.0)
        t = np.clip(projection * 0.5 + 0.5, 0.0, 1.0)
        band = 0.1 + 0.2 * rng.random()
    elif kind == "plasma":
        t = _plasma(rng, cols, rows, aspect_x, aspect_y)
        band = 0.12 + 0.13 * rng.random()
    else:
        t = np.clip(np.sqrt(gx * gx + gy * gy) / math.sqrt(2.0), 0.0, 1.0)
        if rng.random() < 0.5:
            t = 1.0 - t
        band = 0.02 + 0.14 * rng.random() + 0.34 * rng.random()
    return BlendPattern(kind, t.astype(np.float32), float(band))
