"""Which names each kind of MilkDrop block predefines, and which it sets per element.

Block kinds are ``per_frame_init``, ``per_frame``, ``per_pixel``, ``wave_N_init``,
``wave_N_per_frame``, ``wave_N_per_point``, ``shape_N_init`` and ``shape_N_per_frame``
(MilkDrop 2's ``CState::RegisterBuiltInVariables``; see milk-format.md §6).
"""

from __future__ import annotations

import re

from eel.intrinsics import register_index

Q_VARS = frozenset(f"q{i}" for i in range(1, 33))
T_VARS = frozenset(f"t{i}" for i in range(1, 9))
_AUDIO_TIME = frozenset("time fps frame progress bass mid treb bass_att mid_att treb_att".split())
MOTION_VARS = ("zoom", "zoomexp", "rot", "warp", "cx", "cy", "dx", "dy", "sx", "sy")
_MESH = frozenset("meshx meshy pixelsx pixelsy aspectx aspecty".split())

PER_FRAME_VARS = (
    frozenset(MOTION_VARS)
    | _AUDIO_TIME
    | Q_VARS
    | _MESH
    | frozenset(
        """decay wave_a wave_r wave_g wave_b wave_x wave_y wave_mystery wave_mode ob_size ob_r ob_g ob_b ob_a
        ib_size ib_r ib_g ib_b ib_a mv_x mv_y mv_dx mv_dy mv_l mv_r mv_g mv_b mv_a echo_zoom echo_alpha
        echo_orient wave_usedots wave_thick wave_additive wave_brighten darken_center gamma wrap invert
        brighten darken solarize blur1_min blur2_min blur3_min blur1_max blur2_max blur3_max
        blur1_edge_darken monitor""".split()
    )
)
PER_PIXEL_VARS = frozenset(MOTION_VARS) | _AUDIO_TIME | Q_VARS | _MESH | frozenset("x y rad ang".split())
WAVE_FRAME_VARS = _AUDIO_TIME | Q_VARS | T_VARS | frozenset("r g b a samples".split())
WAVE_POINT_VARS = _AUDIO_TIME | Q_VARS | T_VARS | frozenset("sample value1 value2 x y r g b a".split())
SHAPE_INSTANCE_VARS = (
    "x y rad ang tex_ang tex_zoom r g b a r2 g2 b2 a2 border_r border_g border_b border_a "
    "thick additive textured instance"
).split()
SHAPE_VARS = _AUDIO_TIME | Q_VARS | T_VARS | frozenset(SHAPE_INSTANCE_VARS) | frozenset(("sides", "num_inst"))

# Variables the host sets before each element's run, so they carry nothing between elements.
PER_ELEMENT_INPUTS: dict[str, frozenset[str]] = {
    "per_pixel": frozenset(MOTION_VARS) | frozenset("x y rad ang".split()),
    "wave_per_point": frozenset("sample value1 value2 x y r g b a".split()),
    "shape_per_frame": frozenset(SHAPE_INSTANCE_VARS) | Q_VARS | T_VARS,
}

_KIND_RE = re.compile(r"^(wave|shape)_\d+_(init|per_frame|per_point)$")


def generic_kind(block: str) -> str:
    """``wave_2_per_point`` -> ``wave_per_point``; other kinds unchanged."""
    m = _KIND_RE.match(block)
    return f"{m.group(1)}_{m.group(2)}" if m else block


def predefined(block: str) -> frozenset[str]:
    """The names MilkDrop registers for this kind of block (empty for unknown kinds)."""
    kind = generic_kind(block)
    return {
        "per_frame_init": PER_FRAME_VARS,
        "per_frame": PER_FRAME_VARS,
        "per_pixel": PER_PIXEL_VARS,
        "wave_init": WAVE_FRAME_VARS,
        "wave_per_frame": WAVE_FRAME_VARS,
        "wave_per_point": WAVE_POINT_VARS,
        "shape_init": SHAPE_VARS,
        "shape_per_frame": SHAPE_VARS,
    }.get(kind, frozenset())


def per_element_inputs(block: str) -> frozenset[str]:
    return PER_ELEMENT_INPUTS.get(generic_kind(block), frozenset())


def user_variables(block: str, names: frozenset[str] | set[str]) -> frozenset[str]:
    """Names that are neither predefined for the block nor registers: the preset's own variables."""
    builtins = predefined(block)
    return frozenset(name for name in names if name not in builtins and register_index(name) is None)
