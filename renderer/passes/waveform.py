"""The basic (built-in) waveform: ``wave_mode`` 0-7 drawn from the frame's audio."""

from __future__ import annotations

from typing import Mapping

import moderngl
import numpy as np

from renderer.audio.frame_audio import FrameAudio
from renderer.passes.solid import SolidDrawer, set_blend, thick_offsets
from renderer.passes.waveform_modes import WaveParams, basic_wave, smooth_polyline


def wave_params(frame_vars: Mapping[str, float], audio: FrameAudio, texsize: tuple[int, int], aspect: tuple[float, float]) -> WaveParams:
    """Collect the basic-wave inputs from per-frame variables (MilkDrop 2 EEL names)."""
    v = frame_vars
    return WaveParams(
        mode=int(np.floor(float(v.get("wave_mode", 0.0)))),
        x=float(v.get("wave_x", 0.5)), y=float(v.get("wave_y", 0.5)),
        mystery=float(v.get("wave_mystery", 0.0)),
        scale=float(v.get("wave_scale", 1.0)), smoothing=float(v.get("wave_smoothing", 0.75)),
        alpha=float(v.get("wave_a", 0.8)),
        r=float(v.get("wave_r", 1.0)), g=float(v.get("wave_g", 1.0)), b=float(v.get("wave_b", 1.0)),
        brighten=float(v.get("wave_brighten", 1.0)) != 0.0,
        mod_alpha_by_volume=float(v.get("modwavealphabyvolume", 0.0)) != 0.0,
        mod_alpha_start=float(v.get("modwavealphastart", 0.75)),
        mod_alpha_end=float(v.get("modwavealphaend", 0.95)),
        time=float(v.get("time", 0.0)),
        bass=audio.bass, mid=audio.mid, treb=audio.treb,
        aspect_x=aspect[0], aspect_y=aspect[1], texsize=texsize,
    )  # fmt: skip


class BasicWaveformPass:
    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.drawer = SolidDrawer(ctx)

    def draw(self, frame_vars: Mapping[str, float], audio: FrameAudio, texsize: tuple[int, int], aspect: tuple[float, float]) -> int:
        """Draw into the bound target; returns the number of polylines drawn."""
        geometry = basic_wave(audio.wave_l, audio.wave_r, wave_params(frame_vars, audio, texsize, aspect))
        if not geometry.lines or geometry.rgba[3] <= 0.0:
            return 0
        dots = float(frame_vars.get("wave_usedots", 0.0)) != 0.0
        thick = float(frame_vars.get("wave_thick", 0.0)) != 0.0
        set_blend(self.ctx, float(frame_vars.get("wave_additive", 0.0)) != 0.0)
        offsets = thick_offsets(texsize) if (thick or dots) else ((0.0, 0.0),)
        for line in geometry.lines:
            points = line if dots else smooth_polyline(line)
            colors = np.tile(np.array(geometry.rgba, dtype=np.float32), (points.shape[0], 1))
            self.drawer.draw(points, colors, moderngl.POINTS if dots else moderngl.LINE_STRIP, offsets=offsets)
        return len(geometry.lines)

    def release(self) -> None:
        self.drawer.release()
