"""The comp pass: y-flip, MilkDrop's fixed pipeline, and a pluggable comp shader."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import upload

from renderer.audio.frame_audio import FrameAudio
from renderer.gl.targets import RenderTarget
from renderer.passes.composite import CompositePass, hue_corners
from renderer.passes.samplers import SamplerBinder
from renderer.passes.shader_env import BlurRanges, PresetRandom, shader_environment
from renderer.textures.library import TextureLibrary

SIZE = (32, 32)
NEUTRAL = {"gamma": 1.0, "echo_alpha": 0.0, "echo_zoom": 1.0, "echo_orient": 0.0}


@pytest.fixture(scope="module")
def setup(gl_ctx):
    with gl_ctx:  # module fixtures run outside the gl fixture, which makes the context current
        library = TextureLibrary(gl_ctx)
        binder = SamplerBinder(gl_ctx, library)
        source = RenderTarget(gl_ctx, SIZE)
        output = RenderTarget(gl_ctx, SIZE, mipmapped=False)
    yield binder, source, output
    with gl_ctx:
        for obj in (output, source, binder, library):
            obj.release()


def marker_image(value=200):
    """Black with a bright block in texture rows 0..7, columns 0..7 (v and u near 0)."""
    image = np.zeros((32, 32, 4), dtype=np.uint8)
    image[:8, :8, :3] = value
    image[..., 3] = 255
    return image


def composite(gl, setup, image, frame_vars, fragment=None, hue=None):
    binder, source, output = setup
    upload(source, image)
    comp = CompositePass(fragment)
    comp.compile(gl)
    env = shader_environment({**NEUTRAL, **frame_vars}, FrameAudio(), SIZE,
                             PresetRandom.generate(np.random.default_rng(1)), (0.0,) * 4, BlurRanges())
    corners = np.ones((4, 3), np.float32) if hue is None else hue
    comp.draw(output.fbo, (0, 0, *SIZE), env, corners, binder, {"main": source.texture}, wrap=False)
    comp.release()
    return output.read_rgba()[::-1]  # top-down screen rows


def test_feedback_texture_is_flipped_upright(gl, setup):
    screen = composite(gl, setup, marker_image(), {})
    # texture v near 0 is the top of the screen
    assert screen[2, 2, 0] == 200 and screen[29, 2, 0] == 0


def test_gamma_multiplies(gl, setup):
    screen = composite(gl, setup, marker_image(100), {"gamma": 2.0})
    assert screen[2, 2, 0] == 200


@pytest.mark.parametrize("orientation, corner", [(0, (2, 2)), (1, (2, 29)), (2, (29, 2)), (3, (29, 29))])
def test_echo_orientations_mirror_the_image(gl, setup, orientation, corner):
    screen = composite(gl, setup, marker_image(), {"echo_alpha": 1.0, "echo_zoom": 1.0, "echo_orient": orientation})
    assert screen[corner][0] == 200
    assert (screen[..., 0] > 100).sum() == 64


def test_echo_zoom_and_alpha_mix_in_a_magnified_copy(gl, setup):
    image = np.zeros((32, 32, 4), dtype=np.uint8)
    image[12:20, 12:20, :3] = 200  # centred block
    screen = composite(gl, setup, image, {"echo_alpha": 0.5, "echo_zoom": 2.0})
    assert screen[16, 16, 0] == pytest.approx(200, abs=2)  # both layers bright at the centre
    assert screen[16, 9, 0] == pytest.approx(100, abs=3)  # only the 2x echo reaches here


@pytest.mark.parametrize(
    "flag, value_in, value_out",
    [("brighten", 64, 128), ("darken", 128, 64), ("solarize", 128, 255), ("invert", 200, 55)],
)
def test_fixed_pipeline_flags(gl, setup, flag, value_in, value_out):
    screen = composite(gl, setup, marker_image(value_in), {flag: 1.0})
    assert screen[2, 2, 0] == pytest.approx(value_out, abs=2)


def test_hue_shader_tints_by_corner(gl, setup):
    white = np.full((32, 32, 4), 255, dtype=np.uint8)
    corners = np.array([[1.0, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 1.0], [1.0, 1.0, 1.0]], np.float32)
    screen = composite(gl, setup, white, {"fshader": 1.0}, hue=corners)
    # corner 3 = top-left, 2 = top-right, 1 = bottom-left, 0 = bottom-right
    assert tuple(screen[0, 0, :3]) == pytest.approx((255, 255, 255), abs=6)
    assert tuple(screen[0, 31, :3]) == pytest.approx((132, 132, 255), abs=8)
    assert tuple(screen[31, 0, :3]) == pytest.approx((132, 255, 132), abs=8)
    assert tuple(screen[31, 31, :3]) == pytest.approx((255, 132, 132), abs=8)


def test_hue_corners_follow_milkdrop_ranges():
    corners = hue_corners(12.3, (0.1, 0.2, 0.3, 0.4))
    assert corners.shape == (4, 3)
    assert np.allclose(corners.max(axis=1), 1.0) and corners.min() >= 0.5


def test_preset_comp_shader_is_fed_what_it_declares(gl, setup):
    fragment = """#version 330
uniform sampler2D sampler_main;
uniform sampler2D sampler_noise_lq;
uniform vec4 texsize_noise_lq;
uniform vec4 rand_preset;
uniform float bass;
uniform vec4 _qh;
in vec2 v_uv; in vec3 v_hue_shader; in vec4 v_color;
out vec4 frag_color;
void main() {
    vec3 ret = vec3(_qh.w, texsize_noise_lq.x / 512.0, texture(sampler_main, v_uv).r);
    frag_color = vec4(ret, v_color.a);
}
"""
    screen = composite(gl, setup, marker_image(), {"q32": 0.25}, fragment=fragment)
    assert tuple(screen[2, 2, :3]) == pytest.approx((64, 128, 200), abs=1)
