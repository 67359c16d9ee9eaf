"""Eased per-frame values during a blend (MilkDrop 2's mixing of the two presets' frame values).

While presets blend, the incoming one is drawn with its scalars moved from the outgoing preset's
values towards its own along ``mix = 0.5 - 0.5·cos(π·progress)`` (butterchurn.md §4): colours,
sizes, decay, motion-vector and blur ranges are interpolated, switches snap at ``mix = 0.5``.
As in MilkDrop (and unlike Butterchurn), gamma is interpolated and clamped to [0, 8], echo_orient
snaps, and echo_zoom is clamped to [0.001, 1000].
"""

from __future__ import annotations

import math
from typing import Mapping

LINEAR = tuple(
    """decay wave_a wave_r wave_g wave_b wave_x wave_y wave_mystery
    ob_size ob_r ob_g ob_b ob_a ib_size ib_r ib_g ib_b ib_a
    mv_x mv_y mv_dx mv_dy mv_l mv_r mv_g mv_b mv_a echo_zoom echo_alpha gamma
    blur1_min blur1_max blur2_min blur2_max blur3_min blur3_max blur1_edge_darken""".split()
)
SNAPPED = tuple(
    "wave_usedots wave_thick wave_additive wave_brighten darken_center wrap invert brighten darken solarize echo_orient".split()
)
_CLAMPS = {"gamma": (0.0, 8.0), "echo_zoom": (0.001, 1000.0)}


def ease(progress: float) -> float:
    """The cosine ease of a linear blend progress in [0, 1]."""
    p = min(max(progress, 0.0), 1.0)
    return 0.5 - 0.5 * math.cos(math.pi * p)


def blend_frame_vars(old: Mapping[str, float], new: Mapping[str, float], progress: float) -> dict[str, float]:
    """``new`` with the blended names mixed from ``old`` (names missing from either are left as in ``new``)."""
    mix = ease(progress)
    out = dict(new)
    for name in LINEAR:
        if name in old and name in new:
            value = old[name] * (1.0 - mix) + new[name] * mix
            low, high = _CLAMPS.get(name, (-math.inf, math.inf))
            out[name] = min(max(value, low), high)
    if mix < 0.5:
        for name in SNAPPED:
            if name in old:
                out[name] = old[name]
    return out
