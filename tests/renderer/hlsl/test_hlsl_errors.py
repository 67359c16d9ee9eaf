"""Errors carry the preset's line and column; broken shaders are reported, never a crash."""

from __future__ import annotations

import pytest

from renderer.hlsl import (HlslError, ShaderLinkError, TypeCheckError, check_preset_shaders, link_check,
                           translate_preset_shaders, translate_shader)
from renderer.preset import parse_preset


@pytest.mark.parametrize(
    "text, line, col, words",
    [
        ("shader_body {\n  ret = nothing;\n}", 2, 9, "unknown name 'nothing'"),
        ("shader_body {\n  ret = foo(1);\n}", 2, 9, "unknown function 'foo'"),
        ("shader_body {\n  ret = lerp(1, 2);\n}", 2, 9, "takes 3 arguments"),
        ("shader_body {\n  float2 a = uv.xyz;\n}", 2, 17, "reaches past"),
        ("shader_body {\n  ret.xx = 1;\n}", 2, 7, "repeats a component"),
        ("shader_body {\n  float2 a = 1;\n  float3 b = a;\n}", 3, 14, "cannot convert float2 to float3"),
        ("float f(float x) { return x; }\nshader_body {\n  ret = f(float3(1, 2, 3), 2);\n}", 3, 9, "no overload"),
        ("float f(float x);\nshader_body {\n  ret = f(1);\n}", 3, 9, "never defined"),
        ("shader_body {\n  ret = tex3D(sampler_main, uv.xyy);\n}", 2, 9, "sampler3D"),
        ("float3 x;", 1, 1, "no shader_body"),
        ("shader_body {\n  float a; float a;\n}", 2, 18, "already declared"),
        ("#define BAD(x) (x + missing)\nshader_body {\n    ret = BAD(1);\n}", 3, 11, "unknown name 'missing'"),
    ],
)
def test_translation_errors_point_into_the_preset_text(text, line, col, words):
    with pytest.raises(HlslError) as info:
        translate_shader(text, "warp")
    error = info.value
    assert (error.line, error.col) == (line, col), str(error)
    assert words in error.message
    assert str(error) == f"{line}:{col}: {error.message}"


def test_text_after_the_last_brace_is_ignored_as_milkdrop_does():
    shader = translate_shader("shader_body {\n ret = 1; /* } */\n}\nnotes: tweak q1 (don't!) $$", "comp")
    assert "ret = vec3(1.0);" in shader.glsl


def test_absurd_nesting_is_an_error_not_a_crash():
    with pytest.raises(HlslError, match="nest too deeply"):
        translate_shader("shader_body { ret = " + "(" * 2000 + "1" + ")" * 2000 + "; }", "warp")
    assert translate_shader("shader_body { ret = " + "(" * 40 + "1" + ")" * 40 + "; }", "warp")


def test_type_errors_are_type_check_errors():
    with pytest.raises(TypeCheckError):
        translate_shader("shader_body { ret = sampler_main; }", "comp")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        translate_shader("shader_body {}", "blur")  # type: ignore[arg-type]


@pytest.mark.gl
def test_driver_errors_map_back_to_the_preset_line(gl):
    shader = translate_shader("shader_body {\n  ret = 1;\n  int big = 99999999999;\n}", "warp")
    with pytest.raises(ShaderLinkError) as info:
        link_check(gl, shader)
    assert info.value.line == 3 and "out of range" in info.value.message
    with pytest.raises(ShaderLinkError) as info:
        link_check(gl, translate_shader("float f(float x) { return f(x); }\nshader_body { ret = f(1); }", "comp"))
    assert "recursion" in info.value.message


def _preset(warp: str | None, comp: str | None) -> str:
    lines = ["[preset00]", "MILKDROP_PRESET_VERSION=201", "PSVERSION=3",
             f"PSVERSION_WARP={3 if warp else 0}", f"PSVERSION_COMP={3 if comp else 0}"]
    for key, text in (("warp", warp), ("comp", comp)):
        for i, line in enumerate((text or "").splitlines(), start=1):
            lines.append(f"{key}_{i}=`{line}")
    return "\n".join(lines) + "\n"


@pytest.mark.gl
def test_check_preset_shaders_reports_ok_failed_and_none(gl):
    good = "shader_body {\n  ret = GetPixel(uv) * 0.98;\n}"
    bad = "shader_body {\n  ret = GetPixel(uv) *\n}"
    report = check_preset_shaders(parse_preset(_preset(good, bad)), gl)
    assert report["warp"] == "ok" and report["comp"] == "failed"
    assert report["errors"] == [{"shader": "comp", "line": 3, "col": 1, "message": "expected an expression, found '}'"}]
    report = check_preset_shaders(parse_preset(_preset(None, good)), gl)
    assert report == {"warp": "none", "comp": "ok", "errors": []}


@pytest.mark.gl
def test_failed_shaders_fall_back_to_the_default(gl):
    good = "shader_body {\n  ret = GetPixel(uv);\n}"
    links_badly = "shader_body {\n  ret = 1;\n  int big = 99999999999;\n}"
    preset = parse_preset(_preset(links_badly, good))
    translated_only = translate_preset_shaders(preset)
    assert translated_only.warp is not None and translated_only.status["warp"] == "ok"
    linked = translate_preset_shaders(preset, gl)
    assert linked.warp is None and linked.status == {"warp": "failed", "comp": "ok"}
    assert linked.comp is not None and "sampler_main" in linked.comp.glsl
    assert linked.errors[0].shader == "warp" and linked.errors[0].line == 3
