"""The shader environment: MilkDrop values by name, and matrix/int uniforms written by type."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from renderer.audio.frame_audio import FrameAudio
from renderer.gl.targets import RenderTarget
from renderer.passes.shader_env import BlurRanges, PresetRandom, shader_environment
from renderer.passes.uniforms import feed_uniforms

RANDOM = PresetRandom.generate(np.random.default_rng(5))
PROBES = Path(__file__).resolve().parents[2] / "data" / "shaders"


def probe_program(gl, vertex_file: str):  # type: ignore[no-untyped-def]
    """A transform-feedback probe from tests/data/shaders, capturing its ``v`` output."""
    return gl.program(vertex_shader=(PROBES / vertex_file).read_text(), fragment_shader=(PROBES / "white.frag").read_text(), varyings=("v",))


def env_at(time: float, frame_random=None, **frame_vars):
    return shader_environment({"time": time, **frame_vars}, FrameAudio(bass=2.0, treb=0.5), (200, 100), RANDOM,
                              (0.1, 0.2, 0.3, 0.4), BlurRanges((0.1, 0.2, 0.3), (0.9, 0.8, 0.7)), frame_random)


def test_scalars_vectors_and_q_banks():
    env = env_at(10.0, q1=1.0, q5=5.0, q32=32.0, decay=0.5)
    assert env["texsize"] == (200, 100, 0.005, 0.01)
    assert env["aspect"] == (1.0, 0.5, 1.0, 2.0)
    assert env["_qa"] == (1.0, 0.0, 0.0, 0.0) and env["_qb"][0] == 5.0 and env["_qh"][3] == 32.0
    assert env["vol"] == pytest.approx((2.0 + 1.0 + 0.5) / 3) and env["decay"] == 0.5
    assert env["roam_cos"][0] == pytest.approx(0.5 + 0.5 * np.cos(10.0 * 0.3))
    assert env["slow_roam_sin"][3] == pytest.approx(0.5 + 0.5 * np.sin(10.0 * 0.022))
    assert (env["scale2"], env["bias2"]) == pytest.approx((0.6, 0.2))
    assert env["rand_preset"] == RANDOM.rand_preset


def test_rotation_groups_static_animated_and_per_frame():
    a, b = env_at(0.0), env_at(5.0)
    assert np.array_equal(a["rot_s1"], b["rot_s1"])  # static: fixed at preset load
    assert not np.allclose(a["rot_d1"], b["rot_d1"]) and not np.allclose(a["rot_uf4"], b["rot_uf4"])
    rand_a = env_at(0.0, np.random.default_rng(1).random((4, 6)))["rot_rand1"]
    rand_b = env_at(0.0, np.random.default_rng(2).random((4, 6)))["rot_rand1"]
    assert not np.allclose(rand_a, rand_b)
    rotation = a["rot_f2"][:3]
    assert np.allclose(rotation @ rotation.T, np.eye(3), atol=1e-5)
    assert np.abs(a["rot_s3"][3]).max() < 1.0


def test_mat4x3_and_int_uniforms_match_hlsl_semantics(gl):
    program = gl.program(
        vertex_shader="""#version 330
uniform mat4x3 rot_s1;
uniform mat3x4 rot_d1;
uniform int echo_orientation;
out vec3 v_a; out vec3 v_b; out float v_c;
void main() {
    vec4 p = vec4(0.3, -0.2, 0.7, 1.0);
    v_a = rot_s1 * p;                // HLSL mul(p, rot_s1)
    v_b = p * rot_d1;                // HLSL mul(p, rot_d1) with the transposed declaration
    v_c = float(echo_orientation);
    gl_Position = vec4(0.0);
}""",
        fragment_shader="#version 330\nout vec4 c; void main() { c = vec4(1.0); }",
        varyings=("v_a", "v_b", "v_c"),
    )
    env = env_at(3.0, echo_orient=2.7)
    env["echo_orientation"] = 2.7  # an int declaration receives the rounded value
    feed_uniforms(program, env)
    bound = RenderTarget(gl, (4, 4), mipmapped=False)
    bound.use()  # transform feedback still needs a complete framebuffer bound on llvmpipe
    out = gl.buffer(reserve=7 * 4)
    vao = gl.vertex_array(program, [])
    vao.transform(out, mode=0, vertices=1)
    values = np.frombuffer(out.read(), np.float32)
    p = np.array([0.3, -0.2, 0.7, 1.0])
    assert np.allclose(values[:3], p @ env["rot_s1"], atol=1e-5)
    assert np.allclose(values[3:6], p @ env["rot_d1"], atol=1e-5)
    assert values[6] == 3.0
    for obj in (vao, out, program, bound):
        obj.release()


def test_shader_time_is_the_presets_and_wraps_every_10000_seconds() -> None:
    from renderer.passes.shader_env import SHADER_TIME_WRAP

    def env(preset_time):  # type: ignore[no-untyped-def]
        return shader_environment({"time": 12345.5}, FrameAudio(), (200, 100), RANDOM, (0.1, 0.2, 0.3, 0.4), BlurRanges((0.1, 0.2, 0.3), (0.9, 0.8, 0.7)), preset_time=preset_time)

    assert env(None)["time"] == pytest.approx(12345.5 - SHADER_TIME_WRAP) and env(None)["eel_time"] == 12345.5
    assert env(2.5)["time"] == 2.5


def test_repeated_values_are_not_rewritten_and_changed_ones_are(gl, monkeypatch):
    import renderer.passes.uniforms as uniforms

    program = probe_program(gl, "uniform_sum.vert")
    writes: list[str] = []
    real = uniforms.write_uniform
    monkeypatch.setattr(uniforms, "write_uniform", lambda u, value: (writes.append(u.name), real(u, value)))
    feed_uniforms(program, {"a": 1.0, "b": (2.0, 3.0)})
    feed_uniforms(program, {"a": 1.0, "b": (2.0, 3.0)})  # nothing new: no write
    assert sorted(writes) == ["a", "b"]
    feed_uniforms(program, {"a": 4.0, "b": np.array([5.0, 6.0])})  # arrays are always written
    assert sorted(writes) == ["a", "a", "b", "b"]
    bound = RenderTarget(gl, (4, 4), mipmapped=False)
    bound.use()
    out = gl.buffer(reserve=4)
    vao = gl.vertex_array(program, [])
    vao.transform(out, mode=0, vertices=1)
    assert np.frombuffer(out.read(), np.float32)[0] == 4.0 + 50.0 + 600.0
    for obj in (vao, out, program, bound):
        obj.release()


def test_vector_tuples_take_the_packed_path_with_the_same_result(gl):
    program = probe_program(gl, "uniform_vectors.vert")
    feed_uniforms(program, {"t": (1.0, 2, 3.5, -4.0), "u": (0.5, 0.25, 0.125)})
    bound = RenderTarget(gl, (4, 4), mipmapped=False)
    bound.use()
    out = gl.buffer(reserve=16)
    vao = gl.vertex_array(program, [])
    vao.transform(out, mode=0, vertices=1)
    assert np.frombuffer(out.read(), np.float32).tolist() == [1.5, 2.25, 3.625, -4.0]
    for obj in (vao, out, program, bound):
        obj.release()
