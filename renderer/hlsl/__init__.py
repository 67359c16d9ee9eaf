"""MilkDrop 2 warp/comp pixel shaders: HLSL (DirectX 9, SM2–3) translated to GLSL 330 at load time.

Stages, one module each: ``preprocessor`` (on ``lexer`` tokens) → ``parser`` (``nodes``) →
``checker`` (types, implicit conversions, ``intrinsics``) → ``glsl_writer`` (into the
``environment``'s ``glsl/warp.glsl`` / ``glsl/comp.glsl`` frame). ``linking`` needs a GL context.
"""

from __future__ import annotations

from .environment import SamplerBinding
from .errors import HlslError, LexError, ParseError, PreprocessError, ShaderLinkError, TypeCheckError
from .linking import check_preset_shaders, link_check
from .translator import TranslatedShader, translate_shader

__all__ = [
    "HlslError",
    "LexError",
    "ParseError",
    "PreprocessError",
    "SamplerBinding",
    "ShaderLinkError",
    "TranslatedShader",
    "TypeCheckError",
    "check_preset_shaders",
    "link_check",
    "translate_shader",
]
