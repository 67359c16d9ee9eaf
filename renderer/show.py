"""A running show: presets prepared off the render loop, switched by hard cut or blend, rendered.

``prepare_preset`` does everything that needs no GL (read the .milk, compile every EEL block,
translate both HLSL shaders) and is safe on a worker thread, so a switch costs the render loop
only the GL program builds. A shader that fails to translate or link is replaced by MilkDrop's
default for that pass and reported; a failed EEL block is dropped alone; the show goes on.

A blend runs both presets' full pipelines over one warp mesh whose UVs are both presets' UVs
mixed per vertex by MilkDrop 2's blend pattern; each frame their warped images are mixed by the
same pattern into the feedback buffer both read next frame (MilkDrop's single feedback buffer,
where the new warp shader is drawn over the old one with the pattern as alpha), and their
composites are mixed the same way. The incoming preset is drawn with
its frame values eased from the outgoing preset's (``renderer.transition.ease``), as MilkDrop
eases its one set of scalars; each side keeps its own shapes and waves, which the pattern fades.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import moderngl
import numpy as np

import eel
from renderer.audio.frame_audio import FrameAudio
from renderer.equations import CompiledPreset, compile_preset
from renderer.equations.runtime import EquationRuntime
from renderer.frame import PresetRenderer, PresetShaders
from renderer.gl.geometry import DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS
from renderer.gl.programs import ShaderBuildError
from renderer.gl.targets import RenderTarget
from renderer.gl.warmup import ShaderWarmer
from renderer.hlsl import HlslError, translate_shader
from renderer.passes.shader_env import aspect_values
from renderer.preset import Preset, load_preset
from renderer.textures.library import TextureLibrary
from renderer.transition import BlendPattern, TransitionMixPass, blend_frame_vars, blend_pattern

_GL_BUILD_ERRORS = (ShaderBuildError, moderngl.Error)


@dataclass
class PreparedPreset:
    """A preset ready to play: compiled equations and translated shaders, plus what failed."""

    preset: Preset
    compiled: CompiledPreset
    shaders: PresetShaders
    errors: list[dict[str, Any]] = field(default_factory=list)  # {"block"|"shader", "line", "col", "message"}

    @property
    def name(self) -> str:
        return self.preset.name


def prepare_preset(source: str | os.PathLike[str] | Preset, use_glsl: bool = True) -> PreparedPreset:
    """Read (if given a path), compile and translate a preset. Needs no GL; raises only
    ``PresetLoadError`` for an unreadable file."""
    preset = source if isinstance(source, Preset) else load_preset(Path(source))
    compiled = compile_preset(preset, use_glsl=use_glsl, include_inactive=False)
    errors: list[dict[str, Any]] = [e.as_dict() for e in compiled.errors]
    glsl: dict[str, str | None] = {"warp": None, "comp": None}
    blur = 0
    for kind, text in (("warp", preset.warp_shader), ("comp", preset.comp_shader)):
        if not text or not text.strip():
            continue
        try:
            translated = translate_shader(text, kind)  # type: ignore[arg-type]
        except HlslError as exc:
            errors.append({"shader": kind, "line": exc.line, "col": exc.col, "message": exc.message})
            continue
        glsl[kind] = translated.glsl
        blur = max(blur, translated.blur_level)
    per_pixel = None
    plan = compiled.blocks.get("per_pixel")
    if plan is not None and plan.backend == "glsl" and plan.glsl is not None:
        per_pixel = plan.glsl.with_runtime()  # type: ignore[attr-defined]
    shaders = PresetShaders(warp=glsl["warp"], comp=glsl["comp"], per_pixel=per_pixel, blur_level=blur)
    return PreparedPreset(preset, compiled, shaders, errors)


@dataclass
class _Playing:
    prepared: PreparedPreset
    renderer: PresetRenderer
    runtime: EquationRuntime
    started_at: float


class Show:
    """Plays presets one after another on one GL context, with MilkDrop-style transitions.

    Time advances only by the ``dt`` given to :meth:`render`, so a fixed step and a seed make
    renders identical frame for frame. gmegabuf and reg00..reg99 are shared by every preset of
    the show, as they are in MilkDrop.
    """

    def __init__(
        self,
        ctx: moderngl.Context,
        texsize: tuple[int, int] = (640, 360),
        output_size: tuple[int, int] | None = None,
        seed: int = 0,
        mesh_size: tuple[int, int] = (DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS),
        image_dirs: tuple[str, ...] = (),
        library: TextureLibrary | None = None,
        warmer: ShaderWarmer | None = None,
    ) -> None:
        self.ctx = ctx
        self.texsize = (int(texsize[0]), int(texsize[1]))
        self.output = RenderTarget(ctx, output_size or self.texsize, mipmapped=False)
        self.mesh_size = mesh_size
        self.image_dirs = image_dirs
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.shared = eel.SharedMemory()
        # noise and images are built once per show (or shared between shows by the caller)
        self._owns_library = library is None
        self.library = library if library is not None else TextureLibrary(ctx, image_dirs, seed=seed)
        self.mix = TransitionMixPass()
        self.pattern: BlendPattern | None = None  # the running blend's, made at each blended switch
        self.mix.compile(ctx)
        self.slots: list[PresetRenderer] = []
        self.blend_scratch: RenderTarget | None = None
        self.current: _Playing | None = None
        self.previous: _Playing | None = None
        self.blend_start = 0.0
        self.blend_seconds = 0.0
        self.time = 0.0
        self.frame = 0
        self.fps = 30.0
        self.reports: list[dict[str, Any]] = []  # everything that failed, per preset, for the UI
        self.warmer = warmer  # builds upcoming presets' shaders in a helper process (see preload)

    # -- switching -----------------------------------------------------------------------

    def _renderer_slot(self, busy: tuple[PresetRenderer, ...]) -> PresetRenderer:
        """A renderer not in ``busy``. The show keeps two (one per side of a blend) and reuses
        them, so a switch builds only the incoming preset's warp and comp programs."""
        for renderer in self.slots:
            if all(renderer is not b for b in busy):
                return renderer
        renderer = PresetRenderer(self.ctx, self.texsize, self.output.size, PresetShaders(), self.mesh_size,
                                  self.image_dirs, int(self.rng.integers(0, 2**31)), library=self.library)
        self.slots.append(renderer)
        return renderer

    def _load_shaders(self, renderer: PresetRenderer, prepared: PreparedPreset) -> None:
        """Build the preset's programs; a shader that will not link falls back to the default."""
        shaders = prepared.shaders
        candidates = [shaders]
        if shaders.warp or shaders.comp or shaders.per_pixel:
            candidates += [
                PresetShaders(None, shaders.comp, shaders.per_pixel, shaders.blur_level),
                PresetShaders(shaders.warp, None, shaders.per_pixel, shaders.blur_level),
                PresetShaders(None, None, shaders.per_pixel, 0),
                PresetShaders(),
            ]
        last_error: Exception | None = None
        for attempt in candidates:
            try:
                renderer.load_shaders(attempt)
            except _GL_BUILD_ERRORS as exc:
                last_error = exc
                continue
            if attempt is not shaders:
                for kind in ("warp", "comp", "per_pixel"):
                    if getattr(shaders, kind) and not getattr(attempt, kind):
                        prepared.errors.append({"shader": kind, "line": 0, "col": 0, "message": f"did not link, default used: {last_error}"})
            return
        raise RuntimeError(f"{prepared.name}: even the default pipeline failed to build: {last_error}")

    def preload(self, prepared: PreparedPreset) -> int | None:
        """Start building ``prepared``'s shaders off the render loop (needs a ``warmer``);
        returns a token for :meth:`is_preloaded`, or None without a warmer."""
        if self.warmer is None:
            return None
        return self.warmer.warm(prepared.shaders, self.texsize)

    def is_preloaded(self, token: int | None) -> bool:
        return token is None or self.warmer is None or self.warmer.is_warm(token)

    def set_preset(self, prepared: PreparedPreset, blend_seconds: float = 0.0) -> None:
        """Switch to ``prepared`` (GL thread). ``blend_seconds`` 0 is a hard cut; either way the
        new preset starts from the current image, as in MilkDrop."""
        self._add_texture_folders(prepared)
        if self.previous is not None:  # a new switch ends the running blend
            self.previous = None
        blend = self.current is not None and blend_seconds > 0.0
        if self.current is None or not blend:
            renderer = self.current.renderer if self.current is not None else self._renderer_slot(())
        else:
            renderer = self._renderer_slot((self.current.renderer,))
            self._seed_feedback(self.current.renderer, renderer)
        self._load_shaders(renderer, prepared)
        runtime = EquationRuntime(prepared.compiled, self.texsize, self.mesh_size, self.shared)
        incoming = _Playing(prepared, renderer, runtime, self.time)
        if blend:
            self.previous = self.current
            self.blend_start = self.time
            self.blend_seconds = float(blend_seconds)
            self.pattern = blend_pattern(self.rng, *self.mesh_size, aspect_values(self.texsize))
            self.mix.set_pattern(self.pattern)
        self.current = incoming
        self.reports.append({"preset": prepared.name, "errors": list(prepared.errors)})

    def _add_texture_folders(self, prepared: PreparedPreset) -> None:
        """User textures are looked up next to the preset and in its ``textures`` folder too."""
        path = prepared.preset.path
        if path is None:
            return
        for folder in (path.parent, path.parent / "textures"):
            if folder not in self.library.image_dirs:
                self.library.image_dirs.append(folder)

    def _seed_feedback(self, old: PresetRenderer, new: PresetRenderer) -> None:
        self.ctx.copy_framebuffer(new.feedback.target.fbo, old.feedback.target.fbo)
        new.feedback.target.mipmaps_current = False

    def _share_feedback(self, old: PresetRenderer, new: PresetRenderer, progress: float) -> None:
        """MilkDrop blends the two presets' warped images per vertex into the one feedback
        buffer both warp from next frame: mix this frame's images and give both the result."""
        if self.blend_scratch is None:
            self.blend_scratch = RenderTarget(self.ctx, self.texsize, mipmapped=False)
        scratch = self.blend_scratch
        self.mix.draw(scratch.fbo, (0, 0, *self.texsize), old.feedback.target.texture, new.feedback.target.texture, progress)
        for target in (old.feedback.target, new.feedback.target):
            self.ctx.copy_framebuffer(target.fbo, scratch.fbo)
            target.mipmaps_current = False

    @property
    def blending(self) -> bool:
        return self.previous is not None

    @property
    def blend_progress(self) -> float:
        if self.previous is None or self.blend_seconds <= 0:
            return 1.0
        return min(max((self.time - self.blend_start) / self.blend_seconds, 0.0), 1.0)

    # -- rendering -----------------------------------------------------------------------

    def render(
        self,
        dt: float,
        audio: FrameAudio | None = None,
        framebuffer: moderngl.Framebuffer | None = None,
        viewport: tuple[int, int, int, int] | None = None,
    ) -> RenderTarget:
        """Advance time by ``dt`` seconds and draw a frame into ``framebuffer`` (default: ``self.output``)."""
        if self.current is None:
            raise RuntimeError("Show.render: no preset set (call set_preset first)")
        audio = audio or FrameAudio()
        if dt > 0:
            self.time += dt
            self.fps = 0.9 * self.fps + 0.1 * (1.0 / dt) if self.frame else 1.0 / dt
        self.frame += 1
        target_fbo = framebuffer or self.output.fbo
        target_viewport = viewport or (0, 0, *(framebuffer.size if framebuffer else self.output.size))
        current = self.current
        inputs = current.runtime.frame_inputs(self.time, self.fps, self.frame, audio)
        if self.previous is None:
            current.renderer.render_frame(inputs, target_fbo, target_viewport)
            return self.output
        progress = self.blend_progress
        old = self.previous
        old_inputs = old.runtime.frame_inputs(self.time, self.fps, self.frame, audio)
        inputs = replace(inputs, frame_vars=blend_frame_vars(old_inputs.frame_vars, inputs.frame_vars, progress))
        # MilkDrop 2 warps with one mesh whose UVs are both presets' mixed per vertex by the pattern
        assert self.pattern is not None
        weight = self.pattern.weight(progress)[:, :, None]
        uvs = current.renderer.warp_uvs(inputs) * weight + old.renderer.warp_uvs(old_inputs) * (1.0 - weight)
        old.renderer.render_frame(old_inputs, warp_uvs=uvs)
        current.renderer.render_frame(inputs, warp_uvs=uvs)
        self._share_feedback(old.renderer, current.renderer, progress)
        self.mix.draw(target_fbo, target_viewport, old.renderer.output.texture, current.renderer.output.texture, progress)
        if progress >= 1.0:
            self.previous = None
        return self.output

    def read_output(self) -> np.ndarray:
        """The last frame drawn into ``self.output``, uint8 RGB (height, width, 3), row 0 on top."""
        return self.output.read_rgba()[::-1, :, :3].copy()

    def release(self) -> None:
        for renderer in self.slots:
            renderer.release()
        self.slots.clear()
        if self.blend_scratch is not None:
            self.blend_scratch.release()
            self.blend_scratch = None
        self.previous = self.current = None
        self.mix.release()
        if self._owns_library:
            self.library.release()
        self.output.release()
