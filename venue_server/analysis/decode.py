"""Decode an audio file (WAV, FLAC, OGG, MP3 via libsndfile; PyAV as the fallback) to mono float32."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf


class AudioDecodeError(ValueError):
    """The file could not be read as audio."""


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError) as exc:
        return _decode_with_av(path, exc)
    return data.mean(axis=1), int(rate)


def _decode_with_av(path: Path, first_error: Exception) -> tuple[np.ndarray, int]:
    try:
        import av
    except ImportError as exc:  # pragma: no cover - av is a declared dependency
        raise AudioDecodeError(f"{path}: {first_error}") from exc
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate or 44100)
            chunks = []
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            rate = resampler.rate
    except (av.error.FFmpegError, IndexError) as exc:
        raise AudioDecodeError(f"{path}: not decodable audio ({exc})") from exc
    if not chunks:
        raise AudioDecodeError(f"{path}: no audio frames")
    return np.concatenate(chunks).astype(np.float32), int(rate)
