"""Both shaders of one preset, translated, with failures turned into "use MilkDrop's default".

A shader that does not translate (or, given a GL context, does not link) is reported and left
out, so the renderer draws that pass with its default warp or comp shader instead; nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import HlslError
from .linking import link_check
from .translator import TranslatedShader, translate_shader

if TYPE_CHECKING:
    import moderngl


@dataclass(frozen=True, slots=True)
class ShaderProblem:
    shader: str  # "warp" or "comp"
    line: int
    col: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"shader": self.shader, "line": self.line, "col": self.col, "message": self.message}


@dataclass(frozen=True, slots=True)
class PresetShaderSet:
    """``warp``/``comp``: the translated shader, or None (the preset has none, or it failed:
    draw the default). ``status``: "ok", "failed" or "none" per kind. ``errors``: what failed."""

    warp: TranslatedShader | None
    comp: TranslatedShader | None
    status: dict[str, str]
    errors: tuple[ShaderProblem, ...] = field(default=())


def translate_preset_shaders(preset: Any, ctx: moderngl.Context | None = None) -> PresetShaderSet:
    """Translate ``preset.warp_shader`` and ``preset.comp_shader``; link-check them too if ``ctx``."""
    shaders: dict[str, TranslatedShader | None] = {}
    status: dict[str, str] = {}
    errors: list[ShaderProblem] = []
    for kind, text in (("warp", preset.warp_shader), ("comp", preset.comp_shader)):
        shaders[kind] = None
        if not text or not text.strip():
            status[kind] = "none"
            continue
        try:
            shader = translate_shader(text, kind)  # type: ignore[arg-type]
            if ctx is not None:
                link_check(ctx, shader)
        except HlslError as error:
            status[kind] = "failed"
            errors.append(ShaderProblem(kind, error.line, error.col, error.message))
            continue
        shaders[kind] = shader
        status[kind] = "ok"
    return PresetShaderSet(shaders["warp"], shaders["comp"], status, tuple(errors))


def check_preset_shaders(preset: Any, ctx: moderngl.Context) -> dict[str, Any]:
    """``phosphene check``'s view of a ``renderer.preset.Preset``: translate and link both shaders.

    Returns ``{"warp": "ok"|"failed"|"none", "comp": ..., "errors": [{"shader", "line", "col", "message"}]}``.
    """
    result = translate_preset_shaders(preset, ctx)
    return {"warp": result.status["warp"], "comp": result.status["comp"],
            "errors": [e.as_dict() for e in result.errors]}
