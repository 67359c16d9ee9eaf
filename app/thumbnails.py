"""Preset thumbnails, rendered headless (EGL) on a background thread and cached as PNG.

The cache key is a hash of the preset file's bytes, so an edited preset gets a new thumbnail.
The thread owns its own GL context and never touches Qt widgets; finished images are announced
with a queued ``ready(path, png_path)`` signal.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.settings import cache_dir

THUMB_SIZE = (128, 72)
THUMB_FRAMES = 30


def thumbnail_path(preset: Path) -> Path:
    digest = hashlib.sha1(preset.read_bytes()).hexdigest()[:16]
    return cache_dir() / "thumbnails" / f"{digest}.png"


def render_thumbnail(ctx: object, preset: Path, out: Path) -> Path:
    """Render THUMB_FRAMES frames of ``preset`` with a synthetic beat and save the last one."""
    from PIL import Image

    from renderer.audio.external_levels import ExternalLevels
    from renderer.show import Show, prepare_preset

    levels = ExternalLevels(seed=1)
    for i in range(THUMB_FRAMES + 4):
        levels.push(i * 0.1, 0.8 if i % 5 == 0 else 0.4, 0.5, 0.3)
    show = Show(ctx, texsize=THUMB_SIZE, output_size=THUMB_SIZE, seed=0)  # type: ignore[arg-type]
    try:
        show.set_preset(prepare_preset(preset))
        for frame in range(THUMB_FRAMES):
            show.render(1 / 30, levels.frame(frame / 30))
        image = show.read_output()
    finally:
        show.release()
    out.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(out)
    return out


class Thumbnailer(QObject):
    ready = Signal(str, str)  # preset path, png path
    failed = Signal(str, str)  # preset path, reason

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.done = 0

    def start(self, presets: list[Path]) -> None:
        """Render (or find cached) thumbnails for ``presets``; a second call runs after the first."""
        previous = self._thread

        def run() -> None:
            if previous is not None:
                previous.join()
            self._work(presets)

        self._thread = threading.Thread(target=run, name="thumbnails", daemon=True)
        self._thread.start()

    def _work(self, presets: list[Path]) -> None:
        from renderer.gl.context import create_headless_context
        from renderer.preset import PresetLoadError

        todo: list[tuple[Path, Path]] = []
        for preset in presets:
            try:
                out = thumbnail_path(preset)
            except OSError as exc:
                self.failed.emit(str(preset), str(exc))
                continue
            if out.exists():
                self.done += 1
                self.ready.emit(str(preset), str(out))
            else:
                todo.append((preset, out))
        if not todo or self._stop.is_set():
            return
        try:
            ctx = create_headless_context()
        except RuntimeError as exc:
            for preset, _ in todo:
                self.failed.emit(str(preset), str(exc))
            return
        try:
            for preset, out in todo:
                if self._stop.wait(0.05):
                    return
                try:
                    render_thumbnail(ctx, preset, out)
                except (PresetLoadError, OSError, RuntimeError) as exc:
                    self.failed.emit(str(preset), str(exc))
                    continue
                self.done += 1
                self.ready.emit(str(preset), str(out))
        finally:
            ctx.release()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
