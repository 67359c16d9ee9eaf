"""Darken center: a faint dark diamond over the middle, so feedback doesn't blow out there."""

from __future__ import annotations

import moderngl
import numpy as np

from renderer.passes.solid import SolidDrawer, set_blend

CENTRE_ALPHA = 3.0 / 32.0
RADIUS = 0.05


def darken_center_fan(aspect_y: float) -> tuple[np.ndarray, np.ndarray]:
    """Triangle-fan positions (6, 2) and colours (6, 4): black centre, transparent rim."""
    rx = RADIUS * aspect_y
    positions = np.array([[0, 0], [-rx, 0], [0, -RADIUS], [rx, 0], [0, RADIUS], [-rx, 0]], dtype=np.float32)
    colors = np.zeros((6, 4), dtype=np.float32)
    colors[0, 3] = CENTRE_ALPHA
    return positions, colors


class DarkenCenterPass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.drawer = SolidDrawer(ctx, capacity=16)

    def draw(self, aspect_y: float) -> None:
        positions, colors = darken_center_fan(aspect_y)
        set_blend(self.ctx, additive=False)
        self.drawer.draw(positions, colors, moderngl.TRIANGLE_FAN)

    def release(self) -> None:
        self.drawer.release()
