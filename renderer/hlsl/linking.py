"""Compiling and linking translated shaders on a real GL context, with errors mapped to preset lines."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .environment import Kind
from .errors import ShaderLinkError
from .translator import TranslatedShader

if TYPE_CHECKING:
    import moderngl

# Mesa: "0:12(5): error: ..."; other drivers: "ERROR: 0:12: ..."
_LOG_LINE = re.compile(r"(?:ERROR:\s*)?\d+:(\d+)(?:\((\d+)\))?:\s*(?:error:\s*)?(.*)")


@cache
def check_vertex_source(kind: Kind) -> str:
    """The smallest vertex shader feeding a translated ``kind`` shader (``glsl/<kind>_check.vert``)."""
    return resources.files(__package__).joinpath("glsl", f"{kind}_check.vert").read_text(encoding="utf-8")


def _driver_error(shader: TranslatedShader, log: str) -> ShaderLinkError:
    """The first error of a driver log, moved to the preset line its GLSL line came from."""
    for raw in log.splitlines():
        m = _LOG_LINE.search(raw)
        if m and "error" in raw.lower():
            glsl_line = int(m.group(1))
            line = shader.preset_line(glsl_line)
            where = f" (GLSL line {glsl_line})" if glsl_line else ""
            return ShaderLinkError(f"GLSL: {m.group(3).strip()}{where}", line, 0)
    text = " ".join(log.split())[:300] or "the driver refused the shader without a log"
    return ShaderLinkError(f"GLSL: {text}", 0, 0)


def link_check(ctx: moderngl.Context, shader: TranslatedShader) -> None:
    """Build a program from ``shader`` and a minimal matching vertex shader, then release it.

    Raises ``ShaderLinkError`` (line = preset line when the driver names one) if GL refuses it.
    """
    import moderngl

    try:
        program = ctx.program(vertex_shader=check_vertex_source(shader.kind), fragment_shader=shader.glsl)
    except moderngl.Error as exc:  # carries the driver's compile/link log
        raise _driver_error(shader, str(exc)) from None
    program.release()
