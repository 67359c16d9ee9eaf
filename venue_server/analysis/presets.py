"""The project's `.milk` presets as the venue sees them: name, baseline motion, EEL source, an energy score.

This is a deliberately small reader (venue_server stands alone and does not import the renderer):
``key=value`` lines, numbered code lines joined in order, stopping at the first missing number as
MilkDrop does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_NUMBERED = re.compile(r"^(per_frame_init|per_frame|per_pixel)_(\d+)$")
_AUDIO_WORDS = re.compile(r"\b(bass|mid|treb|bass_att|mid_att|treb_att|vol)\b")


@dataclass(frozen=True)
class PresetInfo:
    name: str
    values: dict[str, float]
    eq_init: str
    eq_frame: str
    eq_pixel: str
    energy: float = 0.0  # 0 calm .. 1 busy, a rank among the loaded presets
    extras: dict[str, Any] = field(default_factory=dict)

    def base(self, key: str, default: float) -> float:
        return self.values.get(key, default)


def _join_numbered(lines: dict[int, str]) -> str:
    out = []
    n = 1
    while n in lines:  # MilkDrop stops at the first missing line number
        out.append(lines[n])
        n += 1
    return "\n".join(out)


def read_preset(path: Path) -> PresetInfo:
    values: dict[str, float] = {}
    code: dict[str, dict[int, str]] = {"per_frame_init": {}, "per_frame": {}, "per_pixel": {}}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, sep, value = raw.partition("=")
        if not sep:
            continue
        key = key.strip()
        match = _NUMBERED.match(key)
        if match:
            code[match.group(1)][int(match.group(2))] = value.strip()
            continue
        try:
            values[key.lower()] = float(value.strip())
        except ValueError:
            continue
    return PresetInfo(
        name=path.stem,
        values=values,
        eq_init=_join_numbered(code["per_frame_init"]),
        eq_frame=_join_numbered(code["per_frame"]),
        eq_pixel=_join_numbered(code["per_pixel"]),
    )


def _busyness(p: PresetInfo) -> float:
    """How much motion a preset makes: baseline zoom/rotation/warp plus how much its code reacts to audio."""
    motion = abs(p.base("zoom", 1.0) - 1.0) * 10 + abs(p.base("rot", 0.0)) * 10 + p.base("warp", 1.0) * 0.5
    motion += p.base("fwarpanimspeed", 1.0) * 0.2
    reactive = len(_AUDIO_WORDS.findall(p.eq_frame + "\n" + p.eq_pixel))
    return motion + 0.3 * reactive + len(p.eq_frame) / 500


def load_presets(folder: Path) -> list[PresetInfo]:
    """Every readable `*.milk` in the folder, each with an energy rank in 0..1; empty if none (or no folder)."""
    if not folder.is_dir():
        return []
    presets = []
    for path in sorted(folder.glob("*.milk")):
        try:
            presets.append(read_preset(path))
        except OSError:
            continue
    order = sorted(range(len(presets)), key=lambda i: (_busyness(presets[i]), presets[i].name))
    ranked = [None] * len(presets)
    for rank, index in enumerate(order):
        energy = rank / (len(presets) - 1) if len(presets) > 1 else 0.5
        p = presets[index]
        ranked[index] = PresetInfo(p.name, p.values, p.eq_init, p.eq_frame, p.eq_pixel, round(energy, 3))
    return [p for p in ranked if p is not None]


def _style(energy: float) -> str:
    return "calm, slow drift" if energy < 0.33 else "flowing, moderate motion" if energy < 0.66 else "intense, fast motion"


def choose_preset_switches(sections: list[dict[str, Any]], presets: list[PresetInfo]) -> list[dict[str, Any]]:
    """One switch per section: the preset whose energy rank is closest to the section's energy.

    The same preset is not chosen twice in a row when another is nearly as close, so sections read as changes.
    """
    if not presets:
        return []
    switches: list[dict[str, Any]] = []
    previous: str | None = None
    for section in sections:
        energy = float(section["energy"])
        ranked = sorted(presets, key=lambda p: (abs(p.energy - energy), p.name))
        choice = ranked[0]
        if choice.name == previous and len(ranked) > 1 and abs(ranked[1].energy - energy) < 0.34:
            choice = ranked[1]
        previous = choice.name
        switches.append(
            {
                "t": section["start"],
                "preset": choice.name,
                "reason": f"{section['label']} section, energy {energy:.2f}",
                "style": _style(choice.energy),
                "energy": round(energy, 3),
                "eq": {"init": choice.eq_init, "frame": choice.eq_frame, "pixel": choice.eq_pixel},
                "base": {
                    key: choice.base(key, default)
                    for key, default in (
                        ("zoom", 1.0),
                        ("rot", 0.0),
                        ("warp", 1.0),
                        ("decay", 0.98),
                        ("wave_r", 1.0),
                        ("wave_g", 1.0),
                        ("wave_b", 1.0),
                        ("wave_a", 1.0),
                    )
                },
            }
        )
    return switches
