"""Runs a preset's equations each frame, as MilkDrop 2 does, and fills the renderer's ``FrameInputs``.

Reset rules (butterchurn.md §3, MilkDrop 2's ``state.cpp``):
- per_frame_init runs once; its q1..q32 are restored before every frame's per_frame code;
- the per-frame built-ins are reset to the preset's values every frame; user variables persist;
- per_pixel sees the frame's q values and motion values, re-set for every vertex;
- each wave's and shape's init runs once with the q values after per_frame_init; its t1..t8
  are restored every frame (waves) or every instance (shapes);
- wave per-point code runs in its own context with the wave's per-frame q and t values.
Blocks that failed to compile are simply absent: the rest of the preset runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import eel
from eel.analysis.scopes import PER_FRAME_VARS, Q_VARS, T_VARS
from eel.backends.npvector import VectorContext
from renderer.audio.frame_audio import FrameAudio
from renderer.equations.compile import WAVE_POINT_OUTPUTS, BlockPlan, CompiledPreset
from renderer.frame_inputs import MOTION_VARS, SHAPE_INSTANCE_VARS, FrameInputs, ShapeFrame, WaveFrame
from renderer.gl.geometry import DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS, grid_mesh
from renderer.passes.custom_wave_data import wave_point_inputs
from renderer.passes.shader_env import aspect_values
from renderer.passes.warp_uv import per_pixel_coordinates
from renderer.static_runtime import MAX_INSTANCES, frame_globals, preset_constants

_Q_NAMES = tuple(sorted(Q_VARS, key=lambda q: int(q[1:])))
_T_NAMES = tuple(sorted(T_VARS, key=lambda t: int(t[1:])))
_WAVE_RESET = ("r", "g", "b", "a", "samples")


def _pick(values: dict[str, float], names: tuple[str, ...]) -> dict[str, float]:
    return {name: float(values.get(name, 0.0)) for name in names}


@dataclass
class _WaveState:
    index: int
    base: dict[str, float]
    flags: dict[str, bool]
    frame_ctx: eel.Context
    point_ctx: eel.Context
    point_vec: VectorContext | None
    t_init: dict[str, float]


@dataclass
class _ShapeState:
    index: int
    base: dict[str, float]
    count: int
    ctx: eel.Context
    t_init: dict[str, float]
    image: str


class EquationRuntime:
    """One preset's equation state across frames. Not thread-safe; one per playing preset."""

    def __init__(
        self,
        compiled: CompiledPreset,
        texsize: tuple[int, int],
        mesh_size: tuple[int, int] = (DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS),
        shared: eel.SharedMemory | None = None,
    ) -> None:
        self.compiled = compiled
        preset = compiled.preset
        self.texsize = texsize
        self.mesh_size = mesh_size
        self.shared = shared if shared is not None else eel.SHARED
        self.base = preset.base_vars()
        self.constants = preset_constants(preset)
        self.frame_names = tuple(sorted(PER_FRAME_VARS | set(self.base)))
        self.frame_ctx = eel.Context(self.shared)
        self.pixel_ctx = eel.Context(self.shared)
        mesh = grid_mesh(*mesh_size)
        aspect_x, aspect_y = aspect_values(texsize)
        self.vertex_inputs = per_pixel_coordinates(mesh.positions, aspect_x, aspect_y)
        self.vertex_lists = {k: v.tolist() for k, v in self.vertex_inputs.items()}
        self.vertex_count = mesh.vertex_count
        self.pixel_vec = VectorContext(self.vertex_count, self.shared)
        self.q_init: dict[str, float] = {}
        self.waves: list[_WaveState] = []
        self.shapes: list[_ShapeState] = []
        self._started = False
        self.start_time = 0.0  # the show time of the first frame: when the preset started

    # -- helpers -------------------------------------------------------------------------

    def _plan(self, kind: str) -> BlockPlan | None:
        plan = self.compiled.blocks.get(kind)
        if plan is None or plan.program.is_empty or plan.backend == "inactive":
            return None
        return plan

    def _run_scalar(self, kind: str, ctx: eel.Context) -> None:
        plan = self._plan(kind)
        if plan is not None:
            plan.program.python().run(ctx)

    # -- load-time -----------------------------------------------------------------------

    def _start(self, globals_: dict[str, float]) -> None:
        """Run the init blocks once, with the first frame's globals (MilkDrop runs them at load)."""
        preset = self.compiled.preset
        v = self.frame_ctx.vars
        v.update(self.base)
        v.update(globals_)
        self._run_scalar("per_frame_init", self.frame_ctx)
        self.q_init = _pick(v, _Q_NAMES)
        for wave in preset.waves:
            if not wave.enabled:
                continue
            base = {name: float(value) for name, value in wave.vars().items()}
            ctx = eel.Context(self.shared, {**base, **self.q_init, **globals_})
            self._run_scalar(f"wave_{wave.index}_init", ctx)
            flags = {"use_dots": bool(wave.use_dots), "thick": bool(wave.thick),
                     "additive": bool(wave.additive), "spectrum": bool(wave.spectrum)}  # fmt: skip
            base.update(sep=float(wave.sep), scaling=float(wave.scaling), smoothing=float(wave.smoothing),
                        spectrum=float(wave.spectrum), usedots=float(wave.use_dots), thick=float(wave.thick),
                        additive=float(wave.additive))  # fmt: skip
            point_plan = self._plan(f"wave_{wave.index}_per_point")
            point_vec = VectorContext(1, self.shared) if point_plan is not None and point_plan.backend == "numpy" else None
            self.waves.append(_WaveState(wave.index, base, flags, ctx, eel.Context(self.shared), point_vec, _pick(ctx.vars, _T_NAMES)))
        for shape in preset.shapes:
            if not shape.enabled:
                continue
            base = {name: float(value) for name, value in shape.vars().items()}
            ctx = eel.Context(self.shared, {**base, **self.q_init, **globals_})
            self._run_scalar(f"shape_{shape.index}_init", ctx)
            count = int(min(max(shape.num_inst, 1), MAX_INSTANCES))
            self.shapes.append(_ShapeState(shape.index, base, count, ctx, _pick(ctx.vars, _T_NAMES), shape.image))
        self._started = True

    # -- per frame ------------------------------------------------------------------------

    def frame_inputs(self, time: float, fps: float, frame: int, audio: FrameAudio | None = None, progress: float = 0.0) -> FrameInputs:
        """Run this frame's equations and describe the frame for ``PresetRenderer``."""
        audio = audio or FrameAudio()
        globals_ = frame_globals(time, fps, frame, audio, self.texsize, progress, self.mesh_size)
        if not self._started:
            self._start(globals_)
            self.start_time = time
        v = self.frame_ctx.vars
        v.update(self.base)
        v.update(self.q_init)
        v.update(globals_)
        self._run_scalar("per_frame", self.frame_ctx)
        q_after = _pick(v, _Q_NAMES)
        # The renderer reads MilkDrop's per-frame names only; the preset's own variables stay here.
        frame_vars = {name: v[name] for name in self.frame_names if name in v}
        frame_vars.update(self.constants)
        vertex_motion = self._per_pixel(v, q_after, globals_)
        waves = [self._wave(state, q_after, globals_, audio) for state in self.waves]
        shapes = [self._shape(state, q_after, globals_) for state in self.shapes]
        return FrameInputs(frame_vars=frame_vars, waves=[w for w in waves if w is not None], shapes=shapes, audio=audio, vertex_motion=vertex_motion,
                           preset_time=time - self.start_time)  # fmt: skip

    def _per_pixel(self, frame: dict[str, float], q: dict[str, float], globals_: dict[str, float]) -> np.ndarray | None:
        plan = self._plan("per_pixel")
        if plan is None or plan.backend == "glsl":
            return None  # the warp vertex shader computes motion from the per-frame values
        motion = {name: float(frame.get(name, 0.0)) for name in MOTION_VARS}
        if plan.backend == "numpy":
            vec = self.pixel_vec
            vec.vars.update(globals_)
            vec.vars.update(q)
            vec.vars.update(motion)
            vec.vars.update(self.vertex_inputs)
            plan.program.numpy(eel.analysis.per_element_inputs("per_pixel")).run(vec)
            columns = [np.broadcast_to(np.asarray(vec.vars.get(name, 0.0), dtype=np.float32), (self.vertex_count,)) for name in MOTION_VARS]
            return np.stack(columns, axis=1)
        ctx = self.pixel_ctx
        ctx.vars.update(globals_)
        ctx.vars.update(q)
        if plan.backend == "split":
            out_split = plan.split.run(ctx, self.vertex_count, self.vertex_inputs, motion, MOTION_VARS)  # type: ignore[attr-defined]
            return np.stack([out_split[name] for name in MOTION_VARS], axis=1).astype(np.float32)
        inputs = {k: self.vertex_lists[k] for k in ("x", "y", "rad", "ang")}
        out = plan.program.python().run_many(ctx, self.vertex_count, inputs, motion, MOTION_VARS)
        return np.array([out[name] for name in MOTION_VARS], dtype=np.float32).T

    def _wave(self, state: _WaveState, q: dict[str, float], globals_: dict[str, float], audio: FrameAudio) -> WaveFrame | None:
        fv = state.frame_ctx.vars
        fv.update({name: state.base[name] for name in _WAVE_RESET})
        fv.update(q)
        fv.update(state.t_init)
        fv.update(globals_)
        self._run_scalar(f"wave_{state.index}_per_frame", state.frame_ctx)
        wave_vars = {**state.base, **_pick(fv, _WAVE_RESET)}
        points = wave_point_inputs(wave_vars, audio, self.constants["wave_scale"])
        n = points.count
        if n < 2:
            return None
        shared_in = {**globals_, **q, **_pick(fv, _T_NAMES)}
        colors = {name: float(fv.get(name, 0.0)) for name in ("r", "g", "b", "a")}
        starts: dict[str, Any] = {"sample": points.sample, "value1": points.value1, "value2": points.value2,
                                  "x": 0.5 + points.value1, "y": 0.5 + points.value2}  # fmt: skip
        plan = self._plan(f"wave_{state.index}_per_point")
        out: dict[str, np.ndarray]
        if plan is None:
            out = {"x": starts["x"], "y": starts["y"], **{k: np.full(n, c) for k, c in colors.items()}}
        elif plan.backend == "numpy" and state.point_vec is not None:
            vec = state.point_vec
            vec.n = n
            vec.vars.update(shared_in)
            vec.vars.update(colors)
            vec.vars.update(starts)
            plan.program.numpy(eel.analysis.per_element_inputs("wave_per_point")).run(vec)
            out = {name: np.broadcast_to(np.asarray(vec.vars.get(name, 0.0), dtype=np.float64), (n,)) for name in WAVE_POINT_OUTPUTS}
        elif plan.backend == "split":
            ctx = state.point_ctx
            ctx.vars.update(shared_in)
            out = plan.split.run(ctx, n, starts, colors, WAVE_POINT_OUTPUTS)  # type: ignore[attr-defined]
        else:
            ctx = state.point_ctx
            ctx.vars.update(shared_in)
            columns = {name: starts[name].tolist() for name in ("sample", "value1", "value2", "x", "y")}
            result = plan.program.python().run_many(ctx, n, columns, colors, WAVE_POINT_OUTPUTS)
            out = {name: np.asarray(result[name]) for name in WAVE_POINT_OUTPUTS}
        return WaveFrame(index=state.index, vars=wave_vars, **out, **state.flags)

    def _shape(self, state: _ShapeState, q: dict[str, float], globals_: dict[str, float]) -> ShapeFrame:
        plan = self._plan(f"shape_{state.index}_per_frame")
        ctx = state.ctx
        n = state.count
        resets = {name: state.base[name] for name in SHAPE_INSTANCE_VARS if name in state.base}
        if plan is None:
            return ShapeFrame.from_instances(state.index, state.base, [state.base] * n, image=state.image)
        v = ctx.vars
        v.update(globals_)
        if plan.backend == "numpy" and n > 1:
            vec = VectorContext(n, self.shared, v)
            vec.megabuf = ctx.megabuf
            vec.vars.update(resets)
            vec.vars.update(q)
            vec.vars.update(state.t_init)
            vec.vars["instance"] = np.arange(n, dtype=np.float64)
            block = plan.program.numpy(eel.analysis.per_element_inputs("shape_per_frame"))
            block.run(vec)
            columns = {name: np.broadcast_to(np.asarray(vec.vars.get(name, resets.get(name, 0.0)), dtype=np.float64), (n,)) for name in SHAPE_INSTANCE_VARS}
            for name in block.writes:  # user variables keep the last instance's value
                if name not in columns:
                    v[name] = float(np.asarray(vec.vars[name]).reshape(-1)[-1])
            return ShapeFrame(index=state.index, settings=state.base, image=state.image, **columns)
        resets = {**resets, **q, **state.t_init}
        if plan.backend == "split":
            columns = plan.split.run(ctx, n, {"instance": np.arange(n, dtype=np.float64)}, resets, SHAPE_INSTANCE_VARS)  # type: ignore[attr-defined]
            return ShapeFrame(index=state.index, settings=state.base, image=state.image, **columns)
        instance = {"instance": [float(j) for j in range(n)]}
        result = plan.program.python().run_many(ctx, n, instance, resets, SHAPE_INSTANCE_VARS)
        columns = {name: np.asarray(result[name]) for name in SHAPE_INSTANCE_VARS}
        return ShapeFrame(index=state.index, settings=state.base, image=state.image, **columns)
