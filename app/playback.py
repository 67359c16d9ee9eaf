"""Playing an audio file (WAV/FLAC/OGG/MP3 via soundfile) with a clock the visuals follow.

With an output device, sounddevice's callback copies the next block of the decoded PCM into the
device buffer and advances a frame counter; the audible position is that counter minus the
stream's output latency, so visuals match what is heard. With no device (a headless machine)
playback is silent and the position follows the wall clock; the visuals still analyse the file's
PCM at that position, and ``silent_reason`` says why there is no sound.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

MAX_PULL_FRAMES = 8192  # after a seek or a stall the analyser only needs the newest samples


class AudioFileError(Exception):
    """The file could not be decoded; the message names the file."""


def decode_file(path: str | Path) -> tuple[np.ndarray, int]:
    """(frames, 2) float32 PCM and its sample rate. Raises ``AudioFileError``."""
    import soundfile

    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError, OSError) as exc:
        raise AudioFileError(f"{path}: cannot decode audio: {exc}") from exc
    if data.shape[1] == 1:
        data = np.repeat(data, 2, axis=1)
    return np.ascontiguousarray(data[:, :2]), int(rate)


def output_unavailable_reason(device: int | str | None = None) -> str | None:
    """None when an output device can be opened, else a sentence saying why not."""
    try:
        import sounddevice
    except OSError as exc:  # PortAudio missing
        return f"no audio output: {exc}"
    try:
        sounddevice.query_devices(device, kind="output")
    except (sounddevice.PortAudioError, ValueError) as exc:
        return f"no audio output device ({exc}); playing silently"
    return None


class FilePlayback:
    """One file's transport: play, pause, seek, and the audible position in seconds."""

    def __init__(
        self,
        pcm: np.ndarray,
        rate: int,
        name: str = "",
        device: int | str | None = None,
        use_device: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pcm = pcm
        self.rate = int(rate)
        self.name = name
        self.clock = clock
        self.playing = False
        self._frames_played = 0  # advanced by the device callback, or computed from the clock
        self._wall_base_frames = 0
        self._wall_started: float | None = None
        self._pulled = 0
        self._stream = None
        self.latency_s = 0.0
        self.silent_reason = output_unavailable_reason(device) if use_device else "playing silently (audio output off)"
        if self.silent_reason is None:
            self._open_stream(device)

    @classmethod
    def open(cls, path: str | Path, **kwargs) -> "FilePlayback":  # type: ignore[no-untyped-def]
        pcm, rate = decode_file(path)
        return cls(pcm, rate, name=Path(path).name, **kwargs)

    def _open_stream(self, device: int | str | None) -> None:
        import sounddevice

        try:
            stream = sounddevice.OutputStream(samplerate=self.rate, channels=2, dtype="float32", device=device, callback=self._callback)
        except sounddevice.PortAudioError as exc:
            self.silent_reason = f"audio output refused {self.rate} Hz ({exc}); playing silently"
            return
        self._stream = stream
        self.latency_s = float(stream.latency)

    def _callback(self, outdata: np.ndarray, frames: int, _time: object, _status: object) -> None:
        """Audio thread: copy the next block, nothing else."""
        if not self.playing:
            outdata.fill(0)
            return
        start = self._frames_played
        chunk = self.pcm[start : start + frames]
        n = chunk.shape[0]
        outdata[:n] = chunk
        if n < frames:
            outdata[n:] = 0
        self._frames_played = start + n

    # -- transport -----------------------------------------------------------------------

    @property
    def duration_s(self) -> float:
        return self.pcm.shape[0] / self.rate

    @property
    def frames_played(self) -> int:
        if self._stream is None and self.playing and self._wall_started is not None:
            frames = self._wall_base_frames + int((self.clock() - self._wall_started) * self.rate)
            return min(frames, self.pcm.shape[0])
        return self._frames_played

    @property
    def position_s(self) -> float:
        """What the listener hears now (device frames minus output latency)."""
        return max(self.frames_played / self.rate - (self.latency_s if self.playing else 0.0), 0.0)

    @property
    def finished(self) -> bool:
        return self.frames_played >= self.pcm.shape[0]

    def play(self) -> None:
        if self.finished:
            self.seek(0.0)
        if self._stream is None:
            self._wall_base_frames = self._frames_played
            self._wall_started = self.clock()
        elif not self._stream.active:
            self._stream.start()
        self.playing = True

    def pause(self) -> None:
        if self._stream is None:
            self._frames_played = self.frames_played
            self._wall_started = None
        self.playing = False

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def seek(self, seconds: float) -> None:
        frame = int(min(max(seconds, 0.0), self.duration_s) * self.rate)
        self._frames_played = frame
        self._wall_base_frames = frame
        if self._wall_started is not None:
            self._wall_started = self.clock()
        self._pulled = frame

    def pull(self) -> np.ndarray:
        """The PCM between the last pull and the audible position (at most MAX_PULL_FRAMES, newest)."""
        end = int(self.position_s * self.rate)
        if self.playing and self.finished:
            self.pause()  # keeps the end position
        begin = max(self._pulled, end - MAX_PULL_FRAMES)
        self._pulled = end
        if end <= begin:
            return np.zeros((0, 2), dtype=np.float32)
        return self.pcm[begin:end]

    def close(self) -> None:
        self.playing = False
        if self._stream is not None:
            self._stream.close()
            self._stream = None
