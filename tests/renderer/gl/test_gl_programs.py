"""Shader preprocessing (pure) and program building on the headless context."""

from __future__ import annotations

import pytest

from renderer.gl.programs import (
    ShaderBuildError,
    build_program,
    load_shader,
    preprocess,
    program_from_files,
)

PER_PIXEL_SIG = (
    "void per_pixel(inout float zoom, inout float zoomexp, inout float rot, inout float warp, "
    "inout float cx, inout float cy, inout float dx, inout float dy, inout float sx, inout float sy, "
    "float x, float y, float rad, float ang)"
)


def test_include_is_expanded_with_line_directives():
    source = load_shader("warp.vert")
    assert "uniform vec4 _qa;" in source.text
    assert "#include" not in source.text
    assert source.files[:2] == ["warp.vert", "include/frame_uniforms.glsl"]
    assert source.text.startswith("#version 330\n#line 2 0\n")


def test_splice_replaces_default_region_and_unknown_splice_fails():
    text = "#version 330\nA\n#pragma splice f begin\ndefault\n#pragma splice f end\nB\n"
    spliced = preprocess(text, "t.glsl", {"f": "generated"})
    assert "generated" in spliced.text and "default" not in spliced.text
    assert spliced.files == ["t.glsl", "<splice f in t.glsl>"]
    assert "default" in preprocess(text, "t.glsl").text
    with pytest.raises(ShaderBuildError, match="no splice point named g"):
        preprocess(text, "t.glsl", {"g": "x"})


def test_missing_version_and_missing_resource_are_reported():
    with pytest.raises(ShaderBuildError, match="#version"):
        preprocess("void main() {}\n", "nov.glsl")
    with pytest.raises(ShaderBuildError, match="not found"):
        load_shader("no_such_file.frag")


def test_driver_error_in_splice_maps_to_snippet_line(gl):
    bad = PER_PIXEL_SIG + " {\n  zoom = 1.0;\n  zoom += bogus;\n}\n"
    with pytest.raises(ShaderBuildError) as info:
        program_from_files(gl, "warp.vert", "warp.frag", splices={"per_pixel": bad})
    assert "<splice per_pixel in warp.vert>:3:" in str(info.value)


def test_driver_error_in_file_maps_to_file_line(gl):
    vertex = load_shader("fullscreen.vert")
    fragment = preprocess("#version 330\nout vec4 c;\nvoid main() {\n  c = vec4(nope);\n}\n", "broken.frag")
    with pytest.raises(ShaderBuildError) as info:
        build_program(gl, vertex, fragment)
    assert "broken.frag:4:" in str(info.value)


@pytest.mark.parametrize(
    "vertex, fragment",
    [
        ("warp.vert", "warp.frag"),
        ("comp.vert", "comp.frag"),
        ("fullscreen.vert", "blur_h.frag"),
        ("fullscreen.vert", "blur_v.frag"),
        ("solid.vert", "solid.frag"),
        ("shape.vert", "shape.frag"),
        ("shape_border.vert", "solid.frag"),
    ],
)
def test_every_shipped_program_links(gl, vertex, fragment):
    program = program_from_files(gl, vertex, fragment)
    program.release()


def test_include_cycles_hit_the_depth_cap(monkeypatch):
    from renderer.gl import programs

    monkeypatch.setattr(programs, "read_resource", lambda name, package=programs.SHADER_PACKAGE: '#include "self.glsl"\n')
    with pytest.raises(ShaderBuildError, match="nested deeper"):
        preprocess('#version 330\n#include "self.glsl"\n', "top.glsl")
