"""The EEL-driven runtime applies MilkDrop 2's reset rules and feeds the renderer."""

import numpy as np

from renderer.equations import compile_preset
from renderer.equations.runtime import EquationRuntime
from renderer.frame_inputs import MOTION_VARS
from renderer.preset import parse_preset

PRESET = """MILKDROP_PRESET_VERSION=201
[preset00]
zoom=1.0
fDecay=0.9
per_frame_init_1=q1 = 5; counter = 100;
per_frame_1=q1 = q1 + 1; counter = counter + 1; zoom = zoom + 0.1; q2 = counter;
per_pixel_1=rot = x * q1;
wavecode_0_enabled=1
wavecode_0_samples=64
wave_0_init1=t1 = 7;
wave_0_per_frame1=t1 = t1 + 1; r = 0.5;
wave_0_per_point1=x = sample; y = t1 * 0.01; g = q1 * 0.1;
shapecode_0_enabled=1
shapecode_0_num_inst=5
shape_0_per_frame1=x = instance * 0.1; rad = q2 * 0.001;
"""


def runtime(text: str = PRESET) -> EquationRuntime:
    compiled = compile_preset(parse_preset(text), use_glsl=False)
    assert compiled.ok, compiled.errors
    return EquationRuntime(compiled, (64, 48))


def test_per_frame_resets_base_values_and_q_but_keeps_user_variables() -> None:
    rt = runtime()
    first = rt.frame_inputs(0.0, 30.0, 0)
    counter_after_first = rt.frame_ctx.vars["counter"]
    second = rt.frame_inputs(1 / 30, 30.0, 1)
    assert first.frame_vars["zoom"] == second.frame_vars["zoom"] == 1.1  # base value reset each frame
    assert first.frame_vars["q1"] == second.frame_vars["q1"] == 6  # q restored to the init value
    assert (counter_after_first, rt.frame_ctx.vars["counter"]) == (101, 102)  # user var persists
    assert "counter" not in second.frame_vars  # the renderer gets MilkDrop's names only


def test_per_pixel_gets_frame_q_and_per_vertex_coordinates() -> None:
    rt = runtime()
    inputs = rt.frame_inputs(0.0, 30.0, 0)
    motion = inputs.vertex_motion
    assert motion is not None and motion.shape == (rt.vertex_count, len(MOTION_VARS))
    rot = motion[:, MOTION_VARS.index("rot")]
    np.testing.assert_allclose(rot, rt.vertex_inputs["x"] * 6, rtol=1e-6)
    assert np.all(motion[:, MOTION_VARS.index("zoom")] == np.float32(1.1))


def test_waves_restore_t_from_init_each_frame_and_run_per_point() -> None:
    rt = runtime()
    for frame in range(3):
        (wave,) = rt.frame_inputs(frame / 30, 30.0, frame).waves
        assert wave.vars["r"] == 0.5
        np.testing.assert_allclose(wave.y, 0.08, rtol=1e-6)  # t1 = 7 + 1 every frame, never accumulates
        np.testing.assert_allclose(wave.g, 0.6, rtol=1e-6)
    assert wave.point_count == 64 and wave.x[0] == 0.0 and wave.x[-1] == 1.0


def test_shape_instances_each_run_with_their_index() -> None:
    rt = runtime()
    (shape,) = rt.frame_inputs(0.0, 30.0, 0).shapes
    np.testing.assert_allclose(shape.x, [0.0, 0.1, 0.2, 0.3, 0.4], rtol=1e-6)
    np.testing.assert_allclose(shape.rad, 0.101, rtol=1e-5)


def test_scalar_and_numpy_paths_give_the_same_frame() -> None:
    carried = PRESET.replace("per_pixel_1=rot = x * q1;", "per_pixel_1=acc = acc * 0 + x; rot = acc * q1;")
    vector = runtime(carried)
    scalar_compiled = compile_preset(parse_preset(carried), use_glsl=False)
    for plan in scalar_compiled.blocks.values():
        if plan.backend == "numpy":
            plan.backend = "python"
    scalar = EquationRuntime(scalar_compiled, (64, 48))
    a, b = vector.frame_inputs(0.0, 30.0, 0), scalar.frame_inputs(0.0, 30.0, 0)
    np.testing.assert_allclose(a.vertex_motion, b.vertex_motion, rtol=1e-6)
    np.testing.assert_allclose(a.waves[0].y, b.waves[0].y, rtol=1e-6)
    np.testing.assert_allclose(a.shapes[0].x, b.shapes[0].x, rtol=1e-6)


def test_a_broken_block_is_dropped_alone() -> None:
    broken = PRESET.replace("wave_0_per_frame1=t1 = t1 + 1; r = 0.5;", "wave_0_per_frame1=t1 = t1 + ;")
    compiled = compile_preset(parse_preset(broken), use_glsl=False)
    assert [e.span.block for e in compiled.errors] == ["wave_0_per_frame"]
    rt = EquationRuntime(compiled, (64, 48))
    inputs = rt.frame_inputs(0.0, 30.0, 0)
    assert inputs.frame_vars["q1"] == 6 and len(inputs.waves) == 1 and len(inputs.shapes) == 1
