"""Custom waves and custom shapes: the four ``wavecode_i_*`` and four ``shapecode_i_*`` slots.

Defaults are MilkDrop 2's (``CState::Default()``); note ``border_a`` = 0.1 (projectM uses 0).
Their code blocks live in :attr:`Preset.code` (``wave_i_per_point`` etc.).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .milk_file import MilkFile
from .settings import milk_field, read_group

MAX_CUSTOM_WAVES = 4  # md_defines.h
MAX_CUSTOM_SHAPES = 4


@dataclass(frozen=True, slots=True)
class WaveSettings:
    """One custom wave: ``samples`` points from ``wave_i_per_point``, drawn as lines or dots."""

    index: int = 0
    enabled: bool = milk_field("enabled", False)
    samples: int = milk_field("samples", 512)
    sep: int = milk_field("sep", 0)
    spectrum: bool = milk_field("bSpectrum", False)
    use_dots: bool = milk_field("bUseDots", False)
    thick: bool = milk_field("bDrawThick", False)
    additive: bool = milk_field("bAdditive", False)
    scaling: float = milk_field("scaling", 1.0)
    smoothing: float = milk_field("smoothing", 0.5)
    r: float = milk_field("r", 1.0)
    g: float = milk_field("g", 1.0)
    b: float = milk_field("b", 1.0)
    a: float = milk_field("a", 1.0)

    def vars(self) -> dict[str, float]:
        """Initial values of the variables MilkDrop 2 registers for wave init/per-frame code."""
        return {"r": self.r, "g": self.g, "b": self.b, "a": self.a, "samples": float(self.samples)}


@dataclass(frozen=True, slots=True)
class ShapeSettings:
    """One custom shape: a ``sides``-gon drawn ``num_inst`` times, filled from centre to edge colour.

    ``image`` is the texture name from ``shapecode_i_image`` (not a MilkDrop 2 key; "" when
    absent, in which case a textured shape samples the previous frame as in MilkDrop 2).
    """

    index: int = 0
    enabled: bool = milk_field("enabled", False)
    sides: int = milk_field("sides", 4)
    additive: bool = milk_field("additive", False)
    thick_outline: bool = milk_field("thickOutline", False)
    textured: bool = milk_field("textured", False)
    num_inst: int = milk_field("num_inst", 1)
    x: float = milk_field("x", 0.5)
    y: float = milk_field("y", 0.5)
    rad: float = milk_field("rad", 0.1)
    ang: float = milk_field("ang", 0.0)
    tex_ang: float = milk_field("tex_ang", 0.0)
    tex_zoom: float = milk_field("tex_zoom", 1.0)
    r: float = milk_field("r", 1.0)
    g: float = milk_field("g", 0.0)
    b: float = milk_field("b", 0.0)
    a: float = milk_field("a", 1.0)
    r2: float = milk_field("r2", 0.0)
    g2: float = milk_field("g2", 1.0)
    b2: float = milk_field("b2", 0.0)
    a2: float = milk_field("a2", 0.0)
    border_r: float = milk_field("border_r", 1.0)
    border_g: float = milk_field("border_g", 1.0)
    border_b: float = milk_field("border_b", 1.0)
    border_a: float = milk_field("border_a", 0.1)
    image: str = milk_field("image", "")

    def vars(self) -> dict[str, float]:
        """Initial values of the variables MilkDrop 2 registers for shape init/per-frame code
        (all but ``instance``, which the renderer sets per instance)."""
        return {
            "x": self.x,
            "y": self.y,
            "rad": self.rad,
            "ang": self.ang,
            "tex_ang": self.tex_ang,
            "tex_zoom": self.tex_zoom,
            "sides": float(self.sides),
            "textured": float(self.textured),
            "num_inst": float(self.num_inst),
            "additive": float(self.additive),
            "thick": float(self.thick_outline),
            "r": self.r,
            "g": self.g,
            "b": self.b,
            "a": self.a,
            "r2": self.r2,
            "g2": self.g2,
            "b2": self.b2,
            "a2": self.a2,
            "border_r": self.border_r,
            "border_g": self.border_g,
            "border_b": self.border_b,
            "border_a": self.border_a,
        }


def read_waves(milk: MilkFile) -> tuple[WaveSettings, ...]:
    waves = []
    for i in range(MAX_CUSTOM_WAVES):
        wave = read_group(milk, WaveSettings, f"wavecode_{i}_{{}}")
        waves.append(replace(wave, index=i))
    return tuple(waves)


def read_shapes(milk: MilkFile) -> tuple[ShapeSettings, ...]:
    shapes = []
    for i in range(MAX_CUSTOM_SHAPES):
        shape = read_group(milk, ShapeSettings, f"shapecode_{i}_{{}}")
        shapes.append(replace(shape, index=i, image=shape.image.strip()))
    return tuple(shapes)
