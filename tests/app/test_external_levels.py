"""Stream band levels -> FrameAudio: interpolation between ticks, normalised levels, moving waves."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.audio.analysis import equaliser
from renderer.audio.external_levels import ExternalLevels


def test_levels_interpolate_between_ticks_and_hold_at_the_ends() -> None:
    levels = ExternalLevels()
    levels.push(1.0, 0.2, 0.4, 0.6)
    levels.push(1.1, 0.6, 0.4, 0.0)
    assert levels.levels_at(1.05) == pytest.approx((0.4, 0.4, 0.3))
    assert levels.levels_at(0.5) == pytest.approx((0.2, 0.4, 0.6))
    assert levels.levels_at(9.0) == pytest.approx((0.6, 0.4, 0.0))


def test_an_earlier_tick_starts_over_as_a_looped_stream_does() -> None:
    levels = ExternalLevels()
    for i in range(10):
        levels.push(10 + i * 0.1, 0.5, 0.5, 0.5)
    levels.push(0.1, 0.9, 0.1, 0.1)
    assert list(levels.times) == [0.1]


def test_loud_bass_reads_above_normal_and_quiet_below() -> None:
    levels = ExternalLevels()
    t = 0.0
    for i in range(100):  # a steady groove establishes the long-term level
        t = i * 0.1
        levels.push(t, 0.5, 0.5, 0.5)
        levels.frame(t)
    levels.push(t + 0.1, 1.0, 0.1, 0.5)
    hit = levels.frame(t + 0.1)
    assert hit.bass > 1.5
    assert hit.mid < 0.5
    assert hit.treb == pytest.approx(1.0, abs=0.2)
    assert hit.bass_att < hit.bass  # att follows more slowly


def test_the_synthetic_waveform_moves_and_follows_the_bands() -> None:
    levels = ExternalLevels(seed=1)
    for i in range(20):
        levels.push(i * 0.1, 0.8, 0.2, 0.1)
    a, b = levels.frame(1.0), levels.frame(1.0 + 1 / 30)
    assert not np.array_equal(a.wave_l, b.wave_l)
    assert np.abs(a.wave_l).max() > 20  # a loud bass tone swings the int8-scale wave
    unweighted = a.spectrum_l[1:] / equaliser()[1:]  # undo MilkDrop's equaliser, which mutes low bins
    assert int(np.argmax(unweighted)) + 1 in (1, 2)  # the 55 Hz bass tone is the strongest (43 Hz bins)
    silent = ExternalLevels()
    quiet = silent.frame(0.0)
    assert np.abs(quiet.wave_l).max() == 0 and quiet.bass == 1.0
