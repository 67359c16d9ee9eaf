"""HLSL text of one warp or comp shader → a complete GLSL 330 fragment shader (no GL needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checker import check
from .environment import Kind, SamplerBinding, macros, sampler_binding
from .errors import ParseError
from .glsl_writer import GlslWriter
from .parser import parse
from .preprocessor import preprocess
from .types import Type

_BLUR = re.compile(r"^sampler_(?:[fpwc][wcfp]_)?blur([123])$", re.IGNORECASE)
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def _milkdrop_extent(hlsl: str) -> str:
    """The text MilkDrop compiles: everything after the last '}' outside comments is dropped
    (MilkDrop does this because authors leave notes after the shader)."""
    blanked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), hlsl)
    end = blanked.rfind("}")
    return hlsl if end < 0 else hlsl[: end + 1]


@dataclass(frozen=True, slots=True)
class TranslatedShader:
    """A translated shader and what the renderer must feed it.

    ``uniforms`` maps each used non-sampler uniform to its HLSL type (GLSL type: ``Type.glsl()``);
    ``samplers`` lists each used sampler uniform with its texture, filter, wrap and dimensions;
    ``blur_level`` is the highest blur texture read (0..3); ``line_map[i]`` is the preset line that
    GLSL line ``i + 1`` came from (0 for template lines).
    """

    kind: Kind
    glsl: str
    uniforms: dict[str, Type]
    samplers: tuple[SamplerBinding, ...]
    blur_level: int
    line_map: tuple[int, ...]

    def preset_line(self, glsl_line: int) -> int:
        """The preset shader line a GLSL line came from, 0 if it is template text."""
        if 1 <= glsl_line <= len(self.line_map):
            return self.line_map[glsl_line - 1]
        return 0


def translate_shader(hlsl: str, kind: Kind) -> TranslatedShader:
    """Translate a preset's warp or comp shader; raises ``HlslError`` with the preset's line:col."""
    if kind not in ("warp", "comp"):
        raise ValueError(f"shader kind must be 'warp' or 'comp', not {kind!r}")
    try:
        tokens = preprocess(_milkdrop_extent(hlsl), macros())
        checked = check(parse(tokens), kind)
        glsl, origins = GlslWriter(checked).write()
    except RecursionError:
        raise ParseError("expressions nest too deeply to translate", 1, 1) from None
    samplers = tuple(sampler_binding(name, t) for name, t in checked.samplers.items())
    blur = max((int(m.group(1)) for s in checked.samplers if (m := _BLUR.match(s))), default=0)
    return TranslatedShader(kind, glsl, dict(checked.uniforms), samplers, blur, tuple(origins))
