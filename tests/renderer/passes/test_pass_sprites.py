"""Borders, darken center and motion vectors on a tiny target."""

from __future__ import annotations

import numpy as np
import pytest
from gl_pixels import lit

from renderer.gl.geometry import grid_mesh
from renderer.gl.targets import RenderTarget
from renderer.passes.border import BorderPass, border_geometry
from renderer.passes.darken_center import DarkenCenterPass
from renderer.passes.motion_vectors import MotionVectorsPass, motion_vector_lines
from renderer.passes.warp_uv import warp_uvs

SIZE = (100, 100)


@pytest.fixture
def target(gl):
    render_target = RenderTarget(gl, SIZE)
    render_target.use()
    yield render_target
    render_target.release()


def test_outer_border_covers_the_edge_band_in_its_colour(gl, target):
    borders = BorderPass()
    borders.compile(gl)
    assert borders.draw({"ob_size": 0.1, "ob_r": 1.0, "ob_g": 0.0, "ob_b": 0.0, "ob_a": 1.0, "ib_a": 0.0}) == 1
    image = target.read_rgba()
    assert tuple(image[2, 50, :3]) == (255, 0, 0) and tuple(image[50, 97, :3]) == (255, 0, 0)
    assert tuple(image[50, 50, :3]) == (0, 0, 0) and tuple(image[7, 50, :3]) == (0, 0, 0)
    assert lit(image).sum() == 100 * 100 - 90 * 90  # ob_size 0.1 NDC = 5 px per side
    borders.release()


def test_inner_border_sits_inside_the_outer_one(gl, target):
    borders = BorderPass()
    borders.compile(gl)
    frame_vars = {"ob_size": 0.1, "ob_a": 0.0, "ib_size": 0.1, "ib_r": 0.0, "ib_g": 1.0, "ib_b": 0.0, "ib_a": 1.0}
    assert borders.draw(frame_vars) == 1
    image = target.read_rgba()
    assert tuple(image[2, 50, :3]) == (0, 0, 0)
    assert tuple(image[7, 50, :3]) == (0, 255, 0)
    assert tuple(image[12, 50, :3]) == (0, 0, 0)
    borders.release()


def test_borders_with_zero_alpha_or_size_are_skipped():
    assert border_geometry({"ob_a": 0.0, "ib_a": 0.0}) == []
    assert border_geometry({"ob_a": 1.0, "ob_size": 0.0, "ib_a": 0.0}) == []
    assert len(border_geometry({"ob_a": 1.0, "ib_a": 1.0})) == 2


def test_darken_center_dims_only_the_middle(gl, target):
    target.clear((1.0, 1.0, 1.0, 1.0))
    target.use()
    darken = DarkenCenterPass()
    darken.compile(gl)
    darken.draw(1.0)
    image = target.read_rgba()
    dimmed = image[..., 0] < 255
    assert 228 <= image[..., 0].min() <= 245  # at most 3/32 darker, at the centre
    rows, cols = np.nonzero(dimmed)
    assert dimmed.sum() < 30 and abs(rows.mean() - 49.5) < 1 and abs(cols.mean() - 49.5) < 1
    darken.release()


def identity_uv(texsize=SIZE, **motion):
    mesh = grid_mesh(8, 8)
    values = {"zoom": 1.0, "zoomexp": 1.0, "rot": 0.0, "warp": 0.0, "cx": 0.5, "cy": 0.5, "dx": 0.0,
              "dy": 0.0, "sx": 1.0, "sy": 1.0, **motion}
    rows = np.tile(list(values.values()), (mesh.vertex_count, 1))
    return warp_uvs(mesh.positions, rows, 0.0, 1.0, 1.0, 1.0, 1.0).reshape(9, 9, 2)


def test_motion_vector_grid_size_and_milkdrop_minimum_length():
    lines = motion_vector_lines({"mv_a": 1.0, "mv_x": 4.0, "mv_y": 3.0, "mv_l": 1.0}, identity_uv(), SIZE)
    # MilkDrop's spacing puts the last column and row exactly on 1.0, outside (0.0001, 0.9999)
    assert lines.shape == (2 * 3 * 2, 2)
    vectors = lines[1::2] - lines[0::2]
    # no motion: zero vectors become (min, min) with min = one texel (MilkDrop, not Butterchurn)
    assert np.allclose(vectors, [2.0 / SIZE[0], -2.0 / SIZE[1]], atol=1e-6)
    assert motion_vector_lines({"mv_a": 0.0}, identity_uv(), SIZE).shape == (0, 2)


def test_motion_vectors_point_toward_the_warp_source():
    lines = motion_vector_lines({"mv_a": 1.0, "mv_x": 6.0, "mv_y": 6.0, "mv_l": 1.0}, identity_uv(dx=0.05), SIZE)
    vectors = lines[1::2] - lines[0::2]
    # content comes from u - dx: the source lies to the left, 0.05 UV = 0.1 NDC
    assert np.allclose(vectors[:, 0], -0.1, atol=1e-4) and np.allclose(vectors[:, 1], 0.0, atol=1e-4)


def test_motion_vectors_are_drawn_in_their_colour(gl, target):
    mv = MotionVectorsPass()
    mv.compile(gl)
    count = mv.draw({"mv_a": 1.0, "mv_x": 6.0, "mv_y": 6.0, "mv_l": 1.0, "mv_r": 0.0, "mv_g": 1.0, "mv_b": 0.0},
                    identity_uv(dx=0.05), SIZE)
    assert count == 25
    image = target.read_rgba()
    assert lit(image).sum() >= 25 * 3 and image[..., 0].max() == 0 and image[..., 1].max() == 255
    mv.release()
