"""Audio plumbing: the ring buffer, silent file playback by the clock, decoding, and the bridge's analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from app.audio_bridge import AudioBridge
from app.audio_ring import RingBuffer
from app.playback import AudioFileError, FilePlayback, decode_file


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tone(freq: float, seconds: float, rate: int = 44100) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    mono = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def test_ring_buffer_wraps_and_counts_overruns() -> None:
    ring = RingBuffer(8)
    ring.write(np.arange(6, dtype=np.float32))
    assert ring.read_all()[:, 0].tolist() == [0, 1, 2, 3, 4, 5]
    ring.write(np.arange(6, 12, dtype=np.float32))
    assert ring.read_all()[:, 0].tolist() == [6, 7, 8, 9, 10, 11]  # crossed the end of the storage
    ring.write(np.arange(20, dtype=np.float32))
    assert ring.read_all()[:, 0].tolist() == list(range(12, 20))
    ring.write(np.ones((5, 2), np.float32))
    ring.write(np.ones((5, 2), np.float32))
    assert len(ring.read_all()) == 8 and ring.overruns == 2


def test_silent_playback_follows_the_clock_with_pause_and_seek() -> None:
    clock = FakeClock()
    pcm = tone(440, 4.0)
    playback = FilePlayback(pcm, 44100, use_device=False, clock=clock)
    assert playback.silent_reason
    playback.play()
    clock.now += 1.0
    assert playback.position_s == pytest.approx(1.0, abs=1e-3)
    pulled = playback.pull()
    assert np.array_equal(pulled, pcm[44100 - len(pulled) : 44100])  # the newest samples up to the position
    playback.pause()
    clock.now += 5.0
    assert playback.position_s == pytest.approx(1.0, abs=1e-3)
    playback.seek(3.0)
    playback.play()
    clock.now += 0.5
    assert playback.position_s == pytest.approx(3.5, abs=1e-3)
    clock.now += 10
    playback.pull()
    assert playback.finished and not playback.playing


@pytest.mark.parametrize(("fmt", "subtype", "suffix"), [("WAV", "PCM_16", ".wav"), ("FLAC", "PCM_16", ".flac"), ("OGG", "VORBIS", ".ogg"), ("MP3", "MPEG_LAYER_III", ".mp3")])
def test_decode_formats(tmp_path: Path, fmt: str, subtype: str, suffix: str) -> None:
    path = tmp_path / f"tone{suffix}"
    soundfile.write(path, tone(220, 0.5), 44100, format=fmt, subtype=subtype)
    pcm, rate = decode_file(path)
    assert rate == 44100 and pcm.shape[1] == 2 and abs(pcm.shape[0] - 22050) < 2000


def test_decode_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio")
    with pytest.raises(AudioFileError, match="bad.wav"):
        decode_file(bad)


def test_bridge_analyses_file_pcm_by_the_playback_clock(qapp) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    pcm = np.concatenate([tone(60, 2.0) * 0.01, tone(60, 2.0)])  # quiet, then a loud bass tone
    playback = FilePlayback(pcm, 44100, use_device=False, clock=clock)
    bridge = AudioBridge()
    bridge.use_pcm(playback, "file")
    playback.play()
    for _ in range(60):  # two seconds of quiet frames
        clock.now += 1 / 30
        quiet = bridge.frame_audio(30.0)
    for _ in range(6):
        clock.now += 1 / 30
        loud = bridge.frame_audio(30.0)
    assert loud.bass > 2.0 * quiet.bass
    assert np.abs(loud.wave_l).max() > 30
    bridge.close()
