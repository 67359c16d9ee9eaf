"""Compile every code block of a preset, choosing each block's backend as the renderer runs it.

per_frame / init blocks run once per frame or load: scalar Python. per_pixel runs per mesh vertex:
GLSL inside the warp vertex shader when it can be expressed there, else numpy over all vertices,
else split (below), else scalar. Wave per-point and shape per-instance code: numpy when no element
depends on the previous one, else split (numpy around a scalar loop over only the loop-carried statements, see
:mod:`eel.analysis.phases`), else scalar. A block that fails to compile is reported and dropped alone.
Blocks of disabled waves and shapes are parsed and checked but get no backend: the renderer
never runs them. Only the chosen backend is built at load; the scalar fallback is built on demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import eel
from eel.analysis import generic_kind, per_element_inputs
from renderer.frame_inputs import MOTION_VARS, SHAPE_INSTANCE_VARS
from renderer.preset import CodeBlock, Preset

SCALAR_KINDS = frozenset(("per_frame_init", "per_frame", "wave_init", "wave_per_frame", "shape_init"))
GLSL_UNIFORMS = frozenset(
    [f"q{i}" for i in range(1, 33)]
    + "time fps frame progress bass mid treb bass_att mid_att treb_att meshx meshy pixelsx pixelsy aspectx aspecty".split()
)
WAVE_POINT_OUTPUTS = ("x", "y", "r", "g", "b", "a")
PER_PIXEL_OUTPUTS = MOTION_VARS
# What the host reads back from each element, for the blocks that may run split.
ELEMENT_OUTPUTS = {"wave_per_point": WAVE_POINT_OUTPUTS, "shape_per_frame": SHAPE_INSTANCE_VARS, "per_pixel": PER_PIXEL_OUTPUTS}


@dataclass
class BlockPlan:
    """One block: its program, the backend chosen for the hot path, and why not a faster one."""

    kind: str
    program: eel.Program
    backend: str  # "python", "numpy", "split", "glsl", or "inactive" (a disabled wave's or shape's code)
    notes: list[str] = field(default_factory=list)  # why faster backends were not used
    glsl: object | None = None  # eel.backends.glsl.GlslFunction for per_pixel on the GPU
    split: object | None = None  # eel.backends.split.SplitBlock for the "split" backend


@dataclass
class CompiledPreset:
    preset: Preset
    blocks: dict[str, BlockPlan]
    errors: list[eel.EelError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _plan(kind: str, program: eel.Program, use_glsl: bool, active: bool) -> BlockPlan:
    generic = generic_kind(kind)
    program.effects  # analysis runs for every block: it reports what stops faster backends
    if not active:
        return BlockPlan(kind, program, "inactive")
    if generic in SCALAR_KINDS or program.is_empty:
        program.python()
        return BlockPlan(kind, program, "python")
    notes: list[str] = []
    if generic == "per_pixel" and use_glsl:
        try:
            glsl = program.glsl("per_pixel", ("x", "y", "rad", "ang"), PER_PIXEL_OUTPUTS, GLSL_UNIFORMS)
            return BlockPlan(kind, program, "glsl", notes, glsl)
        except eel.BackendUnsupported as exc:
            notes.append(exc.reason)
        except ImportError:
            notes.append("glsl backend not available")
    try:
        program.numpy(per_element_inputs(kind))
        return BlockPlan(kind, program, "numpy", notes)
    except eel.BackendUnsupported as exc:
        notes.append(exc.reason)
    if generic in ELEMENT_OUTPUTS:
        try:
            split = program.split(per_element_inputs(kind), ELEMENT_OUTPUTS[generic])
            return BlockPlan(kind, program, "split", notes, split=split)
        except eel.BackendUnsupported as exc:
            notes.append(exc.reason)
    program.python()
    return BlockPlan(kind, program, "python", notes)


def compile_block(block: CodeBlock, use_glsl: bool = True, active: bool = True) -> BlockPlan:
    """Compile one block; raises :class:`eel.EelError` naming block, line and column."""
    program = eel.compile_block(block.source, block.kind)
    return _plan(block.kind, program, use_glsl, active)


def _is_active(preset: Preset, kind: str) -> bool:
    if kind.startswith("wave_"):
        return bool(preset.waves[int(kind.split("_")[1])].enabled)
    if kind.startswith("shape_"):
        return bool(preset.shapes[int(kind.split("_")[1])].enabled)
    return True


def compile_preset(preset: Preset, use_glsl: bool = True, include_inactive: bool = True) -> CompiledPreset:
    """Compile a preset's blocks; broken blocks are listed in ``errors`` and left out.

    ``include_inactive=False`` (the load path of the renderer) skips the code of disabled waves
    and shapes entirely, since it never runs; ``phosphene check`` keeps the default and reports
    errors in every block."""
    plans: dict[str, BlockPlan] = {}
    errors: list[eel.EelError] = []
    for kind, block in preset.code.items():
        active = _is_active(preset, kind)
        if not active and not include_inactive:
            continue
        try:
            plans[kind] = compile_block(block, use_glsl, active)
        except eel.EelError as exc:
            errors.append(exc)
    return CompiledPreset(preset, plans, errors)
