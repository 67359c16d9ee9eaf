"""A concert's event timeline for one tier, precomputed from the stored analysis and pre-encoded as JSON lines.

Built once per (concert, tier) and cached, so streaming only slices lists and writes bytes. Event
times `t` are seconds of concert time from the start of the first track. Layers a tier may not see
are simply not in its timeline; layers the analysis did not compute never appear.
"""

from __future__ import annotations

import colorsys
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from venue_server.services.tiers import available_layers

TICK_S = 0.1

# A small named palette for the VIP colour summary.
_PALETTE = {
    "Crimson": (220, 20, 60), "Burnt Sienna": (180, 70, 30), "Amber": (255, 191, 0), "Gold": (255, 215, 0),
    "Lime": (120, 220, 40), "Emerald": (40, 160, 90), "Teal": (0, 128, 128), "Cyan": (0, 220, 230),
    "Azure": (0, 127, 255), "Cobalt": (0, 71, 171), "Indigo": (75, 0, 130), "Violet": (143, 0, 255),
    "Magenta": (255, 0, 200), "Rose": (255, 100, 150), "White": (240, 240, 240), "Slate": (110, 120, 130),
    "Black": (15, 15, 15),
}  # fmt: skip


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: a batch window encodes a few small objects per request, ~15x faster than json)."""
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)


@dataclass
class TrackSpan:
    position: int
    title: str
    start: float
    duration: float


@dataclass
class Timeline:
    """Pre-encoded events of one pass through the concert, sorted by time."""

    tier: str
    duration: float
    times: list[float] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)
    tracks: list[TrackSpan] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    layer_counts: Counter[str] = field(default_factory=Counter)
    tick_count: int = 0

    def index_at(self, t: float) -> int:
        """Index of the first event at or after concert time `t`."""
        return bisect_left(self.times, t - 1e-9)

    def track_at(self, t: float) -> TrackSpan | None:
        for span in reversed(self.tracks):
            if span.start <= t + 1e-9:
                return span
        return None


def _round(x: float, n: int = 3) -> float:
    return round(float(x), n)


def _nearest_colour(rgb: tuple[int, int, int]) -> str:
    return min(_PALETTE, key=lambda name: sum((a - b) ** 2 for a, b in zip(_PALETTE[name], rgb, strict=True)))


def _visual_state(base: dict[str, float], b: float, m: float, t: float) -> dict[str, float]:
    """The motion a preset makes at this moment: its baseline values driven by the audio (documented model)."""
    return {
        "zoom": _round(base["zoom"] + 0.04 * b),
        "rot": _round(base["rot"] + 0.003 * m, 4),
        "warp": _round(base["warp"] * (0.2 + 1.2 * b)),
        "decay": _round(min(1.0, base["decay"] * (0.94 + 0.06 * (1.0 - b)))),
        "wave_r": _round(min(1.0, base["wave_r"] * (0.6 + 0.4 * t))),
        "wave_g": _round(min(1.0, base["wave_g"] * (0.6 + 0.4 * m))),
        "wave_b": _round(min(1.0, base["wave_b"] * (0.6 + 0.4 * b))),
        "wave_a": _round(base["wave_a"]),
    }


def _summary(state: dict[str, float], energy: float) -> dict[str, Any]:
    rgb = tuple(int(round(255 * min(1.0, max(0.0, state[k])))) for k in ("wave_r", "wave_g", "wave_b"))
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    if state["warp"] > 1.0:
        motion = "warping"
    elif state["zoom"] > 1.015:
        motion = "expanding"
    elif state["zoom"] < 0.985:
        motion = "contracting"
    elif abs(state["rot"]) > 0.005:
        motion = "spinning_cw" if state["rot"] > 0 else "spinning_ccw"
    else:
        motion = "still"
    intensity = next(name for limit, name in ((0.05, "silent"), (0.3, "low"), (0.6, "medium"), (0.85, "high"), (2.0, "peak")) if energy < limit)
    warp = state["warp"]
    warp_level = "none" if warp < 0.1 else "light" if warp < 0.5 else "moderate" if warp < 1.0 else "heavy"
    return {
        "color": _nearest_colour(rgb),  # type: ignore[arg-type]
        "color_rgb": list(rgb),
        "color_hsl": [int(round(h * 360)), int(round(s * 100)), int(round(light * 100))],
        "motion": motion,
        "intensity": intensity,
        "warp_level": warp_level,
    }


_TONNETZ_ANGLES = ((7, 1.0), (3, 1.0), (4, 0.5))  # fifths, minor thirds, major thirds (Harte et al.)


def _tonnetz(chroma: list[float]) -> list[float]:
    total = sum(chroma) or 1.0
    out = []
    for interval, radius in _TONNETZ_ANGLES:
        for fn in (math.sin, math.cos):
            out.append(_round(sum(radius * fn(pc * interval * math.pi / 6) * c for pc, c in enumerate(chroma)) / total))
    return out


_DEFAULT_BASE = {"zoom": 1.0, "rot": 0.0, "warp": 1.0, "decay": 0.98, "wave_r": 1.0, "wave_g": 1.0, "wave_b": 1.0, "wave_a": 1.0}


def build_timeline(tier: str, tracks: list[dict[str, Any]]) -> Timeline:
    """`tracks`: dicts with position, title, artist, act_label, act_description, analysis (None if missing)."""
    layers = set(available_layers(tier))
    floor, vip = tier in ("floor", "vip"), tier == "vip"
    rows: list[tuple[float, int, dict[str, Any], str | None]] = []  # (t, order, event, layer name)

    def add(t: float, order: int, event: dict[str, Any], layer: str | None = None) -> None:
        rows.append((t, order, event, layer))

    offset = 0.0
    previous_act: str | None = None
    spans: list[TrackSpan] = []
    sections: list[dict[str, Any]] = []
    for track in sorted(tracks, key=lambda tr: tr["position"]):
        analysis = track.get("analysis")
        if not analysis:
            add(offset, 0, {"type": "track_skip", "t": _round(offset), "position": track["position"], "reason": "Track manifest not found"})
            continue
        duration = float(analysis["duration"])
        spans.append(TrackSpan(track["position"], track["title"], offset, duration))
        add(offset, 0, {"type": "track", "t": _round(offset), "position": track["position"], "title": track["title"],
                        "artist": track.get("artist"), "duration": _round(duration, 1)})  # fmt: skip
        act = track.get("act_label")
        if act and act != previous_act:
            add(offset, 1, {"type": "act", "t": _round(offset), "act": act, "description": track.get("act_description") or ""})
        previous_act = act or previous_act
        if floor and "tempo" in layers:
            add(offset, 2, {"type": "layer", "layer": "tempo", "t": _round(offset), **analysis["tempo"]}, "tempo")
        if vip:
            add(offset, 2, {"type": "layer", "layer": "tonality", "t": _round(offset), **analysis["tonality"]}, "tonality")
        for sec in analysis["sections"]:
            t = offset + sec["start"]
            entry = {"start": _round(t), "end": _round(offset + sec["end"]), "label": sec["label"], "energy": sec["energy"], "dynamics": sec["dynamics"], "track_position": track["position"]}
            sections.append(entry)
            add(t, 3, {"type": "layer", "layer": "sections", "t": _round(t), **{k: v for k, v in entry.items() if k != "start"}}, "sections")
        switches = analysis.get("preset_switches", [])
        for sw in switches:
            t = offset + sw["t"]
            event: dict[str, Any] = {"type": "preset", "t": _round(t), "reason": sw["reason"], "style": sw["style"], "energy": sw["energy"]}
            if floor:
                event["name"] = sw["preset"]
                event["eq"] = {"frame": sw["eq"]["frame"]} if not vip else dict(sw["eq"])
            add(t, 4, event, "preset_switches")
            if floor:
                rows[-1] = (t, 4, event, "equations")
        if floor:
            for ev in analysis["events"]:
                add(offset + ev["t"], 5, {"type": "event", "t": _round(offset + ev["t"]), "event": ev["event"], "intensity": ev["intensity"]}, "events")
            for onset in analysis["onsets"]:
                add(offset + onset["t"], 7, {"type": "layer", "layer": "onsets", "t": _round(offset + onset["t"]), "strength": onset["strength"]}, "onsets")
            step = 1.0 / analysis["brightness_hz"]
            for i, v in enumerate(analysis["brightness"]):
                add(offset + i * step, 7, {"type": "layer", "layer": "brightness", "t": _round(offset + i * step), "value": v}, "brightness")
        if vip:
            step = 1.0 / analysis["chroma_hz"]
            for i, vec in enumerate(analysis["chroma"]):
                t = offset + i * step
                add(t, 7, {"type": "layer", "layer": "chroma", "t": _round(t), "v": vec}, "chroma")
                add(t, 7, {"type": "layer", "layer": "tonnetz", "t": _round(t), "v": _tonnetz(vec)}, "tonnetz")
        prev_beat: float | None = None
        for beat in analysis["beats"]:
            event = {"type": "layer", "layer": "beats", "t": _round(offset + beat)}
            if prev_beat is not None:
                event["ibi"] = _round(beat - prev_beat)
            add(offset + beat, 6, event, "beats")
            prev_beat = beat
        energy = analysis["energy"]
        for second in range(int(duration)):
            i = min(len(energy) - 1, second * 10)
            add(offset + second, 6, {"type": "layer", "layer": "energy", "t": _round(offset + second), "value": energy[i]}, "energy")
        bass, mid, treble = analysis["bass"], analysis["mid"], analysis["treble"]
        switch_times = [sw["t"] for sw in switches]
        for i in range(len(bass)):
            local_t = (i + 1) * TICK_S
            if local_t > duration + 1e-9:
                break
            t = offset + local_t
            b, m, tr = bass[i], mid[i], treble[i]
            tick: dict[str, Any] = {"type": "tick", "t": _round(t, 1), "a": {"b": b, "m": m, "t": tr}}
            if floor:
                k = bisect_left(switch_times, local_t + 1e-9) - 1
                base = switches[k]["base"] if k >= 0 else _DEFAULT_BASE
                state = _visual_state(base, b, m, tr)
                tick["s"] = state if vip else {key: state[key] for key in ("zoom", "rot", "warp", "decay")}
                if vip:
                    tick["vs"] = _summary(state, energy[min(i, len(energy) - 1)])
            add(t, 9, tick, "visuals" if floor else None)
        offset += duration

    rows.sort(key=lambda row: (round(row[0], 6), row[1]))
    timeline = Timeline(tier=tier, duration=_round(offset), tracks=spans, sections=sections)
    for t, _order, event, layer in rows:
        timeline.times.append(round(t, 6))
        timeline.lines.append(dumps(event))
        if event["type"] == "tick":
            timeline.tick_count += 1
            for name in ("bass", "mid", "treble"):
                timeline.layer_counts[name] += 1
        if layer:
            timeline.layer_counts[layer] += 1
            if layer == "equations":
                timeline.layer_counts["preset_switches"] += 1
    return timeline
