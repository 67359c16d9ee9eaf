"""Main-thread CPU spent inside the GL driver, so Python's own share of a frame can be told apart.

On llvmpipe the driver *is* the GPU: a draw call runs the vertex shaders and bins the triangles on
the calling thread, a mipmap build waits for the frame drawn so far. Those milliseconds would be
microseconds on a hardware driver, so ``phosphene bench render`` reports the main thread's CPU both
with and without them. The clock wraps moderngl's Python-level methods that enter the driver
(draws, uploads, mipmaps, reads, clears, copies) with ``time.thread_time``; uniform writes and
binds stay on the Python side of the ledger, as does the wrappers' own overhead (both make the
Python figure larger, never smaller).
"""

from __future__ import annotations

import time
from typing import Any, Callable

import moderngl

_DRIVER_METHODS: dict[type, tuple[str, ...]] = {
    moderngl.VertexArray: ("render", "render_indirect", "transform"),
    moderngl.Texture: ("write", "build_mipmaps", "read", "read_into"),
    moderngl.Texture3D: ("write", "build_mipmaps", "read", "read_into"),
    moderngl.Buffer: ("write", "orphan", "read", "read_into", "clear"),
    moderngl.Framebuffer: ("clear", "read", "read_into"),
    moderngl.Context: ("clear", "finish", "copy_buffer", "copy_framebuffer"),
}


class DriverClock:
    """Accumulates main-thread CPU seconds spent in GL driver calls while installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._originals: list[tuple[type, str, Callable[..., Any]]] = []

    def install(self) -> "DriverClock":
        for cls, names in _DRIVER_METHODS.items():
            for name in names:
                original = getattr(cls, name, None)
                if original is not None:
                    self._originals.append((cls, name, original))
                    setattr(cls, name, self._timed(original))
        return self

    def uninstall(self) -> None:
        for cls, name, original in reversed(self._originals):
            setattr(cls, name, original)
        self._originals.clear()

    def take(self) -> float:
        """Seconds accumulated since the last call."""
        seconds, self.seconds = self.seconds, 0.0
        return seconds

    def _timed(self, original: Callable[..., Any]) -> Callable[..., Any]:
        clock = time.thread_time

        def timed(*args: Any, **kwargs: Any) -> Any:
            c0 = clock()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += clock() - c0

        return timed
