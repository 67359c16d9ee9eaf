"""The transition pass: draws the new preset's image over the old one through a blend pattern."""

from __future__ import annotations

import moderngl
import numpy as np

from renderer.gl.geometry import fullscreen_triangle
from renderer.gl.programs import program_from_files
from renderer.transition.pattern import BlendPattern


class TransitionMixPass:
    """Owns the mix program and the pattern texture (one texel per mesh vertex, bilinear)."""

    def __init__(self) -> None:
        self.program: moderngl.Program | None = None
        self.vao: moderngl.VertexArray | None = None
        self.pattern_texture: moderngl.Texture | None = None
        self.band = 0.2

    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = program_from_files(ctx, "fullscreen.vert", "transition_mix.frag")
        self.vao = fullscreen_triangle(ctx, self.program)

    def set_pattern(self, pattern: BlendPattern) -> None:
        # texture row 0 is the bottom of the screen; the pattern's row 0 is the top
        data = np.ascontiguousarray(pattern.t[::-1], dtype=np.float32)
        if self.pattern_texture is not None:
            self.pattern_texture.release()
        self.pattern_texture = self.ctx.texture((data.shape[1], data.shape[0]), 1, data.tobytes(), dtype="f4")
        self.pattern_texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.pattern_texture.repeat_x = self.pattern_texture.repeat_y = False
        self.band = pattern.band

    def draw(self, framebuffer: moderngl.Framebuffer, viewport: tuple[int, int, int, int],
             old: moderngl.Texture, new: moderngl.Texture, progress: float) -> None:
        assert self.program is not None and self.vao is not None and self.pattern_texture is not None
        framebuffer.use()
        self.ctx.viewport = viewport
        self.ctx.disable(moderngl.BLEND)
        old.use(0)
        new.use(1)
        self.pattern_texture.use(2)
        self.program["u_old"] = 0
        self.program["u_new"] = 1
        self.program["u_pattern"] = 2
        self.program["u_progress"] = float(progress)
        self.program["u_band"] = float(self.band)
        self.vao.render(vertices=3)

    def release(self) -> None:
        for obj in (self.vao, self.program, self.pattern_texture):
            if obj is not None:
                obj.release()
