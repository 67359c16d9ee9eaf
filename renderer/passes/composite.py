"""Comp pass: the feedback image (flipped upright) plus blur, through the comp shader, to output.

The default fragment shader is MilkDrop's fixed pipeline (``comp.frag``: echo, gamma, hue
shader, brighten, darken, solarize, invert); a translated preset comp shader meeting the
contract (``v_uv``, ``v_hue_shader``, ``v_color`` -> ``frag_color``) replaces it. The mesh is
MilkDrop's 32 x 24 grid; its vertex shader interpolates the four hue corners.
"""

from __future__ import annotations

import math
from typing import Mapping

import moderngl
import numpy as np

from renderer.gl.geometry import grid_mesh
from renderer.gl.programs import build_program, load_shader, preprocess
from renderer.passes.samplers import SamplerBinder
from renderer.passes.uniforms import feed_uniforms

COMP_MESH = (32, 24)
HUE_FREQ = (0.0143, 0.0107, 0.0129)
HUE_PHASE = (3.0, 1.0, 6.0)
HUE_CORNER_STEP = (21.0, 13.0, 9.0)
HUE_RAND_INDEX = (3, 1, 2)


def hue_corners(time: float, rand_start: tuple[float, float, float, float]) -> np.ndarray:
    """MilkDrop's four slowly cycling corner colours, (4, 3), each in [0.5, 1] after scaling."""
    rand = np.array([rand_start[k] for k in HUE_RAND_INDEX])
    phase = time * 30.0 * np.asarray(HUE_FREQ) + np.asarray(HUE_PHASE) + rand
    corners = 0.6 + 0.3 * np.sin(phase + np.arange(4.0)[:, None] * np.asarray(HUE_CORNER_STEP))
    corners /= corners.max(axis=1, keepdims=True)
    return (0.5 + 0.5 * corners).astype(np.float32)


class CompositePass:
    def __init__(self, fragment_glsl: str | None = None) -> None:
        self.fragment_glsl = fragment_glsl
        self.program: moderngl.Program | None = None

    def compile(self, ctx: moderngl.Context) -> None:
        """Build the program; raises ``ShaderBuildError`` naming file:line."""
        self.ctx = ctx
        if self.fragment_glsl is None:
            fragment = load_shader("comp.frag")
        else:
            fragment = preprocess(self.fragment_glsl, "<preset comp shader>")
        self.program = build_program(ctx, load_shader("comp.vert"), fragment)
        mesh = grid_mesh(*COMP_MESH)
        self.positions = ctx.buffer(mesh.positions.tobytes())
        self.indices = ctx.buffer(mesh.indices.tobytes())
        self.vao = ctx.vertex_array(
            self.program, [(self.positions, "2f", "a_pos")], index_buffer=self.indices, index_element_size=4
        )

    @property
    def sampler_names(self) -> set[str]:
        assert self.program is not None
        return {name for name in self.program if name.startswith("sampler_")}

    def draw(
        self,
        output: moderngl.Framebuffer,
        viewport: tuple[int, int, int, int],
        env: Mapping[str, object],
        hue: np.ndarray,
        binder: SamplerBinder,
        textures: Mapping[str, moderngl.Texture],
        wrap: bool,
    ) -> None:
        """Draw the whole output: ``textures["main"]`` is this frame's finished feedback image."""
        assert self.program is not None
        feed_uniforms(self.program, env)
        if "u_hue_corners" in self.program:
            self.program["u_hue_corners"].write(np.ascontiguousarray(hue, dtype=np.float32).tobytes())
        feed_uniforms(self.program, binder.bind(self.program, textures, wrap))
        output.use()
        self.ctx.viewport = viewport
        self.ctx.disable(moderngl.BLEND)
        self.vao.render(moderngl.TRIANGLES)
        binder.release_units()

    def release(self) -> None:
        if self.program is None:
            return
        for obj in (self.vao, self.positions, self.indices, self.program):
            obj.release()
        self.program = None

