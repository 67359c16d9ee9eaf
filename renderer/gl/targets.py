"""Render targets: a texture with its framebuffer, and the ping-pong feedback pair.

MilkDrop keeps all image state in 8-bit RGBA textures; presets are tuned to that rounding
(``ret -= 0.004`` is one 8-bit step), so targets are RGBA8 unless a caller asks otherwise.
"""

from __future__ import annotations

import moderngl
import numpy as np


class RenderTarget:
    """One RGBA texture and the framebuffer drawing into it."""

    def __init__(
        self,
        ctx: moderngl.Context,
        size: tuple[int, int],
        mipmapped: bool = True,
        dtype: str = "f1",
    ) -> None:
        width, height = int(size[0]), int(size[1])
        if width < 1 or height < 1:
            raise ValueError(f"render target size must be positive, got {size}")
        self.ctx = ctx
        self.size = (width, height)
        self.mipmapped = mipmapped
        self.texture = ctx.texture(self.size, 4, dtype=dtype)
        self.texture.repeat_x = False
        self.texture.repeat_y = False
        if mipmapped:
            self.texture.filter = (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR)
            self.texture.build_mipmaps()
        else:
            self.texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.fbo = ctx.framebuffer(color_attachments=[self.texture])
        self.mipmaps_current = mipmapped  # False once drawn into, until build_mipmaps()
        self.clear()

    def clear(self, rgba: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)) -> None:
        self.fbo.clear(*rgba)
        self.mipmaps_current = False

    def use(self) -> None:
        """Bind the framebuffer and set the viewport to the whole texture (mipmaps go stale)."""
        self.fbo.use()
        self.ctx.viewport = (0, 0, *self.size)
        self.mipmaps_current = False

    def build_mipmaps(self) -> None:
        if self.mipmapped:
            self.texture.build_mipmaps()
            self.mipmaps_current = True

    def read_rgba(self) -> np.ndarray:
        """The texture as uint8 ``(height, width, 4)``, row 0 = GL bottom row (texture v = 0)."""
        data = self.fbo.read(components=4, dtype="f1")
        return np.frombuffer(data, dtype=np.uint8).reshape(self.size[1], self.size[0], 4).copy()

    def release(self) -> None:
        if self.ctx.fbo is self.fbo:
            # moderngl restores the "current" framebuffer after creating new ones; never leave it dangling
            self.ctx.detect_framebuffer(0).use()
        self.fbo.release()
        self.texture.release()


class FeedbackPair:
    """Two targets swapped every frame: ``source`` holds last frame, ``target`` receives this one."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int], dtype: str = "f1") -> None:
        self.ctx = ctx
        self.dtype = dtype
        self.source = RenderTarget(ctx, size, mipmapped=True, dtype=dtype)
        self.target = RenderTarget(ctx, size, mipmapped=True, dtype=dtype)

    @property
    def size(self) -> tuple[int, int]:
        return self.source.size

    def swap(self) -> None:
        """Last frame's target becomes this frame's source, with current mipmaps for sampling
        (rebuilt only if it was drawn into since the last build; the comp pass usually built them)."""
        self.source, self.target = self.target, self.source
        if not self.source.mipmaps_current:
            self.source.build_mipmaps()

    def resize(self, size: tuple[int, int]) -> None:
        """Rebuild at ``size``, keeping the current image (resampled, as Butterchurn does)."""
        if tuple(size) == self.size:
            return
        old = self.target
        new_source = RenderTarget(self.ctx, size, mipmapped=True, dtype=self.dtype)
        new_target = RenderTarget(self.ctx, size, mipmapped=True, dtype=self.dtype)
        _blit(old, new_target)
        self.source.release()
        self.target.release()
        self.source, self.target = new_source, new_target

    def release(self) -> None:
        self.source.release()
        self.target.release()


def _blit(src: RenderTarget, dst: RenderTarget) -> None:
    """Resample ``src`` into ``dst`` via a CPU round trip (resizes are rare; keeps GL code small)."""
    image = src.read_rgba().astype(np.float32)
    h, w = dst.size[1], dst.size[0]
    ys = np.clip(((np.arange(h) + 0.5) * src.size[1] / h).astype(int), 0, src.size[1] - 1)
    xs = np.clip(((np.arange(w) + 0.5) * src.size[0] / w).astype(int), 0, src.size[0] - 1)
    resized = image[ys][:, xs].astype(np.uint8)
    dst.texture.write(resized.tobytes())
    dst.build_mipmaps()
