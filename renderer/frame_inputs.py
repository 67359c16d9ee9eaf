"""The per-frame seam: everything the renderer needs for one frame, computed by the runtime.

The runtime (``renderer.static_runtime`` now, the EEL-driven runtime later) runs the preset's
equations and fills a ``FrameInputs``; ``PresetRenderer.render_frame`` only draws it. No GL here.

Coordinate conventions are MilkDrop's: wave and shape ``x, y`` are in [0, 1] with y = 0 at the
bottom of the screen; waves live in the aspect-corrected square space (butterchurn.md §1.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from renderer.audio.frame_audio import FrameAudio

# The ten per-vertex motion variables, in the column order of ``FrameInputs.vertex_motion``.
MOTION_VARS: tuple[str, ...] = ("zoom", "zoomexp", "rot", "warp", "cx", "cy", "dx", "dy", "sx", "sy")

# Per-instance shape arrays, in ``ShapeFrame`` field order.
SHAPE_INSTANCE_VARS: tuple[str, ...] = (
    "x", "y", "rad", "ang",
    "r", "g", "b", "a", "r2", "g2", "b2", "a2",
    "border_r", "border_g", "border_b", "border_a",
    "tex_ang", "tex_zoom", "sides", "additive", "thick", "textured",
)  # fmt: skip

# MilkDrop's shape defaults (butterchurn.md §3.10), used when an instance dict lacks a name.
SHAPE_DEFAULTS: dict[str, float] = {
    "x": 0.5, "y": 0.5, "rad": 0.1, "ang": 0.0,
    "r": 1.0, "g": 0.0, "b": 0.0, "a": 1.0, "r2": 0.0, "g2": 1.0, "b2": 0.0, "a2": 0.0,
    "border_r": 1.0, "border_g": 1.0, "border_b": 1.0, "border_a": 0.1,
    "tex_ang": 0.0, "tex_zoom": 1.0, "sides": 4.0, "additive": 0.0, "thick": 0.0, "textured": 0.0,
}  # fmt: skip


# What the renderer assumes for any per-frame variable ``FrameInputs.frame_vars`` leaves out:
# MilkDrop 2's defaults (butterchurn.md §3.10; EEL names as ``Preset.base_vars()`` spells them),
# plus the preset constants ``static_runtime.preset_constants`` adds and the frame globals.
DEFAULT_FRAME_VARS: dict[str, float] = {
    "zoom": 1.0, "zoomexp": 1.0, "rot": 0.0, "warp": 1.0, "cx": 0.5, "cy": 0.5,
    "dx": 0.0, "dy": 0.0, "sx": 1.0, "sy": 1.0, "decay": 0.98,
    "wave_a": 0.8, "wave_r": 1.0, "wave_g": 1.0, "wave_b": 1.0, "wave_x": 0.5, "wave_y": 0.5,
    "wave_mystery": 0.0, "wave_mode": 0.0, "wave_usedots": 0.0, "wave_thick": 0.0,
    "wave_additive": 0.0, "wave_brighten": 1.0,
    "ob_size": 0.01, "ob_r": 0.0, "ob_g": 0.0, "ob_b": 0.0, "ob_a": 0.0,
    "ib_size": 0.01, "ib_r": 0.25, "ib_g": 0.25, "ib_b": 0.25, "ib_a": 0.0,
    "mv_x": 12.0, "mv_y": 9.0, "mv_dx": 0.0, "mv_dy": 0.0, "mv_l": 0.9,
    "mv_r": 1.0, "mv_g": 1.0, "mv_b": 1.0, "mv_a": 0.0,
    "echo_zoom": 2.0, "echo_alpha": 0.0, "echo_orient": 0.0,
    "darken_center": 0.0, "gamma": 2.0, "wrap": 1.0,
    "invert": 0.0, "brighten": 0.0, "darken": 0.0, "solarize": 0.0,
    "blur1_min": 0.0, "blur2_min": 0.0, "blur3_min": 0.0,
    "blur1_max": 1.0, "blur2_max": 1.0, "blur3_max": 1.0, "blur1_edge_darken": 0.25,
    "warpanimspeed": 1.0, "warpscale": 1.0, "wave_scale": 1.0, "wave_smoothing": 0.75,
    "modwavealphabyvolume": 0.0, "modwavealphastart": 0.75, "modwavealphaend": 0.95, "fshader": 0.0,
    "time": 0.0, "fps": 30.0, "frame": 0.0, "progress": 0.0,
}  # fmt: skip


def _f32(values: object) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.float32).ravel())


@dataclass(frozen=True)
class WaveFrame:
    """One enabled custom wave after its per-frame and per-point code.

    ``vars``: the wave's variables after per-frame code (samples, sep, scaling, smoothing,
    spectrum, r, g, b, a, usedots, thick, additive, ...). ``x, y, r, g, b, a``: one float32
    entry per point, after per-point code. Flags come from the wave's base values (MilkDrop
    does not let per-frame code change them).
    """

    index: int
    vars: Mapping[str, float]
    x: np.ndarray
    y: np.ndarray
    r: np.ndarray
    g: np.ndarray
    b: np.ndarray
    a: np.ndarray
    use_dots: bool = False
    thick: bool = False
    additive: bool = False
    spectrum: bool = False

    def __post_init__(self) -> None:
        for name in ("x", "y", "r", "g", "b", "a"):
            object.__setattr__(self, name, _f32(getattr(self, name)))
        n = self.x.size
        if any(getattr(self, name).size != n for name in ("y", "r", "g", "b", "a")):
            raise ValueError(f"wave {self.index}: point arrays differ in length")

    @property
    def point_count(self) -> int:
        return int(self.x.size)


@dataclass(frozen=True)
class ShapeFrame:
    """One enabled custom shape: its settings plus one array entry per instance.

    ``settings``: the shape's variables (base values after init: enabled, num_inst, sides, ...).
    ``image``: texture name for textured instances; "" means the previous frame (MilkDrop 2).
    Every per-instance array is float32 of length ``instance_count`` (after per-frame code,
    which runs once per instance).
    """

    index: int
    settings: Mapping[str, float]
    x: np.ndarray
    y: np.ndarray
    rad: np.ndarray
    ang: np.ndarray
    r: np.ndarray
    g: np.ndarray
    b: np.ndarray
    a: np.ndarray
    r2: np.ndarray
    g2: np.ndarray
    b2: np.ndarray
    a2: np.ndarray
    border_r: np.ndarray
    border_g: np.ndarray
    border_b: np.ndarray
    border_a: np.ndarray
    tex_ang: np.ndarray
    tex_zoom: np.ndarray
    sides: np.ndarray
    additive: np.ndarray
    thick: np.ndarray
    textured: np.ndarray
    image: str = ""

    def __post_init__(self) -> None:
        n = None
        for name in SHAPE_INSTANCE_VARS:
            arr = _f32(getattr(self, name))
            object.__setattr__(self, name, arr)
            if n is None:
                n = arr.size
            elif arr.size != n:
                raise ValueError(f"shape {self.index}: instance array {name} has {arr.size} entries, not {n}")

    @property
    def instance_count(self) -> int:
        return int(self.x.size)

    @classmethod
    def from_instances(
        cls,
        index: int,
        settings: Mapping[str, float],
        instances: Sequence[Mapping[str, float]],
        image: str = "",
    ) -> "ShapeFrame":
        """Build from one variable dict per instance (EEL names; missing names use defaults)."""
        columns = {
            name: [float(inst.get(name, settings.get(name, SHAPE_DEFAULTS[name]))) for inst in instances]
            for name in SHAPE_INSTANCE_VARS
        }
        return cls(index=index, settings=dict(settings), image=image, **columns)


@dataclass(frozen=True)
class FrameInputs:
    """One frame's worth of preset state.

    ``frame_vars``: every per-frame variable after the per_frame equations (zoom, rot, decay,
    wave_*, ob_*, ib_*, mv_*, echo_*, gammaadj, brighten, ..., q1..q32, time, fps, frame,
    progress, bass, ...). Missing names fall back to ``DEFAULT_FRAME_VARS``.
    ``vertex_motion``: optional (vertex_count, 10) float32 array of the per-vertex motion
    values in ``MOTION_VARS`` order, computed on the CPU (the numpy per-pixel fallback); when
    given, the warp shader uses it instead of the per-frame uniforms and the spliced GLSL.
    """

    frame_vars: Mapping[str, float]
    waves: Sequence[WaveFrame] = ()
    shapes: Sequence[ShapeFrame] = ()
    audio: FrameAudio = field(default_factory=FrameAudio)
    vertex_motion: np.ndarray | None = None
    preset_time: float | None = None  # seconds since the preset started (shaders' ``time``); None: frame_vars' time
