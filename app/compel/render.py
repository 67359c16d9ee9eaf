"""Rendering a .compel offline: its soundtrack and preset timeline, at its aspect ratio."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.compel.audio import performance_pcm
from app.compel.format import read_compel
from renderer.audio.file_source import DecodedAudio
from renderer.offline import Cue, RenderResult, RenderSettings, render_cues
from renderer.preset import parse_preset


def size_for_aspect(aspect_ratio: str, long_side: int = 1280) -> tuple[int, int]:
    """``"9:16"`` -> (720, 1280): the long side fixed, both sides even."""
    w, h = (float(v) for v in aspect_ratio.split(":"))
    if w >= h:
        return long_side // 2 * 2, int(round(long_side * h / w)) // 2 * 2
    return int(round(long_side * w / h)) // 2 * 2, long_side // 2 * 2


def render_compel(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str],
    settings: RenderSettings,
    ctx,  # moderngl.Context  # type: ignore[no-untyped-def]
    progress: Callable[[int, int], None] | None = None,
    size_given: bool = False,
) -> RenderResult:
    """Render the compel at ``path``; without an explicit size, its manifest's aspect ratio decides."""
    package = read_compel(Path(path))
    try:
        manifest = package.manifest
        pcm, rate = performance_pcm(package)
        cues = [
            Cue(cue.t, parse_preset(package.preset_text(cue.preset), Path(cue.preset).stem), cue.blend)
            for cue in manifest.timeline
        ]
    finally:
        package.close()
    if not size_given:
        settings = replace(settings, size=size_for_aspect(manifest.aspect_ratio, max(settings.size)))
    if settings.seconds is None:
        settings = replace(settings, seconds=manifest.duration or pcm.shape[0] / rate)
    return render_cues(cues, DecodedAudio(pcm, rate), output, settings, ctx, progress)
