"""Custom shapes drawn instanced into a tiny target: place, colour, sides, blend, border, texture."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import lit, shape_space_pixel, upload

from renderer.frame_inputs import ShapeFrame
from renderer.gl.targets import RenderTarget
from renderer.passes.custom_shape import CustomShapePass, blend_runs

SIZE = (64, 64)
ASPECT = (1.0, 1.0, 1.0, 1.0)
SOLID_RED = {"r": 1.0, "g": 0.0, "b": 0.0, "a": 1.0, "r2": 1.0, "g2": 0.0, "b2": 0.0, "a2": 1.0, "border_a": 0.0}


@pytest.fixture(scope="module")
def shapes(gl_ctx):
    with gl_ctx:  # module fixtures run outside the gl fixture, which makes the context current
        render_pass = CustomShapePass()
        render_pass.compile(gl_ctx)
    yield render_pass
    with gl_ctx:
        render_pass.release()


@pytest.fixture
def target(gl):
    render_target = RenderTarget(gl, SIZE)
    render_target.use()
    yield render_target
    render_target.release()


def draw(gl, shapes, target, instances, texture=None, settings=None):
    shape = ShapeFrame.from_instances(0, settings or {}, instances)
    target.use()
    shapes.draw(shape, texture or target.texture, SIZE, ASPECT, wrap=False)
    gl.finish()
    return target.read_rgba()


def test_lone_square_lands_at_its_position_with_its_colour(gl, shapes, target):
    draw(gl, shapes, target, [{**SOLID_RED, "x": 0.25, "y": 0.25, "rad": 0.2, "sides": 4}])
    assert tuple(shape_space_pixel(target, 0.25, 0.25)[:3]) == (255, 0, 0)
    assert tuple(shape_space_pixel(target, 0.75, 0.75)[:3]) == (0, 0, 0)
    image = target.read_rgba()
    rows, cols = np.nonzero(lit(image))
    # MilkDrop square (rotated by pi/4: axis-aligned), half-diagonal 0.2 NDC -> half-side 0.1414 NDC = 4.5 px
    assert cols.mean() == pytest.approx(16 - 0.5, abs=0.6)
    assert rows.mean() == pytest.approx(64 - 16 - 0.5, abs=0.6)  # y = 0.25 -> texture v = 0.75
    assert cols.max() - cols.min() + 1 == pytest.approx(9, abs=1)


def test_side_count_controls_the_polygon(gl, shapes, target):
    triangle = lit(draw(gl, shapes, target, [{**SOLID_RED, "rad": 0.6, "sides": 3}])).sum()
    target.clear()
    square = lit(draw(gl, shapes, target, [{**SOLID_RED, "rad": 0.6, "sides": 4}])).sum()
    target.clear()
    many = lit(draw(gl, shapes, target, [{**SOLID_RED, "rad": 0.6, "sides": 60}])).sum()
    radius_px = 0.6 * 32
    assert triangle == pytest.approx(1.299 * radius_px**2, rel=0.1)
    assert square == pytest.approx(2.0 * radius_px**2, rel=0.1)
    assert many == pytest.approx(np.pi * radius_px**2, rel=0.05)


def test_centre_and_rim_colours_are_interpolated(gl, shapes, target):
    draw(gl, shapes, target, [{"r": 1, "g": 0, "b": 0, "a": 1, "r2": 0, "g2": 0, "b2": 1, "a2": 1,
                               "rad": 0.9, "sides": 40, "border_a": 0}])
    centre = shape_space_pixel(target, 0.5, 0.5)
    near_rim = shape_space_pixel(target, 0.5 + 0.42, 0.5)
    assert centre[0] > 240 and centre[2] < 15
    assert near_rim[2] > 200 and near_rim[0] < 60


def test_many_instances_draw_in_one_call_each_in_place(gl, shapes, target):
    instances = [{**SOLID_RED, "x": 0.125 + 0.25 * i, "y": 0.125 + 0.25 * j, "rad": 0.05, "g": 0.25 * i, "g2": 0.25 * i}
                 for i in range(4) for j in range(4)]
    draw(gl, shapes, target, instances)
    for inst in instances:
        pixel = shape_space_pixel(target, inst["x"], inst["y"])
        assert pixel[0] == 255 and pixel[1] == pytest.approx(inst["g"] * 255, abs=2)


def test_alpha_blend_versus_additive(gl, shapes, target):
    half_green = {"r": 0, "g": 1, "b": 0, "a": 0.5, "r2": 0, "g2": 1, "b2": 0, "a2": 0.5, "border_a": 0, "rad": 0.5}
    target.clear((1.0, 0.0, 0.0, 1.0))
    draw(gl, shapes, target, [half_green])
    over = shape_space_pixel(target, 0.5, 0.5)
    assert over[0] == pytest.approx(128, abs=2) and over[1] == pytest.approx(128, abs=2)
    target.clear((1.0, 0.0, 0.0, 1.0))
    draw(gl, shapes, target, [{**half_green, "additive": 1}])
    added = shape_space_pixel(target, 0.5, 0.5)
    assert added[0] == 255 and added[1] == pytest.approx(128, abs=2)


def test_border_outlines_the_rim_and_thick_is_wider(gl, shapes, target):
    ring = {"r": 0, "g": 0, "b": 0, "a": 0, "r2": 0, "g2": 0, "b2": 0, "a2": 0, "rad": 0.5, "sides": 4,
            "border_r": 0, "border_g": 1, "border_b": 1, "border_a": 1}
    thin = draw(gl, shapes, target, [ring])
    thin_px = lit(thin).sum()
    assert thin_px > 40
    assert tuple(shape_space_pixel(target, 0.5, 0.5)[:3]) == (0, 0, 0)  # border only: inside stays black
    assert thin[lit(thin)][:, 1].min() > 200 and thin[lit(thin)][:, 0].max() == 0
    target.clear()
    thick_px = lit(draw(gl, shapes, target, [{**ring, "thick": 1}])).sum()
    assert thick_px > 1.5 * thin_px


def test_textured_shape_samples_the_given_texture(gl, shapes, target):
    source = RenderTarget(gl, SIZE)
    pattern = np.zeros((64, 64, 4), dtype=np.uint8)
    pattern[:, 32:, 2] = 255  # right half blue (u > 0.5)
    pattern[..., 3] = 255
    upload(source, pattern)
    white = {"r": 1, "g": 1, "b": 1, "a": 1, "r2": 1, "g2": 1, "b2": 1, "a2": 1, "border_a": 0,
             "rad": 0.9, "sides": 4, "textured": 1}
    draw(gl, shapes, target, [white], texture=source.texture)
    assert shape_space_pixel(target, 0.7, 0.5)[2] > 200
    assert shape_space_pixel(target, 0.3, 0.5)[2] < 30
    source.release()


def test_blend_runs_keep_instance_order():
    assert blend_runs(np.array([0, 0, 1, 1, 0], dtype=np.float32)) == [(0, 2, False), (2, 4, True), (4, 5, False)]
    assert blend_runs(np.array([1], dtype=np.float32)) == [(0, 1, True)]


def test_translucent_shapes_leave_the_target_opaque(gl, shapes, target):
    target.clear((0.0, 0.0, 0.0, 1.0))
    half = {"r": 1, "g": 1, "b": 1, "a": 0.5, "r2": 1, "g2": 1, "b2": 1, "a2": 0.5, "border_a": 0, "rad": 0.5}
    image = draw(gl, shapes, target, [half])
    assert image[..., 3].min() == 255
