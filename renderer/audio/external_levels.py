"""Audio for frames driven by a remote stream's band levels instead of PCM (venue ``tick`` events).

A venue stream carries bass/mid/treble at 10 Hz on a 0..1 scale. ``ExternalLevels`` keeps the
recent ticks, interpolates them at each frame's time, turns them into MilkDrop-style levels
(around 1.0 at the track's normal loudness, the way ``AudioAnalyzer`` normalises by a long-term
average) and synthesizes a waveform and spectrum from three tones whose amplitudes follow the
bands, so waves and spectrum-driven shapes still move. No GL, no Qt.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque

import numpy as np

from renderer.audio.analysis import ANALYSIS_RATE_HZ, FFT_SIZE, equaliser, quantise, spectrum_array, waveform_array
from renderer.audio.frame_audio import FrameAudio

BAND_TONES_HZ = (55.0, 660.0, 5280.0)  # one tone per band, inside MilkDrop's bass/mid/treb ranges
TONE_AMPLITUDE = 0.45  # a band at level 1.0 swings the synthetic signal this far (of full scale)
KEEP_SECONDS = 4.0  # ticks older than this (behind the newest) are dropped
ATTACK_RATE = 0.2  # the same smoothing MilkDrop uses for *_att (per 30 fps frame)
DECAY_RATE = 0.5
LONG_RATE = 0.99
LEVEL_FLOOR = 0.02  # below this long-term level a band counts as silent (its level reads 1.0)
MAX_LEVEL = 4.0


class ExternalLevels:
    """Band levels pushed from a stream -> one ``FrameAudio`` per rendered frame.

    ``push(t, bass, mid, treble)``: a tick at stream time ``t`` (seconds), levels 0..1.
    ``frame(t, fps)``: the audio at stream time ``t``, linearly interpolated between the ticks
    around it (held at the newest tick when ``t`` runs ahead, at the oldest when behind).
    ``seed`` fixes the synthetic signal's noise so two instances fed alike agree.
    """

    def __init__(self, seed: int = 0) -> None:
        self.times: deque[float] = deque()
        self.levels: deque[tuple[float, float, float]] = deque()
        self._rng = np.random.default_rng(seed)
        self._eq = equaliser()
        self._avg = np.ones(3)
        self._long = np.full(3, 0.5)
        self._started = False
        self.last_t: float | None = None

    def push(self, t: float, bass: float, mid: float, treble: float) -> None:
        """Add one tick; a tick earlier than the newest (a resumed or looped stream) starts over."""
        if self.times and t < self.times[-1] - 1e-9:
            self.clear()
        self.times.append(float(t))
        self.levels.append((_unit(bass), _unit(mid), _unit(treble)))
        while self.times and self.times[0] < t - KEEP_SECONDS:
            self.times.popleft()
            self.levels.popleft()

    def clear(self) -> None:
        self.times.clear()
        self.levels.clear()

    @property
    def newest_t(self) -> float | None:
        return self.times[-1] if self.times else None

    def levels_at(self, t: float) -> tuple[float, float, float]:
        """The interpolated 0..1 band levels at stream time ``t`` (zeros before any tick)."""
        if not self.times:
            return (0.0, 0.0, 0.0)
        times = self.times
        k = bisect_right(times, t)
        if k == 0:
            return self.levels[0]
        if k >= len(times):
            return self.levels[-1]
        t0, t1 = times[k - 1], times[k]
        w = 0.0 if t1 <= t0 else (t - t0) / (t1 - t0)
        a, b = self.levels[k - 1], self.levels[k]
        return (a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w)

    def frame(self, t: float, fps: float = 30.0) -> FrameAudio:
        """This frame's audio: levels normalised like ``AudioAnalyzer``'s, plus synthetic waves.
        Before the first tick: MilkDrop's silent defaults (levels 1.0, flat waves)."""
        if not self.times and not self._started:
            return FrameAudio()
        raw = np.array(self.levels_at(t))
        per_frame = 30.0 / min(max(fps if math.isfinite(fps) else 30.0, 15.0), 144.0)
        if not self._started and self.times:
            self._long = np.maximum(raw, LEVEL_FLOOR)
            self._avg = raw.copy()
            self._started = True
        rate = np.where(raw > self._avg, ATTACK_RATE, DECAY_RATE) ** per_frame
        self._avg = self._avg * rate + raw * (1.0 - rate)
        long_rate = LONG_RATE**per_frame
        self._long = self._long * long_rate + raw * (1.0 - long_rate)
        quiet = self._long < LEVEL_FLOOR
        safe = np.where(quiet, 1.0, self._long)
        value = np.clip(np.where(quiet, 1.0, raw / safe), 0.0, MAX_LEVEL)
        att = np.clip(np.where(quiet, 1.0, self._avg / safe), 0.0, MAX_LEVEL)
        left, right = self._signal(t, raw)
        self.last_t = t
        return FrameAudio(
            bass=float(value[0]), mid=float(value[1]), treb=float(value[2]),
            bass_att=float(att[0]), mid_att=float(att[1]), treb_att=float(att[2]),
            wave_l=waveform_array(left), wave_r=waveform_array(right),
            spectrum_l=spectrum_array(left, self._eq), spectrum_r=spectrum_array(right, self._eq),
        )  # fmt: skip

    def _signal(self, t: float, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """1024 samples at 44.1 kHz ending at ``t``: three band tones plus a little noise, as int8 scale."""
        n = np.arange(FFT_SIZE, dtype=np.float64) / ANALYSIS_RATE_HZ
        start = t - FFT_SIZE / ANALYSIS_RATE_HZ
        mono = np.zeros(FFT_SIZE)
        for level, tone in zip(raw, BAND_TONES_HZ, strict=True):
            phase = 2.0 * math.pi * tone * ((start % 1.0) + n)
            mono += TONE_AMPLITUDE * level * np.sin(phase)
        noise = self._rng.standard_normal((FFT_SIZE, 2)) * (0.04 * float(raw.sum()))
        left = np.clip(mono + noise[:, 0], -1.0, 1.0)
        right = np.clip(np.roll(mono, 7) + noise[:, 1], -1.0, 1.0)  # a few samples apart, so stereo waves differ
        return quantise(left), quantise(right)


def _unit(value: float) -> float:
    number = float(value)
    return min(max(number, 0.0), 1.0) if math.isfinite(number) else 0.0
