"""MilkDrop 2's defaults (CState::Default / Import) for base values, custom waves and shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.preset import Preset, ShapeSettings, WaveSettings, load_preset, parse_preset

DATA = Path(__file__).resolve().parents[2] / "data" / "milk"

# milk-format.md §3, with Import's load-time fallbacks (mv_a from bMotionVectorsOn, wave_r..y from rot).
MD2_BASE_VARS = {
    "zoom": 1.0, "zoomexp": 1.0, "rot": 0.0, "warp": 1.0, "cx": 0.5, "cy": 0.5, "dx": 0.0, "dy": 0.0,
    "sx": 1.0, "sy": 1.0, "decay": 0.98, "wave_a": 0.8, "wave_r": 0.0, "wave_g": 0.0, "wave_b": 0.0,
    "wave_x": 0.0, "wave_y": 0.0, "wave_mystery": 0.0, "wave_mode": 0.0,
    "ob_size": 0.01, "ob_r": 0.0, "ob_g": 0.0, "ob_b": 0.0, "ob_a": 0.0,
    "ib_size": 0.01, "ib_r": 0.25, "ib_g": 0.25, "ib_b": 0.25, "ib_a": 0.0,
    "mv_x": 12.0, "mv_y": 9.0, "mv_dx": 0.0, "mv_dy": 0.0, "mv_l": 0.9, "mv_r": 1.0, "mv_g": 1.0,
    "mv_b": 1.0, "mv_a": 0.0, "echo_zoom": 2.0, "echo_alpha": 0.0, "echo_orient": 0.0,
    "wave_usedots": 0.0, "wave_thick": 0.0, "wave_additive": 0.0, "wave_brighten": 1.0,
    "darken_center": 0.0, "gamma": 2.0, "wrap": 1.0, "invert": 0.0, "brighten": 0.0, "darken": 0.0,
    "solarize": 0.0, "blur1_min": 0.0, "blur2_min": 0.0, "blur3_min": 0.0, "blur1_max": 1.0,
    "blur2_max": 1.0, "blur3_max": 1.0, "blur1_edge_darken": 0.25,
}  # fmt: skip

# Every per_frame variable MilkDrop 2 registers (RegisterBuiltInVariables) that the runtime does not supply.
RUNTIME_VARS = {"time", "fps", "bass", "mid", "treb", "bass_att", "mid_att", "treb_att", "frame", "progress",
                "monitor", "meshx", "meshy", "pixelsx", "pixelsy", "aspectx", "aspecty"}  # fmt: skip


def test_base_vars_of_an_empty_file_are_milkdrop2_load_defaults():
    assert parse_preset(b"").base_vars() == MD2_BASE_VARS


def test_base_vars_cover_every_preset_per_frame_variable_and_nothing_else():
    names = set(parse_preset(b"").base_vars())
    assert not names & RUNTIME_VARS
    assert not any(n.startswith("q") and n[1:].isdigit() for n in names)
    assert len(names) == 59


def test_base_vars_read_every_base_key():
    text = "\n".join([
        "fGammaAdj=1.1", "fDecay=0.91", "fVideoEchoZoom=1.2", "fVideoEchoAlpha=0.3", "nVideoEchoOrientation=2",
        "nWaveMode=6", "bAdditiveWaves=1", "bWaveDots=1", "bWaveThick=1", "bMaximizeWaveColor=0", "bTexWrap=0",
        "bDarkenCenter=1", "bBrighten=1", "bDarken=1", "bSolarize=1", "bInvert=1", "fWaveAlpha=0.4",
        "fWaveParam=0.2", "fZoomExponent=1.3", "zoom=1.01", "rot=0.02", "cx=0.4", "cy=0.6", "dx=0.03",
        "dy=0.04", "warp=0.5", "sx=1.05", "sy=0.95", "wave_r=0.1", "wave_g=0.2", "wave_b=0.3", "wave_x=0.45",
        "wave_y=0.55", "ob_size=0.02", "ob_r=0.1", "ob_g=0.2", "ob_b=0.3", "ob_a=0.4", "ib_size=0.03",
        "ib_r=0.5", "ib_g=0.6", "ib_b=0.7", "ib_a=0.8", "nMotionVectorsX=24", "nMotionVectorsY=18",
        "mv_dx=0.01", "mv_dy=0.02", "mv_l=2", "mv_r=0.1", "mv_g=0.2", "mv_b=0.3", "mv_a=0.5", "b1n=0.1",
        "b2n=0.2", "b3n=0.3", "b1x=0.9", "b2x=0.8", "b3x=0.7", "b1ed=0.5",
    ])  # fmt: skip
    values = parse_preset(text).base_vars()
    changed = {k for k, v in values.items() if v != MD2_BASE_VARS[k]}
    assert changed == set(MD2_BASE_VARS)  # each key moved its own variable
    assert values["wave_mode"] == 6 and values["echo_orient"] == 2 and values["warp"] == 0.5
    assert values["zoomexp"] == 1.3 and values["gamma"] == 1.1 and values["mv_x"] == 24


@pytest.mark.parametrize(("text", "mv_a"), [("", 0.0), ("bMotionVectorsOn=1", 1.0), ("bMotionVectorsOn=1\nmv_a=0.25", 0.25)])
def test_mv_a_falls_back_to_md1_motion_vectors_switch(text, mv_a):
    assert parse_preset(text).base_vars()["mv_a"] == mv_a


def test_md1_file_with_motion_vectors_on():
    preset = load_preset(DATA / "md1_no_version.milk")
    assert preset.motion_vectors.a == 1.0 and preset.motion_vectors.x == 16.0


def test_settings_groups_hold_the_non_variable_values_too():
    preset = parse_preset("fWarpAnimSpeed=2\nfWarpScale=3\nfWaveScale=0.5\nfWaveSmoothing=0.1\nfShader=0.7\n"
                          "bRedBlueStereo=1\nbModWaveAlphaByVolume=1\nfModWaveAlphaStart=0.1\nfModWaveAlphaEnd=0.2\n"
                          "fRating=5")  # fmt: skip
    assert (preset.motion.warp_anim_speed, preset.motion.warp_scale) == (2.0, 3.0)
    assert (preset.basic_wave.scale, preset.basic_wave.smoothing) == (0.5, 0.1)
    assert preset.composite.hue_shader == 0.7 and preset.composite.red_blue_stereo
    assert preset.basic_wave.mod_alpha_by_volume
    assert (preset.basic_wave.mod_alpha_start, preset.basic_wave.mod_alpha_end) == (0.1, 0.2)
    assert preset.rating == 5.0


def test_custom_wave_and_shape_defaults_are_milkdrop2s():
    preset = load_preset(DATA / "custom_defaults.milk")
    assert [w.index for w in preset.waves] == [0, 1, 2, 3] and [s.index for s in preset.shapes] == [0, 1, 2, 3]
    assert [w.enabled for w in preset.waves] == [False, True, False, False]
    assert [s.enabled for s in preset.shapes] == [False, False, True, False]
    wave = preset.waves[1]
    assert (wave.samples, wave.sep, wave.scaling, wave.smoothing) == (512, 0, 1.0, 0.5)
    assert (wave.r, wave.g, wave.b, wave.a) == (1.0, 1.0, 1.0, 1.0)
    assert not (wave.spectrum or wave.use_dots or wave.thick or wave.additive)
    shape = preset.shapes[2]
    assert (shape.sides, shape.num_inst, shape.x, shape.y, shape.rad, shape.ang) == (4, 1, 0.5, 0.5, 0.1, 0.0)
    assert (shape.tex_ang, shape.tex_zoom, shape.image) == (0.0, 1.0, "")
    assert (shape.r, shape.g, shape.b, shape.a) == (1.0, 0.0, 0.0, 1.0)
    assert (shape.r2, shape.g2, shape.b2, shape.a2) == (0.0, 1.0, 0.0, 0.0)
    assert (shape.border_r, shape.border_g, shape.border_b, shape.border_a) == (1.0, 1.0, 1.0, 0.1)
    assert not (shape.additive or shape.thick_outline or shape.textured)
    assert set(preset.code) == {"wave_1_per_point", "shape_2_per_frame"}


def test_custom_wave_and_shape_keys_and_eel_vars():
    text = "\n".join([
        "wavecode_2_enabled=1", "wavecode_2_samples=300", "wavecode_2_sep=4", "wavecode_2_bSpectrum=1",
        "wavecode_2_bUseDots=1", "wavecode_2_bDrawThick=1", "wavecode_2_bAdditive=1", "wavecode_2_scaling=2",
        "wavecode_2_smoothing=0.1", "wavecode_2_r=0.1", "wavecode_2_g=0.2", "wavecode_2_b=0.3", "wavecode_2_a=0.4",
        "shapecode_1_enabled=1", "shapecode_1_sides=7", "shapecode_1_additive=1", "shapecode_1_thickOutline=1",
        "shapecode_1_textured=1", "shapecode_1_num_inst=12", "shapecode_1_x=0.2", "shapecode_1_y=0.3",
        "shapecode_1_rad=0.4", "shapecode_1_ang=0.5", "shapecode_1_tex_ang=0.6", "shapecode_1_tex_zoom=0.7",
        "shapecode_1_r=0.11", "shapecode_1_g=0.12", "shapecode_1_b=0.13", "shapecode_1_a=0.14",
        "shapecode_1_r2=0.21", "shapecode_1_g2=0.22", "shapecode_1_b2=0.23", "shapecode_1_a2=0.24",
        "shapecode_1_border_r=0.31", "shapecode_1_border_g=0.32", "shapecode_1_border_b=0.33",
        "shapecode_1_border_a=0.34", "shapecode_1_image= flowers ",
    ])  # fmt: skip
    preset = parse_preset(text)
    wave = preset.waves[2]
    assert (wave.enabled, wave.samples, wave.sep, wave.spectrum, wave.use_dots, wave.thick, wave.additive) == (
        True, 300, 4, True, True, True, True)
    assert wave.vars() == {"r": 0.1, "g": 0.2, "b": 0.3, "a": 0.4, "samples": 300.0}
    shape = preset.shapes[1]
    assert shape.image == "flowers"
    assert shape.vars() == {
        "x": 0.2, "y": 0.3, "rad": 0.4, "ang": 0.5, "tex_ang": 0.6, "tex_zoom": 0.7, "sides": 7.0,
        "textured": 1.0, "num_inst": 12.0, "additive": 1.0, "thick": 1.0, "r": 0.11, "g": 0.12, "b": 0.13,
        "a": 0.14, "r2": 0.21, "g2": 0.22, "b2": 0.23, "a2": 0.24, "border_r": 0.31, "border_g": 0.32,
        "border_b": 0.33, "border_a": 0.34,
    }  # fmt: skip
    assert preset.diagnostics == []


def test_default_constructed_models_match_md2_default():
    assert WaveSettings().samples == 512 and ShapeSettings().border_a == 0.1
    preset = Preset(name="blank")
    assert preset.basic_wave.r == 1.0 and preset.basic_wave.x == 0.5  # Default(), before Import's fallback
    assert len(preset.waves) == 4 and preset.diagnostics == []
