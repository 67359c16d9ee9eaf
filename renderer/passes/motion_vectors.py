"""Motion vectors: a grid of short lines showing where each point's image came from.

Grid, offsets and lengths per butterchurn.md §1.7 with MilkDrop's minimum-length rule (not
Butterchurn's inverted one): vectors shorter than one texel are stretched to one texel and
zero vectors become (min, min). Sources come from the frame's warp UVs (transform feedback).
"""

from __future__ import annotations

from typing import Mapping

import moderngl
import numpy as np

from renderer.passes.solid import SolidDrawer, set_blend

MAX_GRID = (64, 48)


def _bilinear(uv: np.ndarray, fx: np.ndarray, fy: np.ndarray) -> np.ndarray:
    """Sample the (rows+1, cols+1, 2) UV mesh at mesh fractions fx, fy in [0, 1]."""
    rows, cols = uv.shape[0] - 1, uv.shape[1] - 1
    gx = np.clip(fx * cols, 0.0, cols - 1e-6)
    gy = np.clip(fy * rows, 0.0, rows - 1e-6)
    ix, iy = gx.astype(int), gy.astype(int)
    tx, ty = (gx - ix)[..., None], (gy - iy)[..., None]
    top = uv[iy, ix] * (1 - tx) + uv[iy, ix + 1] * tx
    bottom = uv[iy + 1, ix] * (1 - tx) + uv[iy + 1, ix + 1] * tx
    return top * (1 - ty) + bottom * ty


def motion_vector_lines(frame_vars: Mapping[str, float], uv: np.ndarray, texsize: tuple[int, int]) -> np.ndarray:
    """Line segments as (2 * count, 2) NDC endpoints; empty when motion vectors are off."""
    mv_x, mv_y = float(frame_vars.get("mv_x", 12.0)), float(frame_vars.get("mv_y", 9.0))
    if float(frame_vars.get("mv_a", 0.0)) <= 0.001 or np.floor(mv_x) <= 0 or np.floor(mv_y) <= 0:
        return np.zeros((0, 2), dtype=np.float32)
    nx, ny = int(np.floor(mv_x)), int(np.floor(mv_y))
    frac_x, frac_y = mv_x - nx, mv_y - ny
    if nx > MAX_GRID[0]:
        nx, frac_x = MAX_GRID[0], 0.0
    if ny > MAX_GRID[1]:
        ny, frac_y = MAX_GRID[1], 0.0
    fx = (np.arange(nx) + 0.25) / (nx + frac_x + 0.25 - 1.0) + float(frame_vars.get("mv_dx", 0.0))
    fy = (np.arange(ny) + 0.25) / (ny + frac_y + 0.25 - 1.0) - float(frame_vars.get("mv_dy", 0.0))
    gx, gy = np.meshgrid(fx, fy)
    keep = (gx > 0.0001) & (gx < 0.9999) & (gy > 0.0001) & (gy < 0.9999)
    gx, gy = gx[keep], gy[keep]
    if gx.size == 0:
        return np.zeros((0, 2), dtype=np.float32)
    src = _bilinear(uv, gx, gy)
    src_x, src_y = src[:, 0], 1.0 - src[:, 1]
    length = float(frame_vars.get("mv_l", 0.9))
    vx, vy = (src_x - gx) * length, (src_y - gy) * length
    min_len = 1.0 / texsize[0]
    norm = np.hypot(vx, vy)
    short = (norm < min_len) & (norm > 1e-12)
    scale = np.where(short, min_len / np.where(norm > 0, norm, 1.0), 1.0)
    vx, vy = vx * scale, vy * scale
    zero = norm <= 1e-12
    vx, vy = np.where(zero, min_len, vx), np.where(zero, min_len, vy)
    start = np.stack([gx * 2.0 - 1.0, 1.0 - 2.0 * gy], axis=1)
    end = np.stack([(gx + vx) * 2.0 - 1.0, 1.0 - 2.0 * (gy + vy)], axis=1)
    lines = np.empty((start.shape[0] * 2, 2), dtype=np.float32)
    lines[0::2], lines[1::2] = start, end
    return lines


class MotionVectorsPass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.drawer = SolidDrawer(ctx)

    def draw(self, frame_vars: Mapping[str, float], uv: np.ndarray, texsize: tuple[int, int]) -> int:
        """Draw into the bound target; returns the number of vectors drawn."""
        lines = motion_vector_lines(frame_vars, uv, texsize)
        if lines.shape[0] == 0:
            return 0
        rgba = [float(frame_vars.get(k, d)) for k, d in (("mv_r", 1.0), ("mv_g", 1.0), ("mv_b", 1.0), ("mv_a", 0.0))]
        colors = np.tile(np.clip(np.array(rgba, dtype=np.float32), 0.0, 1.0), (lines.shape[0], 1))
        set_blend(self.ctx, additive=False)
        self.drawer.draw(lines, colors, moderngl.LINES)
        return lines.shape[0] // 2

    def release(self) -> None:
        self.drawer.release()
