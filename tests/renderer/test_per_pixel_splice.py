"""Per-pixel EEL compiled by the GLSL backend, spliced into warp.vert, drives the warp mesh."""

from __future__ import annotations

import numpy as np

import eel
from renderer.frame import PresetRenderer, PresetShaders
from renderer.frame_inputs import MOTION_VARS, FrameInputs
from renderer.passes.warp import WARP_VERTEX_UNIFORMS

TEXSIZE = (48, 48)


def per_pixel_glsl(code: str) -> str:
    function = eel.compile_block(code, "per_pixel").glsl(
        "per_pixel", ("x", "y", "rad", "ang"), MOTION_VARS, frozenset(WARP_VERTEX_UNIFORMS | {f"q{i}" for i in range(1, 33)})
    )
    return function.with_runtime()


def centre_bright_frame(renderer, frame_vars):
    inputs = FrameInputs(frame_vars={**frame_vars, "ob_size": 0.0})
    renderer.render_frame(inputs)
    return renderer.read_output()


def test_generated_per_pixel_code_links_and_moves_the_image(gl):
    code = "dx = if(below(x, 0.5), 0.25, 0.0) * q1;"
    renderer = PresetRenderer(gl, TEXSIZE, shaders=PresetShaders(per_pixel=per_pixel_glsl(code)))
    still = {"zoom": 1.0, "warp": 0.0, "decay": 1.0, "gamma": 1.0, "wave_a": 0.0}
    # seed the feedback with a bright inner border, then let per-pixel dx shift the left half
    renderer.render_frame(FrameInputs(frame_vars={**still, "ob_size": 0.0, "ib_size": 0.25, "ib_a": 1.0,
                                                  "ib_r": 1.0, "ib_g": 1.0, "ib_b": 1.0}))
    seeded = renderer.read_output()
    moved = centre_bright_frame(renderer, {**still, "q1": 1.0})
    left, right = slice(0, 24), slice(24, 48)
    assert not np.array_equal(moved[:, left], seeded[:, left])  # left half moved by dx
    assert np.array_equal(moved[:, right][:, 4:], seeded[:, right][:, 4:])  # right half kept
    renderer.release()


def test_generated_code_reading_audio_and_rand_links(gl):
    code = "zoom = zoom + 0.01 * sin(rad * bass + time); rot = rand(2) * 0.0 + treb_att * 0.0;"
    renderer = PresetRenderer(gl, TEXSIZE, shaders=PresetShaders(per_pixel=per_pixel_glsl(code)))
    image = centre_bright_frame(renderer, {"time": 1.0})
    assert image.shape == (48, 48, 3)
    renderer.release()
