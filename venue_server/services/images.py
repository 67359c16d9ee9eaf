"""Generated images: a deterministic, tier-coloured avatar (PNG) and a concert cover (JPEG)."""

from __future__ import annotations

import hashlib
import io
import math

from PIL import Image, ImageDraw

TIER_COLOURS = {"general": (40, 180, 170), "floor": (150, 80, 220), "vip": (235, 180, 40)}


def avatar_png(seed: str, tier: str, size: int = 256) -> bytes:
    """A 5×5 mirrored pattern from the user's id, drawn in the tier's colour on a dark ground."""
    digest = hashlib.sha256(seed.encode()).digest()
    colour = TIER_COLOURS.get(tier, TIER_COLOURS["general"])
    shade = tuple(int(c * (0.55 + 0.45 * digest[20] / 255)) for c in colour)
    img = Image.new("RGB", (size, size), (18, 18, 24))
    draw = ImageDraw.Draw(img)
    cell = size // 6
    margin = (size - 5 * cell) // 2
    for row in range(5):
        for col in range(3):
            if digest[row * 3 + col] & 1:
                for c in {col, 4 - col}:
                    x, y = margin + c * cell, margin + row * cell
                    draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=shade)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def cover_jpeg(slug: str, title: str, energy: list[float], size: int = 512) -> bytes:
    """Concentric rings whose radii follow the concert's energy curve, in colours from the slug's hash."""
    digest = hashlib.sha256(slug.encode()).digest()
    hue = digest[0] / 255
    img = Image.new("RGB", (size, size), (10, 10, 16))
    draw = ImageDraw.Draw(img)
    values = energy or [0.5]
    rings = 48
    for k in range(rings, 0, -1):
        v = values[int((k - 1) / rings * (len(values) - 1))]
        radius = size * 0.48 * (k / rings) * (0.6 + 0.4 * v)
        phase = hue + 0.25 * k / rings
        colour = tuple(int(127 + 120 * math.sin(2 * math.pi * (phase + off))) for off in (0.0, 0.33, 0.66))
        c = size / 2
        draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=colour, width=3)
    draw.text((16, size - 28), title[:60], fill=(230, 230, 230))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()
