"""Shared drawing of untextured coloured geometry (``solid.vert`` / ``solid.frag``).

Waves, motion vectors, borders and the darkened centre all upload a few hundred vertices a
frame; one dynamic buffer per user keeps that a single ``write`` + ``render``.
"""

from __future__ import annotations

import moderngl
import numpy as np

from renderer.gl.programs import program_from_files

# thick lines: MilkDrop draws 4 copies offset by one texel right/down in NDC units of 2/size
THICK_OFFSETS = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))


class SolidDrawer:
    """A program plus a growable vertex buffer of (x, y, r, g, b, a) float32 rows."""

    def __init__(self, ctx: moderngl.Context, capacity: int = 4096) -> None:
        self.ctx = ctx
        self.program = program_from_files(ctx, "solid.vert", "solid.frag")
        self.capacity = 0
        self.buffer: moderngl.Buffer | None = None
        self.vao: moderngl.VertexArray | None = None
        self._grow(capacity)

    def _grow(self, vertices: int) -> None:
        if vertices <= self.capacity:
            return
        if self.vao is not None:
            self.vao.release()
        if self.buffer is not None:
            self.buffer.release()
        self.capacity = max(vertices, self.capacity * 2)
        self.buffer = self.ctx.buffer(reserve=self.capacity * 6 * 4, dynamic=True)
        self.vao = self.ctx.vertex_array(self.program, [(self.buffer, "2f 4f", "a_pos", "a_color")])

    def draw(
        self,
        positions: np.ndarray,
        colors: np.ndarray,
        mode: int,
        offsets: tuple[tuple[float, float], ...] = ((0.0, 0.0),),
        point_size: float = 1.0,
    ) -> None:
        """Draw ``positions`` (n, 2) NDC with ``colors`` (n, 4), once per NDC offset."""
        n = int(positions.shape[0])
        if n == 0:
            return
        self._grow(n)
        data = np.empty((n, 6), dtype=np.float32)
        data[:, :2] = positions
        data[:, 2:] = colors
        if not np.isfinite(data).all():
            np.nan_to_num(data, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        assert self.buffer is not None and self.vao is not None
        self.buffer.write(data.tobytes())
        if mode == moderngl.POINTS:
            self.ctx.enable(moderngl.PROGRAM_POINT_SIZE)
            self.program["u_point_size"].value = float(point_size)
        for offset in offsets:
            self.program["u_offset"].value = offset
            self.vao.render(mode, vertices=n)

    def release(self) -> None:
        for obj in (self.vao, self.buffer, self.program):
            if obj is not None:
                obj.release()


def thick_offsets(texsize: tuple[int, int]) -> tuple[tuple[float, float], ...]:
    """The 4 NDC offsets (0, +1 px, +1 px down, both) for thick lines at ``texsize``."""
    w, h = texsize
    return tuple((dx * 2.0 / w, dy * 2.0 / h) for dx, dy in THICK_OFFSETS)


def set_blend(ctx: moderngl.Context, additive: bool) -> None:
    """MilkDrop's two blend modes for sprites: alpha-over or additive (dst factor ONE).

    The feedback image stays opaque (alpha blended ONE, ONE): sprites must not punch
    translucent holes that textured shapes would later pick up through the texture's alpha.
    """
    ctx.enable(moderngl.BLEND)
    dst = moderngl.ONE if additive else moderngl.ONE_MINUS_SRC_ALPHA
    ctx.blend_func = (moderngl.SRC_ALPHA, dst, moderngl.ONE, moderngl.ONE)
