"""Whole frames through ``PresetRenderer`` on small targets, driven by the static runtime."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.audio.frame_audio import FrameAudio
from renderer.frame import PresetRenderer, PresetShaders
from renderer.frame_inputs import FrameInputs, ShapeFrame, WaveFrame
from renderer.preset import parse_preset
from renderer.static_runtime import StaticRuntime

TEXSIZE = (64, 48)
QUIET_PRESET = """[preset00]
fDecay=0.9
fGammaAdj=1.0
zoom=1.0
warp=0.0
fWaveAlpha=0.0
wave_r=1
wave_g=1
wave_b=1
wave_x=0.5
wave_y=0.5
"""
SHAPE_PRESET = QUIET_PRESET + """shapecode_0_enabled=1
shapecode_0_x=0.25
shapecode_0_y=0.25
shapecode_0_rad=0.15
shapecode_0_r=0
shapecode_0_g=1
shapecode_0_b=0
shapecode_0_a=1
shapecode_0_r2=0
shapecode_0_g2=1
shapecode_0_b2=0
shapecode_0_a2=1
shapecode_0_border_a=0
"""
SWING = (np.sin(np.arange(512) / 7.0) * 70).astype(np.float32)


def render(renderer, runtime, frames, audio=None):
    for frame in range(frames):
        renderer.render_frame(runtime.frame_inputs(frame / 30.0, 30.0, frame, audio))
    return renderer.read_output()


def test_static_preset_shape_appears_where_milkdrop_puts_it(gl):
    preset = parse_preset(SHAPE_PRESET)
    renderer = PresetRenderer(gl, TEXSIZE)
    image = render(renderer, StaticRuntime(preset, TEXSIZE), 2)
    green = image[..., 1] > 128
    rows, cols = np.nonzero(green)
    # x = 0.25 -> column 16; y = 0.25 (from the bottom) -> screen row 36 of 48 counted from the top
    assert cols.mean() == pytest.approx(16 - 0.5, abs=1.0)
    assert rows.mean() == pytest.approx(36 - 0.5, abs=1.0)
    assert image[..., 0].max() == 0
    renderer.release()


def test_two_renderers_with_the_same_seed_are_identical(gl):
    preset = parse_preset(QUIET_PRESET.replace("fWaveAlpha=0.0", "fWaveAlpha=0.9") + "warp=1.0\nzoom=1.02\n")
    audio = FrameAudio(wave_l=SWING, wave_r=np.roll(SWING, 40), bass=1.3, treb=0.7)
    images = []
    for _ in range(2):
        renderer = PresetRenderer(gl, TEXSIZE, seed=7)
        images.append(render(renderer, StaticRuntime(preset, TEXSIZE), 4, audio))
        renderer.release()
    assert images[0].any()
    assert np.array_equal(images[0], images[1])


def test_decay_fades_the_feedback_frame_after_frame(gl):
    preset = parse_preset(QUIET_PRESET)
    renderer = PresetRenderer(gl, TEXSIZE)
    runtime = StaticRuntime(preset, TEXSIZE)
    inputs = runtime.frame_inputs(0.0, 30.0, 0)
    bright = {**inputs.frame_vars, "ob_size": 0.5, "ob_r": 1.0, "ob_g": 1.0, "ob_b": 1.0, "ob_a": 1.0}
    renderer.render_frame(FrameInputs(frame_vars=bright))
    first = renderer.read_output().astype(int)
    for _ in range(3):
        renderer.render_frame(inputs)
    later = renderer.read_output().astype(int)
    assert first.max() == 255
    assert later.max() == pytest.approx(255 * 0.9**3, abs=4)
    renderer.release()


def test_internal_size_is_independent_of_the_output_size(gl):
    preset = parse_preset(SHAPE_PRESET)
    renderer = PresetRenderer(gl, TEXSIZE, output_size=(128, 96))
    image = render(renderer, StaticRuntime(preset, TEXSIZE), 1)
    assert image.shape == (96, 128, 3)
    rows, cols = np.nonzero(image[..., 1] > 128)
    assert cols.mean() == pytest.approx(32 - 0.5, abs=2) and rows.mean() == pytest.approx(72 - 0.5, abs=2)
    renderer.release()


def test_nan_and_inf_inputs_are_sanitized(gl):
    preset = parse_preset(SHAPE_PRESET)
    runtime = StaticRuntime(preset, TEXSIZE)
    clean = runtime.frame_inputs(0.0, 30.0, 0)
    poisoned_vars = {**clean.frame_vars, "zoom": float("nan"), "rot": float("inf"), "q1": float("-inf")}
    shape = clean.shapes[0]
    nan_shape = ShapeFrame.from_instances(0, shape.settings, [{**shape.settings, "rad": float("nan")}])
    wave = WaveFrame(index=0, vars={}, x=[0.1, float("nan"), 0.9], y=[0.5, 0.5, float("inf")],
                     r=[1, 1, 1], g=[1, 1, 1], b=[1, 1, 1], a=[1, 1, 1])
    renderer = PresetRenderer(gl, TEXSIZE)
    nan_audio = FrameAudio(wave_l=np.full(512, np.nan, np.float32), wave_r=np.full(512, np.inf, np.float32))
    poisoned_vars["wave_a"] = 1.0
    renderer.render_frame(FrameInputs(frame_vars=poisoned_vars, shapes=[nan_shape], waves=[wave], audio=nan_audio))
    image = renderer.read_output()
    assert image.shape == (48, 64, 3)  # drew without GL errors (the fixture checks) and read back
    renderer.release()


WARP_WITH_BLUR = """#version 330
uniform sampler2D sampler_main;
uniform sampler2D sampler_blur2;
uniform float scale2;
uniform float bias2;
in vec2 v_uv; in vec2 v_uv_orig; in vec4 v_color;
out vec4 frag_color;
void main() {
    vec3 blur = texture(sampler_blur2, v_uv).rgb * scale2 + bias2;
    vec3 ret = texture(sampler_main, v_uv).rgb * 0.5 + blur * 0.0 + vec3(0.0, 0.0, 0.25);
    frag_color = vec4(ret, 1.0) * v_color;
}
"""
COMP_RED = """#version 330
uniform sampler2D sampler_main;
uniform float time;
in vec2 v_uv; in vec3 v_hue_shader; in vec4 v_color;
out vec4 frag_color;
void main() {
    frag_color = vec4(texture(sampler_main, v_uv).rgb + vec3(time, 0.0, 0.0), v_color.a);
}
"""
PER_PIXEL = """void per_pixel(inout float zoom, inout float zoomexp, inout float rot, inout float warp,
               inout float cx, inout float cy, inout float dx, inout float dy,
               inout float sx, inout float sy, float x, float y, float rad, float ang) {
    dx = 0.0 * x + 0.0 * bass;
}
"""


def test_preset_shaders_plug_in_and_blur_levels_follow_the_shader_text(gl):
    shaders = PresetShaders(warp=WARP_WITH_BLUR, comp=COMP_RED, per_pixel=PER_PIXEL)
    renderer = PresetRenderer(gl, TEXSIZE, shaders=shaders)
    assert renderer.blur_levels == 2
    runtime = StaticRuntime(parse_preset(QUIET_PRESET), TEXSIZE)
    renderer.render_frame(runtime.frame_inputs(0.5, 30.0, 0))
    renderer.render_frame(runtime.frame_inputs(0.5, 30.0, 1))
    image = renderer.read_output()
    # warp: blue converges towards 0.25 / (1 - 0.5) over frames; comp adds time = 0.5 to red
    assert image[24, 32, 0] == pytest.approx(128, abs=2)
    assert image[24, 32, 2] == pytest.approx(255 * (0.25 + 0.125), abs=3)
    renderer.release()
    assert PresetRenderer(gl, TEXSIZE).blur_levels == 0


def test_resize_keeps_the_feedback_image_and_external_framebuffers_work(gl):
    preset = parse_preset(SHAPE_PRESET.replace("fDecay=0.9", "fDecay=1.0"))
    renderer = PresetRenderer(gl, TEXSIZE)
    runtime = StaticRuntime(preset, TEXSIZE)
    renderer.render_frame(runtime.frame_inputs(0.0, 30.0, 0))
    renderer.resize(texsize=(128, 96), output_size=(128, 96))
    no_shapes = runtime.frame_inputs(0.0, 30.0, 1)
    renderer.render_frame(FrameInputs(frame_vars=no_shapes.frame_vars))
    rows, cols = np.nonzero(renderer.read_output()[..., 1] > 128)
    assert cols.mean() == pytest.approx(32 - 0.5, abs=2) and rows.mean() == pytest.approx(72 - 0.5, abs=2)
    external = gl.framebuffer(color_attachments=[gl.texture((40, 30), 4)])
    renderer.render_frame(FrameInputs(frame_vars=no_shapes.frame_vars), framebuffer=external)
    pixels = np.frombuffer(external.read(components=3), np.uint8).reshape(30, 40, 3)[::-1]
    rows, cols = np.nonzero(pixels[..., 1] > 128)
    assert cols.mean() == pytest.approx(10 - 0.5, abs=1.5) and rows.mean() == pytest.approx(22.5 - 0.5, abs=1.5)
    renderer.output.use()  # never release the bound framebuffer
    external.color_attachments[0].release()
    external.release()
    renderer.release()


def test_switching_shaders_keeps_the_image_and_a_broken_shader_changes_nothing(gl):
    from renderer.gl.programs import ShaderBuildError

    renderer = PresetRenderer(gl, TEXSIZE)
    still = {"zoom": 1.0, "warp": 0.0, "decay": 1.0, "gamma": 1.0, "wave_a": 0.0, "ob_size": 0.0}
    renderer.render_frame(FrameInputs(frame_vars={**still, "ib_size": 0.2, "ib_a": 1.0, "ib_r": 0.0,
                                                  "ib_g": 1.0, "ib_b": 0.0}))
    before = renderer.read_output()
    old_random = renderer.random.rand_preset
    renderer.load_shaders(PresetShaders(comp=COMP_RED))
    assert renderer.random.rand_preset != old_random
    renderer.render_frame(FrameInputs(frame_vars={**still, "time": 0.5}))
    after = renderer.read_output()
    assert np.array_equal(after[..., 1], before[..., 1])  # the picture survived the switch
    assert after[..., 0].min() == 128  # the new comp shader adds time = 0.5 to red
    with pytest.raises(ShaderBuildError):
        renderer.load_shaders(PresetShaders(warp="#version 330\nvoid main() { nope; }\n"))
    renderer.render_frame(FrameInputs(frame_vars={**still, "time": 0.5}))
    assert np.array_equal(renderer.read_output(), after)
    renderer.release()


def test_motion_vectors_go_into_the_previous_frame_before_the_warp(gl):
    """MilkDrop 2 order: this frame's vectors are drawn into last frame's image, then warped
    (so the default warp shader's decay dims them once before they are shown)."""
    renderer = PresetRenderer(gl, TEXSIZE)
    frame_vars = {"zoom": 1.0, "warp": 0.0, "decay": 0.5, "gamma": 1.0, "wave_a": 0.0, "mv_a": 1.0,
                  "mv_x": 8.0, "mv_y": 6.0, "mv_r": 1.0, "mv_g": 1.0, "mv_b": 1.0}
    renderer.render_frame(FrameInputs(frame_vars=frame_vars))
    image = renderer.read_output()
    assert image.max() == pytest.approx(128, abs=2)
    assert (image[..., 0] > 60).sum() >= 7 * 5 - 10  # 7 x 5 short vectors (one texel when there is no motion)
    renderer.release()


def test_textured_shape_shows_a_user_image_upright(gl, tmp_path):
    from PIL import Image

    picture = np.zeros((8, 8, 4), dtype=np.uint8)
    picture[:4, :, 0] = 255  # top half red
    picture[4:, :, 2] = 255  # bottom half blue
    picture[..., 3] = 255
    Image.fromarray(picture).save(tmp_path / "halves.png")
    white = {"r": 1, "g": 1, "b": 1, "a": 1, "r2": 1, "g2": 1, "b2": 1, "a2": 1, "border_a": 0,
             "rad": 0.7, "sides": 4, "textured": 1, "x": 0.5, "y": 0.5}
    shape = ShapeFrame.from_instances(0, white, [white], image="halves")
    renderer = PresetRenderer(gl, (64, 64), image_dirs=(str(tmp_path),))
    still = {"zoom": 1.0, "warp": 0.0, "decay": 1.0, "gamma": 1.0, "wave_a": 0.0}
    renderer.render_frame(FrameInputs(frame_vars=still, shapes=[shape]))
    screen = renderer.read_output()
    assert screen[20, 32, 0] > 200 and screen[20, 32, 2] < 50  # upper middle: the image's top (red)
    assert screen[44, 32, 2] > 200 and screen[44, 32, 0] < 50  # lower middle: its bottom (blue)
    renderer.release()
