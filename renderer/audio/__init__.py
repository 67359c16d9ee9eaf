"""Audio for the visualizer: per-frame analysis (levels, waveform, spectrum) in pure numpy."""

from renderer.audio.frame_audio import FrameAudio

__all__ = ["FrameAudio"]
