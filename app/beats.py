"""Beats from a frame's audio levels, for auto-switching when the music is a file or a live input
(a venue stream sends its own beats).

A beat is the bass jumping above its own recent average (MilkDrop's ``bass > bass_att``, with a
margin) while loud enough to matter, at most once per ``refractory_s``. Pure logic, no Qt.
"""

from __future__ import annotations

from renderer.audio.frame_audio import FrameAudio

JUMP = 1.3  # bass must exceed bass_att by this factor
MIN_BASS = 1.1  # and read above normal loudness
REFRACTORY_S = 0.3  # about 200 bpm at most


class BeatDetector:
    def __init__(self, jump: float = JUMP, min_bass: float = MIN_BASS, refractory_s: float = REFRACTORY_S) -> None:
        self.jump = jump
        self.min_bass = min_bass
        self.refractory_s = refractory_s
        self.last_beat: float | None = None
        self.count = 0

    def update(self, audio: FrameAudio, now_s: float) -> bool:
        """True when this frame starts a beat."""
        if self.last_beat is not None and now_s - self.last_beat < self.refractory_s:
            return False
        if audio.bass >= self.min_bass and audio.bass > self.jump * max(audio.bass_att, 1e-6):
            self.last_beat = now_s
            self.count += 1
            return True
        return False
