"""Playing a .compel in the app: its audio through the file transport, its preset timeline by the
playback clock (so pause and seek keep visuals and music together)."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer

from app.compel.audio import performance_pcm
from app.compel.format import CompelError, CompelPackage, read_compel
from app.playback import FilePlayback

if TYPE_CHECKING:
    from app.phosphene_app import PhospheneApp

CUE_CHECK_MS = 40


class CompelPlayer(QObject):
    def __init__(self, package: CompelPackage, app: "PhospheneApp") -> None:
        super().__init__(app)
        self.package = package
        self.app = app
        self.cue_times = [cue.t for cue in package.manifest.timeline]
        self.current_cue: int | None = None
        self.cues_played: list[int] = []
        pcm, rate = performance_pcm(package)
        self.playback = FilePlayback(pcm, rate, name=package.manifest.title)
        self._timer = QTimer(self)
        self._timer.setInterval(CUE_CHECK_MS)
        self._timer.timeout.connect(self.check_cue)
        app.window.setWindowTitle(f"Phosphene — {package.manifest.title}")
        app.play_audio(self.playback)
        self.check_cue()
        self._timer.start()

    @classmethod
    def open(cls, path: Path, app: "PhospheneApp") -> "CompelPlayer":
        return cls(read_compel(path), app)

    def cue_at(self, seconds: float) -> int | None:
        index = bisect_right(self.cue_times, seconds + 1e-6) - 1
        return index if index >= 0 else None

    def check_cue(self) -> None:
        """Timer slot: switch when the playback clock crosses a cue (or a seek lands elsewhere)."""
        index = self.cue_at(self.playback.position_s)
        if index is None or index == self.current_cue:
            return
        cue = self.package.manifest.timeline[index]
        self.current_cue = index
        self.cues_played.append(index)
        name = Path(cue.preset).stem
        self.app.performance.play_text(name, self.package.preset_text(cue.preset), blend_seconds=cue.blend)

    def close(self) -> None:
        self._timer.stop()
        self.package.close()
