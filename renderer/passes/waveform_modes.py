"""The 8 built-in waveform shapes as pure vertex maths (no GL), per butterchurn.md §1.10.

Input: MilkDrop's 512-sample int8-scaled L/R arrays. Output: polylines in NDC with y = 0 at
the screen centre and +y toward the top of the *screen* (the final negation for the
upside-down feedback texture is applied here, so callers draw the points as they are).
MilkDrop's mode 5 uses ``x * aspecty + wave_x`` (Butterchurn's ``x * (aspecty + wave_x)`` is a bug).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from renderer.finite import finite
from scipy.signal import lfilter

SAMPLES = 512


@dataclass(frozen=True)
class WaveParams:
    """The per-frame values the basic waveform reads (EEL names in comments)."""

    mode: int = 0  # wave_mode
    x: float = 0.5  # wave_x
    y: float = 0.5  # wave_y
    mystery: float = 0.0  # wave_mystery
    scale: float = 1.0  # wave_scale (preset value)
    smoothing: float = 0.75  # wave_smoothing (preset value)
    alpha: float = 0.8  # wave_a
    r: float = 1.0
    g: float = 1.0
    b: float = 1.0
    brighten: bool = True  # wave_brighten
    mod_alpha_by_volume: bool = False  # modwavealphabyvolume
    mod_alpha_start: float = 0.75
    mod_alpha_end: float = 0.95
    time: float = 0.0
    bass: float = 1.0
    mid: float = 1.0
    treb: float = 1.0
    aspect_x: float = 1.0  # shader aspect (<= 1)
    aspect_y: float = 1.0
    texsize: tuple[int, int] = (512, 512)


@dataclass(frozen=True)
class WaveGeometry:
    """Polylines (each (n, 2) NDC) plus one RGBA colour; empty ``lines`` means nothing to draw."""

    lines: list[np.ndarray] = field(default_factory=list)
    rgba: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def prepare_samples(wave: np.ndarray, scale: float, smoothing: float) -> np.ndarray:
    """Scale by wave_scale/128 and run MilkDrop's one-pole smoothing (w[i] mixes in w[i-1])."""
    data = finite(np.asarray(wave, dtype=np.float64)[:SAMPLES])
    data = data * (scale / 128.0)
    if data.size == 0:
        return data
    # w[0] = t[0]; w[i] = t[i] * (1 - k) + w[i - 1] * k  (initial state chosen so w[0] = t[0])
    out, _ = lfilter([1.0 - smoothing], [1.0, -smoothing], data, zi=[smoothing * data[0]])
    return out


def smooth_polyline(points: np.ndarray) -> np.ndarray:
    """Insert a midpoint between neighbours with taps (-0.15, 1.15, 1.15, -0.15)/2 -> 2n-1 points."""
    n = points.shape[0]
    if n < 3:
        return points.copy()
    out = np.empty((2 * n - 1, points.shape[1]), dtype=points.dtype)
    out[0::2] = points
    i = np.arange(n - 1)
    prev_pt = points[np.maximum(i - 1, 0)]
    next2 = points[np.minimum(i + 2, n - 1)]
    out[1::2] = (-0.15 * prev_pt + 1.15 * points[i] + 1.15 * points[i + 1] - 0.15 * next2) * 0.5
    return out


def _size_factor(texsize: tuple[int, int], small: float, medium: float, large: float) -> float:
    w = texsize[0]
    return small if w < 1024 else medium if w < 2048 else large


def _wrap_mystery(p: float) -> float:
    if abs(p) > 1.0:
        p = (p + 1.0) % 2.0 - 1.0
    return p


def wave_alpha(params: WaveParams) -> float:
    """wave_a times the mode's factor, optionally volume-modulated, clamped to [0, 1]."""
    mode = int(math.floor(params.mode)) % 8
    factor = {1: 1.25}.get(mode, 1.0)
    if mode in (2, 5):
        factor = _size_factor(params.texsize, 0.09, 0.11, 0.13)
    elif mode == 3:
        factor = _size_factor(params.texsize, 0.15, 0.22, 0.33) * 1.3 * params.treb * params.treb
    alpha = params.alpha * factor
    if params.mod_alpha_by_volume:
        vol = (params.bass + params.mid + params.treb) / 3.0
        span = params.mod_alpha_end - params.mod_alpha_start
        alpha *= (vol - params.mod_alpha_start) / span if span != 0.0 else 1.0
    return float(min(max(alpha, 0.0), 1.0))


def wave_color(params: WaveParams) -> tuple[float, float, float]:
    rgb = [min(max(c, 0.0), 1.0) for c in (params.r, params.g, params.b)]
    if params.brighten:
        top = max(rgb)
        if top > 0.01:
            rgb = [c / top for c in rgb]
    return rgb[0], rgb[1], rgb[2]


def basic_wave(left: np.ndarray, right: np.ndarray, params: WaveParams) -> WaveGeometry:
    """The basic waveform's polylines for this frame (unsmoothed; see ``smooth_polyline``)."""
    vol = (params.bass + params.mid + params.treb) / 3.0
    alpha = wave_alpha(params)
    if params.alpha <= 0.001 or vol <= -0.01:
        return WaveGeometry()
    L = prepare_samples(left, params.scale, params.smoothing)
    R = prepare_samples(right, params.scale, params.smoothing)
    mode = int(math.floor(params.mode)) % 8
    px, py = params.x * 2.0 - 1.0, params.y * 2.0 - 1.0
    p = _wrap_mystery(params.mystery) if mode in (0, 1, 4) else params.mystery
    ax, ay, t = params.aspect_x, params.aspect_y, params.time
    lines = _MODES[mode](L, R, px, py, p, ax, ay, t, params.texsize)
    flipped = []
    for line in lines:
        line = np.asarray(line, dtype=np.float64).copy()
        line[:, 1] = -line[:, 1]  # feedback texture is stored upside-down
        flipped.append(line.astype(np.float32))
    r, g, b = wave_color(params)
    return WaveGeometry(flipped, (r, g, b, alpha))


def _circle(L, R, px, py, p, ax, ay, t, texsize):
    n = SAMPLES // 2
    offset = (SAMPLES - n) // 2
    i = np.arange(n)
    rad = 0.5 + 0.4 * R[i + offset] + p
    ang = i / (n - 1) * 2.0 * math.pi + t * 0.2
    blend_count = n // 10
    j = np.arange(blend_count)
    mix = 0.5 - 0.5 * np.cos(j / (n * 0.1) * math.pi)
    rad_wrap = 0.5 + 0.4 * R[(j + n + offset) % SAMPLES] + p
    rad[:blend_count] = rad_wrap * (1.0 - mix) + rad[:blend_count] * mix
    pts = np.stack([rad * np.cos(ang) * ay + px, rad * np.sin(ang) * ax + py], axis=1)
    return [np.vstack([pts, pts[:1]])]


def _spiral(L, R, px, py, p, ax, ay, t, texsize):
    n = SAMPLES // 2
    i = np.arange(n)
    rad = 0.53 + 0.43 * R[i] + p
    ang = L[i + 32] * 1.57 + t * 2.3
    return [np.stack([rad * np.cos(ang) * ay + px, rad * np.sin(ang) * ax + py], axis=1)]


def _xy_scope(L, R, px, py, p, ax, ay, t, texsize):
    i = np.arange(SAMPLES)
    return [np.stack([R[i] * ay + px, L[(i + 32) % SAMPLES] * ax + py], axis=1)]


def _horizontal(L, R, px, py, p, ax, ay, t, texsize):
    n = min(SAMPLES, texsize[0] // 3)
    offset = (SAMPLES - n) // 2
    w1 = 0.45 + 0.5 * (p * 0.5 + 0.5)
    w2 = 1.0 - w1
    i = np.arange(n)
    x = -1.0 + 2.0 * (i / n) + px + R[(i + 25 + offset) % SAMPLES] * 0.44
    y = L[i + offset] * 0.47 + py
    for k in range(2, n):  # momentum: each point leans on the line through the two before it
        x[k] = x[k] * w2 + w1 * (x[k - 1] * 2.0 - x[k - 2])
        y[k] = y[k] * w2 + w1 * (y[k - 1] * 2.0 - y[k - 2])
    return [np.stack([x, y], axis=1)]


def _explosive(L, R, px, py, p, ax, ay, t, texsize):
    i = np.arange(SAMPLES)
    i2 = (i + 32) % SAMPLES
    x0 = R[i] * L[i2] + L[i] * R[i2]
    y0 = R[i] * R[i] - L[i2] * L[i2]
    c, s = math.cos(t * 0.3), math.sin(t * 0.3)
    return [np.stack([(x0 * c - y0 * s) * ay + px, (x0 * s + y0 * c) * ax + py], axis=1)]


def _angled_edges(px: float, p: float) -> tuple[np.ndarray, np.ndarray]:
    """End points of the line at angle p*pi/2 through (shifted by px), clipped to +-1.1."""
    ang = 1.57 * p
    dx, dy = math.cos(ang), math.sin(ang)
    base = np.array([px * math.cos(ang + 1.57), px * math.sin(ang + 1.57)])
    ends = [base - 3.0 * np.array([dx, dy]), base + 3.0 * np.array([dx, dy])]
    for i in range(2):
        for axis, limit in ((0, 1.1), (0, -1.1), (1, 1.1), (1, -1.1)):
            value, other = ends[i][axis], ends[1 - i][axis]
            if (limit > 0 and value > limit) or (limit < 0 and value < limit):
                tt = (limit - other) / (value - other)
                ends[i] = ends[1 - i] + (ends[i] - ends[1 - i]) * tt
    return ends[0], ends[1]


def _angled_line(L, R, px, py, p, ax, ay, t, texsize, double: bool = False):
    n = min(SAMPLES // 2, texsize[0] // 3)
    offset = (SAMPLES - n) // 2
    start, end = _angled_edges(px, p)
    step = (end - start) / n
    ang = math.atan2(step[1], step[0])
    perp = np.array([math.cos(ang + 1.57), math.sin(ang + 1.57)])
    i = np.arange(n)[:, None]
    base = start + step * i
    if not double:
        return [base + perp * (0.25 * L[i[:, 0] + offset])[:, None]]
    sep = (py * 0.5 + 0.5) ** 2
    first = base + perp * (0.25 * L[i[:, 0] + offset] + sep)[:, None]
    second = base + perp * (0.25 * R[i[:, 0] + offset] - sep)[:, None]
    return [first, second]


_MODES = {
    0: _circle,
    1: _spiral,
    2: _xy_scope,
    3: _xy_scope,
    4: _horizontal,
    5: _explosive,
    6: _angled_line,
    7: lambda *args: _angled_line(*args, double=True),
}
