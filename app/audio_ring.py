"""A single-producer, single-consumer ring of stereo float32 frames.

The audio callback only calls ``write`` (a numpy copy); the GUI thread calls ``read_all``. The
writer owns ``_write`` and the reader owns ``_read``; each index is replaced whole, so no lock is
needed under the GIL. When the reader falls behind by more than the capacity, the oldest frames
are lost (counted in ``overruns``) rather than blocking the audio thread.
"""

from __future__ import annotations

import numpy as np


class RingBuffer:
    def __init__(self, capacity_frames: int, channels: int = 2) -> None:
        if capacity_frames < 1:
            raise ValueError(f"ring capacity must be at least 1 frame, got {capacity_frames}")
        self.capacity = int(capacity_frames)
        self.channels = channels
        self._data = np.zeros((self.capacity, channels), dtype=np.float32)
        self._write = 0  # total frames ever written
        self._read = 0  # total frames ever read
        self.overruns = 0

    def write(self, block: np.ndarray) -> None:
        """Append frames (n, channels) or (n,) (mono is duplicated). Audio-thread safe: copies only."""
        data = block if block.ndim == 2 else block[:, None]
        n = data.shape[0]
        if n == 0:
            return
        if n > self.capacity:
            data = data[-self.capacity :]
            n = self.capacity
        start = self._write % self.capacity
        first = min(n, self.capacity - start)
        self._data[start : start + first, :] = data[:first, : self.channels] if data.shape[1] >= self.channels else data[:first, :1]
        if first < n:
            rest = data[first:n]
            self._data[: n - first, :] = rest[:, : self.channels] if rest.shape[1] >= self.channels else rest[:, :1]
        self._write += n

    @property
    def available(self) -> int:
        return min(self._write - self._read, self.capacity)

    def read_all(self) -> np.ndarray:
        """Everything written since the last read, oldest first, as a new (n, channels) array."""
        end = self._write
        begin = self._read
        if end - begin > self.capacity:
            self.overruns += end - begin - self.capacity
            begin = end - self.capacity
        n = end - begin
        out = np.empty((n, self.channels), dtype=np.float32)
        start = begin % self.capacity
        first = min(n, self.capacity - start)
        out[:first] = self._data[start : start + first]
        if first < n:
            out[first:] = self._data[: n - first]
        self._read = end
        return out
