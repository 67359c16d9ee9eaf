"""Frame inputs from a preset's base values alone, running no equations.

Presets render their static look (zoom, decay, waves, shapes, borders, ...) and renderer tests
stay independent of the EEL compiler. The EEL-driven runtime replaces this: it starts from the
same ``frame_globals`` / ``preset_constants`` and then runs the preset's code.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from renderer.audio.frame_audio import FrameAudio
from renderer.frame_inputs import FrameInputs, ShapeFrame, WaveFrame
from renderer.gl.geometry import DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS
from renderer.passes.custom_wave_data import wave_point_inputs
from renderer.passes.shader_env import aspect_values
from renderer.preset import Preset

MAX_INSTANCES = 1024


def preset_constants(preset: Preset) -> dict[str, float]:
    """Preset values the renderer reads that are not per-frame EEL variables in MilkDrop 2."""
    w, m, c = preset.basic_wave, preset.motion, preset.composite
    return {
        "warpanimspeed": float(m.warp_anim_speed),
        "warpscale": float(m.warp_scale),
        "wave_scale": float(w.scale),
        "wave_smoothing": float(w.smoothing),
        "modwavealphabyvolume": float(w.mod_alpha_by_volume),
        "modwavealphastart": float(w.mod_alpha_start),
        "modwavealphaend": float(w.mod_alpha_end),
        "fshader": float(c.hue_shader),
        "red_blue": float(c.red_blue_stereo),
    }


def frame_globals(
    time: float,
    fps: float,
    frame: int,
    audio: FrameAudio,
    texsize: tuple[int, int],
    progress: float = 0.0,
    mesh_size: tuple[int, int] = (DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS),
) -> dict[str, float]:
    """The read-only globals every EEL context sees (aspectx/y are MilkDrop's inverse aspect, >= 1)."""
    aspect_x, aspect_y = aspect_values(texsize)
    values = {
        "time": float(time), "fps": float(fps), "frame": float(frame), "progress": float(progress),
        "meshx": float(mesh_size[0]), "meshy": float(mesh_size[1]),
        "aspectx": 1.0 / aspect_x, "aspecty": 1.0 / aspect_y,
        "pixelsx": float(texsize[0]), "pixelsy": float(texsize[1]),
    }  # fmt: skip
    values.update(audio.levels())
    return values


def static_wave(index: int, wave_vars: Mapping[str, float], flags: Mapping[str, bool], audio: FrameAudio, wave_scale: float) -> WaveFrame:
    """A custom wave's points with no per-point code: x = 0.5 + value1, y = 0.5 + value2."""
    points = wave_point_inputs(wave_vars, audio, wave_scale)
    n = points.count
    ones = np.ones(n, dtype=np.float32)
    return WaveFrame(
        index=index, vars=dict(wave_vars),
        x=0.5 + points.value1, y=0.5 + points.value2,
        r=ones * wave_vars.get("r", 1.0), g=ones * wave_vars.get("g", 1.0),
        b=ones * wave_vars.get("b", 1.0), a=ones * wave_vars.get("a", 1.0),
        **flags,
    )  # fmt: skip


class StaticRuntime:
    """Fills ``FrameInputs`` for ``preset`` from its base values each frame."""

    def __init__(self, preset: Preset, texsize: tuple[int, int], mesh_size: tuple[int, int] = (DEFAULT_MESH_COLS, DEFAULT_MESH_ROWS)) -> None:
        self.preset = preset
        self.texsize = texsize
        self.mesh_size = mesh_size
        self.base = {**preset.base_vars(), **preset_constants(preset)}

    def frame_inputs(self, time: float, fps: float, frame: int, audio: FrameAudio | None = None, progress: float = 0.0) -> FrameInputs:
        audio = audio or FrameAudio()
        frame_vars = dict(self.base)
        frame_vars.update(frame_globals(time, fps, frame, audio, self.texsize, progress, self.mesh_size))
        frame_vars.update({f"q{i}": 0.0 for i in range(1, 33)})
        waves = []
        for wave in self.preset.waves:
            if not wave.enabled:
                continue
            wave_vars = {**wave.vars(), "sep": float(wave.sep), "scaling": wave.scaling, "smoothing": wave.smoothing,
                         "spectrum": float(wave.spectrum), "usedots": float(wave.use_dots),
                         "thick": float(wave.thick), "additive": float(wave.additive)}  # fmt: skip
            flags = {"use_dots": wave.use_dots, "thick": wave.thick, "additive": wave.additive, "spectrum": wave.spectrum}
            waves.append(static_wave(wave.index, wave_vars, flags, audio, self.base["wave_scale"]))
        shapes = []
        for shape in self.preset.shapes:
            if not shape.enabled:
                continue
            settings = shape.vars()
            count = int(min(max(shape.num_inst, 1), MAX_INSTANCES))
            shapes.append(ShapeFrame.from_instances(shape.index, settings, [settings] * count, image=shape.image))
        return FrameInputs(frame_vars=frame_vars, waves=waves, shapes=shapes, audio=audio)
