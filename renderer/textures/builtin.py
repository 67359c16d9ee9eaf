"""Built-in images used when a preset names a texture Phosphene does not have.

MilkDrop ships ``clouds2`` as the fallback for unknown names; we generate an original,
tileable cloud-like greyscale image instead of copying it.
"""

from __future__ import annotations

import numpy as np

from renderer.textures.noise import upsample_cubic

CLOUDS_SIZE = 128


def clouds(size: int = CLOUDS_SIZE, seed: int = 2) -> np.ndarray:
    """Tileable fractal clouds, RGBA8 (size, size, 4), soft grey-blue tint, opaque."""
    rng = np.random.default_rng(seed)
    total = np.zeros((size, size), dtype=np.float64)
    weight_sum = 0.0
    for octave, zoom in enumerate((32, 16, 8, 4, 2)):
        if size % zoom:
            continue
        coarse = rng.random((size // zoom, size // zoom))
        layer = upsample_cubic(upsample_cubic(coarse, 0, zoom), 1, zoom)
        weight = 0.55**octave
        total += layer * weight
        weight_sum += weight
    grey = np.clip(total / weight_sum, 0.0, 1.0)
    grey = (grey - grey.min()) / max(grey.max() - grey.min(), 1e-9)
    rgb = np.stack([grey * 0.92, grey * 0.95, grey], axis=-1)
    rgba = np.concatenate([rgb, np.ones((size, size, 1))], axis=-1)
    return np.round(rgba * 255.0).astype(np.uint8)


def empty(size: int = 4) -> np.ndarray:
    """A black, opaque image (MilkDrop's ``empty``)."""
    image = np.zeros((size, size, 4), dtype=np.uint8)
    image[..., 3] = 255
    return image


BUILTIN_IMAGES = {"clouds2": clouds, "empty": empty}
