"""Binding a program's ``sampler_*`` uniforms to textures, with MilkDrop's name prefixes.

``sampler_[fw_|fc_|pw_|pc_]<name>``: f = bilinear, p = point; w = wrap, c = clamp. Without a
prefix: ``main`` is trilinear (mipmapped) and wraps per the ``wrap`` variable; ``blur1..3``
are bilinear clamped; noise and user images are bilinear wrapped. ``<name>`` is ``main``,
``blur1..3``, a noise texture (``noise_lq`` ...) or a user image (fallback: built-in clouds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import moderngl

from renderer.passes.uniforms import GL_SAMPLER_3D, is_sampler, uniforms_of
from renderer.textures.library import TextureLibrary

PREFIXES = {"fw_": ("linear", True), "fc_": ("linear", False), "pw_": ("point", True), "pc_": ("point", False)}
_FILTERS = {
    "linear": (moderngl.LINEAR, moderngl.LINEAR),
    "point": (moderngl.NEAREST, moderngl.NEAREST),
    "mipmap": (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR),
}
FIRST_UNIT = 0


@dataclass(frozen=True)
class SamplerRequest:
    """What one ``sampler_*`` uniform asks for."""

    uniform: str
    texture: str  # main, blur1..3, noise name or user image name
    filter: str | None  # None: the texture's default
    wrap: bool | None


def parse_sampler_name(uniform: str) -> SamplerRequest | None:
    """Split ``sampler_pw_noise_lq`` into (noise_lq, point, wrap); None if not ``sampler_*``."""
    if not uniform.startswith("sampler_"):
        return None
    rest = uniform[len("sampler_") :]
    for prefix, (filter_name, wrap) in PREFIXES.items():
        if rest.startswith(prefix) and len(rest) > len(prefix):
            return SamplerRequest(uniform, rest[len(prefix) :], filter_name, wrap)
    return SamplerRequest(uniform, rest, None, None)


class SamplerBinder:
    """Binds preset-shader samplers to texture units; ``release_units()`` after each draw."""

    def __init__(self, ctx: moderngl.Context, library: TextureLibrary) -> None:
        self.ctx = ctx
        self.library = library
        self._samplers: dict[tuple[str, bool], moderngl.Sampler] = {}
        self._units_used = 0

    def _sampler(self, filter_name: str, wrap: bool) -> moderngl.Sampler:
        key = (filter_name, wrap)
        if key not in self._samplers:
            self._samplers[key] = self.ctx.sampler(
                filter=_FILTERS[filter_name], repeat_x=wrap, repeat_y=wrap, repeat_z=wrap
            )
        return self._samplers[key]

    def resolve(
        self, request: SamplerRequest, targets: Mapping[str, moderngl.Texture], wrap_main: bool
    ) -> tuple[moderngl.Texture | moderngl.Texture3D, str, bool]:
        """The texture, filter and wrap mode for ``request``."""
        name = request.texture
        if name == "main":
            texture: moderngl.Texture | moderngl.Texture3D = targets["main"]
            default = ("mipmap", wrap_main)
        elif name in targets:
            texture = targets[name]
            default = ("linear", False)
        elif (noise := self.library.noise(name)) is not None:
            texture = noise
            default = ("linear", True)
        else:
            texture = self.library.image(name)
            default = ("linear", True)
        return texture, request.filter or default[0], default[1] if request.wrap is None else request.wrap

    def bind(
        self,
        program: moderngl.Program,
        targets: Mapping[str, moderngl.Texture],
        wrap_main: bool,
        first_unit: int = FIRST_UNIT,
    ) -> dict[str, tuple[float, float, float, float]]:
        """Bind every ``sampler_*`` of ``program``; returns ``texsize_<name>`` values to feed."""
        texsizes: dict[str, tuple[float, float, float, float]] = {}
        unit = first_unit
        for name, uniform in sorted(uniforms_of(program).items()):
            request = parse_sampler_name(name) if is_sampler(uniform) else None
            if request is None:
                continue
            texture, filter_name, wrap = self.resolve(request, targets, wrap_main)
            if uniform.gl_type == GL_SAMPLER_3D and not isinstance(texture, moderngl.Texture3D):
                texture = self.library.noise("noisevol_lq")  # a 3D sampler must get a 3D texture
            sampler = self._sampler(filter_name, wrap)
            sampler.texture = texture
            sampler.use(unit)
            uniform.value = unit
            width, height = texture.size[0], texture.size[1]
            texsizes[f"texsize_{request.texture}"] = (width, height, 1.0 / width, 1.0 / height)
            unit += 1
        for name in uniforms_of(program):
            # texsize_<name> may be used even where the sampler itself was optimised away
            if name.startswith("texsize_") and name not in texsizes:
                request = SamplerRequest(name, name[len("texsize_") :], None, None)
                texture = self.resolve(request, targets, wrap_main)[0]
                width, height = texture.size[0], texture.size[1]
                texsizes[name] = (width, height, 1.0 / width, 1.0 / height)
        self._units_used = max(self._units_used, unit)
        return texsizes

    def release_units(self) -> None:
        """Unbind sampler objects so plain ``texture.use()`` calls get their own parameters again."""
        if self._units_used:
            self.ctx.clear_samplers(0, self._units_used)

    def release(self) -> None:
        for sampler in self._samplers.values():
            sampler.release()
        self._samplers.clear()
