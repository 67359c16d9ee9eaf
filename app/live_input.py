"""Live audio input from a chosen device: the callback copies blocks into a ``RingBuffer``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.audio_ring import RingBuffer


class InputUnavailable(Exception):
    """No input device, or the chosen one could not be opened (the message says which)."""


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_rate: float


def input_devices() -> list[InputDevice]:
    """Every device with input channels; empty when PortAudio or the devices are missing."""
    try:
        import sounddevice
    except OSError:
        return []
    try:
        devices = sounddevice.query_devices()
    except sounddevice.PortAudioError:
        return []
    return [
        InputDevice(i, str(d["name"]), int(d["max_input_channels"]), float(d["default_samplerate"]))
        for i, d in enumerate(devices)
        if int(d["max_input_channels"]) > 0
    ]


class LiveInput:
    """Capture from ``device``; ``pull()`` returns what arrived since the last pull."""

    def __init__(self, device: int | str | None = None, rate: int | None = None, ring_seconds: float = 2.0) -> None:
        try:
            import sounddevice
        except OSError as exc:
            raise InputUnavailable(f"no audio input: {exc}") from exc
        try:
            info = sounddevice.query_devices(device, kind="input")
        except (sounddevice.PortAudioError, ValueError) as exc:
            raise InputUnavailable(f"no audio input device {device!r}: {exc}") from exc
        self.name = str(info["name"])
        self.rate = int(rate or info["default_samplerate"])
        channels = min(int(info["max_input_channels"]), 2)
        self.ring = RingBuffer(int(self.rate * ring_seconds), channels=2)
        try:
            self._stream = sounddevice.InputStream(samplerate=self.rate, channels=channels, dtype="float32", device=device, callback=self._callback)
            self._stream.start()
        except sounddevice.PortAudioError as exc:
            raise InputUnavailable(f"cannot open input {self.name!r} at {self.rate} Hz: {exc}") from exc

    def _callback(self, indata: np.ndarray, _frames: int, _time: object, _status: object) -> None:
        self.ring.write(indata)  # audio thread: copy only

    def pull(self) -> np.ndarray:
        return np.nan_to_num(self.ring.read_all())

    def close(self) -> None:
        self._stream.close()
