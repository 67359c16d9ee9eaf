"""The preset's base values, grouped by what they drive on screen.

Each group is a frozen dataclass whose fields carry their .milk key in ``metadata["key"]``;
:func:`read_group` fills one from a :class:`MilkFile` with MilkDrop 2's defaults (the numbers of
``CState::Default()``, with ``Import``'s load-time fallbacks where they differ).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from functools import cache
from typing import TypeVar

from .milk_file import MilkFile


def milk_field(key: str, default, missing=MISSING):
    """A field read from ``key``; ``missing`` is what MilkDrop uses when the key is absent, if not ``default``."""
    meta = {"key": key}
    if missing is not MISSING:
        meta["missing"] = missing
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class MotionSettings:
    """Warp-mesh motion: the per-frame/per-pixel variables of the same names, plus the warp animation."""

    zoom: float = milk_field("zoom", 1.0)
    zoomexp: float = milk_field("fZoomExponent", 1.0)
    rot: float = milk_field("rot", 0.0)
    cx: float = milk_field("cx", 0.5)
    cy: float = milk_field("cy", 0.5)
    dx: float = milk_field("dx", 0.0)
    dy: float = milk_field("dy", 0.0)
    warp: float = milk_field("warp", 1.0)
    sx: float = milk_field("sx", 1.0)
    sy: float = milk_field("sy", 1.0)
    warp_anim_speed: float = milk_field("fWarpAnimSpeed", 1.0)
    warp_scale: float = milk_field("fWarpScale", 1.0)


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """How the previous frame is carried over: fade, texture wrap, and the darkened centre."""

    decay: float = milk_field("fDecay", 0.98)
    wrap: bool = milk_field("bTexWrap", True)
    darken_center: bool = milk_field("bDarkenCenter", False)


@dataclass(frozen=True, slots=True)
class EchoSettings:
    """Video echo in the comp pass: a zoomed, optionally flipped copy mixed in by ``alpha``.

    ``orientation``: 0 normal, 1 flip left-right, 2 flip top-bottom, 3 both.
    """

    zoom: float = milk_field("fVideoEchoZoom", 2.0)
    alpha: float = milk_field("fVideoEchoAlpha", 0.0)
    orientation: int = milk_field("nVideoEchoOrientation", 0)


@dataclass(frozen=True, slots=True)
class CompositeSettings:
    """The fixed colour steps of the comp pass (MilkDrop 1 look, or the shader-less comp)."""

    gamma: float = milk_field("fGammaAdj", 2.0)
    brighten: bool = milk_field("bBrighten", False)
    darken: bool = milk_field("bDarken", False)
    solarize: bool = milk_field("bSolarize", False)
    invert: bool = milk_field("bInvert", False)
    hue_shader: float = milk_field("fShader", 0.0)
    red_blue_stereo: bool = milk_field("bRedBlueStereo", False)


@dataclass(frozen=True, slots=True)
class BasicWaveSettings:
    """The built-in waveform (``nWaveMode`` 0..7).

    MilkDrop 2 quirk: when ``wave_r/g/b/x/y`` are missing, ``Import`` falls back to ``rot``'s
    default (0), not to 1 / 0.5 (state.cpp); every real file has these keys.
    """

    mode: int = milk_field("nWaveMode", 0)
    additive: bool = milk_field("bAdditiveWaves", False)
    dots: bool = milk_field("bWaveDots", False)
    thick: bool = milk_field("bWaveThick", False)
    mod_alpha_by_volume: bool = milk_field("bModWaveAlphaByVolume", False)
    maximize_color: bool = milk_field("bMaximizeWaveColor", True)
    alpha: float = milk_field("fWaveAlpha", 0.8)
    scale: float = milk_field("fWaveScale", 1.0)
    smoothing: float = milk_field("fWaveSmoothing", 0.75)
    mystery: float = milk_field("fWaveParam", 0.0)
    mod_alpha_start: float = milk_field("fModWaveAlphaStart", 0.75)
    mod_alpha_end: float = milk_field("fModWaveAlphaEnd", 0.95)
    r: float = milk_field("wave_r", 1.0, missing=0.0)
    g: float = milk_field("wave_g", 1.0, missing=0.0)
    b: float = milk_field("wave_b", 1.0, missing=0.0)
    x: float = milk_field("wave_x", 0.5, missing=0.0)
    y: float = milk_field("wave_y", 0.5, missing=0.0)


@dataclass(frozen=True, slots=True)
class BorderSettings:
    """One of the two border frames drawn around the image (outer ``ob_*`` or inner ``ib_*``)."""

    size: float
    r: float
    g: float
    b: float
    a: float


def read_border(milk: MilkFile, prefix: str, defaults: tuple[float, float, float, float, float]) -> BorderSettings:
    """``prefix`` is ``ob`` or ``ib``; ``defaults`` are (size, r, g, b, a)."""
    names = ("size", "r", "g", "b", "a")
    values = [milk.get_float(f"{prefix}_{name}", default) for name, default in zip(names, defaults)]
    return BorderSettings(*values)


OUTER_BORDER_DEFAULTS = (0.01, 0.0, 0.0, 0.0, 0.0)
INNER_BORDER_DEFAULTS = (0.01, 0.25, 0.25, 0.25, 0.0)


@dataclass(frozen=True, slots=True)
class MotionVectorSettings:
    """The grid of motion-vector trails (``mv_*``); ``x``/``y`` are the grid size.

    ``a`` defaults to 0 when loading: MilkDrop 2 takes it from the MilkDrop 1 key
    ``bMotionVectorsOn`` (default off) before reading ``mv_a`` (state.cpp ``Import``).
    """

    x: float = milk_field("nMotionVectorsX", 12.0)
    y: float = milk_field("nMotionVectorsY", 9.0)
    dx: float = milk_field("mv_dx", 0.0)
    dy: float = milk_field("mv_dy", 0.0)
    l: float = milk_field("mv_l", 0.9)  # noqa: E741 - MilkDrop's own name (trail length)
    r: float = milk_field("mv_r", 1.0)
    g: float = milk_field("mv_g", 1.0)
    b: float = milk_field("mv_b", 1.0)
    a: float = 0.0


def read_motion_vectors(milk: MilkFile) -> MotionVectorSettings:
    base = read_group(milk, MotionVectorSettings)
    legacy_on = milk.get_int("bMotionVectorsOn", 0) != 0
    alpha = milk.get_float("mv_a", 1.0 if legacy_on else 0.0)
    return replace(base, a=alpha)


@dataclass(frozen=True, slots=True)
class BlurSettings:
    """Value ranges the three blur levels are packed into, and blur 1's edge darkening (MilkDrop 2)."""

    blur1_min: float = milk_field("b1n", 0.0)
    blur2_min: float = milk_field("b2n", 0.0)
    blur3_min: float = milk_field("b3n", 0.0)
    blur1_max: float = milk_field("b1x", 1.0)
    blur2_max: float = milk_field("b2x", 1.0)
    blur3_max: float = milk_field("b3x", 1.0)
    blur1_edge_darken: float = milk_field("b1ed", 0.25)


G = TypeVar("G")


def read_group(milk: MilkFile, cls: type[G], key_format: str = "{}") -> G:
    """Fill dataclass ``cls`` from ``milk``: each field with a ``key`` is read with its type's getter.

    ``key_format`` turns the field's key into the file key (``"wavecode_2_{}"`` for a custom wave).
    """
    getters = {"bool": milk.get_bool, "int": milk.get_int, "float": milk.get_float, "str": milk.get_str}
    values = {name: getters[kind](key_format.format(key), fallback) for name, key, kind, fallback in _plan(cls)}
    return cls(**values)


@cache
def _plan(cls: type) -> tuple[tuple[str, str, str, object], ...]:
    """(field name, .milk key, value kind, fallback) for each keyed field of ``cls``."""
    plan = []
    for f in fields(cls):
        key = f.metadata.get("key")
        if key is None:
            continue
        kind = type(f.default).__name__
        assert kind in ("bool", "int", "float", "str"), (cls, f.name)
        plan.append((f.name, key, kind, f.metadata.get("missing", f.default)))
    return tuple(plan)
