"""MilkDrop-style audio analysis on synthetic PCM (pure numpy)."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.audio.analysis import AudioAnalyzer, band_bins, equaliser, waveform_array


def tone(freq_hz: float, rate: int, frames: int, fps: float = 30.0, amplitude: float = 0.5, start: int = 0):
    """Chunks of a sine, one per video frame."""
    n = int(rate / fps)
    for f in range(start, start + frames):
        t = (np.arange(n) + f * n) / rate
        yield amplitude * np.sin(2 * np.pi * freq_hz * t)


def run(analyzer: AudioAnalyzer, chunks, fps: float = 30.0):
    audio = None
    for chunk in chunks:
        audio = analyzer.analyze(chunk, fps)
    return audio


def test_band_edges_match_milkdrop_tables():
    assert band_bins(44100) == ((0, 6), (6, 64), (64, 255))
    assert band_bins(48000) == ((0, 6), (6, 59), (59, 234))


def test_equaliser_removes_dc_and_rises_with_frequency():
    eq = equaliser()
    assert eq[0] == 0.0
    assert eq[64] == pytest.approx(0.00267, abs=1e-5)
    assert eq[511] == pytest.approx(0.1248, abs=1e-3)
    assert np.all(np.diff(eq) > 0)


def test_waveform_array_averages_pairs_and_decimates():
    signed = np.arange(1024, dtype=np.float64)
    wave = waveform_array(signed)
    assert wave.shape == (512,)
    assert wave[0] == 0.0 and wave[1] == pytest.approx(1.0) and wave[2] == pytest.approx(3.0)


@pytest.mark.parametrize("rate", [44100, 48000, 22050])
def test_a_60_hz_tone_added_to_steady_music_raises_bass_not_treb(rate):
    analyzer = AudioAnalyzer(rate)
    run(analyzer, tone(3000, rate, 60, amplitude=0.3))  # settle on a steady treble-ish signal
    before = run(analyzer, tone(3000, rate, 1, amplitude=0.3, start=60))
    after = None
    n = int(rate / 30)
    for f in range(61, 64):
        t = (np.arange(n) + f * n) / rate
        after = analyzer.analyze(0.3 * np.sin(2 * np.pi * 3000 * t) + 0.5 * np.sin(2 * np.pi * 60 * t), 30)
    assert after.bass > 3.0 * before.bass
    assert after.treb < 1.5 * before.treb
    assert after.bass_att > 1.5


def test_a_high_tone_onset_raises_treb_not_bass():
    analyzer = AudioAnalyzer(44100)
    run(analyzer, tone(100, 44100, 60, amplitude=0.3))
    n = 44100 // 30
    t = (np.arange(n) + 61 * n) / 44100
    audio = analyzer.analyze(0.3 * np.sin(2 * np.pi * 100 * t) + 0.5 * np.sin(2 * np.pi * 6000 * t), 30)
    assert audio.treb > 3.0 and audio.bass < 1.5


def test_steady_signal_settles_near_one():
    bin_centred_hz = 10 * 44100 / 1024  # periodic in the window: the same magnitude every frame
    audio = run(AudioAnalyzer(44100), tone(bin_centred_hz, 44100, 200, amplitude=0.4))
    assert audio.mid == pytest.approx(1.0, abs=0.1)
    assert audio.mid_att == pytest.approx(1.0, abs=0.1)


def test_silence_reads_zero_at_first_then_one_once_the_long_average_dies_out():
    analyzer = AudioAnalyzer(44100)
    early = run(analyzer, (np.zeros(1470) for _ in range(5)))
    assert early.bass == 0.0 and early.treb == 0.0
    late = run(analyzer, (np.zeros(1470) for _ in range(300)))
    assert (late.bass, late.mid, late.treb, late.bass_att) == (1.0, 1.0, 1.0, 1.0)


def test_attack_smoothing_is_frame_rate_independent():
    """One second of 60 fps frames leaves the same bass_att as one second at 30 fps."""
    results = []
    for fps in (30.0, 60.0):
        analyzer = AudioAnalyzer(44100)
        run(analyzer, tone(2000, 44100, int(2 * fps), fps=fps, amplitude=0.3), fps)
        n = int(44100 / fps)
        audio = None
        for f in range(int(0.2 * fps)):
            t = (np.arange(n) + f * n) / 44100
            audio = analyzer.analyze(0.3 * np.sin(2 * np.pi * 2000 * t) + 0.5 * np.sin(2 * np.pi * 80 * t), fps)
        results.append(audio.bass_att)
    assert results[0] == pytest.approx(results[1], rel=0.15)


def test_waveform_and_spectrum_arrays_are_on_milkdrop_scales():
    audio = run(AudioAnalyzer(44100), tone(1000, 44100, 3, amplitude=1.0))
    assert audio.wave_l.shape == (512,) and audio.spectrum_l.shape == (512,)
    assert audio.wave_l.max() == pytest.approx(127, abs=2) and audio.wave_l.min() == pytest.approx(-128, abs=2)
    peak = int(np.argmax(audio.spectrum_l))
    assert peak == pytest.approx(1000 / (44100 / 1024), abs=1.5)


def test_stereo_channels_stay_separate_and_int16_is_accepted():
    analyzer = AudioAnalyzer(44100)
    left = (np.sin(np.arange(1470) / 5.0) * 16000).astype(np.int16)
    pcm = np.stack([left, np.zeros_like(left)], axis=1)
    audio = analyzer.analyze(pcm, 30)
    assert np.abs(audio.wave_l).max() > 50 and np.abs(audio.wave_r).max() == 0
