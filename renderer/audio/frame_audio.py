"""The audio a frame sees, as MilkDrop presents it to equations, waves and shaders."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

WAVE_SAMPLES = 512  # MilkDrop's waveform and spectrum arrays hold 512 values per channel


def _zeros() -> np.ndarray:
    return np.zeros(WAVE_SAMPLES, dtype=np.float32)


@dataclass(frozen=True)
class FrameAudio:
    """Levels around 1.0 ("normal loudness") plus the raw arrays waves draw.

    ``wave_l/wave_r``: 512 samples on MilkDrop's int8 scale (-128..127, stored as float32).
    ``spectrum_l/spectrum_r``: 512 equalised FFT magnitudes, low frequencies first.
    """

    bass: float = 1.0
    mid: float = 1.0
    treb: float = 1.0
    bass_att: float = 1.0
    mid_att: float = 1.0
    treb_att: float = 1.0
    wave_l: np.ndarray = field(default_factory=_zeros)
    wave_r: np.ndarray = field(default_factory=_zeros)
    spectrum_l: np.ndarray = field(default_factory=_zeros)
    spectrum_r: np.ndarray = field(default_factory=_zeros)

    @property
    def vol(self) -> float:
        return (self.bass + self.mid + self.treb) / 3.0

    @property
    def vol_att(self) -> float:
        return (self.bass_att + self.mid_att + self.treb_att) / 3.0

    def levels(self) -> dict[str, float]:
        """The EEL-visible level variables."""
        return {
            "bass": self.bass,
            "mid": self.mid,
            "treb": self.treb,
            "bass_att": self.bass_att,
            "mid_att": self.mid_att,
            "treb_att": self.treb_att,
        }
