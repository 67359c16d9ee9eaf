"""Basic waveform modes and custom waves drawn into a tiny target."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import lit

from renderer.audio.frame_audio import FrameAudio
from renderer.frame_inputs import WaveFrame
from renderer.gl.targets import RenderTarget
from renderer.passes.custom_wave import CustomWavePass, wave_vertices
from renderer.passes.custom_wave_data import sample_count, wave_point_inputs
from renderer.passes.waveform import BasicWaveformPass

SIZE = (96, 96)
SILENT = FrameAudio()
BASE = {"wave_a": 1.0, "wave_r": 1.0, "wave_g": 1.0, "wave_b": 1.0, "wave_x": 0.5, "wave_y": 0.5,
        "wave_scale": 1.0, "wave_smoothing": 0.0, "time": 0.0}


@pytest.fixture(scope="module")
def passes(gl_ctx):
    with gl_ctx:  # module fixtures run outside the gl fixture, which makes the context current
        basic, custom = BasicWaveformPass(), CustomWavePass()
        basic.compile(gl_ctx)
        custom.compile(gl_ctx)
    yield basic, custom
    with gl_ctx:
        basic.release()
        custom.release()


@pytest.fixture
def target(gl):
    render_target = RenderTarget(gl, SIZE)
    yield render_target
    render_target.release()


def lit_bounds(image):
    rows, cols = np.nonzero(lit(image, threshold=40))
    return rows.min(), rows.max(), cols.min(), cols.max()


def draw_basic(gl, basic, target, frame_vars, audio=SILENT):
    target.clear()
    target.use()
    basic.draw({**BASE, **frame_vars}, audio, SIZE, (1.0, 1.0))
    return target.read_rgba()


def test_mode_0_circle_is_a_ring_around_the_wave_position(gl, passes, target):
    image = draw_basic(gl, passes[0], target, {"wave_mode": 0})
    r0, r1, c0, c1 = lit_bounds(image)
    # radius 0.5 NDC = 24 px around the centre
    assert (c1 - c0) == pytest.approx(48, abs=2) and (r1 - r0) == pytest.approx(48, abs=2)
    assert not lit(image)[44:52, 44:52].any()  # hollow


def test_mode_0_moves_with_wave_x_and_wave_y(gl, passes, target):
    image = draw_basic(gl, passes[0], target, {"wave_mode": 0, "wave_x": 0.75, "wave_y": 0.75})
    r0, r1, c0, c1 = lit_bounds(image)
    assert (c0 + c1) / 2 == pytest.approx(72, abs=2)
    assert (r0 + r1) / 2 == pytest.approx(24, abs=2)  # wave_y 0.75 (screen top) -> texture row 0.25 H


@pytest.mark.parametrize("mode", [6, 7])
def test_angled_line_modes_draw_horizontal_lines_across_the_width(gl, passes, target, mode):
    image = draw_basic(gl, passes[0], target, {"wave_mode": mode, "wave_y": 0.5})
    r0, r1, c0, c1 = lit_bounds(image)
    assert c0 <= 1 and c1 >= SIZE[0] - 2
    rows = np.nonzero(lit(image, threshold=40).any(axis=1))[0]
    if mode == 6:
        assert r1 - r0 <= 2 and (r0 + r1) / 2 == pytest.approx(48, abs=1.5)
    else:  # two lines separated by wave_y^2 = 0.25 NDC each way -> rows 36 and 60
        assert set(np.round(rows / 12).astype(int)) == {3, 5}


def test_mode_4_horizontal_wave_sits_on_wave_y(gl, passes, target):
    loud = FrameAudio(wave_l=np.full(512, 64.0, np.float32), wave_r=np.zeros(512, np.float32))
    image = draw_basic(gl, passes[0], target, {"wave_mode": 4, "wave_y": 0.25}, loud)
    r0, r1, _, _ = lit_bounds(image)
    # y = 0.47 * 0.5 + (2 * 0.25 - 1) = -0.265 (screen), negated into the texture: +0.265 -> row ~60.7
    assert (r0 + r1) / 2 == pytest.approx(60.7, abs=2)


def test_mode_1_spiral_arcs_at_about_half_radius(gl, passes, target):
    swing = (np.sin(np.arange(512) / 6.0) * 90).astype(np.float32)
    image = draw_basic(gl, passes[0], target, {"wave_mode": 1, "time": 0.7}, FrameAudio(wave_l=swing, wave_r=swing))
    rows, cols = np.nonzero(lit(image, threshold=40))
    radius = np.hypot(cols + 0.5 - 48, rows + 0.5 - 48) / 48  # in NDC units
    # r = 0.53 + 0.43 * R: around half the screen, never at the centre or the edge
    assert rows.size > 20 and np.all((radius > 0.15) & (radius < 0.95))
    assert np.median(radius) == pytest.approx(0.53, abs=0.12)


def test_modes_2_3_5_draw_faint_clusters_near_the_centre(gl, passes, target):
    for mode in (2, 3, 5):
        swing = (np.sin(np.arange(512) / 6.0) * 40).astype(np.float32)
        audio = FrameAudio(wave_l=swing, wave_r=np.roll(swing, 9), treb=3.0)
        image = draw_basic(gl, passes[0], target, {"wave_mode": mode}, audio)
        bright = lit(image, threshold=2)
        assert bright.any(), mode
        rows, cols = np.nonzero(bright)
        assert abs(cols.mean() - 48) < 20 and abs(rows.mean() - 48) < 20, mode


def test_invisible_wave_draws_nothing(gl, passes, target):
    image = draw_basic(gl, passes[0], target, {"wave_mode": 0, "wave_a": 0.0})
    assert not lit(image, threshold=0).any()


def test_custom_wave_data_takes_the_centre_of_the_waveform():
    wave = np.arange(512, dtype=np.float32) - 256
    audio = FrameAudio(wave_l=wave, wave_r=wave)
    inputs = wave_point_inputs({"samples": 100, "sep": 0, "smoothing": 0.0, "scaling": 1.0}, audio, 1.0)
    assert inputs.count == 100 and inputs.sample[0] == 0.0 and inputs.sample[-1] == 1.0
    assert inputs.value1[0] == pytest.approx((206 - 256) * 0.004)
    assert sample_count({"samples": 600, "sep": 12}) == 500
    spectrum = wave_point_inputs({"samples": 64, "spectrum": 1, "smoothing": 0.0},
                                 FrameAudio(spectrum_l=np.ones(512, np.float32), spectrum_r=np.ones(512, np.float32)), 2.0)
    assert np.allclose(spectrum.value1, 0.15 * 2.0)


def make_wave(x, y, **flags):
    n = len(x)
    return WaveFrame(index=0, vars={}, x=x, y=y, r=np.ones(n), g=np.zeros(n), b=np.zeros(n), a=np.ones(n), **flags)


def test_custom_wave_line_is_drawn_in_square_wave_space(gl, passes, target):
    target.clear()
    target.use()
    xs = np.linspace(0.1, 0.9, 50)
    passes[1].draw(make_wave(xs, np.full(50, 0.25)), SIZE, (1.0, 1.0))
    image = target.read_rgba()
    r0, r1, c0, c1 = lit_bounds(image)
    assert r1 - r0 <= 1 and r0 == pytest.approx(72, abs=1)  # y = 0.25 -> NDC 0.5 -> row 72
    assert c0 == pytest.approx(9.6, abs=1.5) and c1 == pytest.approx(86.4, abs=1.5)
    assert image[r0, (c0 + c1) // 2, 0] == 255 and image[r0, (c0 + c1) // 2, 1] == 0


def test_custom_wave_dots_and_thick(gl, passes, target):
    xs = np.linspace(0.2, 0.8, 7)
    target.clear()
    target.use()
    passes[1].draw(make_wave(xs, np.full(7, 0.5), use_dots=True), SIZE, (1.0, 1.0))
    dots = lit(target.read_rgba()).sum()
    assert dots == 7
    target.clear()
    target.use()
    passes[1].draw(make_wave(xs, np.full(7, 0.5), use_dots=True, thick=True), SIZE, (1.0, 1.0))
    assert lit(target.read_rgba()).sum() == 28  # 2x2 dots


def test_wave_vertices_use_inverse_aspect():
    wave = make_wave(np.array([0.0, 1.0]), np.array([0.125, 0.875]))
    positions, _ = wave_vertices(wave, 1.0, 0.75)
    assert np.allclose(positions, [[-1.0, 1.0], [1.0, -1.0]])
