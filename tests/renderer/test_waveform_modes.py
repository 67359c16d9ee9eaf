"""The basic waveform's vertex maths, without GL."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.passes.waveform_modes import (
    WaveParams,
    basic_wave,
    prepare_samples,
    smooth_polyline,
    wave_alpha,
    wave_color,
)

RAMP = np.linspace(-100, 100, 512).astype(np.float32)
SINE = (np.sin(np.arange(512) / 8.0) * 80).astype(np.float32)


def test_prepare_samples_scales_by_wave_scale_over_128_and_smooths():
    flat = prepare_samples(np.full(512, 64.0), scale=2.0, smoothing=0.0)
    assert np.allclose(flat, 1.0)
    step = np.zeros(512)
    step[10:] = 128.0
    smoothed = prepare_samples(step, scale=1.0, smoothing=0.5)
    assert smoothed[9] == 0.0 and smoothed[10] == pytest.approx(0.5) and smoothed[11] == pytest.approx(0.75)


def test_smooth_polyline_keeps_points_and_inserts_midpoints():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    out = smooth_polyline(points)
    assert out.shape == (7, 2)
    assert np.allclose(out[0::2], points)
    assert np.allclose(out[3], [1.5, 0.0])  # straight line: the midpoint is the middle


def test_silence_circle_is_a_closed_ring_of_radius_half():
    geometry = basic_wave(np.zeros(512), np.zeros(512), WaveParams(mode=0))
    (line,) = geometry.lines
    assert line.shape == (257, 2)
    assert np.allclose(line[0], line[-1])
    assert np.allclose(np.hypot(line[:, 0], line[:, 1]), 0.5, atol=1e-5)


def test_circle_follows_wave_x_y_and_is_aspect_corrected():
    params = WaveParams(mode=0, x=0.75, y=0.25, aspect_x=1.0, aspect_y=0.5)
    (line,) = basic_wave(np.zeros(512), np.zeros(512), params).lines
    centre = line[:-1].mean(axis=0)
    assert centre == pytest.approx([0.5, 0.5], abs=0.02)  # y negated: wave_y 0.25 -> NDC -0.5 -> +0.5 in texture
    assert np.ptp(line[:, 0]) == pytest.approx(0.5, abs=0.02)  # x radius scaled by aspect_y
    assert np.ptp(line[:, 1]) == pytest.approx(1.0, abs=0.02)


def test_xy_scope_plots_right_against_left():
    params = WaveParams(mode=2, smoothing=0.0)
    (line,) = basic_wave(np.full(512, 64.0), np.full(512, -32.0), params).lines
    assert np.allclose(line[:, 0], -0.25) and np.allclose(line[:, 1], -0.5)


def test_horizontal_mode_spans_the_width_and_follows_left_channel():
    params = WaveParams(mode=4, smoothing=0.0, texsize=(1536, 1024))
    (line,) = basic_wave(np.full(512, 64.0), np.zeros(512), params).lines
    assert line.shape[0] == 512
    assert line[0, 0] == pytest.approx(-1.0, abs=0.01) and line[-1, 0] > 0.9
    assert np.allclose(line[:, 1], -0.47 * 0.5, atol=1e-4)  # 0.47 * L, then negated


def test_angled_line_is_clipped_and_double_line_splits_by_wave_y():
    single = basic_wave(np.zeros(512), np.zeros(512), WaveParams(mode=6, texsize=(768, 768))).lines
    assert len(single) == 1 and np.abs(single[0]).max() <= 1.1 + 1e-6
    assert np.allclose(single[0][:, 1], 0.0, atol=1e-6)  # p = 0: horizontal through the centre
    double = basic_wave(np.zeros(512), np.zeros(512), WaveParams(mode=7, y=0.5, texsize=(768, 768))).lines
    assert len(double) == 2
    assert np.allclose(double[0][:, 1], -0.25, atol=1e-3) and np.allclose(double[1][:, 1], 0.25, atol=1e-3)


def test_every_mode_produces_finite_geometry_near_the_screen():
    for mode in range(8):
        geometry = basic_wave(SINE, RAMP, WaveParams(mode=mode, time=3.0, mystery=0.3))
        assert geometry.lines, mode
        for line in geometry.lines:
            assert np.isfinite(line).all() and np.abs(line).max() < 3.0, mode


def test_alpha_factors_and_volume_modulation():
    assert wave_alpha(WaveParams(mode=0, alpha=0.8)) == pytest.approx(0.8)
    assert wave_alpha(WaveParams(mode=1, alpha=0.5)) == pytest.approx(0.625)
    assert wave_alpha(WaveParams(mode=2, alpha=1.0, texsize=(512, 512))) == pytest.approx(0.09)
    assert wave_alpha(WaveParams(mode=2, alpha=1.0, texsize=(1500, 512))) == pytest.approx(0.11)
    assert wave_alpha(WaveParams(mode=3, alpha=1.0, treb=2.0)) == pytest.approx(min(0.15 * 1.3 * 4.0, 1.0))
    quiet = WaveParams(mode=0, alpha=1.0, mod_alpha_by_volume=True, bass=0.8, mid=0.8, treb=0.8)
    assert wave_alpha(quiet) == pytest.approx(0.25)
    assert basic_wave(SINE, SINE, WaveParams(alpha=0.0)).lines == []


def test_colour_is_clamped_then_maximised():
    assert wave_color(WaveParams(r=0.5, g=0.25, b=0.0, brighten=True)) == pytest.approx((1.0, 0.5, 0.0))
    assert wave_color(WaveParams(r=2.0, g=0.25, b=-1.0, brighten=False)) == pytest.approx((1.0, 0.25, 0.0))
