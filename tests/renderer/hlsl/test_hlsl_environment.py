"""MilkDrop's warp/comp environment: macros, uniforms, samplers, rotation matrices, pixel inputs."""

from __future__ import annotations

import numpy as np
import pytest

from renderer.hlsl import HlslError, link_check, translate_shader
from renderer.hlsl.environment import PIXEL_INPUTS, UNIFORMS, sampler_binding

RED = np.array([1.0, 0.0, 0.0, 1.0], dtype="f4")


def body(text: str, header: str = "") -> str:
    return f"{header}\nshader_body {{\n{text}\n}}"


@pytest.fixture
def texture(gl):
    made = []

    def make(rgba):
        t = gl.texture((1, 1), 4, np.array(rgba, dtype="f4").tobytes(), dtype="f4")
        made.append(t)
        return t

    yield make
    for t in made:
        t.release()


@pytest.mark.gl
def test_getpixel_getmain_and_blurs_decode_with_scale_and_bias(hlsl_rgb, texture):
    textures = {"sampler_main": texture((0.5, 0.25, 1, 1)), "sampler_blur1": texture((0.5, 0.5, 0.5, 1)),
                "sampler_blur2": texture((1, 0, 0, 1)), "sampler_blur3": texture((0, 0, 1, 1))}
    uniforms = {"scale1": 2.0, "bias1": 0.25, "scale2": 3.0, "bias2": 0.0, "scale3": 1.0, "bias3": -1.0}
    got = hlsl_rgb("ret = GetPixel(uv) + GetMain(uv) * 10 + GetBlur1(uv) * 100;", textures=textures, uniforms=uniforms)
    np.testing.assert_allclose(got, np.array([0.5, 0.25, 1]) * 11 + 125)
    got = hlsl_rgb("ret = GetBlur2(uv) + GetBlur3(uv);", textures=textures, uniforms=uniforms)
    np.testing.assert_allclose(got, (2, -1, 0))


def test_blur_level_is_the_highest_blur_read():
    assert translate_shader(body("ret = GetPixel(uv);"), "warp").blur_level == 0
    assert translate_shader(body("ret = GetBlur2(uv);"), "warp").blur_level == 2
    assert translate_shader(body("ret = GetBlur1(uv) + tex2D(sampler_blur3, uv).xyz;"), "comp").blur_level == 3


@pytest.mark.gl
def test_lum_and_constants(hlsl_rgb):
    np.testing.assert_allclose(hlsl_rgb("ret = float3(lum(float3(1, 0, 0)), lum(float3(0, 1, 1)), M_PI);"),
                               (0.32, 0.78, 3.14159265), rtol=1e-6)
    np.testing.assert_allclose(hlsl_rgb("ret = float3(M_PI_2, M_INV_PI_2, tex2d == tex2d);",
                                        "#define tex2d 1"), (6.28318530718, 0.159154943, 1), rtol=1e-6)


@pytest.mark.gl
def test_q1_to_q32_map_onto_qa_to_qh(hlsl_rgb):
    uniforms = {f"_q{letter}": tuple(float(4 * i + k + 1) for k in range(4)) for i, letter in enumerate("abcdefgh")}
    np.testing.assert_allclose(hlsl_rgb("ret = float3(q1, q6, q32);", uniforms=uniforms), (1, 6, 32))
    shader = translate_shader(body("ret = float3(q1, q6, q32);"), "warp")
    assert set(shader.uniforms) == {"_qa", "_qb", "_qh", "aspect"}  # aspect: the template needs it


@pytest.mark.gl
def test_rotation_matrices_are_float4x3_in_row_vector_order(hlsl_rgb):
    rows = np.arange(12, dtype=float).reshape(4, 3)  # HLSL rows 0..3 of rot_s1
    uniforms = {"rot_s1": tuple(rows.flatten()), "rot_rand4": tuple(rows.flatten() * 2)}
    np.testing.assert_allclose(hlsl_rgb("ret = mul(float4(0, 1, 0, 0), rot_s1);", uniforms=uniforms), rows[1])
    np.testing.assert_allclose(hlsl_rgb("ret = mul(float4(1, 1, 0, 1), rot_s1);", uniforms=uniforms),
                               np.array([1, 1, 0, 1]) @ rows)
    np.testing.assert_allclose(hlsl_rgb("ret = rot_rand4[3];", uniforms=uniforms), rows[3] * 2)
    np.testing.assert_allclose(hlsl_rgb("ret = mul(float3(0, 0, 1), (float3x3)rot_s1);", uniforms=uniforms), rows[2])


@pytest.mark.gl
@pytest.mark.parametrize("kind", ["warp", "comp"])
def test_every_environment_uniform_is_declared_and_links(gl, kind):
    reads = []
    for name, t in UNIFORMS[kind].items():
        if t.kind == "matrix":
            reads.append(f"{name}[0].x")
        elif t.kind == "vector":
            reads.append(f"{name}.x")
        else:
            reads.append(name)
    samplers = ["sampler_main", "sampler_fw_main", "sampler_fc_main", "sampler_pw_main", "sampler_pc_main",
                "sampler_blur1", "sampler_blur2", "sampler_blur3", "sampler_noise_lq", "sampler_noise_lq_lite",
                "sampler_noise_mq", "sampler_noise_hq", "sampler_pw_noise_lq"]
    reads += [f"tex2D({s}, uv).x" for s in samplers]
    reads += ["tex3D(sampler_noisevol_lq, uv.xyy).x", "tex3D(sampler_noisevol_hq, uv.xyy).x"]
    reads += list(PIXEL_INPUTS[kind])
    text = body("float total = 0;\n" + "\n".join(f"total += {r};" if r != "ret" else "total += ret.x;" for r in reads)
                + "\nret = total;")
    shader = translate_shader(text, kind)
    assert set(shader.uniforms) == set(UNIFORMS[kind])
    assert {s.uniform for s in shader.samplers} == set(samplers) | {"sampler_noisevol_lq", "sampler_noisevol_hq"}
    link_check(gl, shader)


def test_warp_and_comp_differ_where_milkdrop_does():
    with pytest.raises(HlslError, match="hue_shader"):
        translate_shader(body("ret = hue_shader;"), "warp")
    with pytest.raises(HlslError, match="decay"):
        translate_shader(body("ret = decay;"), "comp")
    assert "gammaAdj" in translate_shader(body("ret = gammaAdj * hue_shader;"), "comp").uniforms
    assert "decay" in translate_shader(body("ret = GetPixel(uv) * decay;"), "warp").uniforms


ASPECT = (1.0, 0.75, 1.0, 1 / 0.75)  # a landscape 4:3 canvas


def _pixel_grid(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """v_uv of each pixel centre of the test framebuffer (rows bottom first, as GL reads them)."""
    xs = (np.arange(width) + 0.5) / width
    ys = (np.arange(height) + 0.5) / height
    return np.meshgrid(xs, ys)


@pytest.mark.gl
def test_warp_rad_and_ang_are_milkdrop_mesh_values(run_hlsl):
    u, v = _pixel_grid(4, 3)
    got = run_hlsl(body("ret = float3(rad, ang, uv_orig.y);"), "warp", width=4, height=3, uniforms={"aspect": ASPECT})
    x, y = (u - 0.5) * 2 * ASPECT[0], (0.5 - v) * 2 * ASPECT[1]  # up is +y; texture v grows downwards
    np.testing.assert_allclose(got[..., 0], np.hypot(x, y), atol=1e-6)
    np.testing.assert_allclose(got[..., 1], np.arctan2(y, x), atol=1e-5)
    np.testing.assert_allclose(got[..., 2], v, atol=1e-6)


@pytest.mark.gl
def test_comp_rad_and_ang_are_milkdrop_math_space(run_hlsl):
    u, v = _pixel_grid(4, 3)
    got = run_hlsl(body("ret = float3(rad, ang, uv.x - uv_orig.x);"), "comp", width=4, height=3, uniforms={"aspect": ASPECT})
    x, y = (u - 0.5) * 2 * ASPECT[0], (v - 0.5) * 2 * ASPECT[1]
    np.testing.assert_allclose(got[..., 0], np.hypot(x, y) / np.hypot(1.0, 0.75), atol=1e-6)  # 1 at the corners
    np.testing.assert_allclose(got[..., 1], np.mod(np.arctan2(y, x), 2 * np.pi), atol=1e-5)
    np.testing.assert_allclose(got[..., 2], 0.0)


@pytest.mark.gl
@pytest.mark.parametrize("kind", ["warp", "comp"])
def test_rad_and_ang_are_zero_at_the_centre(run_hlsl, kind):
    got = run_hlsl(body("ret = float3(rad, ang, 1);"), kind, uniforms={"aspect": ASPECT})[0, 0]
    np.testing.assert_allclose(got[:3], (0, 0, 1))


@pytest.mark.gl
@pytest.mark.parametrize("kind", ["warp", "comp"])
def test_uv_is_the_interpolated_texture_coordinate(run_hlsl, kind):
    u, v = _pixel_grid(4, 2)
    got = run_hlsl(body("ret = float3(uv, 0);"), kind, width=4, height=2)
    np.testing.assert_allclose(got[..., 0], u, atol=1e-6)
    np.testing.assert_allclose(got[..., 1], v, atol=1e-6)


def test_aspect_is_always_fed():
    assert "aspect" in translate_shader(body("ret = 0;"), "warp").uniforms


@pytest.mark.gl
def test_raw_constant_registers_and_mip_values(hlsl_rgb):
    uniforms = {"time": 2.0, "fps": 30.0, "frame": 60.0, "progress": 0.25, "mip_x": 10.0, "mip_y": 9.0, "mip_avg": 9.5,
                "aspect": (1.0, 0.75, 1.0, 1 / 0.75)}
    got = hlsl_rgb("ret = float3(_c2.y + _c2.w, _c12.z + mip_xy.y, _c0.y);", uniforms=uniforms)
    np.testing.assert_allclose(got, (30.25, 18.5, 0.75))


def test_uppercase_main_sampler_names_are_milkdrop_macros():
    shader = translate_shader(body("ret = tex2D(sampler_FC_main, uv).xyz + tex2D(sampler_PW_main, uv).xyz;"), "warp")
    assert {s.uniform for s in shader.samplers} == {"sampler_fc_main", "sampler_pw_main"}


@pytest.mark.gl
def test_hue_shader_in_comp(hlsl_rgb):
    np.testing.assert_allclose(hlsl_rgb("ret = hue_shader * 0.5;"), (0.5, 0.5, 0.5))


def test_sampler_names_carry_filter_wrap_and_texture():
    assert sampler_binding("sampler_main") == sampler_binding("sampler_main")
    cases = {
        "sampler_main": ("main", "linear", "repeat", 2),
        "sampler_FC_main": ("main", "linear", "clamp", 2),
        "sampler_cp_clouds2": ("clouds2", "nearest", "clamp", 2),
        "sampler_Wf_lichen": ("lichen", "linear", "repeat", 2),
        "sampler_fw_blur1": ("blur1", "linear", "repeat", 2),
        "sampler_fw_main": ("main", "linear", "repeat", 2),
        "sampler_fc_main": ("main", "linear", "clamp", 2),
        "sampler_pw_main": ("main", "nearest", "repeat", 2),
        "sampler_pc_main": ("main", "nearest", "clamp", 2),
        "sampler_blur2": ("blur2", "linear", "clamp", 2),
        "sampler_pw_noise_lq": ("noise_lq", "nearest", "repeat", 2),
        "sampler_noisevol_hq": ("noisevol_hq", "linear", "repeat", 3),
        "sampler_clouds2": ("clouds2", "linear", "repeat", 2),
        "sampler_fc_rand03_smalltiled": ("rand03_smalltiled", "linear", "clamp", 2),
    }
    for uniform, (texture, filter_, wrap, dims) in cases.items():
        b = sampler_binding(uniform)
        assert (b.uniform, b.texture, b.filter, b.wrap, b.dims) == (uniform, texture, filter_, wrap, dims)


@pytest.mark.gl
def test_user_textures_texsize_and_random_picks(gl):
    text = body(
        "ret = tex2D(sampler_fw_clouds2, uv * texsize_clouds2.zw).xyz + tex2D(sampler_rand00, uv).xyz"
        " + tex2D(sampler_pc_rand01_smalltiled, uv).xyz * texsize_rand01_smalltiled.x;",
        "sampler sampler_fw_clouds2; float4 texsize_clouds2;\nsampler2D sampler_rand00 : register(s1);"
        "\nsampler sampler_pc_rand01_smalltiled;",
    )
    shader = translate_shader(text, "comp")
    assert {(s.uniform, s.texture, s.filter, s.wrap) for s in shader.samplers} == {
        ("sampler_fw_clouds2", "clouds2", "linear", "repeat"),
        ("sampler_rand00", "rand00", "linear", "repeat"),
        ("sampler_pc_rand01_smalltiled", "rand01_smalltiled", "nearest", "clamp"),
    }
    assert {"texsize_clouds2", "texsize_rand01_smalltiled"} <= set(shader.uniforms)
    link_check(gl, shader)


def test_user_3d_sampler_and_sampler_state_blocks():
    text = body("ret = tex3D(sampler_myvol, uv.xyx).xyz + tex2D(sampler_rand00, uv).xyz;",
                "sampler3D sampler_myvol;\nsampler sampler_rand00 = sampler_state { AddressU = WRAP; };")
    dims = {s.uniform: s.dims for s in translate_shader(text, "warp").samplers}
    assert dims == {"sampler_myvol": 3, "sampler_rand00": 2}


@pytest.mark.gl
def test_shaders_may_write_their_uniforms(hlsl_rgb):
    uniforms = {"_qa": (1.0, 2.0, 3.0, 4.0), "time": 10.0}
    got = hlsl_rgb("q1 = q1 + 5; time *= 2; ret = float3(q1, q2, time);", uniforms=uniforms)
    np.testing.assert_allclose(got, (6, 2, 20))


@pytest.mark.gl
def test_globals_initialised_from_uniforms(hlsl_rgb):
    got = hlsl_rgb("ret = float3(k, big.x, n);", "static float k = time * 2;\nfloat3 big = float3(1, 2, 3) * k;\nfloat n;",
                   uniforms={"time": 1.5})
    np.testing.assert_allclose(got, (3, 3, 0))


@pytest.mark.gl
def test_user_globals_named_like_pixel_inputs_do_not_hide_them_in_the_body(hlsl_rgb):
    header = "static float rad = 5;\nfloat twice_rad() { return rad * 2; }"
    got = hlsl_rgb("ret = float3(twice_rad(), rad, 0);", header, uniforms={"aspect": (1.0, 1.0, 1.0, 1.0)})
    np.testing.assert_allclose(got, (10, 0, 0))


@pytest.mark.gl
def test_glsl_reserved_names_are_renamed(hlsl_rgb):
    header = "float mix(float input, float output) { return input - output; }\nstatic float active = 2;"
    got = hlsl_rgb("float sample = 3, filter = 1, smooth = 4; ret = float3(mix(sample, filter), active, smooth);", header)
    np.testing.assert_allclose(got, (2, 2, 4))


@pytest.mark.gl
def test_environment_names_kept_when_redeclared(hlsl_rgb):
    header = "float4 texsize; float time; sampler sampler_main; sampler sampler_noisevol_hq;"
    got = hlsl_rgb("ret = float3(texsize.x, time, tex3D(sampler_noisevol_hq, uv.xyx).w * 0);", header,
                   uniforms={"texsize": (640.0, 480.0, 1 / 640, 1 / 480), "time": 3.0})
    np.testing.assert_allclose(got, (640, 3, 0))


@pytest.mark.gl
def test_samplers_and_arrays_as_function_parameters(gl):
    text = """float3 pick(sampler2D s, float2 p) { return tex2D(s, p).xyz; }
float3 vol(sampler3D s, float3 p) { return tex3D(s, p).xyz; }
float sum4(float a[4]) { float t = 0; for (int i = 0; i < 4; i++) t += a[i]; return t; }
shader_body { float k[4] = {1, 2, 3, 4}; ret = pick(sampler_main, uv) + vol(sampler_noisevol_hq, uv.xyx) + sum4(k); }"""
    shader = translate_shader(text, "comp")
    assert [s.uniform for s in shader.samplers] == ["sampler_main", "sampler_noisevol_hq"]
    link_check(gl, shader)
    with pytest.raises(HlslError, match="no overload"):
        translate_shader(text.replace("vol(sampler_noisevol_hq", "vol(sampler_main"), "comp")
