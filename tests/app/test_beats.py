"""Beat detection from frame levels (auto-switching on files and live input)."""

from __future__ import annotations

from app.beats import BeatDetector
from renderer.audio.frame_audio import FrameAudio


def test_a_bass_jump_is_a_beat_once_per_refractory_window() -> None:
    detector = BeatDetector(refractory_s=0.3)
    calm = FrameAudio(bass=1.0, bass_att=1.0)
    hit = FrameAudio(bass=2.0, bass_att=1.1)
    assert not detector.update(calm, 0.0)
    assert detector.update(hit, 0.1)
    assert not detector.update(hit, 0.2)  # still inside the refractory window
    assert detector.update(hit, 0.45)
    assert not detector.update(FrameAudio(bass=0.9, bass_att=0.3), 1.0)  # a jump, but quiet
    assert detector.count == 2


def test_a_steady_loud_bass_is_not_a_beat() -> None:
    detector = BeatDetector()
    assert not any(detector.update(FrameAudio(bass=1.8, bass_att=1.7), i / 30) for i in range(60))
