"""MilkDrop 2 warp/comp pixel shaders: HLSL (DirectX 9, SM2–3) translated to GLSL 330 at load time.

Stages, one module each: ``preprocessor`` (on ``lexer`` tokens) → ``parser`` (``nodes``) →
``checker`` + ``calls`` (types, implicit conversions, ``intrinsics``) → ``glsl_writer`` (into the
``environment``'s ``glsl/warp.glsl`` / ``glsl/comp.glsl`` frame). Only ``linking`` needs GL.

API:
    translate_shader(hlsl, kind) -> TranslatedShader     # kind "warp" | "comp"; raises HlslError
        .glsl        complete GLSL 330 fragment shader (the shader contract's varyings/output)
        .uniforms    {name: HLSL type} of the non-sampler uniforms it reads (``aspect`` always)
        .samplers    (SamplerBinding(uniform, texture, filter, wrap, dims), ...)
        .blur_level  0..3, the highest blur texture read
    link_check(ctx, shader) -> None                      # raises ShaderLinkError (preset line when known)
    check_preset_shaders(preset, ctx) -> {"warp": "ok"|"failed"|"none", "comp": ..., "errors": [...]}
    translate_preset_shaders(preset, ctx=None) -> PresetShaderSet   # .warp/.comp None = draw the default

GLSL types the renderer feeds: float/vec4 as in MilkDrop, ``rot_*`` as ``mat4x3`` (column i =
HLSL row i), comp switches (``invert``...) as float. A shader that writes a uniform gets a private
copy; the uniform itself keeps its name.
"""

from __future__ import annotations

from .environment import SamplerBinding
from .errors import HlslError, LexError, ParseError, PreprocessError, ShaderLinkError, TypeCheckError
from .linking import link_check
from .preset_shaders import PresetShaderSet, ShaderProblem, check_preset_shaders, translate_preset_shaders
from .translator import TranslatedShader, translate_shader

__all__ = [
    "HlslError",
    "PresetShaderSet",
    "LexError",
    "ParseError",
    "PreprocessError",
    "SamplerBinding",
    "ShaderLinkError",
    "ShaderProblem",
    "TranslatedShader",
    "TypeCheckError",
    "check_preset_shaders",
    "link_check",
    "translate_preset_shaders",
    "translate_shader",
]
