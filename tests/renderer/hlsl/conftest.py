"""Helpers for the HLSL translator tests: run a translated shader on the real GL context.

``run_hlsl(source, ...)`` translates a warp or comp shader, draws it over a W×H RGBA32F
framebuffer (cleared to ``CLEAR``) and returns the pixels as a (H, W, 4) float array.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

CLEAR = (7.0, 7.0, 7.0, 7.0)


@pytest.fixture
def run_hlsl(gl):
    import moderngl

    from renderer.hlsl import translate_shader
    from renderer.hlsl.linking import check_vertex_source

    def run(source: str, kind: str = "comp", width: int = 1, height: int = 1, uniforms=None, textures=None):
        shader = translate_shader(source, kind)
        program = gl.program(vertex_shader=check_vertex_source(shader.kind), fragment_shader=shader.glsl)
        for name, value in (uniforms or {}).items():
            if name in program:
                program[name].value = value
        owned = []
        for unit, (name, texture) in enumerate((textures or {}).items()):
            texture.use(unit)
            if name in program:
                program[name].value = unit
        quad = gl.buffer(np.array([-1, -1, 1, -1, -1, 1, 1, 1], dtype="f4").tobytes())
        vao = gl.vertex_array(program, [(quad, "2f", "a_position")])
        target = gl.texture((width, height), 4, dtype="f4")
        fbo = gl.framebuffer(color_attachments=[target])
        owned += [program, quad, vao, target, fbo]
        previous = gl.fbo or gl.detect_framebuffer(0)
        try:
            fbo.use()
            fbo.clear(*CLEAR)
            vao.render(moderngl.TRIANGLE_STRIP)
            pixels = np.frombuffer(fbo.read(components=4, dtype="f4"), dtype="f4").reshape(height, width, 4)
            return pixels.copy()
        finally:
            previous.use()  # never leave a released framebuffer bound
            for obj in reversed(owned):
                obj.release()

    return run


@pytest.fixture
def clear_colour():
    """What a pixel holds when the shader draws nothing there (``clip``/``discard``)."""
    return CLEAR


@pytest.fixture
def hlsl_rgb(run_hlsl):
    """The ``ret`` one comp-shader pixel gets from ``body`` (HLSL statements inside shader_body)."""

    def rgb(body: str, header: str = "", **kwargs):
        return run_hlsl(f"{header}\nshader_body {{\n{body}\n}}", **kwargs)[0, 0, :3]

    return rgb
