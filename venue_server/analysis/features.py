"""Layers from audio with numpy/scipy: bands, energy, onsets, tempo, beats, brightness, chroma, key, sections, events.

Rates and ranges follow the venue: bass/mid/treble at 10 Hz, log-scaled, smoothed, 0-1; beats as
positions plus inter-beat intervals; sections with an energy and dynamics; events (drop, buildup,
breakdown) from energy changes at section boundaries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from scipy import signal

from venue_server.analysis.decode import decode_audio
from venue_server.analysis.presets import PresetInfo, choose_preset_switches

ANALYSIS_VERSION = 1
TICK_HZ = 10
FRAME_HZ = 100  # analysis frames; ticks average ten of them
N_FFT = 2048
BANDS_HZ = {"bass": (20.0, 250.0), "mid": (250.0, 4000.0), "treble": (4000.0, 16000.0)}
PITCH_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# Krumhansl-Kessler key profiles
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def _spectrogram(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    hop = rate // FRAME_HZ
    padded = np.concatenate([np.zeros(N_FFT // 2, np.float32), samples, np.zeros(N_FFT, np.float32)])
    n_frames = max(1, (len(samples)) // hop)
    idx = np.arange(N_FFT)[None, :] + hop * np.arange(n_frames)[:, None]
    frames = padded[idx] * np.hanning(N_FFT).astype(np.float32)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / rate)
    return power, freqs


def _log_scale(values: np.ndarray, span_db: float = 45.0) -> np.ndarray:
    """Power → 0..1 on a dB scale anchored at the track's own loud end (99.5th percentile)."""
    db = 10 * np.log10(values + 1e-12)
    top = np.percentile(db, 99.5)
    return np.clip((db - (top - span_db)) / span_db, 0.0, 1.0)


def _smooth(values: np.ndarray, attack: float = 0.6, release: float = 0.25) -> np.ndarray:
    """Fast-attack, slower-release one-pole smoothing, like a VU meter."""
    out = np.empty_like(values)
    level = float(values[0]) if len(values) else 0.0
    for i, v in enumerate(values):
        coef = attack if v > level else release
        level += coef * (float(v) - level)
        out[i] = level
    return out


def _to_ticks(per_frame: np.ndarray, n_ticks: int) -> np.ndarray:
    step = FRAME_HZ // TICK_HZ
    usable = per_frame[: n_ticks * step]
    if len(usable) < n_ticks * step:
        usable = np.pad(usable, (0, n_ticks * step - len(usable)), mode="edge")
    return usable.reshape(n_ticks, step).mean(axis=1)


def _onsets(power: np.ndarray) -> tuple[np.ndarray, list[dict[str, float]]]:
    flux = np.maximum(0.0, np.diff(np.log1p(power * 1e3), axis=0)).sum(axis=1)
    flux = np.concatenate([[0.0], flux])
    flux = flux / (flux.max() + 1e-12)
    threshold = signal.medfilt(flux, 31) + 0.08
    peaks, _ = signal.find_peaks(flux, height=threshold, distance=int(0.1 * FRAME_HZ))
    onsets = [{"t": round(p / FRAME_HZ, 3), "strength": round(float(flux[p]), 3)} for p in peaks]
    return flux, onsets


def _tempo(flux: np.ndarray) -> tuple[float, float]:
    env = flux - flux.mean()
    ac = np.correlate(env, env, mode="full")[len(env) - 1 :]
    lags = np.arange(len(ac))
    lo, hi = int(FRAME_HZ * 60 / 180), int(FRAME_HZ * 60 / 60)
    if hi >= len(ac) or ac[0] <= 0:
        return 0.0, 0.0
    window = ac[lo:hi]
    # weight towards 120 BPM, the usual perceptual preference between octave errors
    bpm_axis = 60 * FRAME_HZ / lags[lo:hi]
    weighted = window * np.exp(-0.5 * (np.log2(bpm_axis / 120.0) / 1.0) ** 2)
    best = int(np.argmax(weighted)) + lo
    # parabolic interpolation of the peak lag for sub-frame precision
    if 0 < best < len(ac) - 1:
        a, b, c = ac[best - 1], ac[best], ac[best + 1]
        denom = a - 2 * b + c
        lag = best + (0.5 * (a - c) / denom if denom != 0 else 0.0)
    else:
        lag = float(best)
    confidence = float(np.clip(ac[best] / ac[0], 0.0, 1.0))
    return float(60.0 * FRAME_HZ / lag), confidence


def _beats(flux: np.ndarray, bpm: float) -> list[float]:
    if bpm <= 0:
        return []
    period = 60.0 * FRAME_HZ / bpm
    best_phase, best_score = 0.0, -1.0
    for phase in np.arange(0, period, 1.0):
        grid = np.arange(phase, len(flux), period).astype(int)
        score = float(flux[grid].sum())
        if score > best_score:
            best_phase, best_score = float(phase), score
    beats = []
    for pos in np.arange(best_phase, len(flux), period):
        i = int(round(pos))
        lo, hi = max(0, i - 3), min(len(flux), i + 4)  # snap to the strongest nearby onset (±30 ms)
        beats.append(round((lo + int(np.argmax(flux[lo:hi]))) / FRAME_HZ, 3))
    return beats


def _chroma(power: np.ndarray, freqs: np.ndarray, n_out: int, per_s: int) -> np.ndarray:
    usable = (freqs > 55) & (freqs < 5000)
    pitch = np.round(12 * np.log2(freqs[usable] / 440.0) + 69).astype(int) % 12
    weights = np.zeros((usable.sum(), 12))
    weights[np.arange(usable.sum()), pitch] = 1.0
    chroma = power[:, usable] @ weights
    step = FRAME_HZ // per_s
    chroma = chroma[: n_out * step]
    if len(chroma) < n_out * step:
        chroma = np.pad(chroma, ((0, n_out * step - len(chroma)), (0, 0)), mode="edge")
    chroma = chroma.reshape(n_out, step, 12).mean(axis=1)
    return chroma / (chroma.max(axis=1, keepdims=True) + 1e-12)


def _key(chroma: np.ndarray) -> dict[str, Any]:
    profile = chroma.mean(axis=0)
    best = ("C", "major", -2.0)
    for root in range(12):
        for mode, template in (("major", _MAJOR), ("minor", _MINOR)):
            r = float(np.corrcoef(profile, np.roll(template, root))[0, 1])
            if r > best[2]:
                best = (PITCH_NAMES[root], mode, r)
    return {"key": best[0], "mode": best[1], "confidence": round(max(0.0, best[2]), 3)}


def _sections(energy_s: np.ndarray, features_s: np.ndarray, duration: float) -> list[dict[str, Any]]:
    """Split where the per-second features change most (a two-window novelty curve), at least 4 s apart."""
    n = len(energy_s)
    half = 3
    novelty = np.zeros(n)
    for i in range(half, n - half):
        novelty[i] = np.linalg.norm(features_s[i : i + half].mean(axis=0) - features_s[i - half : i].mean(axis=0))
    bounds = [0]
    if novelty.max() > 0:
        peaks, _ = signal.find_peaks(novelty, height=max(0.12, 0.35 * novelty.max()), distance=4)
        bounds += [int(p) for p in peaks if 4 <= p <= n - 4]
    bounds.append(n)
    overall = float(energy_s.mean()) if n else 0.0
    sections = []
    for k, (a, b) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        seg = energy_s[a:b]
        energy = float(seg.mean())
        slope = float(np.polyfit(np.arange(len(seg)), seg, 1)[0]) if len(seg) > 1 else 0.0
        dynamics = "rising" if slope > 0.02 else "falling" if slope < -0.02 else "steady"
        if k == 0 and len(bounds) > 2:
            label = "intro"
        elif k == len(bounds) - 2 and len(bounds) > 3 and energy < overall:
            label = "outro"
        elif energy >= overall + 0.05:
            label = "chorus"
        elif energy <= overall - 0.1:
            label = "breakdown"
        else:
            label = "verse"
        sections.append(
            {
                "start": float(a),
                "end": round(min(float(b), duration), 3),
                "label": label,
                "energy": round(energy, 3),
                "dynamics": dynamics,
            }
        )
    return sections


def _events(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events = []
    for prev, cur in zip(sections, sections[1:]):
        jump = cur["energy"] - prev["energy"]
        if jump >= 0.15:
            events.append({"t": cur["start"], "event": "drop", "intensity": round(min(1.0, cur["energy"] + jump), 3)})
            if prev["dynamics"] == "rising" or jump >= 0.25:
                events.append({"t": prev["start"], "event": "buildup", "intensity": round(prev["energy"], 3)})
        elif jump <= -0.15:
            events.append({"t": cur["start"], "event": "breakdown", "intensity": round(-jump, 3)})
        if cur["dynamics"] == "rising" and cur["energy"] > 0.5:
            events.append({"t": cur["start"], "event": "crescendo", "intensity": round(cur["energy"], 3)})
    return sorted(events, key=lambda e: e["t"])


def analyse(samples: np.ndarray, rate: int, presets: list[PresetInfo]) -> dict[str, Any]:
    """Every computable layer of one track, JSON-ready. Times are seconds from the track's start."""
    duration = len(samples) / rate
    power, freqs = _spectrogram(samples.astype(np.float32), rate)
    n_ticks = max(1, int(np.floor(duration * TICK_HZ)))
    bands = {}
    for name, (lo, hi) in BANDS_HZ.items():
        band_power = power[:, (freqs >= lo) & (freqs < hi)].sum(axis=1)
        bands[name] = np.round(_smooth(_to_ticks(_log_scale(band_power), n_ticks)).astype(np.float64), 3)
    total = power.sum(axis=1)
    energy = np.round(_smooth(_to_ticks(_log_scale(total, 40.0), n_ticks)).astype(np.float64), 3)
    flux, onsets = _onsets(power)
    bpm, confidence = _tempo(flux)
    beats = _beats(flux, bpm)
    centroid = (power * freqs).sum(axis=1) / (total + 1e-12)
    n_secs = max(1, int(np.ceil(duration)))
    per_s = lambda x: np.pad(x, (0, n_secs * TICK_HZ - len(x)), mode="edge").reshape(n_secs, TICK_HZ).mean(axis=1)  # noqa: E731
    brightness = np.clip(_to_ticks(centroid, n_ticks) / 8000.0, 0, 1)
    features_s = np.stack([per_s(bands["bass"]), per_s(bands["mid"]), per_s(bands["treble"]), per_s(energy)], axis=1)
    sections = _sections(per_s(energy), features_s, duration)
    chroma = _chroma(power, freqs, max(1, int(duration * 2)), 2)
    return {
        "version": ANALYSIS_VERSION,
        "duration": round(duration, 3),
        "tick_hz": TICK_HZ,
        "bass": bands["bass"].tolist(),
        "mid": bands["mid"].tolist(),
        "treble": bands["treble"].tolist(),
        "energy": energy.tolist(),
        "brightness": np.round(brightness[:: TICK_HZ // 2], 3).tolist(),  # 2 Hz
        "brightness_hz": 2,
        "onsets": onsets,
        "tempo": {"bpm": round(float(bpm), 2), "confidence": round(float(confidence), 3)},
        "beats": beats,
        "chroma": np.round(chroma, 3).tolist(),  # 2 Hz, 12 pitch classes C..B
        "chroma_hz": 2,
        "tonality": _key(chroma),
        "sections": sections,
        "events": _events(sections),
        "preset_switches": choose_preset_switches(sections, presets),
    }


def analyse_file(path: Path, presets: list[PresetInfo]) -> dict[str, Any]:
    samples, rate = decode_audio(path)
    return analyse(samples, rate, presets)
