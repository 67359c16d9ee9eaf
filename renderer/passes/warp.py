"""Warp pass: last frame, pulled through the per-vertex motion mesh, into this frame's target.

The motion formula lives in ``shaders/warp.vert``; per-pixel equations plug in either as a
spliced GLSL ``per_pixel`` function (compile time) or as a CPU-computed (n, 10) array of the
motion values (``FrameInputs.vertex_motion``, the numpy fallback). The fragment shader is the
default ``warp.frag`` (``ret = main(uv) * decay``) or any translated preset warp shader that
meets the shader contract (``v_uv``, ``v_uv_orig``, ``v_color`` -> ``frag_color``).
"""

from __future__ import annotations

from typing import Mapping

import moderngl
import numpy as np

from renderer.frame_inputs import MOTION_VARS
from renderer.gl.geometry import GridMesh
from renderer.gl.programs import build_program, load_shader, preprocess
from renderer.gl.targets import RenderTarget
from renderer.passes._vertex_layout import content
from renderer.passes.samplers import SamplerBinder
from renderer.passes.uniforms import feed_uniforms

# Uniforms warp.vert itself declares: a spliced per_pixel must not redeclare these (GLSL forbids
# redefinition); it may declare others, which are fed from frame_vars by name (plus eel_rand_seed).
WARP_VERTEX_UNIFORMS = frozenset(
    {"time", "eel_time", "fps", "frame", "progress", "bass", "mid", "treb", "bass_att", "mid_att", "treb_att",
     "meshx", "meshy", "aspectx", "aspecty", "pixelsx", "pixelsy", "aspect"}
    | {f"_q{letter}" for letter in "abcdefgh"}
)  # fmt: skip

MOTION_DEFAULTS = {"zoom": 1.0, "zoomexp": 1.0, "rot": 0.0, "warp": 1.0, "cx": 0.5, "cy": 0.5,
                   "dx": 0.0, "dy": 0.0, "sx": 1.0, "sy": 1.0}  # fmt: skip


class WarpPass:
    """Owns the warp program, the mesh buffers and the transform-feedback UV capture."""

    def __init__(self, mesh: GridMesh, per_pixel_glsl: str | None = None, fragment_glsl: str | None = None) -> None:
        self.mesh = mesh
        self.per_pixel_glsl = per_pixel_glsl
        self.fragment_glsl = fragment_glsl
        self.program: moderngl.Program | None = None

    def compile(self, ctx: moderngl.Context) -> None:
        """Build the program and buffers; raises ``ShaderBuildError`` naming file:line."""
        self.ctx = ctx
        splices = {"per_pixel": self.per_pixel_glsl} if self.per_pixel_glsl else None
        vertex = load_shader("warp.vert", splices=splices)
        if self.fragment_glsl is None:
            fragment = load_shader("warp.frag")
        else:
            fragment = preprocess(self.fragment_glsl, "<preset warp shader>")
        self.program = build_program(ctx, vertex, fragment, varyings=("v_uv",))
        n = self.mesh.vertex_count
        self.positions = ctx.buffer(self.mesh.positions.tobytes())
        self.motion = ctx.buffer(reserve=n * 10 * 4)
        self.given_uvs = ctx.buffer(reserve=n * 2 * 4)
        self.indices = ctx.buffer(self.mesh.indices.tobytes())
        layout = [
            content(self.program, self.positions, [("2f", "a_pos")]),
            content(self.program, self.motion, [("4f", "a_motion0"), ("4f", "a_motion1"), ("2f", "a_motion2")]),
            content(self.program, self.given_uvs, [("2f", "a_uv")]),
        ]
        self.vao = ctx.vertex_array(self.program, layout, index_buffer=self.indices, index_element_size=4)
        self.capture_vao = ctx.vertex_array(self.program, layout)
        self.captured = ctx.buffer(reserve=n * 2 * 4)

    @property
    def sampler_names(self) -> set[str]:
        assert self.program is not None
        return {name for name in self.program if name.startswith("sampler_")}

    def set_uniforms(
        self,
        frame_vars: Mapping[str, float],
        env: Mapping[str, object],
        vertex_motion: np.ndarray | None,
        given_uvs: np.ndarray | None = None,
    ) -> None:
        """Per-frame motion uniforms, EEL globals for the per_pixel splice, and the shader env.
        ``given_uvs`` ((rows+1, cols+1, 2), as :meth:`capture_uvs` returns) replace the computed UVs."""
        assert self.program is not None
        values: dict[str, object] = {**frame_vars, **env}
        rand_frame = env.get("rand_frame", (0.0,))
        values["eel_rand_seed"] = float(rand_frame[0]) * 65536.0  # type: ignore[index]
        for name in MOTION_VARS:
            values[f"u_{name}"] = float(frame_vars.get(name, MOTION_DEFAULTS[name]))
        values["u_warpanimspeed"] = float(frame_vars.get("warpanimspeed", 1.0))
        values["u_warpscale"] = float(frame_vars.get("warpscale", 1.0))
        values["u_vertex_motion"] = 0
        values["u_uv_given"] = 0
        if given_uvs is not None:
            self.given_uvs.write(np.ascontiguousarray(given_uvs, dtype=np.float32).tobytes())
            values["u_uv_given"] = 1
        if vertex_motion is not None:
            motion = np.ascontiguousarray(vertex_motion, dtype=np.float32)
            if motion.shape != (self.mesh.vertex_count, 10):
                raise ValueError(f"vertex_motion must be ({self.mesh.vertex_count}, 10), got {motion.shape}")
            self.motion.write(motion.tobytes())
            values["u_vertex_motion"] = 1
        aspect = env["aspect"]
        texsize = env["texsize"]
        values.update(
            meshx=float(self.mesh.cols), meshy=float(self.mesh.rows),
            aspectx=float(aspect[2]), aspecty=float(aspect[3]),  # type: ignore[index]
            pixelsx=float(texsize[0]), pixelsy=float(texsize[1]),  # type: ignore[index]
        )  # fmt: skip
        feed_uniforms(self.program, values)

    def draw(
        self,
        target: RenderTarget,
        binder: SamplerBinder,
        textures: Mapping[str, moderngl.Texture],
        wrap: bool,
    ) -> None:
        """Render the mesh into ``target`` sampling ``textures["main"]`` (blending off)."""
        assert self.program is not None
        texsizes = binder.bind(self.program, textures, wrap)
        feed_uniforms(self.program, texsizes)
        target.use()
        self.ctx.disable(moderngl.BLEND)
        self.vao.render(moderngl.TRIANGLES)
        binder.release_units()

    def capture_uvs(self) -> np.ndarray:
        """The warp UV of every mesh vertex, (rows+1, cols+1, 2), via transform feedback.

        Call after ``set_uniforms`` for the frame. Used by motion vectors.
        """
        # Samplers of different types on one unit make the draw invalid even with rasterization
        # off, so give each sampler of the program its own unit for the capture.
        for unit, name in enumerate(sorted(self.sampler_names)):
            self.program[name].value = unit  # type: ignore[index]
        self.capture_vao.transform(self.captured, mode=moderngl.POINTS, vertices=self.mesh.vertex_count)
        uv = np.frombuffer(self.captured.read(), dtype=np.float32)
        return uv.reshape(self.mesh.rows + 1, self.mesh.cols + 1, 2).copy()

    def release(self) -> None:
        if self.program is None:
            return
        for obj in (self.vao, self.capture_vao, self.positions, self.motion, self.given_uvs, self.indices, self.captured, self.program):
            obj.release()
        self.program = None
