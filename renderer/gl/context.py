"""Creating OpenGL 3.3+ core contexts: headless (EGL) for tests, checks and offline renders."""

from __future__ import annotations

import moderngl


def create_headless_context(require: int = 330) -> moderngl.Context:
    """A standalone context that needs no display: EGL (Mesa llvmpipe on CPU-only machines).

    Falls back to the default (GLX) backend when EGL is unavailable but an X display is.
    Raises ``RuntimeError`` with both causes when neither works.
    """
    try:
        return moderngl.create_standalone_context(require=require, backend="egl")
    except Exception as egl_error:  # glcontext raises bare Exception
        try:
            return moderngl.create_standalone_context(require=require)
        except Exception as glx_error:
            raise RuntimeError(
                f"no OpenGL {require // 100}.{require % 100 // 10} context: EGL: {egl_error}; GLX: {glx_error}"
            ) from glx_error
