"""Preset versions and pixel-shader versions, and which shader texts survive."""

from __future__ import annotations

from pathlib import Path

from renderer.preset import load_preset, parse_preset

DATA = Path(__file__).resolve().parents[2] / "data" / "milk"


def test_version_below_200_has_no_shaders_even_with_shader_lines():
    preset = load_preset(DATA / "md1_no_version.milk")
    assert (preset.version, preset.warp_ps_version, preset.comp_ps_version) == (100, 0, 0)
    assert preset.warp_shader is None and preset.comp_shader is None and not preset.has_shaders
    ignored = [d.key for d in preset.diagnostics if "shader lines ignored" in d.message]
    assert ignored == ["warp_1", "comp_1"]
    assert preset.code["per_frame"].lines == ("wave_r = 0.5;",)


def test_version_200_uses_psversion_for_both():
    preset = load_preset(DATA / "md2_version_200.milk")
    assert (preset.version, preset.warp_ps_version, preset.comp_ps_version) == (200, 3, 3)
    assert preset.warp_shader == "shader_body { ret = 0; }"
    assert preset.comp_shader == "shader_body { ret = 1; }"


def test_version_201_uses_separate_versions_and_keeps_shader_layout():
    preset = load_preset(DATA / "md2_shaders.milk")
    assert (preset.version, preset.warp_ps_version, preset.comp_ps_version) == (201, 3, 0)
    assert preset.warp_shader == (
        "sampler sampler_pw_noise_lq;\n\nshader_body\n{\n    // keep indentation\n    ret = GetPixel(uv) * 0.98;\n}"
    )
    assert preset.comp_shader is None  # PSVERSION_COMP=0
    assert "warp" not in preset.code and "comp" not in preset.code
    assert any("PSVERSION_COMP is 0" in d.message for d in preset.diagnostics)


def test_version_201_without_ps_keys_defaults_to_ps_2():
    preset = load_preset(DATA / "md2_default_ps.milk")
    assert (preset.warp_ps_version, preset.comp_ps_version) == (2, 2)
    assert preset.warp_shader is None  # no warp lines: the renderer generates MilkDrop's default
    assert preset.comp_shader == "shader_body { ret = 1; }"


def test_unsupported_ps_version_is_a_warning():
    preset = parse_preset("MILKDROP_PRESET_VERSION=201\nPSVERSION_WARP=5\nPSVERSION_COMP=3\nwarp_1=`x\n")
    assert preset.warp_ps_version == 5 and preset.warp_shader == "x"
    assert [d.key for d in preset.diagnostics if d.severity == "warning"] == ["PSVERSION_WARP"]
