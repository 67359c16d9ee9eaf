"""The values MilkDrop hands its warp and comp shaders, computed once per frame.

Names and meanings follow MilkDrop's shader environment (butterchurn.md §5); each pass feeds
only the names its program declares. Extra over Butterchurn, as in MilkDrop 2: ``progress``,
the ``rot_*`` matrices and ``texsize_<texture>``.

``rot_s1..4, rot_d1..4, rot_f1..4, rot_vf1..4, rot_uf1..4, rot_rand1..4`` are HLSL ``float4x3``
(rows 0-2 a rotation, row 3 a minor translation, |t| < 1) and are written as GLSL ``mat4x3``
whose column i is HLSL row i, so HLSL ``mul(float4(p, 1), rot_s1)`` translates to
``rot_s1 * vec4(p, 1.0)`` (a ``mat3x4`` declaration receives the transpose). As MilkDrop's
shader header describes them: ``s`` static (random at preset load), ``d`` slowly changing, ``f``
faster, ``vf`` very fast, ``uf`` ultra fast, ``rand`` random every frame. The angular speeds
(ROT_GROUP_SPEEDS, rad/s) are Phosphene's choice; MilkDrop's exact rates are not documented here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from renderer.audio.frame_audio import FrameAudio

ROAM_RATES = (0.3, 1.3, 5.0, 20.0)
SLOW_ROAM_RATES = (0.005, 0.008, 0.013, 0.022)
ROT_GROUP_SPEEDS = {"s": 0.0, "d": 0.05, "f": 0.25, "vf": 1.0, "uf": 4.0}  # "rand": new every frame
Q_VECTORS = ("_qa", "_qb", "_qc", "_qd", "_qe", "_qf", "_qg", "_qh")
SHADER_TIME_WRAP = 10000.0  # MilkDrop wraps the shaders' time (since the preset started) every 10,000 s


@dataclass(frozen=True)
class BlurRanges:
    """Per-level decode ranges after MilkDrop's "safe" adjustment; see passes.blur."""

    mins: tuple[float, float, float] = (0.0, 0.0, 0.0)
    maxs: tuple[float, float, float] = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class PresetRandom:
    """Random values fixed at preset load: rand_preset, rand_start, and the rot_* bases."""

    rand_preset: tuple[float, float, float, float]
    rand_start: tuple[float, float, float, float]
    rot_base: np.ndarray  # (5 groups s d f vf uf, 4, 3) starting angles
    rot_speed: np.ndarray  # (5, 4, 3) angular speed factors in [-1, 1]
    rot_shift: np.ndarray  # (5, 4, 3) translation row

    @classmethod
    def generate(cls, rng: np.random.Generator) -> "PresetRandom":
        return cls(
            rand_preset=tuple(float(v) for v in rng.random(4)),  # type: ignore[arg-type]
            rand_start=tuple(float(v) for v in rng.random(4)),  # type: ignore[arg-type]
            rot_base=rng.random((5, 4, 3)) * 2.0 * math.pi,
            rot_speed=rng.random((5, 4, 3)) * 2.0 - 1.0,
            rot_shift=(rng.random((5, 4, 3)) * 2.0 - 1.0) * 0.5,
        )


def _rotation(angles: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """A float4x3: rows 0-2 rotate about x, then y, then z; row 3 translates."""
    cx, sx, cy, sy, cz, sz = (f(a) for a in angles for f in (math.cos, math.sin))
    rx = np.array([[1, 0, 0], [0, cx, sx], [0, -sx, cx]])
    ry = np.array([[cy, 0, -sy], [0, 1, 0], [sy, 0, cy]])
    rz = np.array([[cz, sz, 0], [-sz, cz, 0], [0, 0, 1]])
    matrix = np.zeros((4, 3))
    matrix[:3] = rx @ ry @ rz
    matrix[3] = shift
    return matrix.astype(np.float32)


def rotation_matrices(time: float, random: PresetRandom, frame_random: np.ndarray) -> dict[str, np.ndarray]:
    """The 24 ``rot_*`` float4x3 matrices at ``time``; ``frame_random`` is (4, 6) in [0, 1),
    fresh each frame, for ``rot_rand1..4``."""
    result = {}
    for group_index, (group, speed) in enumerate(ROT_GROUP_SPEEDS.items()):
        for i in range(4):
            angles = random.rot_base[group_index, i] + time * speed * random.rot_speed[group_index, i]
            result[f"rot_{group}{i + 1}"] = _rotation(angles, random.rot_shift[group_index, i])
    for i in range(4):
        angles = frame_random[i, :3] * 2.0 * math.pi
        result[f"rot_rand{i + 1}"] = _rotation(angles, (frame_random[i, 3:] * 2.0 - 1.0) * 0.5)
    return result


def q_vectors(frame_vars: Mapping[str, float]) -> dict[str, tuple[float, float, float, float]]:
    """q1..q32 packed four at a time into ``_qa`` .. ``_qh``."""
    q = [float(frame_vars.get(f"q{i}", 0.0)) for i in range(1, 33)]
    return {name: tuple(q[4 * k : 4 * k + 4]) for k, name in enumerate(Q_VECTORS)}  # type: ignore[misc]


def aspect_values(texsize: tuple[int, int]) -> tuple[float, float]:
    """MilkDrop's shader aspect (both <= 1): the shorter side over the longer."""
    w, h = texsize
    aspect_x = w / h if h > w else 1.0
    aspect_y = h / w if w > h else 1.0
    return aspect_x, aspect_y


def shader_environment(
    frame_vars: Mapping[str, float],
    audio: FrameAudio,
    texsize: tuple[int, int],
    random: PresetRandom,
    rand_frame: tuple[float, float, float, float],
    blur: BlurRanges,
    frame_random: np.ndarray | None = None,
    with_rotations: bool = True,
    preset_time: float | None = None,
) -> dict[str, object]:
    """Every MilkDrop shader uniform value for this frame, by uniform name.

    ``rand_frame`` and ``frame_random`` ((4, 6) in [0, 1), for ``rot_rand*``) are this frame's
    random draws; the caller owns the generator so renders are reproducible. ``with_rotations``
    False skips the 24 ``rot_*`` matrices (about 0.3 ms) when no program of the frame reads them."""
    w, h = texsize
    ax, ay = aspect_values(texsize)
    t = float(frame_vars.get("time", 0.0))
    # MilkDrop 2 gives shaders the time since the preset started, wrapped every 10,000 s; EEL
    # code (the per_pixel splice and the warp mesh's own animation) keeps the show's time.
    shader_time = math.fmod(t if preset_time is None else max(preset_time, 0.0), SHADER_TIME_WRAP)
    env: dict[str, object] = {
        "texsize": (w, h, 1.0 / w, 1.0 / h),
        "resolution": (w, h),
        "aspect": (ax, ay, 1.0 / ax, 1.0 / ay),
        "time": shader_time,
        "eel_time": t,
        "fps": float(frame_vars.get("fps", 30.0)),
        "frame": float(frame_vars.get("frame", 0.0)),
        "progress": float(frame_vars.get("progress", 0.0)),
        "decay": float(frame_vars.get("decay", 0.98)),
        "vol": audio.vol,
        "vol_att": audio.vol_att,
        "rand_frame": rand_frame,
        "rand_preset": random.rand_preset,
        "roam_cos": tuple(0.5 + 0.5 * math.cos(t * r) for r in ROAM_RATES),
        "roam_sin": tuple(0.5 + 0.5 * math.sin(t * r) for r in ROAM_RATES),
        "slow_roam_cos": tuple(0.5 + 0.5 * math.cos(t * r) for r in SLOW_ROAM_RATES),
        "slow_roam_sin": tuple(0.5 + 0.5 * math.sin(t * r) for r in SLOW_ROAM_RATES),
        "PI": math.pi,
        "M_PI": math.pi,
        "M_PI_2": 2.0 * math.pi,
        "M_INV_PI_2": 1.0 / (2.0 * math.pi),
        # comp-only fixed-pipeline values (MilkDrop's comp shader names)
        "gammaAdj": float(frame_vars.get("gamma", 2.0)),
        "echo_zoom": float(frame_vars.get("echo_zoom", 2.0)),
        "echo_alpha": float(frame_vars.get("echo_alpha", 0.0)),
        "echo_orientation": float(frame_vars.get("echo_orient", 0.0)),
        "invert": float(frame_vars.get("invert", 0.0)),
        "brighten": float(frame_vars.get("brighten", 0.0)),
        "darken": float(frame_vars.get("darken", 0.0)),
        "solarize": float(frame_vars.get("solarize", 0.0)),
        "fShader": float(frame_vars.get("fshader", 0.0)),
    }
    env.update(audio.levels())
    env.update(q_vectors(frame_vars))
    for level in range(3):
        lo, hi = blur.mins[level], blur.maxs[level]
        n = level + 1
        env[f"blur{n}_min"] = lo
        env[f"blur{n}_max"] = hi
        env[f"scale{n}"] = hi - lo
        env[f"bias{n}"] = lo
    if with_rotations:
        if frame_random is None:
            frame_random = np.full((4, 6), 0.5)
        env.update(rotation_matrices(t, random, frame_random))
    return env
