"""MilkDrop's noise textures, generated in numpy (butterchurn.md §1.2).

Each texel channel starts as ``floor(rand * R + R / 2)`` stored in a byte (so it wraps), with
R = 256 at zoom 1 and 216 when zoomed. Zoomed textures keep random values only every ``zoom``
texels and fill the rest with a 4-point cubic along x, then y (then z), clamped to [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class NoiseSpec:
    name: str
    size: int
    zoom: int
    dims: int  # 2 or 3


# name -> (edge length, zoom, dimensions)
NOISE_TEXTURES: tuple[NoiseSpec, ...] = (
    NoiseSpec("noise_lq", 256, 1, 2),
    NoiseSpec("noise_lq_lite", 32, 1, 2),
    NoiseSpec("noise_mq", 256, 4, 2),
    NoiseSpec("noise_hq", 256, 8, 2),
    NoiseSpec("noisevol_lq", 32, 1, 3),
    NoiseSpec("noisevol_hq", 32, 4, 3),
)


def cubic_interpolate(y0: np.ndarray, y1: np.ndarray, y2: np.ndarray, y3: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The 4-point cubic through y1 (t = 0) and y2 (t = 1) that MilkDrop's noise generator uses."""
    t2 = t * t
    a0 = y3 - y2 - y0 + y1
    a1 = y0 - y1 - a0
    a2 = y2 - y0
    return a0 * t * t2 + a1 * t2 + a2 * t + y1


def upsample_cubic(values: np.ndarray, axis: int, zoom: int) -> np.ndarray:
    """Cubic-upsample ``values`` by ``zoom`` along ``axis``, wrapping around (tileable)."""
    coarse = np.moveaxis(values, axis, 0)
    n = coarse.shape[0]
    fine_index = np.arange(n * zoom)
    base = fine_index // zoom
    t = ((fine_index % zoom) / zoom).reshape((-1,) + (1,) * (coarse.ndim - 1))
    y0 = coarse[(base - 1) % n]
    y1 = coarse[base % n]
    y2 = coarse[(base + 1) % n]
    y3 = coarse[(base + 2) % n]
    return np.moveaxis(cubic_interpolate(y0, y1, y2, y3, t), 0, axis)


def noise_texels(spec: NoiseSpec, rng: np.random.Generator) -> np.ndarray:
    """RGBA8 texels, shape (size,)*dims + (4,), for one noise texture."""
    shape = (spec.size,) * spec.dims + (4,)
    if spec.zoom <= 1:
        raw = np.floor(rng.random(shape) * 256.0 + 128.0).astype(np.int64) % 256
        return raw.astype(np.uint8)
    coarse_shape = (spec.size // spec.zoom,) * spec.dims + (4,)
    coarse = (np.floor(rng.random(coarse_shape) * 216.0 + 108.0).astype(np.int64) % 256) / 255.0
    fine = coarse
    for axis in range(spec.dims):
        fine = upsample_cubic(fine, axis, spec.zoom)
    return np.round(np.clip(fine, 0.0, 1.0) * 255.0).astype(np.uint8)


@lru_cache(maxsize=4)
def generate_noise(seed: int = 0) -> dict[str, np.ndarray]:
    """All six noise textures by name, reproducible for a given seed (cached, read-only arrays)."""
    rng = np.random.default_rng(seed)
    textures = {spec.name: noise_texels(spec, rng) for spec in NOISE_TEXTURES}
    for texels in textures.values():
        texels.setflags(write=False)
    return textures
