"""Audio decoded from a file, handed out in per-frame slices for offline renders and checks."""

from __future__ import annotations

import os
from dataclasses import dataclass

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


def decode_audio(path: str | os.PathLike[str]) -> DecodedAudio:
    """Decode WAV/FLAC/OGG/MP3 (libsndfile). Raises ``RuntimeError`` naming the file if it cannot."""
    try:
        data, rate = soundfile.read(os.fspath(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise RuntimeError(f"{path}: cannot decode audio: {exc}") from exc
    if data.shape[1] == 1:
        data = np.repeat(data, 2, axis=1)
    return DecodedAudio(np.ascontiguousarray(data[:, :2]), int(rate))
