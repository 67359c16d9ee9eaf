"""MilkDrop's per-vertex UV formula in numpy (the same maths as ``shaders/warp.vert``).

Used to check the shader and by callers that need UVs without GL. Inputs follow
butterchurn.md §1.3-1.4: mesh X, Y in [-1, 1] and the ten motion values per vertex.
"""

from __future__ import annotations

import numpy as np


def per_pixel_coordinates(positions: np.ndarray, aspect_x: float, aspect_y: float) -> dict[str, np.ndarray]:
    """MilkDrop's per-pixel x, y, rad, ang for mesh positions (aspects <= 1)."""
    X = positions[:, 0].astype(np.float64)
    Y = positions[:, 1].astype(np.float64)
    x = X * 0.5 * aspect_x + 0.5
    y = -Y * 0.5 * aspect_y + 0.5
    rad = np.sqrt(X * X * aspect_x * aspect_x + Y * Y * aspect_y * aspect_y)
    ang = np.arctan2(Y * aspect_y, X * aspect_x)
    ang = np.where(ang < 0.0, ang + 2.0 * np.pi, ang)
    ang = np.where((X == 0.0) & (Y == 0.0), 0.0, ang)
    return {"x": x, "y": y, "rad": rad, "ang": ang}


def warp_uvs(
    positions: np.ndarray,
    motion: np.ndarray,
    time: float,
    warpanimspeed: float,
    warpscale: float,
    aspect_x: float,
    aspect_y: float,
) -> np.ndarray:
    """(n, 2) texture UVs for (n, 2) positions and (n, 10) motion values (MOTION_VARS order)."""
    X = positions[:, 0].astype(np.float64)
    Y = positions[:, 1].astype(np.float64)
    zoom, zoomexp, rot, warp, cx, cy, dx, dy, sx, sy = (motion[:, i].astype(np.float64) for i in range(10))
    rad = np.sqrt(X * X * aspect_x * aspect_x + Y * Y * aspect_y * aspect_y)
    with np.errstate(invalid="ignore", divide="ignore"):
        zoom2 = np.power(zoom, np.power(zoomexp, rad * 2.0 - 1.0))
        u = X * 0.5 * aspect_x / zoom2 + 0.5
        v = -Y * 0.5 * aspect_y / zoom2 + 0.5
        u = (u - cx) / sx + cx
        v = (v - cy) / sy + cy
    t = time * warpanimspeed
    s = 1.0 / warpscale
    f0 = 11.68 + 4.0 * np.cos(t * 1.413 + 10.0)
    f1 = 8.77 + 3.0 * np.cos(t * 1.113 + 7.0)
    f2 = 10.54 + 3.0 * np.cos(t * 1.233 + 3.0)
    f3 = 11.49 + 4.0 * np.cos(t * 0.933 + 5.0)
    w = np.where(warp != 0.0, warp * 0.0035, 0.0)
    u = u + w * np.sin(t * 0.333 + s * (X * f0 - Y * f3))
    v = v + w * np.cos(t * 0.375 - s * (X * f2 + Y * f1))
    u = u + w * np.cos(t * 0.753 - s * (X * f1 - Y * f2))
    v = v + w * np.sin(t * 0.825 + s * (X * f0 + Y * f3))
    du, dv = u - cx, v - cy
    u = du * np.cos(rot) - dv * np.sin(rot) + cx - dx
    v = du * np.sin(rot) + dv * np.cos(rot) + cy - dy
    u = (u - 0.5) / aspect_x + 0.5
    v = (v - 0.5) / aspect_y + 0.5
    return np.stack([u, v], axis=1)
