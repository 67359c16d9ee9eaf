"""A compel's soundtrack as one PCM timeline (no Qt: the offline renderer uses it too)."""

from __future__ import annotations

import io

import numpy as np

from app.compel.format import CompelError, CompelPackage


def decode_member(package: CompelPackage, member: str) -> tuple[np.ndarray, int]:
    from renderer.audio.file_source import decode_audio

    try:
        audio = decode_audio(io.BytesIO(package.read(member)), member)
    except RuntimeError as exc:
        raise CompelError(member, str(exc)) from exc
    return audio.pcm, audio.sample_rate


def performance_pcm(package: CompelPackage) -> tuple[np.ndarray, int]:
    """All tracks on one timeline at the first track's rate (others resampled, gaps silent)."""
    pieces: list[tuple[float, np.ndarray]] = []
    rate = 0
    for track in package.manifest.tracks:
        pcm, track_rate = decode_member(package, track.audio)
        if rate == 0:
            rate = track_rate
        elif track_rate != rate:
            n = int(round(pcm.shape[0] * rate / track_rate))
            src = np.linspace(0.0, 1.0, pcm.shape[0])
            dst = np.linspace(0.0, 1.0, n)
            pcm = np.stack([np.interp(dst, src, pcm[:, c]) for c in range(2)], axis=1).astype(np.float32)
        pieces.append((track.start, pcm))
    total = max(int(round(start * rate)) + pcm.shape[0] for start, pcm in pieces)
    out = np.zeros((total, 2), dtype=np.float32)
    for start, pcm in pieces:
        first = int(round(start * rate))
        out[first : first + pcm.shape[0]] = pcm
    return out, rate
