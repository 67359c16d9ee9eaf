"""Where each frame's audio comes from: a file, a live input, a venue stream's levels, or silence.

Friture's pattern: a QTimer on the GUI thread drains the current PCM source every ``drain_ms``
(the audio thread never touches Qt or the analyser); the GL view asks ``frame_audio`` once per
frame and gets the analysis of everything drained since the previous frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from renderer.audio.analysis import AudioAnalyzer
from renderer.audio.external_levels import ExternalLevels
from renderer.audio.frame_audio import FrameAudio


class PcmSource(Protocol):
    rate: int

    def pull(self) -> np.ndarray: ...

    def close(self) -> None: ...


class AudioBridge(QObject):
    """Holds the current source; ``status`` is the text the status line shows."""

    status_changed = Signal(str)

    def __init__(self, drain_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pcm: PcmSource | None = None
        self._analyzer: AudioAnalyzer | None = None
        self._pending: list[np.ndarray] = []
        self._levels: ExternalLevels | None = None
        self._levels_clock: Callable[[], float] | None = None
        self.status = "no audio"
        self.frames_analysed = 0
        self.last_audio = FrameAudio()
        self._timer = QTimer(self)
        self._timer.setInterval(drain_ms)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    def _set_status(self, text: str) -> None:
        if text != self.status:
            self.status = text
            self.status_changed.emit(text)

    def _close_pcm(self) -> None:
        if self._pcm is not None:
            self._pcm.close()
        self._pcm = None
        self._analyzer = None
        self._pending.clear()

    def use_pcm(self, source: PcmSource, status: str) -> None:
        """Analyse ``source``'s PCM from now on (the previous source is closed)."""
        self._close_pcm()
        self._levels = None
        self._pcm = source
        self._analyzer = AudioAnalyzer(source.rate)
        self._set_status(status)

    def use_levels(self, levels: ExternalLevels, clock: Callable[[], float], status: str) -> None:
        """Frames follow a stream's band levels at ``clock()`` (stream seconds)."""
        self._close_pcm()
        self._levels, self._levels_clock = levels, clock
        self._set_status(status)

    def use_silence(self, status: str = "no audio") -> None:
        self._close_pcm()
        self._levels = None
        self._set_status(status)

    @property
    def source(self) -> PcmSource | None:
        return self._pcm

    def drain(self) -> None:
        """Timer slot: move new PCM from the source into the pending list."""
        if self._pcm is not None:
            block = self._pcm.pull()
            if block.size:
                self._pending.append(block)

    def frame_audio(self, fps: float) -> FrameAudio:
        """This frame's audio (call once per rendered frame)."""
        if self._levels is not None and self._levels_clock is not None:
            audio = self._levels.frame(self._levels_clock(), fps)
        elif self._analyzer is not None:
            self.drain()
            pcm = np.concatenate(self._pending) if self._pending else np.zeros((0, 2), dtype=np.float32)
            self._pending.clear()
            audio = self._analyzer.analyze(pcm, fps)
        else:
            audio = FrameAudio()
        self.frames_analysed += 1
        self.last_audio = audio
        return audio

    def close(self) -> None:
        self._timer.stop()
        self._close_pcm()
