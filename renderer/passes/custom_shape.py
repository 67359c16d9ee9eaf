"""Custom shapes: filled, optionally textured n-gons with a border, drawn instanced.

One fill draw (and one border draw, four when any instance is thick) per run of instances
sharing a blend mode, instead of MilkDrop's draw calls per instance. Geometry is built in
``shape.vert`` / ``shape_border.vert`` from per-instance attributes (butterchurn.md §1.8).
"""

from __future__ import annotations

import moderngl
import numpy as np

from renderer.finite import finite
from renderer.frame_inputs import ShapeFrame
from renderer.gl.programs import program_from_files
from renderer.passes._vertex_layout import content
from renderer.passes.solid import set_blend, thick_offsets

MAX_SIDES = 100
MAX_INSTANCES = 1024
INSTANCE_FLOATS = 22  # i_shape 4, i_color 4, i_color2 4, i_border 4, i_texture 4, i_flags 2
_LAYOUT = [("4f", "i_shape"), ("4f", "i_color"), ("4f", "i_color2"), ("4f", "i_border"),
           ("4f", "i_texture"), ("2f", "i_flags")]  # fmt: skip


def instance_data(shape: ShapeFrame) -> np.ndarray:
    """(n, 22) float32 per-instance attribute rows, NaN/inf replaced by 0."""
    columns = [
        shape.x, shape.y, shape.rad, shape.ang,
        shape.r, shape.g, shape.b, shape.a,
        shape.r2, shape.g2, shape.b2, shape.a2,
        shape.border_r, shape.border_g, shape.border_b, shape.border_a,
        shape.tex_ang, shape.tex_zoom, shape.sides, shape.textured,
        shape.additive, shape.thick,
    ]  # fmt: skip
    data = np.stack(columns, axis=1).astype(np.float32)[:MAX_INSTANCES]
    return finite(data)


def blend_runs(additive: np.ndarray) -> list[tuple[int, int, bool]]:
    """Contiguous (start, stop, additive) runs, so draw order is kept across blend changes."""
    flags = np.abs(additive) >= 1.0
    if flags.size == 0:
        return []
    edges = [0, *(np.flatnonzero(flags[1:] != flags[:-1]) + 1).tolist(), flags.size]
    return [(start, stop, bool(flags[start])) for start, stop in zip(edges[:-1], edges[1:])]


class CustomShapePass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.fill = program_from_files(ctx, "shape.vert", "shape.frag")
        self.border = program_from_files(ctx, "shape_border.vert", "solid.frag")
        self.instances = ctx.buffer(reserve=MAX_INSTANCES * INSTANCE_FLOATS * 4, dynamic=True)
        self.fill_vao = ctx.vertex_array(self.fill, [content(self.fill, self.instances, _LAYOUT, "/i")])
        self.border_vao = ctx.vertex_array(self.border, [content(self.border, self.instances, _LAYOUT, "/i")])
        self.sampler = ctx.sampler(filter=(moderngl.LINEAR, moderngl.LINEAR))

    def draw(
        self,
        shape: ShapeFrame,
        texture: moderngl.Texture,
        texsize: tuple[int, int],
        aspect: tuple[float, float, float, float],
        wrap: bool,
        alpha_mult: float = 1.0,
    ) -> None:
        """Draw every instance of ``shape`` into the bound target; ``texture`` for textured ones."""
        data = instance_data(shape)
        if data.shape[0] == 0:
            return
        sides = np.floor(np.clip(data[:, 18], 3, MAX_SIDES))
        max_sides = int(sides.max())
        self.sampler.repeat_x = self.sampler.repeat_y = wrap
        self.sampler.texture = texture
        self.sampler.use(0)
        for program in (self.fill, self.border):
            if "aspect" in program:
                program["aspect"].value = aspect
            program["u_alpha_mult"].value = alpha_mult
        self.fill["u_texture"].value = 0
        any_thick = bool(np.any(np.abs(data[:, 21]) >= 1.0))
        offsets = thick_offsets(texsize)
        for start, stop, additive in blend_runs(data[:, 20]):
            self.instances.write(data[start:stop].tobytes())
            count = stop - start
            set_blend(self.ctx, additive)
            self.fill_vao.render(moderngl.TRIANGLES, vertices=3 * max_sides, instances=count)
            if not np.any(data[start:stop, 15] * alpha_mult > 0.0):
                continue
            for index, offset in enumerate(offsets if any_thick else offsets[:1]):
                self.border["u_offset"].value = offset
                self.border["u_offset_pass"].value = index
                self.border_vao.render(moderngl.LINES, vertices=2 * max_sides, instances=count)
        self.ctx.clear_samplers(0, 1)

    def release(self) -> None:
        for obj in (self.fill_vao, self.border_vao, self.instances, self.fill, self.border, self.sampler):
            obj.release()
