"""Which line MilkDrop 2 reads for each key when a key occurs more than once.

MilkDrop 2 (``_GetLineByName`` in state.cpp) first tries the line right after the line it read
last, and only otherwise takes the first line with that key. ``CState::Import`` reads the keys in
a fixed order, so a duplicate that directly follows the previously read key wins: e.g. an empty
``per_frame_8 `` near the top loses to a real ``per_frame_8=...`` right after ``per_frame_7``.
projectM always takes the first occurrence. This module replays Import's read order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# CState::Import, "general" section (after MILKDROP_PRESET_VERSION and the PSVERSION keys).
GENERAL_KEYS = (
    "fRating", "fDecay", "fGammaAdj", "fVideoEchoZoom", "fVideoEchoAlpha", "nVideoEchoOrientation",
    "bRedBlueStereo", "bBrighten", "bDarken", "bSolarize", "bInvert", "fShader",
    "b1n", "b2n", "b3n", "b1x", "b2x", "b3x", "b1ed",
)  # fmt: skip
# "wave" section: basic wave, motion vectors, then each custom wave and shape with its code.
WAVE_KEYS = (
    "nWaveMode", "bAdditiveWaves", "bWaveDots", "bWaveThick", "bModWaveAlphaByVolume", "bMaximizeWaveColor",
    "fWaveAlpha", "fWaveScale", "fWaveSmoothing", "fWaveParam", "fModWaveAlphaStart", "fModWaveAlphaEnd",
    "wave_r", "wave_g", "wave_b", "wave_x", "wave_y", "nMotionVectorsX", "nMotionVectorsY",
    "mv_dx", "mv_dy", "mv_l", "mv_r", "mv_g", "mv_b", "bMotionVectorsOn", "mv_a",
)  # fmt: skip
WAVECODE_KEYS = ("enabled", "samples", "sep", "bSpectrum", "bUseDots", "bDrawThick", "bAdditive", "scaling",
                 "smoothing", "r", "g", "b", "a")  # fmt: skip
SHAPECODE_KEYS = (
    "enabled", "sides", "additive", "thickOutline", "textured", "num_inst", "x", "y", "rad", "ang", "tex_ang",
    "tex_zoom", "r", "g", "b", "a", "r2", "g2", "b2", "a2", "border_r", "border_g", "border_b", "border_a",
)  # fmt: skip
# "motion" section, then the preset's code and the shaders.
MOTION_KEYS = (
    "zoom", "rot", "cx", "cy", "dx", "dy", "warp", "sx", "sy", "bTexWrap", "bDarkenCenter", "fWarpAnimSpeed",
    "fWarpScale", "fZoomExponent", "ob_size", "ob_r", "ob_g", "ob_b", "ob_a", "ib_size", "ib_r", "ib_g",
    "ib_b", "ib_a",
)  # fmt: skip
TAIL_CODE_PREFIXES = ("per_frame_init_", "per_frame_", "per_pixel_", "warp_", "comp_")

_LEADING_INT = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)")


def milkdrop2_choices(keys: Sequence[str], values: Sequence[str]) -> dict[str, int]:
    """For each key MilkDrop 2's Import looks up, the index (into ``keys``) of the line it reads.

    ``keys``/``values`` list every line that has a key delimiter, in file order (MilkDrop 2
    indexes exactly those lines). Keys it never looks up are absent from the result.
    """
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    chosen: dict[str, int] = {}
    cursor = 0

    def get(key: str) -> bool:
        nonlocal cursor
        if cursor < len(keys) and keys[cursor] == key:
            index = cursor
        elif key in first:
            index = first[key]
        else:
            return False  # default used; the cursor stays where it was
        chosen.setdefault(key, index)
        cursor = index + 1
        return True

    def code(prefix: str) -> None:
        n = 1
        while get(f"{prefix}{n}"):
            n += 1

    version = 100
    if get("MILKDROP_PRESET_VERSION"):
        match = _LEADING_INT.match(values[chosen["MILKDROP_PRESET_VERSION"]])
        version = int(match.group(1)) if match else 100
    if version == 200:
        get("PSVERSION")
    elif version > 200:
        get("PSVERSION_WARP")
        get("PSVERSION_COMP")
    for key in GENERAL_KEYS + WAVE_KEYS:
        get(key)
    for i in range(4):
        for key in WAVECODE_KEYS:
            get(f"wavecode_{i}_{key}")
        for part in ("init", "per_frame", "per_point"):
            code(f"wave_{i}_{part}")
    for i in range(4):
        for key in SHAPECODE_KEYS:
            get(f"shapecode_{i}_{key}")
        for part in ("init", "per_frame"):
            code(f"shape_{i}_{part}")
    for key in MOTION_KEYS:
        get(key)
    for prefix in TAIL_CODE_PREFIXES:
        code(prefix)
    return chosen
