"""Custom waves: the per-point polylines (or dots) of up to four preset-defined waves.

Points arrive in MilkDrop wave space after per-point code (``WaveFrame``); this pass maps them
to NDC in the aspect-corrected square space, ``((2x - 1) / aspectx, (1 - 2y) / aspecty)`` with
the shader aspects (<= 1), smooths lines to 2n-1 vertices and draws them (butterchurn.md §1.9).
"""

from __future__ import annotations

import moderngl
import numpy as np

from renderer.finite import finite
from renderer.frame_inputs import WaveFrame
from renderer.passes.solid import SolidDrawer, set_blend, thick_offsets
from renderer.passes.waveform_modes import smooth_polyline


def wave_vertices(wave: WaveFrame, aspect_x: float, aspect_y: float, alpha_mult: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(positions (n, 2) NDC, colours (n, 4)) before line smoothing; NaN/inf become 0."""
    x, y, r, g, b, a = (finite(getattr(wave, k)) for k in "xyrgba")
    positions = np.stack([(x * 2.0 - 1.0) / aspect_x, (1.0 - 2.0 * y) / aspect_y], axis=1)
    colors = np.stack([r, g, b, a * alpha_mult], axis=1)
    return positions.astype(np.float32), np.clip(colors, 0.0, 1.0).astype(np.float32)


def point_size(texsize: tuple[int, int], thick: bool) -> float:
    """MilkDrop's dot size: 1 px (2 when thick), one more on targets 1024+ wide."""
    return (2.0 if thick else 1.0) + (1.0 if texsize[0] >= 1024 else 0.0)


class CustomWavePass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.drawer = SolidDrawer(ctx)

    def draw(self, wave: WaveFrame, texsize: tuple[int, int], aspect: tuple[float, float], alpha_mult: float = 1.0) -> None:
        """Draw ``wave`` into the bound target (nothing when it has too few points)."""
        n = wave.point_count
        if n < (1 if wave.use_dots else 2):
            return
        positions, colors = wave_vertices(wave, aspect[0], aspect[1], alpha_mult)
        set_blend(self.ctx, wave.additive)
        if wave.use_dots:
            self.drawer.draw(positions, colors, moderngl.POINTS, point_size=point_size(texsize, wave.thick))
            return
        smooth_pos = smooth_polyline(positions)
        smooth_col = np.repeat(colors, 2, axis=0)[: smooth_pos.shape[0]]
        offsets = thick_offsets(texsize) if wave.thick else ((0.0, 0.0),)
        self.drawer.draw(smooth_pos, smooth_col, moderngl.LINE_STRIP, offsets=offsets)

    def release(self) -> None:
        self.drawer.release()
