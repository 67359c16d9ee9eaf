"""The warp pass on tiny targets: identity, decay, zoom, per-vertex overrides, splice, wrap."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import lit, upload

from renderer.gl.geometry import grid_mesh
from renderer.gl.targets import FeedbackPair
from renderer.passes.samplers import SamplerBinder
from renderer.passes.shader_env import BlurRanges, PresetRandom, shader_environment
from renderer.passes.warp import WarpPass
from renderer.passes.warp_uv import warp_uvs
from renderer.audio.frame_audio import FrameAudio
from renderer.textures.library import TextureLibrary

SIZE = (64, 64)
STILL = {"zoom": 1.0, "rot": 0.0, "warp": 0.0, "decay": 1.0, "time": 0.0}
PER_PIXEL_SIG = (
    "void per_pixel(inout float zoom, inout float zoomexp, inout float rot, inout float warp, "
    "inout float cx, inout float cy, inout float dx, inout float dy, inout float sx, inout float sy, "
    "float x, float y, float rad, float ang)"
)


@pytest.fixture(scope="module")
def library(gl_ctx):
    with gl_ctx:  # module fixtures run outside the gl fixture, which makes the context current
        lib = TextureLibrary(gl_ctx)
    yield lib
    with gl_ctx:
        lib.release()


def make_warp(gl, per_pixel=None, fragment=None, mesh=(16, 16)):
    warp = WarpPass(grid_mesh(*mesh), per_pixel, fragment)
    warp.compile(gl)
    return warp


def run_warp(gl, library, warp, image, frame_vars, vertex_motion=None, wrap=True, size=SIZE):
    pair = FeedbackPair(gl, size)
    upload(pair.target, image)
    pair.swap()
    env = shader_environment(frame_vars, FrameAudio(), size, PresetRandom.generate(np.random.default_rng(0)),
                             (0.0, 0.0, 0.0, 0.0), BlurRanges())
    warp.set_uniforms(frame_vars, env, vertex_motion)
    binder = SamplerBinder(gl, library)
    warp.draw(pair.target, binder, {"main": pair.source.texture}, wrap)
    out = pair.target.read_rgba()
    uv = warp.capture_uvs()
    pair.release()
    binder.release()
    return out, uv


def square_image(size=SIZE, half=4, value=200):
    image = np.zeros((size[1], size[0], 4), dtype=np.uint8)
    cy, cx = size[1] // 2, size[0] // 2
    image[cy - half : cy + half, cx - half : cx + half, :3] = value
    image[..., 3] = 255
    return image


def test_still_motion_copies_the_image(gl, library):
    warp = make_warp(gl)
    image = square_image()
    out, _ = run_warp(gl, library, warp, image, STILL)
    assert np.abs(out[..., :3].astype(int) - image[..., :3]).max() <= 2
    warp.release()


def test_decay_darkens_in_the_default_shader(gl, library):
    warp = make_warp(gl)
    image = np.full((64, 64, 4), 200, dtype=np.uint8)
    out, _ = run_warp(gl, library, warp, image, {**STILL, "decay": 0.5})
    assert np.abs(out[..., :3].astype(int) - 100).max() <= 1
    warp.release()


def test_zoom_above_one_enlarges_content(gl, library):
    warp = make_warp(gl)
    image = square_image()
    before = lit(image).sum()
    out, _ = run_warp(gl, library, warp, image, {**STILL, "zoom": 1.5})
    after = lit(out, threshold=60).sum()
    assert after > 1.8 * before  # 1.5x per side -> 2.25x area
    warp.release()


def test_dx_translates_content(gl, library):
    warp = make_warp(gl)
    image = square_image()
    out, _ = run_warp(gl, library, warp, image, {**STILL, "dx": 0.125})
    cols = np.nonzero(lit(out, threshold=60).any(axis=0))[0]
    assert cols.mean() == pytest.approx(32 + 8 - 0.5, abs=1.0)  # u - dx: content moves right by dx
    warp.release()


def test_captured_uvs_match_the_numpy_formula(gl, library):
    warp = make_warp(gl, mesh=(8, 6))
    frame_vars = {"zoom": 1.1, "zoomexp": 1.3, "rot": 0.2, "warp": 0.7, "cx": 0.4, "cy": 0.6, "dx": 0.01,
                  "dy": -0.02, "sx": 1.05, "sy": 0.95, "time": 2.5, "warpanimspeed": 1.2, "warpscale": 0.8}
    _, uv = run_warp(gl, library, warp, square_image(size=(64, 48)), frame_vars, size=(64, 48))
    names = ("zoom", "zoomexp", "rot", "warp", "cx", "cy", "dx", "dy", "sx", "sy")
    motion = np.tile([frame_vars[n] for n in names], (warp.mesh.vertex_count, 1))
    expected = warp_uvs(warp.mesh.positions, motion, 2.5, 1.2, 0.8, 1.0, 0.75)
    assert np.allclose(uv.reshape(-1, 2), expected, atol=2e-4)
    warp.release()


def test_vertex_motion_overrides_the_uniforms(gl, library):
    warp = make_warp(gl)
    image = square_image()
    motion = np.tile([1.5, 1.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 1.0, 1.0], (warp.mesh.vertex_count, 1))
    out, _ = run_warp(gl, library, warp, image, STILL, vertex_motion=motion)
    assert lit(out, threshold=60).sum() > 1.8 * lit(image).sum()
    with pytest.raises(ValueError, match="vertex_motion"):
        run_warp(gl, library, warp, image, STILL, vertex_motion=motion[:5])
    warp.release()


def test_spliced_per_pixel_function_changes_motion(gl, library):
    body = PER_PIXEL_SIG + " {\n    zoom = 1.0 + 0.5 * _qa.x;\n}\n"
    warp = make_warp(gl, per_pixel=body)
    image = square_image()
    out, _ = run_warp(gl, library, warp, image, {**STILL, "q1": 1.0})
    assert lit(out, threshold=60).sum() > 1.8 * lit(image).sum()
    same, _ = run_warp(gl, library, warp, image, {**STILL, "q1": 0.0})
    assert np.abs(same[..., :3].astype(int) - image[..., :3]).max() <= 2
    warp.release()


def test_custom_fragment_shader_gets_declared_uniforms(gl, library):
    fragment = """#version 330
uniform sampler2D sampler_main;
uniform vec4 _qa;
uniform float time;
in vec2 v_uv; in vec2 v_uv_orig; in vec4 v_color;
out vec4 frag_color;
void main() {
    vec3 ret = vec3(_qa.y, time * 0.25, texture(sampler_main, v_uv).r);
    frag_color = vec4(ret, 1.0) * v_color;
}
"""
    warp = make_warp(gl, fragment=fragment)
    out, _ = run_warp(gl, library, warp, np.full((64, 64, 4), 255, np.uint8), {**STILL, "q2": 0.5, "time": 2.0})
    assert tuple(out[5, 5, :3]) == pytest.approx((128, 128, 255), abs=1)
    warp.release()


@pytest.mark.parametrize("wrap, expect_lit", [(True, True), (False, False)])
def test_wrap_decides_what_zooming_out_shows_at_the_edges(gl, library, wrap, expect_lit):
    warp = make_warp(gl)
    image = np.zeros((64, 64, 4), dtype=np.uint8)
    image[:, :8, :3] = 255  # a bright stripe at the left edge
    out, _ = run_warp(gl, library, warp, image, {**STILL, "zoom": 0.5}, wrap=wrap)
    # zoom 0.5 samples u in [-0.5, 1.5]: with wrap the left stripe repeats near the middle-right
    right_middle = out[20:44, 44:52, :3]
    assert bool(right_middle.max() > 100) == expect_lit
    warp.release()
