"""The typed model of one preset: what a .milk file says, with MilkDrop 2's defaults filled in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .code_blocks import CodeBlock
from .custom import ShapeSettings, WaveSettings
from .diagnostics import Diagnostic
from .settings import (
    INNER_BORDER_DEFAULTS,
    OUTER_BORDER_DEFAULTS,
    BasicWaveSettings,
    BlurSettings,
    BorderSettings,
    CompositeSettings,
    EchoSettings,
    FeedbackSettings,
    MotionSettings,
    MotionVectorSettings,
)

CUR_MILKDROP_PRESET_VERSION = 201  # state.h
DEFAULT_PRESET_VERSION = 100  # what MilkDrop 2 assumes when MILKDROP_PRESET_VERSION is absent


@dataclass(frozen=True, slots=True)
class Preset:
    """One loaded preset. Build it with :func:`parse_preset` / :func:`load_preset`.

    ``warp_shader`` / ``comp_shader`` are the HLSL texts (lines joined with ``"\\n"``), or None
    when that shader's PS version is 0 (always for version < 200) or the file has no lines for it;
    the renderer then uses MilkDrop's generated default shader.
    """

    name: str
    path: Path | None = None
    version: int = DEFAULT_PRESET_VERSION
    warp_ps_version: int = 0
    comp_ps_version: int = 0
    rating: float = 3.0
    motion: MotionSettings = MotionSettings()
    feedback: FeedbackSettings = FeedbackSettings()
    echo: EchoSettings = EchoSettings()
    composite: CompositeSettings = CompositeSettings()
    basic_wave: BasicWaveSettings = BasicWaveSettings()
    outer_border: BorderSettings = BorderSettings(*OUTER_BORDER_DEFAULTS)
    inner_border: BorderSettings = BorderSettings(*INNER_BORDER_DEFAULTS)
    motion_vectors: MotionVectorSettings = MotionVectorSettings()
    blur: BlurSettings = BlurSettings()
    waves: tuple[WaveSettings, ...] = tuple(WaveSettings(index=i) for i in range(4))
    shapes: tuple[ShapeSettings, ...] = tuple(ShapeSettings(index=i) for i in range(4))
    code: dict[str, CodeBlock] = field(default_factory=dict)
    warp_shader: str | None = None
    comp_shader: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def base_vars(self) -> dict[str, float]:
        """Initial value of every per-frame EEL variable that comes from the preset.

        These are the names MilkDrop 2 registers for per_frame_init/per_frame code
        (``CState::RegisterBuiltInVariables``) minus those the runtime supplies each frame
        (time, fps, frame, progress, bass..treb_att, q1..q32, meshx/y, pixelsx/y, aspectx/y, monitor).
        Booleans are 0.0 / 1.0.
        """
        m, f, e, c, w = self.motion, self.feedback, self.echo, self.composite, self.basic_wave
        ob, ib, mv, bl = self.outer_border, self.inner_border, self.motion_vectors, self.blur
        values = {
            "zoom": m.zoom, "zoomexp": m.zoomexp, "rot": m.rot, "warp": m.warp,
            "cx": m.cx, "cy": m.cy, "dx": m.dx, "dy": m.dy, "sx": m.sx, "sy": m.sy,
            "decay": f.decay,
            "wave_a": w.alpha, "wave_r": w.r, "wave_g": w.g, "wave_b": w.b,
            "wave_x": w.x, "wave_y": w.y, "wave_mystery": w.mystery, "wave_mode": w.mode,
            "ob_size": ob.size, "ob_r": ob.r, "ob_g": ob.g, "ob_b": ob.b, "ob_a": ob.a,
            "ib_size": ib.size, "ib_r": ib.r, "ib_g": ib.g, "ib_b": ib.b, "ib_a": ib.a,
            "mv_x": mv.x, "mv_y": mv.y, "mv_dx": mv.dx, "mv_dy": mv.dy, "mv_l": mv.l,
            "mv_r": mv.r, "mv_g": mv.g, "mv_b": mv.b, "mv_a": mv.a,
            "echo_zoom": e.zoom, "echo_alpha": e.alpha, "echo_orient": e.orientation,
            "wave_usedots": w.dots, "wave_thick": w.thick, "wave_additive": w.additive,
            "wave_brighten": w.maximize_color,
            "darken_center": f.darken_center, "gamma": c.gamma, "wrap": f.wrap,
            "invert": c.invert, "brighten": c.brighten, "darken": c.darken, "solarize": c.solarize,
            "blur1_min": bl.blur1_min, "blur2_min": bl.blur2_min, "blur3_min": bl.blur3_min,
            "blur1_max": bl.blur1_max, "blur2_max": bl.blur2_max, "blur3_max": bl.blur3_max,
            "blur1_edge_darken": bl.blur1_edge_darken,
        }  # fmt: skip
        return {name: float(value) for name, value in values.items()}

    @property
    def has_shaders(self) -> bool:
        return self.warp_shader is not None or self.comp_shader is not None

    def diagnostics_of(self, severity: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == severity]
