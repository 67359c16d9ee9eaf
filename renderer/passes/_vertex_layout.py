"""Vertex-array content that tolerates attributes the linker optimised away."""

from __future__ import annotations

import moderngl

_SIZES = {"f": 4, "i": 4, "u": 4}


def content(program: moderngl.Program, buffer: moderngl.Buffer, layout: list[tuple[str, str]], per: str = "") -> tuple:
    """One ``vertex_array`` content tuple; ``layout`` is [(format like "4f", name)], missing
    names become padding. ``per`` is "" (per vertex) or "/i" (per instance)."""
    formats: list[str] = []
    names: list[str] = []
    for fmt, name in layout:
        if name in program and isinstance(program[name], moderngl.Attribute):
            formats.append(fmt)
            names.append(name)
        else:
            count, kind = int(fmt[:-1] or 1), fmt[-1]
            formats.append(f"{count * _SIZES[kind]}x")
    return (buffer, " ".join(formats) + per, *names)
