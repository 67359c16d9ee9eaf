"""Blur levels: MilkDrop's sizes, safe ranges, range encoding and the blur itself."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import upload

from renderer.gl.targets import RenderTarget
from renderer.passes.blur import BlurPass, blur_size, encode_params, safe_ranges
from renderer.passes.shader_env import BlurRanges


def test_blur_sizes_match_milkdrop_at_1200x900():
    assert blur_size((1200, 900), 0.5) == (592, 452)
    assert blur_size((1200, 900), 0.25) == (288, 228)
    assert blur_size((1200, 900), 0.125) == (144, 112)
    assert blur_size((1200, 900), 0.0625) == (64, 56)
    assert blur_size((40, 30), 0.0625) == (16, 16)


def test_safe_ranges_nest_and_keep_milkdrop_typo():
    ranges = safe_ranges({"blur1_min": 0.1, "blur1_max": 0.9, "blur2_min": 0.0, "blur2_max": 1.0,
                          "blur3_min": 0.3, "blur3_max": 0.5})
    assert ranges.mins[:2] == (0.1, 0.1) and ranges.maxs[:2] == (0.9, 0.9)
    assert ranges.mins[2] == pytest.approx(0.3) and ranges.maxs[2] == pytest.approx(0.5)
    narrow = safe_ranges({"blur1_min": 0.5, "blur1_max": 0.52})
    assert narrow.mins[0] == pytest.approx(0.46) and narrow.maxs[0] == pytest.approx(0.46)


def test_encode_params_map_each_level_range_onto_0_1():
    ranges = BlurRanges((0.2, 0.3, 0.3), (0.8, 0.6, 0.5))
    scale1, bias1 = encode_params(ranges, 0)
    assert 0.2 * scale1 + bias1 == pytest.approx(0.0) and 0.8 * scale1 + bias1 == pytest.approx(1.0)
    scale2, bias2 = encode_params(ranges, 1)
    # level 2 reads level-1-encoded values: 0.3 -> 1/6, 0.6 -> 2/3
    assert (1 / 6) * scale2 + bias2 == pytest.approx(0.0) and (2 / 3) * scale2 + bias2 == pytest.approx(1.0)


def test_blur_spreads_a_dot_and_decodes_to_the_original_scale(gl):
    blur = BlurPass()
    blur.compile(gl)
    main = RenderTarget(gl, (128, 128))
    flat = np.zeros((128, 128, 4), dtype=np.uint8)
    flat[..., :3] = 153  # 0.6 everywhere
    flat[..., 3] = 255
    upload(main, flat)
    ranges = BlurRanges((0.2, 0.2, 0.2), (1.0, 1.0, 1.0))
    textures = blur.draw(main.texture, 3, ranges, edge_darken=0.0)
    assert set(textures) == {"blur1", "blur2", "blur3"}
    assert textures["blur1"].size == blur_size((128, 128), 0.25)
    raw = np.frombuffer(textures["blur1"].read(), np.uint8).reshape(32, 32, 4)
    decoded = raw[..., 0] / 255.0 * (1.0 - 0.2) + 0.2
    assert np.allclose(decoded[8:24, 8:24], 0.6, atol=0.01)

    dot = np.zeros((128, 128, 4), dtype=np.uint8)
    dot[60:68, 60:68, :3] = 255
    upload(main, dot)
    textures = blur.draw(main.texture, 1, BlurRanges(), edge_darken=0.0)
    raw = np.frombuffer(textures["blur1"].read(), np.uint8).reshape(32, 32, 4)[..., 0]
    assert raw[16, 16] > 60 and raw[16, 18] > 0 and raw[16, 28] == 0  # spread past the dot, not far
    assert raw.astype(float).mean() == pytest.approx(64 * 255 / 128**2, rel=0.15)  # weights sum to 1
    main.release()
    blur.release()


def test_edge_darkening_applies_to_blur1_only(gl):
    blur = BlurPass()
    blur.compile(gl)
    main = RenderTarget(gl, (128, 128))
    white = np.full((128, 128, 4), 255, dtype=np.uint8)
    upload(main, white)
    textures = blur.draw(main.texture, 2, BlurRanges(), edge_darken=1.0)
    level1 = np.frombuffer(textures["blur1"].read(), np.uint8).reshape(32, 32, 4)[..., 0]
    edge_t = min(np.sqrt(0.5 / 32) * 5.0, 1.0)  # t = sqrt(distance to the nearest edge), x5, clamped
    assert level1[16, 16] == 255 and level1[16, 0] == pytest.approx(255 * edge_t, abs=3)
    main.release()
    blur.release()
