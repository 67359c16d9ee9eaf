"""Outer and inner borders: solid frames around the image edge (``ob_*``, then ``ib_*``).

The outer frame covers NDC [1 - ob_size, 1] on every side; the inner one the next ib_size.
"""

from __future__ import annotations

from typing import Mapping

import moderngl
import numpy as np

from renderer.passes.solid import SolidDrawer, set_blend


def frame_triangles(outer: float, inner: float) -> np.ndarray:
    """(24, 2) NDC triangles for the ring between squares of half-size ``outer`` and ``inner``."""
    o, i = outer, inner
    quads = [
        (-o, i, o, o),  # top band
        (-o, -o, o, -i),  # bottom band
        (-o, -i, -i, i),  # left band
        (i, -i, o, i),  # right band
    ]
    tris = []
    for x0, y0, x1, y1 in quads:
        tris += [(x0, y0), (x1, y0), (x1, y1), (x0, y0), (x1, y1), (x0, y1)]
    return np.array(tris, dtype=np.float32)


def border_geometry(frame_vars: Mapping[str, float]) -> list[tuple[np.ndarray, tuple[float, float, float, float]]]:
    """The visible borders as (triangles, rgba), outer first."""
    out = []
    ob = float(frame_vars.get("ob_size", 0.01))
    ib = float(frame_vars.get("ib_size", 0.01))
    for prefix, outer, inner, defaults in (
        ("ob", 1.0, 1.0 - ob, (0.0, 0.0, 0.0, 0.0)),
        ("ib", 1.0 - ob, 1.0 - ob - ib, (0.25, 0.25, 0.25, 0.0)),
    ):
        size = float(frame_vars.get(f"{prefix}_size", 0.01))
        rgba = tuple(
            min(max(float(frame_vars.get(f"{prefix}_{c}", d)), 0.0), 1.0) for c, d in zip("rgba", defaults)
        )
        if size > 0.0 and rgba[3] > 0.0:
            out.append((frame_triangles(outer, inner), rgba))
    return out  # type: ignore[return-value]


class BorderPass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.drawer = SolidDrawer(ctx, capacity=64)

    def draw(self, frame_vars: Mapping[str, float]) -> int:
        """Draw the visible borders into the bound target; returns how many were drawn."""
        borders = border_geometry(frame_vars)
        set_blend(self.ctx, additive=False)
        for triangles, rgba in borders:
            colors = np.tile(np.array(rgba, dtype=np.float32), (triangles.shape[0], 1))
            self.drawer.draw(triangles, colors, moderngl.TRIANGLES)
        return len(borders)

    def release(self) -> None:
        self.drawer.release()
