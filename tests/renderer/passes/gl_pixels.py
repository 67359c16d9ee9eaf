"""Helpers for pixel tests on tiny render targets (imported by the pass tests)."""

from __future__ import annotations

import numpy as np

from renderer.gl.targets import RenderTarget


def texture_rows(target: RenderTarget) -> np.ndarray:
    """uint8 RGBA (h, w, 4), row 0 = texture v = 0 (GL bottom row)."""
    return target.read_rgba()


def upload(target: RenderTarget, rgba: np.ndarray) -> None:
    """Write uint8 (h, w, 4) texels (row 0 = v = 0) into the target and rebuild mipmaps."""
    target.texture.write(np.ascontiguousarray(rgba, dtype=np.uint8).tobytes())
    target.build_mipmaps()


def shape_space_pixel(target: RenderTarget, x: float, y: float) -> np.ndarray:
    """The texel at MilkDrop shape/wave coordinates (x, y; y = 0 bottom of the final screen).

    The feedback texture is stored upside-down, so y maps to texture v = 1 - y.
    """
    w, h = target.size
    col = min(int(x * w), w - 1)
    row = min(int((1.0 - y) * h), h - 1)
    return target.read_rgba()[row, col]


def lit(rgba: np.ndarray, threshold: int = 16) -> np.ndarray:
    """Boolean mask of texels with any colour channel above ``threshold``."""
    return rgba[..., :3].max(axis=-1) > threshold
