"""Static geometry: the buffer-less full-screen triangle and MilkDrop's warp grid mesh."""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import numpy as np

DEFAULT_MESH_COLS = 48  # MilkDrop / Butterchurn default warp mesh: 48 x 36 cells
DEFAULT_MESH_ROWS = 36


def fullscreen_triangle(ctx: moderngl.Context, program: moderngl.Program) -> moderngl.VertexArray:
    """A VAO with no buffers; the vertex shader derives positions from ``gl_VertexID``.

    Render it with ``vao.render(moderngl.TRIANGLES, vertices=3)``.
    """
    return ctx.vertex_array(program, [])


@dataclass(frozen=True)
class GridMesh:
    """A (cols x rows)-cell grid over NDC [-1, 1]^2, vertices row-major (rows outer).

    ``positions[:, 0]`` is MilkDrop's mesh X = ix/cols*2-1 and ``positions[:, 1]`` its
    Y = iz/rows*2-1 (row 0 has Y = -1). Indices list two triangles per cell.
    """

    cols: int
    rows: int
    positions: np.ndarray  # (n, 2) float32
    indices: np.ndarray  # (cols*rows*6,) uint32

    @property
    def vertex_count(self) -> int:
        return (self.cols + 1) * (self.rows + 1)


def grid_mesh(cols: int = DEFAULT_MESH_COLS, rows: int = DEFAULT_MESH_ROWS) -> GridMesh:
    """Build the grid; cols and rows must be at least 1."""
    if cols < 1 or rows < 1:
        raise ValueError(f"grid needs at least 1x1 cells, got {cols}x{rows}")
    xs = np.arange(cols + 1, dtype=np.float64) / cols * 2.0 - 1.0
    ys = np.arange(rows + 1, dtype=np.float64) / rows * 2.0 - 1.0
    gx, gy = np.meshgrid(xs, ys)  # gy varies along axis 0 (rows)
    positions = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    iz, ix = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    a = (iz * (cols + 1) + ix).ravel()
    b = a + 1
    c = a + (cols + 1)
    d = c + 1
    indices = np.stack([a, b, c, b, d, c], axis=1).ravel().astype(np.uint32)
    return GridMesh(cols, rows, positions, indices)
