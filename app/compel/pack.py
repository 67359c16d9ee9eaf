"""Building a .compel from audio files and a presets folder.

Each track is analysed by the venue server's own analysis (``venue_server.analysis``: bands,
beats, sections, events, and one preset switch per section chosen by energy); the switches become
the preset timeline. A switch on a drop is a hard cut, the others blend. Only the presets the
timeline uses are embedded, as their .milk text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from app.compel.format import AUDIO_SUFFIXES, CompelError, CompelTrack, Manifest, PresetCue, write_compel

DROP_WINDOW_S = 0.25  # a switch this close to a drop cuts instead of blending


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "track"


def pack_compel(
    audio: list[Path],
    presets_dir: Path,
    out: Path,
    title: str | None = None,
    style: str | None = None,
    aspect_ratio: str = "16:9",
    target_platform: str = "desktop",
    blend_seconds: float = 2.0,
) -> Manifest:
    """Analyse, choose the timeline, write ``out``; returns the manifest. Raises ``CompelError``."""
    from venue_server.analysis import analyse_file, load_presets
    from venue_server.analysis.decode import AudioDecodeError

    if not audio:
        raise CompelError("audio", "give at least one audio file")
    presets = load_presets(presets_dir)
    if not presets:
        raise CompelError("presets", f"no .milk presets in {presets_dir}")
    paths = {p.stem: p for p in presets_dir.glob("*.milk")}
    members: dict[str, bytes] = {}
    tracks: list[CompelTrack] = []
    cues: list[PresetCue] = []
    styles: Counter[str] = Counter()
    start = 0.0
    for number, path in enumerate(audio, 1):
        if path.suffix.lower() not in AUDIO_SUFFIXES:
            raise CompelError(str(path), f"audio must be {', '.join(AUDIO_SUFFIXES)}")
        try:
            analysis = analyse_file(path, presets)
        except (AudioDecodeError, OSError) as exc:
            raise CompelError(str(path), f"cannot analyse: {exc}") from exc
        stem = f"{number:02d}-{_slug(path.stem)}"
        audio_member, analysis_member = f"audio/{stem}{path.suffix.lower()}", f"analysis/{stem}.json"
        members[audio_member] = path.read_bytes()
        switches = analysis.pop("preset_switches", [])
        analysis["preset_switches"] = [{k: v for k, v in sw.items() if k not in ("eq", "base")} for sw in switches]
        members[analysis_member] = json.dumps(analysis, separators=(",", ":")).encode()
        duration = float(analysis["duration"])
        tracks.append(CompelTrack(path.stem, audio_member, duration, round(start, 3), analysis=analysis_member))
        drops = [float(e["t"]) for e in analysis.get("events", []) if e.get("event") == "drop"]
        for sw in switches:
            name = str(sw["preset"])
            if name not in paths:
                continue
            preset_member = f"presets/{name}.milk"
            members.setdefault(preset_member, paths[name].read_bytes())
            cut = any(abs(float(sw["t"]) - d) <= DROP_WINDOW_S for d in drops)
            cues.append(PresetCue(round(start + float(sw["t"]), 3), preset_member, 0.0 if cut else blend_seconds, str(sw.get("reason", ""))))
            styles[str(sw.get("style", ""))] += 1
        start += duration
    chosen_style = style or (styles.most_common(1)[0][0] if styles else "unspecified")
    manifest = Manifest(
        title=title or audio[0].stem, style=chosen_style, aspect_ratio=aspect_ratio, target_platform=target_platform,
        tracks=tuple(tracks), timeline=tuple(sorted(cues, key=lambda c: c.t)), created_by="phosphene compel pack",
    )  # fmt: skip
    write_compel(out, manifest, members)
    return manifest
