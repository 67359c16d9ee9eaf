"""``PresetRenderer``: one MilkDrop 2 frame, as an ordered recipe of passes.

The renderer draws what a ``FrameInputs`` describes; it runs no equations. The internal
(feedback) texture size is independent of the output size; the comp pass resamples.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping

import moderngl
import numpy as np

from renderer.finite import finite
from renderer.frame_inputs import DEFAULT_FRAME_VARS, FrameInputs
from renderer.gl.geometry import DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS, grid_mesh
from renderer.gl.programs import ShaderBuildError
from renderer.gl.targets import FeedbackPair, RenderTarget
from renderer.passes.blur import BlurPass, safe_ranges
from renderer.passes.border import BorderPass
from renderer.passes.composite import CompositePass, hue_corners
from renderer.passes.custom_shape import CustomShapePass
from renderer.passes.custom_wave import CustomWavePass
from renderer.passes.darken_center import DarkenCenterPass
from renderer.passes.motion_vectors import MotionVectorsPass
from renderer.passes.samplers import SamplerBinder
from renderer.passes.shader_env import PresetRandom, aspect_values, shader_environment
from renderer.passes.uniforms import uniforms_of
from renderer.passes.warp import WarpPass
from renderer.passes.waveform import BasicWaveformPass
from renderer.textures.library import TextureLibrary

_BLUR_MENTION = re.compile(r"sampler_blur([123])")


@dataclass(frozen=True)
class PresetShaders:
    """The GLSL a preset brings; None everywhere means MilkDrop's defaults.

    ``warp`` / ``comp``: complete GLSL 330 fragment shaders meeting the shader contract
    (e.g. ``renderer.hlsl.translate_shader(text, kind).glsl``). ``per_pixel``: the generated
    ``per_pixel`` function spliced into ``warp.vert`` (see that file's header). ``blur_level``:
    the translator's count of blur levels used (the shader texts are scanned as well).
    """

    warp: str | None = None
    comp: str | None = None
    per_pixel: str | None = None
    blur_level: int = 0


def sanitize(values: Mapping[str, float]) -> dict[str, float]:
    """Replace NaN/inf (EEL can produce them) with 0 before anything reaches the GPU."""
    out = {}
    for name, value in values.items():
        number = float(value)
        out[name] = number if math.isfinite(number) else 0.0
    return out


def _clean(array: np.ndarray) -> np.ndarray:
    return finite(array, np.float32)


@dataclass(frozen=True)
class _FrameState:
    inputs: FrameInputs
    frame_vars: dict[str, float]
    vertex_motion: np.ndarray | None
    ranges: object
    env: dict[str, object]


class PresetRenderer:
    """Renders frames of one preset at a fixed internal size into an output target.

    ``texsize``: the feedback texture size (MilkDrop's internal canvas), ``output_size``: the
    image produced by the comp pass. ``seed`` makes rand_preset, noise and rand_frame
    reproducible (two renderers with the same seed and inputs produce identical frames).
    GL objects are created and used on ``ctx``; with several contexts in one process (Qt), the
    caller makes ``ctx`` current around construction, ``render_frame`` and ``release``.
    Raises ``ShaderBuildError`` (file:line in the message) when a preset shader fails to build.
    """

    def __init__(
        self,
        ctx: moderngl.Context,
        texsize: tuple[int, int],
        output_size: tuple[int, int] | None = None,
        shaders: PresetShaders = PresetShaders(),
        mesh_size: tuple[int, int] = (DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS),
        image_dirs: tuple[str, ...] = (),
        seed: int = 0,
        library: TextureLibrary | None = None,
    ) -> None:
        self.ctx = ctx
        self.texsize = (int(texsize[0]), int(texsize[1]))
        self.output = RenderTarget(ctx, output_size or self.texsize, mipmapped=False)
        self.mesh = grid_mesh(*mesh_size)
        # Noise and images cost most of a build: a show shares one library across its presets.
        self._owns_library = library is None
        self.library = library if library is not None else TextureLibrary(ctx, image_dirs, seed=seed)
        self.binder = SamplerBinder(ctx, self.library)
        self.feedback = FeedbackPair(ctx, self.texsize)
        self._rng = np.random.default_rng(seed)
        self._state: _FrameState | None = None
        self.random = PresetRandom.generate(self._rng)
        self.warp = WarpPass(self.mesh, shaders.per_pixel, shaders.warp)
        self.comp = CompositePass(shaders.comp)
        self.blur = BlurPass()
        self.motion_vectors = MotionVectorsPass()
        self.shapes = CustomShapePass()
        self.waves = CustomWavePass()
        self.basic_wave = BasicWaveformPass()
        self.darken_center = DarkenCenterPass()
        self.borders = BorderPass()
        for render_pass in self._passes():
            render_pass.compile(ctx)
        self.blur_levels = self._blur_levels_used(shaders)
        self._rotation_key: tuple[int, int] | None = None
        self._rotation_used = True

    def _passes(self) -> tuple:
        return (self.warp, self.comp, self.blur, self.motion_vectors, self.shapes, self.waves,
                self.basic_wave, self.darken_center, self.borders)  # fmt: skip

    def _blur_levels_used(self, shaders: PresetShaders) -> int:
        """Highest blur level mentioned (MilkDrop scans the shader text for ``sampler_blurN``
        and runs blur 1..N), or declared by a linked program, or reported by the translator."""
        names = self.warp.sampler_names | self.comp.sampler_names
        levels = [n for n in (1, 2, 3) if any(name.endswith(f"blur{n}") for name in names)]
        for text in (shaders.warp, shaders.comp):
            levels += [int(n) for n in _BLUR_MENTION.findall(text or "")]
        return min(max(levels + [shaders.blur_level], default=0), 3)

    def _uses_rotations(self) -> bool:
        """Whether the warp or comp program reads any ``rot_*`` matrix (cached per program pair)."""
        key = (id(self.warp.program), id(self.comp.program))
        if self._rotation_key != key:
            names = set(uniforms_of(self.warp.program)) | set(uniforms_of(self.comp.program))  # type: ignore[arg-type]
            self._rotation_key, self._rotation_used = key, any(n.startswith("rot_") for n in names)
        return self._rotation_used

    def load_shaders(self, shaders: PresetShaders) -> None:
        """Switch to another preset's shaders keeping the feedback image (MilkDrop carries the
        picture across preset changes) and drawing a fresh ``rand_preset``. Raises
        ``ShaderBuildError`` and keeps the current shaders when either program fails to build."""
        warp = WarpPass(self.mesh, shaders.per_pixel, shaders.warp)
        comp = CompositePass(shaders.comp)
        try:
            warp.compile(self.ctx)
            comp.compile(self.ctx)
        except ShaderBuildError:
            warp.release()
            comp.release()
            raise
        self.warp.release()
        self.comp.release()
        self.warp, self.comp = warp, comp
        self.random = PresetRandom.generate(self._rng)
        self.blur_levels = self._blur_levels_used(shaders)
        self._rotation_key = None

    def resize(self, texsize: tuple[int, int] | None = None, output_size: tuple[int, int] | None = None) -> None:
        """Change the internal and/or output size; the feedback image is kept (resampled)."""
        if texsize is not None and tuple(texsize) != self.texsize:
            self.texsize = (int(texsize[0]), int(texsize[1]))
            self.feedback.resize(self.texsize)
        if output_size is not None and tuple(output_size) != self.output.size:
            self.output.release()
            self.output = RenderTarget(self.ctx, output_size, mipmapped=False)

    def warp_uvs(self, inputs: FrameInputs) -> np.ndarray:
        """This frame's warp UV per mesh vertex, (rows+1, cols+1, 2), before drawing it: a blend
        mixes both presets' UVs and hands the result to both :meth:`render_frame` calls."""
        state = self._frame_state(inputs)
        self.warp.set_uniforms(state.frame_vars, state.env, state.vertex_motion)
        return self.warp.capture_uvs()

    def _frame_state(self, inputs: FrameInputs) -> "_FrameState":
        """Sanitized values and the shader environment of ``inputs``, computed once per frame
        (``warp_uvs`` and ``render_frame`` of one frame share them, and the frame's random draws)."""
        if self._state is not None and self._state.inputs is inputs:
            return self._state
        frame_vars = sanitize({**DEFAULT_FRAME_VARS, **inputs.frame_vars})
        vertex_motion = None if inputs.vertex_motion is None else _clean(inputs.vertex_motion)
        ranges = safe_ranges(frame_vars)
        rand_frame = tuple(float(v) for v in self._rng.random(4))
        frame_random = self._rng.random((4, 6))
        env = shader_environment(frame_vars, inputs.audio, self.texsize, self.random, rand_frame, ranges, frame_random,  # type: ignore[arg-type]
                                 with_rotations=self._uses_rotations(), preset_time=inputs.preset_time)
        self._state = _FrameState(inputs, frame_vars, vertex_motion, ranges, env)
        return self._state

    def render_frame(
        self,
        inputs: FrameInputs,
        framebuffer: moderngl.Framebuffer | None = None,
        viewport: tuple[int, int, int, int] | None = None,
        warp_uvs: np.ndarray | None = None,
    ) -> RenderTarget:
        """Draw one frame. The comp pass writes to ``framebuffer`` (e.g. a Qt widget's default
        framebuffer, within ``viewport``) or, by default, to ``self.output``, which is returned.
        ``warp_uvs`` (see :meth:`warp_uvs`) replace the preset's own warp UVs for this frame."""
        ctx = self.ctx
        state = self._frame_state(inputs)
        self._state = None
        frame_vars, vertex_motion, ranges, env = state.frame_vars, state.vertex_motion, state.ranges, state.env
        waves, shapes = inputs.waves, inputs.shapes  # their passes replace NaN/inf at upload
        audio = inputs.audio
        texsize = self.texsize
        aspect_x, aspect_y = aspect_values(texsize)
        wrap = frame_vars.get("wrap", 1.0) != 0.0

        # 1. Ping-pong: last frame's image becomes the warp source (its mipmaps rebuilt).
        self.feedback.swap()
        source, target = self.feedback.source, self.feedback.target

        # 2. Motion vectors, from this frame's warp UVs, into the previous frame before it is warped
        #    (MilkDrop 2's place, as projectM keeps it; Butterchurn draws them after the warp).
        self.warp.set_uniforms(frame_vars, env, vertex_motion, warp_uvs)
        if frame_vars.get("mv_a", 0.0) > 0.001:
            source.use()
            uvs = warp_uvs if warp_uvs is not None else self.warp.capture_uvs()
            if self.motion_vectors.draw(frame_vars, uvs, texsize):
                source.build_mipmaps()

        # 3. Warp: source through the per-vertex motion mesh into target (decay in the default shader).
        self.warp.draw(target, self.binder, {"main": source.texture}, wrap)

        # 4. Blur 1..N of the warped image (before shapes and waves), range-encoded.
        blur_textures: dict[str, moderngl.Texture] = {}
        if self.blur_levels:
            blur_textures = self.blur.draw(
                target.texture, self.blur_levels, ranges, float(frame_vars.get("blur1_edge_darken", 0.25))
            )
        target.use()

        # 5. Custom shapes 0..3 (before the waves, so waves draw over them; textured ones sample last frame).
        for shape in shapes:
            texture = self.library.image(shape.image) if shape.image else source.texture
            self.shapes.draw(shape, texture, texsize, env["aspect"], wrap)  # type: ignore[arg-type]

        # 6. Custom waves 0..3.
        for wave in waves:
            self.waves.draw(wave, texsize, (aspect_x, aspect_y))

        # 7. The basic waveform (wave_mode 0..7).
        self.basic_wave.draw(frame_vars, audio, texsize, (aspect_x, aspect_y))

        # 8. Darken center.
        if frame_vars.get("darken_center", 0.0) != 0.0:
            self.darken_center.draw(aspect_y)

        # 9. Outer border, then inner border.
        self.borders.draw(frame_vars)
        ctx.disable(moderngl.BLEND)

        # 10. Comp: target (flipped upright) + blur through the comp shader into the output.
        target.build_mipmaps()
        hue = hue_corners(float(frame_vars.get("time", 0.0)), self.random.rand_start)
        textures = {"main": target.texture, **blur_textures}
        if framebuffer is None:
            framebuffer, viewport = self.output.fbo, (0, 0, *self.output.size)
        elif viewport is None:
            viewport = (0, 0, *framebuffer.size)
        self.comp.draw(framebuffer, viewport, env, hue, self.binder, textures, wrap)
        return self.output

    def read_output(self) -> np.ndarray:
        """The last output as uint8 RGB, (height, width, 3), row 0 = top of the screen."""
        return self.output.read_rgba()[::-1, :, :3].copy()

    def release(self) -> None:
        for render_pass in self._passes():
            render_pass.release()
        self.binder.release()
        if self._owns_library:
            self.library.release()
        self.feedback.release()
        self.output.release()
