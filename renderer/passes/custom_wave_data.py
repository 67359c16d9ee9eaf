"""Where a custom wave's points start before per-point code: ``sample``, ``value1``, ``value2``.

Pure numpy, shared by the static runtime and the EEL runtime (butterchurn.md §1.9): the
sample count, separation, data source (waveform or spectrum), two-pass smoothing and scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
from scipy.signal import lfilter

from renderer.audio.frame_audio import FrameAudio

MAX_SAMPLES = 512
WAVEFORM_SCALE = 0.004
SPECTRUM_SCALE = 0.15


@dataclass(frozen=True)
class WavePointInputs:
    """Per-point inputs: ``sample`` in [0, 1], ``value1`` (left) and ``value2`` (right)."""

    sample: np.ndarray
    value1: np.ndarray
    value2: np.ndarray

    @property
    def count(self) -> int:
        return int(self.sample.size)


def sample_count(wave_vars: Mapping[str, float]) -> int:
    """Points drawn: floor(min(samples, 512)) - sep (may be < 2, then nothing is drawn)."""
    samples = int(math.floor(min(float(wave_vars.get("samples", 512.0)), MAX_SAMPLES)))
    return max(samples - int(float(wave_vars.get("sep", 0.0))), 0)


def _smooth(values: np.ndarray, smoothing: float) -> np.ndarray:
    """Forward then backward one-pole IIR with k = sqrt(smoothing * 0.98), along the last axis
    (both channels of a wave at once)."""
    k = math.sqrt(max(smoothing, 0.0) * 0.98)
    out = values.astype(np.float64)
    if out.shape[-1] == 0:
        return out
    # p[j] = raw[j] * (1 - k) + p[j - 1] * k with p[0] = raw[0]; then the same from the end
    out, _ = lfilter([1.0 - k], [1.0, -k], out, axis=-1, zi=k * out[..., :1])
    back, _ = lfilter([1.0 - k], [1.0, -k], out[..., ::-1], axis=-1, zi=k * out[..., -1:])
    return back[..., ::-1]


def wave_point_inputs(wave_vars: Mapping[str, float], audio: FrameAudio, preset_wave_scale: float) -> WavePointInputs:
    """``sample``, ``value1``, ``value2`` for each point of a custom wave this frame.

    ``preset_wave_scale`` is the preset file's ``fWaveScale`` (MilkDrop uses the base value,
    not the per-frame one).
    """
    n = sample_count(wave_vars)
    if n <= 0:
        empty = np.zeros(0, dtype=np.float32)
        return WavePointInputs(empty, empty, empty)
    sep = int(float(wave_vars.get("sep", 0.0)))
    spectrum = float(wave_vars.get("spectrum", 0.0)) != 0.0
    scale = (SPECTRUM_SCALE if spectrum else WAVEFORM_SCALE) * float(wave_vars.get("scaling", 1.0)) * preset_wave_scale
    if spectrum:
        step = (MAX_SAMPLES - sep) / n
        index = np.floor(np.arange(n) * step).astype(int)
        left_idx = right_idx = np.clip(index, 0, MAX_SAMPLES - 1)
        left_src, right_src = audio.spectrum_l, audio.spectrum_r
    else:
        j0 = int(math.floor((MAX_SAMPLES - n) / 2 - sep / 2))
        j1 = int(math.floor((MAX_SAMPLES - n) / 2 + sep / 2))
        left_idx = np.clip(np.arange(n) + j0, 0, MAX_SAMPLES - 1)
        right_idx = np.clip(np.arange(n) + j1, 0, MAX_SAMPLES - 1)
        left_src, right_src = audio.wave_l, audio.wave_r
    smoothing = float(wave_vars.get("smoothing", 0.5))
    raw = np.stack([np.asarray(left_src, dtype=np.float64)[left_idx], np.asarray(right_src, dtype=np.float64)[right_idx]])
    value1, value2 = _smooth(raw, smoothing) * scale
    sample = np.arange(n) / (n - 1) if n > 1 else np.zeros(1)
    return WavePointInputs(sample.astype(np.float32), value1.astype(np.float32), value2.astype(np.float32))
