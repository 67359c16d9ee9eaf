"""Compose and render Phosphene's own demo music (original, synthesised here; no samples, no copyrighted audio).

    .venv/bin/python assets/music/compose.py      # writes assets/music/*.ogg

Each track is built from sections (intro, build, drop, breakdown) so the venue's analysis finds real
structure: kicks give beats and onsets, the bassline fills the bass band, hats the treble.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 44100
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Section:
    name: str
    bars: int
    kick: bool
    bass: bool
    hats: bool
    pad: float  # pad level 0..1
    lead: bool


@dataclass(frozen=True)
class Piece:
    filename: str
    title: str
    bpm: float
    root_hz: float
    progression: tuple[int, ...]  # semitone offsets of each bar's chord root, cycled
    sections: tuple[Section, ...]
    seed: int


def _env(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def _kick(n: int) -> np.ndarray:
    t = np.arange(n) / RATE
    freq = 45 + 110 * np.exp(-t * 30)
    return np.sin(2 * np.pi * np.cumsum(freq) / RATE) * np.exp(-t * 9)


def _hat(n: int, rng: np.random.Generator) -> np.ndarray:
    noise = rng.standard_normal(n)
    noise = np.diff(noise, prepend=0.0)  # crude high-pass: hats live in the treble band
    return noise * _env(n, 0.001, 0.03) * 0.25


def _voice(freq: float, n: int, shape: str) -> np.ndarray:
    t = np.arange(n) / RATE
    phase = 2 * np.pi * freq * t
    if shape == "saw":
        return sum(np.sin(k * phase) / k for k in range(1, 8)) * 0.6  # type: ignore[return-value]
    return np.sin(phase) + 0.3 * np.sin(2 * phase + 0.5)


def render(piece: Piece) -> np.ndarray:
    rng = np.random.default_rng(piece.seed)
    beat = 60.0 / piece.bpm
    bar_n = int(round(4 * beat * RATE))
    beat_n = bar_n // 4
    total_bars = sum(s.bars for s in piece.sections)
    out = np.zeros(total_bars * bar_n + RATE)
    bar = 0
    for section in piece.sections:
        for b in range(section.bars):
            start = bar * bar_n
            root = piece.root_hz * 2 ** (piece.progression[bar % len(piece.progression)] / 12)
            rise = (b + 1) / section.bars
            if section.pad > 0:
                chord = sum(_voice(root * 2 ** (k / 12) * 2, bar_n, "sine") for k in (0, 3, 7, 10))
                out[start : start + bar_n] += 0.06 * section.pad * chord * _env(bar_n, 0.3, 3.0)
            for q in range(4):
                at = start + q * beat_n
                if section.kick:
                    out[at : at + beat_n] += 0.8 * _kick(beat_n)
                if section.bass:
                    note = root / 2 if q % 2 == 0 else root / 2 * 1.5
                    out[at : at + beat_n] += 0.25 * _voice(note, beat_n, "saw") * _env(beat_n, 0.005, 0.18)
                if section.hats:
                    for half in (0, beat_n // 2):
                        n = beat_n // 2
                        out[at + half : at + half + n] += (0.5 + 0.5 * rise) * _hat(n, rng)
                if section.lead and q in (0, 2, 3):
                    step = (0, 7, 12, 10)[(bar + q) % 4]
                    out[at : at + beat_n] += 0.08 * _voice(root * 2 * 2 ** (step / 12), beat_n, "saw") * _env(
                        beat_n, 0.01, 0.25
                    )
            bar += 1
    out = out[: total_bars * bar_n]
    fade = min(len(out), RATE // 2)
    out[-fade:] *= np.linspace(1, 0, fade)
    return (0.89 * out / np.max(np.abs(out))).astype(np.float32)


PIECES = (
    Piece(
        "phosphene-first-light.ogg",
        "First Light",
        120.0,
        110.0,
        (0, 0, 5, 3),
        (
            Section("intro", 2, kick=False, bass=False, hats=False, pad=1.0, lead=False),
            Section("build", 2, kick=True, bass=False, hats=True, pad=0.8, lead=False),
            Section("drop", 4, kick=True, bass=True, hats=True, pad=0.6, lead=True),
            Section("breakdown", 2, kick=False, bass=True, hats=False, pad=1.0, lead=False),
            Section("outro", 2, kick=True, bass=True, hats=True, pad=0.5, lead=False),
        ),
        seed=7,
    ),
    Piece(
        "phosphene-phase-garden.ogg",
        "Phase Garden",
        96.0,
        98.0,
        (0, 8, 3, 10),
        (
            Section("intro", 2, kick=False, bass=True, hats=False, pad=1.0, lead=False),
            Section("groove", 3, kick=True, bass=True, hats=True, pad=0.7, lead=True),
            Section("breakdown", 1, kick=False, bass=False, hats=False, pad=1.0, lead=False),
            Section("finale", 2, kick=True, bass=True, hats=True, pad=0.8, lead=True),
        ),
        seed=11,
    ),
)


def main() -> None:
    for piece in PIECES:
        audio = render(piece)
        sf.write(HERE / piece.filename, audio, RATE, format="OGG", subtype="VORBIS")
        print(f"{piece.filename}: {len(audio) / RATE:.1f} s")


if __name__ == "__main__":
    main()
