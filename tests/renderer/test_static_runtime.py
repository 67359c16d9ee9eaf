"""The equation-free runtime: FrameInputs straight from a preset's base values (no GL)."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.audio.frame_audio import FrameAudio
from renderer.frame_inputs import FrameInputs, ShapeFrame, WaveFrame
from renderer.preset import parse_preset
from renderer.static_runtime import StaticRuntime

PRESET = """[preset00]
zoom=1.05
fWarpAnimSpeed=2.5
fWaveScale=1.5
wavecode_1_enabled=1
wavecode_1_samples=100
wavecode_1_bUseDots=1
wavecode_1_r=0.25
wavecode_1_smoothing=0.0
shapecode_2_enabled=1
shapecode_2_num_inst=5
shapecode_2_sides=7
shapecode_2_rad=0.3
"""


def test_frame_vars_carry_base_values_globals_and_constants():
    runtime = StaticRuntime(parse_preset(PRESET), (160, 120))
    inputs = runtime.frame_inputs(2.0, 60.0, 7, FrameAudio(bass=1.7))
    v = inputs.frame_vars
    assert v["zoom"] == pytest.approx(1.05) and v["decay"] == pytest.approx(0.98)
    assert (v["time"], v["fps"], v["frame"], v["bass"]) == (2.0, 60.0, 7.0, 1.7)
    assert v["aspectx"] == 1.0 and v["aspecty"] == pytest.approx(160 / 120)  # EEL's inverse aspect
    assert v["warpanimspeed"] == 2.5 and v["wave_scale"] == 1.5
    assert v["meshx"] == 48 and v["meshy"] == 36 and v["q32"] == 0.0


def test_enabled_waves_get_points_from_the_audio():
    runtime = StaticRuntime(parse_preset(PRESET), (160, 120))
    wave_l = np.full(512, 50.0, np.float32)
    inputs = runtime.frame_inputs(0.0, 30.0, 0, FrameAudio(wave_l=wave_l, wave_r=-wave_l))
    (wave,) = inputs.waves
    assert wave.index == 1 and wave.point_count == 100 and wave.use_dots
    # x = 0.5 + value1, value1 = sample * 0.004 * scaling * preset wave_scale
    assert np.allclose(wave.x, 0.5 + 50 * 0.004 * 1.5) and np.allclose(wave.y, 0.5 - 50 * 0.004 * 1.5)
    assert np.allclose(wave.r, 0.25) and np.allclose(wave.a, 1.0)


def test_enabled_shapes_repeat_base_values_per_instance():
    runtime = StaticRuntime(parse_preset(PRESET), (160, 120))
    (shape,) = runtime.frame_inputs(0.0, 30.0, 0).shapes
    assert shape.index == 2 and shape.instance_count == 5
    assert np.allclose(shape.sides, 7) and np.allclose(shape.rad, 0.3)


def test_value_objects_validate_their_arrays():
    with pytest.raises(ValueError, match="differ in length"):
        WaveFrame(index=0, vars={}, x=[0, 1], y=[0], r=[1, 1], g=[1, 1], b=[1, 1], a=[1, 1])
    shape = ShapeFrame.from_instances(0, {"rad": 0.2}, [{"x": 0.1}, {}])
    assert shape.x.tolist() == pytest.approx([0.1, 0.5]) and shape.rad.tolist() == pytest.approx([0.2, 0.2])
    assert shape.x.dtype == np.float32
    assert FrameInputs(frame_vars={}).vertex_motion is None


def test_renderer_defaults_agree_with_the_preset_reader():
    from renderer.frame_inputs import DEFAULT_FRAME_VARS
    from renderer.static_runtime import preset_constants

    preset = parse_preset("[preset00]\nwave_r=1\nwave_g=1\nwave_b=1\nwave_x=0.5\nwave_y=0.5\n")
    base = {**preset.base_vars(), **preset_constants(preset)}
    assert {name: base[name] for name in base if name in DEFAULT_FRAME_VARS} == {
        name: DEFAULT_FRAME_VARS[name] for name in base if name in DEFAULT_FRAME_VARS
    }
    assert set(base) - set(DEFAULT_FRAME_VARS) <= {"red_blue"}
