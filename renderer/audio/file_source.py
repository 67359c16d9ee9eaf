"""Audio decoded from a file, handed out in per-frame slices for offline renders and checks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import soundfile


@dataclass(frozen=True)
class DecodedAudio:
    """The whole file as float32 PCM, (frames, channels) with at least two channels."""

    pcm: np.ndarray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return self.pcm.shape[0] / self.sample_rate

    def frame_slice(self, frame: int, fps: float) -> np.ndarray:
        """The samples that play during video frame ``frame`` (empty past the end)."""
        start = int(round(frame * self.sample_rate / fps))
        stop = int(round((frame + 1) * self.sample_rate / fps))
        return self.pcm[start:stop]


def decode_audio(source: str | os.PathLike[str] | BinaryIO, name: str = "") -> DecodedAudio:
    """Decode WAV/FLAC/OGG/MP3 (libsndfile) from a path or a binary file object (e.g. a zip member).
    Raises ``RuntimeError`` naming the file if it cannot."""
    where = name or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<audio>")
    try:
        target = os.fspath(source) if isinstance(source, (str, os.PathLike)) else source
        data, rate = soundfile.read(target, dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise RuntimeError(f"{where}: cannot decode audio: {exc}") from exc
    if data.shape[1] == 1:
        data = np.repeat(data, 2, axis=1)
    return DecodedAudio(np.ascontiguousarray(data[:, :2]), int(rate))
