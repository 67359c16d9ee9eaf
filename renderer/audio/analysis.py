"""PCM -> ``FrameAudio``: MilkDrop's waveform arrays, spectra and bass/mid/treb levels (numpy).

Follows butterchurn.md §2. Each frame looks at the most recent 1024 samples *at 44.1 kHz*:
input at any other rate is resampled (linearly) to that window first, so bands, waveform
duration and levels do not depend on the device rate. Samples are quantised to MilkDrop's
signed 8-bit scale (-128..127). Smoothing rates are made frame-rate independent with
``rate ** (30 / fps)``.
"""

from __future__ import annotations

import math

import numpy as np

from renderer.finite import finite
from renderer.audio.frame_audio import WAVE_SAMPLES, FrameAudio

ANALYSIS_RATE_HZ = 44100.0
FFT_SIZE = 1024
BAND_EDGES_HZ = (20.0, 320.0, 2800.0, 11025.0)
ATTACK_RATE = 0.2  # avg follows rising levels quickly
DECAY_RATE = 0.5
LONG_RATE_START = 0.9  # long-term average adapts fast for the first frames
LONG_RATE = 0.992
LONG_START_FRAMES = 50  # counted in 30 fps frames


def equaliser() -> np.ndarray:
    """MilkDrop's spectrum weights: -0.02 * ln((512 - i) / 512); bin 0 (DC) gets 0."""
    i = np.arange(WAVE_SAMPLES, dtype=np.float64)
    return -0.02 * np.log((WAVE_SAMPLES - i) / WAVE_SAMPLES)


def band_bins(sample_rate: float = ANALYSIS_RATE_HZ) -> tuple[tuple[int, int], ...]:
    """[start, stop) FFT bins of bass, mid and treb."""
    bucket_hz = sample_rate / FFT_SIZE
    edges = [min(max(int(round(f / bucket_hz)) - 1, 0), WAVE_SAMPLES - 1) for f in BAND_EDGES_HZ]
    return tuple((edges[k], edges[k + 1]) for k in range(3))


def quantise(samples: np.ndarray) -> np.ndarray:
    """Float PCM in [-1, 1] -> MilkDrop's signed 8-bit values, as float64."""
    return np.clip(np.round(samples * 128.0), -128.0, 127.0)


def waveform_array(signed: np.ndarray) -> np.ndarray:
    """512 values: 2-tap average then decimation by 2, t[j] = trunc((s[2j] + s[2j-1]) / 2)."""
    even = signed[0::2][:WAVE_SAMPLES]
    odd_before = np.concatenate([[signed[0]], signed[1::2][: WAVE_SAMPLES - 1]])
    return np.trunc(0.5 * (even + odd_before)).astype(np.float32)


def spectrum_array(signed: np.ndarray, eq: np.ndarray) -> np.ndarray:
    """Equalised magnitudes of bins 0..511 of the unwindowed 1024-point FFT (of real input)."""
    return (np.abs(np.fft.rfft(signed, FFT_SIZE))[:WAVE_SAMPLES] * eq).astype(np.float32)


def _to_float(pcm: np.ndarray) -> np.ndarray:
    data = np.asarray(pcm)
    if data.dtype.kind in "iu":
        info = np.iinfo(data.dtype)
        scale = float(max(abs(info.min), info.max))
        offset = 0.0 if data.dtype.kind == "i" else (info.max + 1) / 2.0
        return (data.astype(np.float64) - offset) / scale
    return data.astype(np.float64)


class AudioAnalyzer:
    """Stateful per-frame analysis; call ``analyze`` once per rendered frame with new PCM."""

    def __init__(self, sample_rate: float) -> None:
        if sample_rate <= 0:
            raise ValueError(f"sample rate must be positive, got {sample_rate}")
        self.sample_rate = float(sample_rate)
        self.window = max(int(round(FFT_SIZE * self.sample_rate / ANALYSIS_RATE_HZ)), 2)
        self.history = np.zeros((self.window, 2), dtype=np.float64)
        self.eq = equaliser()
        self.bands = band_bins()
        self.avg = np.ones(3)
        self.long_avg = np.ones(3)
        self.frames = 0.0

    def _push(self, pcm: np.ndarray) -> None:
        data = _to_float(pcm)
        if data.ndim == 1:
            data = np.stack([data, data], axis=1)
        elif data.ndim == 2 and data.shape[1] == 1:
            data = np.repeat(data, 2, axis=1)
        elif data.ndim != 2:
            raise ValueError(f"PCM must be (n,) or (n, channels), got shape {data.shape}")
        data = finite(data[:, :2], posinf=1.0, neginf=-1.0)
        self.history = np.concatenate([self.history, data])[-self.window :]

    def _window_at_analysis_rate(self) -> np.ndarray:
        if self.window == FFT_SIZE:
            return self.history
        src = np.linspace(0.0, 1.0, self.window)
        dst = np.linspace(0.0, 1.0, FFT_SIZE)
        return np.stack([np.interp(dst, src, self.history[:, c]) for c in range(2)], axis=1)

    def analyze(self, pcm: np.ndarray, fps: float) -> FrameAudio:
        """Add this frame's new samples and return the frame's audio view."""
        self._push(pcm)
        window = self._window_at_analysis_rate()
        channels = np.empty((3, FFT_SIZE))  # left, right, mono: quantised and transformed together
        channels[:2] = window.T
        np.multiply(channels[0] + channels[1], 0.5, out=channels[2])
        signed = quantise(channels)
        spectra = np.abs(np.fft.rfft(signed, FFT_SIZE, axis=1))[:, :WAVE_SAMPLES] * self.eq
        spectrum_mono = spectra[2]
        imm = np.array([spectrum_mono[a:b].sum() for a, b in self.bands])

        fps_e = 15.0 if not math.isfinite(fps) else min(max(fps, 15.0), 144.0)
        per_frame = 30.0 / fps_e
        rate = np.where(imm > self.avg, ATTACK_RATE, DECAY_RATE) ** per_frame
        self.avg = self.avg * rate + imm * (1.0 - rate)
        long_rate = (LONG_RATE_START if self.frames < LONG_START_FRAMES else LONG_RATE) ** per_frame
        self.long_avg = self.long_avg * long_rate + imm * (1.0 - long_rate)
        self.frames += per_frame
        quiet = self.long_avg < 0.001
        safe_long = np.where(quiet, 1.0, self.long_avg)
        value = np.where(quiet, 1.0, imm / safe_long)
        att = np.where(quiet, 1.0, self.avg / safe_long)
        return FrameAudio(
            bass=float(value[0]), mid=float(value[1]), treb=float(value[2]),
            bass_att=float(att[0]), mid_att=float(att[1]), treb_att=float(att[2]),
            wave_l=waveform_array(signed[0]), wave_r=waveform_array(signed[1]),
            spectrum_l=spectra[0].astype(np.float32), spectrum_r=spectra[1].astype(np.float32),
        )  # fmt: skip
