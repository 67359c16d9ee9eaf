"""GL textures for preset samplers: the noise set, user images from disk, built-in fallbacks.

Names follow MilkDrop: ``sampler_clouds2`` asks for image ``clouds2`` (any of the extensions
below, in any search directory); an unknown name falls back to the built-in clouds, and
``randNN`` picks a random user image (seeded, so renders stay reproducible).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import moderngl
import numpy as np

from renderer.textures.builtin import BUILTIN_IMAGES
from renderer.textures.noise import NOISE_TEXTURES, generate_noise

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tga", ".bmp", ".dds")
FALLBACK_IMAGE = "clouds2"
_RANDOM_NAME = re.compile(r"^rand\d\d", re.IGNORECASE)


class TextureLibrary:
    """Owns every non-render-target texture; ``release()`` frees them."""

    def __init__(self, ctx: moderngl.Context, image_dirs: Sequence[str | Path] = (), seed: int = 0) -> None:
        self.ctx = ctx
        self.image_dirs = [Path(d) for d in image_dirs]
        self._rng = np.random.default_rng(seed + 1)
        self._noise: dict[str, moderngl.Texture | moderngl.Texture3D] = {}
        self._images: dict[str, moderngl.Texture] = {}
        for name, texels in generate_noise(seed).items():
            self._noise[name] = self._upload(texels, three_d=texels.ndim == 4)

    def _upload(self, texels: np.ndarray, three_d: bool = False) -> moderngl.Texture | moderngl.Texture3D:
        texels = np.ascontiguousarray(texels, dtype=np.uint8)
        if three_d:
            depth, height, width = texels.shape[:3]
            texture3d = self.ctx.texture3d((width, height, depth), 4, texels.tobytes())
            texture3d.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture3d.repeat_x = texture3d.repeat_y = texture3d.repeat_z = True
            return texture3d
        height, width = texels.shape[:2]
        texture = self.ctx.texture((width, height), 4, texels.tobytes())
        texture.build_mipmaps()
        texture.filter = (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR)
        texture.repeat_x = texture.repeat_y = True
        return texture

    def noise(self, name: str) -> moderngl.Texture | moderngl.Texture3D | None:
        """A noise texture by MilkDrop name (``noise_lq`` ... ``noisevol_hq``), else None."""
        return self._noise.get(name)

    @staticmethod
    def noise_names() -> tuple[str, ...]:
        return tuple(spec.name for spec in NOISE_TEXTURES)

    def image(self, name: str) -> moderngl.Texture:
        """The user image ``name`` (case-insensitive), the built-in of that name, or clouds."""
        key = name.lower()
        if key not in self._images:
            self._images[key] = self._upload(self._load_texels(key))
        return self._images[key]

    def _load_texels(self, key: str) -> np.ndarray:
        if _RANDOM_NAME.match(key):
            candidates = self._all_image_files()
            if candidates:
                try:
                    return _read_image(candidates[int(self._rng.integers(len(candidates)))])
                except (OSError, ValueError):
                    pass
            return BUILTIN_IMAGES[FALLBACK_IMAGE]()
        found = self._find_file(key)
        if found is not None:
            try:
                return _read_image(found)
            except (OSError, ValueError):  # unreadable or corrupt image: MilkDrop shows the fallback too
                pass
        return BUILTIN_IMAGES.get(key, BUILTIN_IMAGES[FALLBACK_IMAGE])()

    def _find_file(self, key: str) -> Path | None:
        stem = Path(key).stem if Path(key).suffix.lower() in IMAGE_EXTENSIONS else key
        for folder in self.image_dirs:
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.suffix.lower() in IMAGE_EXTENSIONS and path.stem.lower() == stem:
                    return path
        return None

    def _all_image_files(self) -> list[Path]:
        files: list[Path] = []
        for folder in self.image_dirs:
            if folder.is_dir():
                files.extend(sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_EXTENSIONS))
        return files

    def release(self) -> None:
        for texture in [*self._noise.values(), *self._images.values()]:
            texture.release()
        self._noise.clear()
        self._images.clear()


def _read_image(path: Path) -> np.ndarray:
    """RGBA8 texels with the image's top row first (texture v = 0 is the top, as in D3D)."""
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.uint8)
