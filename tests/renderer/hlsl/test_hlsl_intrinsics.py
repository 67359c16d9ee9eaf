"""Every intrinsic of the table, compiled and run on the GL context with a known answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from renderer.hlsl.intrinsics import INTRINSICS

pytestmark = pytest.mark.gl

TEXEL = (0.25, 0.5, 0.75, 1.0)
SAMPLERS = "sampler sampler_flat; sampler3D sampler_vol; samplerCUBE sampler_cube;"
C = math.cos(0.5)
S = math.sin(0.5)

# name -> (shader_body statements, expected ret)
EXAMPLES = {
    "lerp": ("ret = lerp(float3(0, 1, 2), float3(2, 3, 4), 0.5);", (1, 2, 3)),
    "saturate": ("ret = saturate(float3(-1, 0.5, 2));", (0, 0.5, 1)),
    "frac": ("ret = frac(float3(-0.25, 1.5, 3));", (0.75, 0.5, 0)),
    "fmod": ("ret = fmod(float3(-3, 3, 5.5), float3(2, -2, 2));", (-1, 1, 1.5)),
    "atan2": ("ret = atan2(float3(1, 0, -1), float3(0, -1, 0));", (math.pi / 2, math.pi, -math.pi / 2)),
    "rsqrt": ("ret = rsqrt(float3(4, 16, 1));", (0.5, 0.25, 1)),
    "rcp": ("ret = rcp(float3(2, 4, 8));", (0.5, 0.25, 0.125)),
    "log10": ("ret = log10(float3(10, 100, 1));", (1, 2, 0)),
    "mad": ("ret = mad(float3(1, 2, 3), 2, 1);", (3, 5, 7)),
    "clip": ("ret = 2; clip(float2(0, 1));", (2, 2, 2)),
    "sincos": ("float2 s, c; sincos(float2(0, 0.5), s, c); ret = float3(s.y, c);", (S, 1, C)),
    "modf": ("float3 ip; ret = modf(float3(1.25, -1.5, 2), ip) + ip * 10;", (10.25, -10.5, 20)),
    "ddx": ("ret = ddx(float3(1, 2, 3));", (0, 0, 0)),
    "ddy": ("ret = ddy(float3(1, 2, 3));", (0, 0, 0)),
    "fwidth": ("ret = fwidth(float3(1, 2, 3));", (0, 0, 0)),
    "abs": ("ret = abs(float3(-1, 2, -3));", (1, 2, 3)),
    "min": ("ret = min(float3(1, 5, 3), 2);", (1, 2, 2)),
    "max": ("ret = max(float3(1, 5, 3), 2);", (2, 5, 3)),
    "clamp": ("ret = clamp(float3(-1, 0.5, 3), 0, 1);", (0, 0.5, 1)),
    "sign": ("ret = sign(float3(-2, 0, 3));", (-1, 0, 1)),
    "step": ("ret = step(1, float3(0, 1, 2));", (0, 1, 1)),
    "smoothstep": ("ret = smoothstep(0, 2, float3(0, 1, 2));", (0, 0.5, 1)),
    "pow": ("ret = pow(float3(2, -3, 4), 2) + pow(float3(0, -2, 0), 3);", (4, 1, 16)),
    "ldexp": ("ret = ldexp(float3(1, 2, 3), 3);", (8, 16, 24)),
    "dot": ("ret = dot(float2(1, 2), float2(3, 4));", (11, 11, 11)),
    "length": ("ret = length(float3(2, 3, 6));", (7, 7, 7)),
    "distance": ("ret = distance(float2(0, 0), float2(3, 4));", (5, 5, 5)),
    "normalize": ("ret = normalize(float3(0, 3, 4));", (0, 0.6, 0.8)),
    "reflect": ("ret = reflect(float3(1, -1, 0), float3(0, 1, 0));", (1, 1, 0)),
    "faceforward": ("ret = faceforward(float3(0, 0, 1), float3(0, 0, 1), float3(0, 0, 1));", (0, 0, -1)),
    "refract": ("ret = refract(float3(0, -1, 0), float3(0, 1, 0), 1);", (0, -1, 0)),
    "cross": ("ret = cross(float3(0, 1, 0), float3(0, 0, 1));", (1, 0, 0)),
    "determinant": ("ret = determinant(float3x3(2, 0, 0, 0, 3, 0, 0, 0, 4));", (24, 24, 24)),
    "transpose": ("float2x3 m = {1, 2, 3, 4, 5, 6}; ret = float3(transpose(m)[2], 0);", (3, 6, 0)),
    "isnan": ("float z = 0; ret = isnan(float3(z / z, 1, 0));", (1, 0, 0)),
    "isinf": ("float z = 0; ret = isinf(float3(1 / z, 1, 0));", (1, 0, 0)),
    "isfinite": ("float z = 0; ret = isfinite(float3(1 / z, 1, 0));", (0, 1, 1)),
    "all": ("ret = float3(all(float3(1, 1, 1)), all(float3(1, 0, 1)), 0);", (1, 0, 0)),
    "any": ("ret = float3(any(float3(0, 0, 1)), any(float3(0, 0, 0)), 0);", (1, 0, 0)),
    "lit": ("ret = lit(-0.5, 0.5, 2).xyz;", (1, 0, 0)),
    "tex2D": ("ret = tex2D(sampler_flat, uv).xyz + tex2D(sampler_flat, uv, float2(0, 0), float2(0, 0)).w;", (1.25, 1.5, 1.75)),
    "tex2Dlod": ("ret = tex2Dlod(sampler_flat, float4(uv, 0, 0)).zyx;", (0.75, 0.5, 0.25)),
    "tex2Dbias": ("ret = tex2Dbias(sampler_flat, float4(uv, 0, 1)).xyz;", TEXEL[:3]),
    "tex2Dproj": ("ret = tex2Dproj(sampler_flat, float4(uv, 0, 2)).xyz;", TEXEL[:3]),
    "tex2Dgrad": ("ret = tex2Dgrad(sampler_flat, uv, float2(0, 0), float2(0, 0)).xyz;", TEXEL[:3]),
    "tex3D": ("ret = tex3D(sampler_vol, float3(uv, 0.5)).xyz;", TEXEL[:3]),
    "tex3Dlod": ("ret = tex3Dlod(sampler_vol, float4(uv, 0.5, 0)).xyz;", TEXEL[:3]),
    "tex3Dbias": ("ret = tex3Dbias(sampler_vol, float4(uv, 0.5, 0)).xyz;", TEXEL[:3]),
    "texCUBE": ("ret = texCUBE(sampler_cube, float3(1, 0, 0)).xyz;", TEXEL[:3]),
    "sin": ("ret = sin(float3(0, 0.5, 1));", (0, math.sin(0.5), math.sin(1))),
    "cos": ("ret = cos(float3(0, 0.5, 1));", (1, math.cos(0.5), math.cos(1))),
    "tan": ("ret = tan(float3(0, 0.5, 1));", (0, math.tan(0.5), math.tan(1))),
    "asin": ("ret = asin(float3(0, 0.5, 1));", (0, math.asin(0.5), math.pi / 2)),
    "acos": ("ret = acos(float3(1, 0.5, 0));", (0, math.acos(0.5), math.pi / 2)),
    "atan": ("ret = atan(float3(0, 0.5, 1));", (0, math.atan(0.5), math.pi / 4)),
    "sinh": ("ret = sinh(float3(0, 0.5, 1));", (0, math.sinh(0.5), math.sinh(1))),
    "cosh": ("ret = cosh(float3(0, 0.5, 1));", (1, math.cosh(0.5), math.cosh(1))),
    "tanh": ("ret = tanh(float3(0, 0.5, 1));", (0, math.tanh(0.5), math.tanh(1))),
    "exp": ("ret = exp(float3(0, 1, 2));", (1, math.e, math.e ** 2)),
    "exp2": ("ret = exp2(float3(0, 1, 3));", (1, 2, 8)),
    "log": ("ret = log(float3(1, 2.718281828, 10));", (0, 1, math.log(10))),
    "log2": ("ret = log2(float3(1, 2, 8));", (0, 1, 3)),
    "sqrt": ("ret = sqrt(float3(0, 4, 9));", (0, 2, 3)),
    "floor": ("ret = floor(float3(-1.5, 0.5, 2));", (-2, 0, 2)),
    "ceil": ("ret = ceil(float3(-1.5, 0.5, 2));", (-1, 1, 2)),
    "round": ("ret = round(float3(-1.6, 0.4, 2.5));", (-2, 0, 3)),
    "trunc": ("ret = trunc(float3(-1.6, 0.4, 2.6));", (-1, 0, 2)),
    "degrees": ("ret = degrees(float3(0, 1.5707963, 3.1415927));", (0, 90, 180)),
    "radians": ("ret = radians(float3(0, 90, 180));", (0, math.pi / 2, math.pi)),
}


def test_every_intrinsic_has_an_example():
    assert set(EXAMPLES) == set(INTRINSICS), set(INTRINSICS) ^ set(EXAMPLES)


@pytest.fixture(scope="module")
def textures(gl_ctx):
    data = np.array(TEXEL, dtype="f4").tobytes()
    with gl_ctx:  # the session context is current only inside `with` (see tests/conftest.py)
        flat = gl_ctx.texture((1, 1), 4, data, dtype="f4")
        vol = gl_ctx.texture3d((1, 1, 1), 4, data, dtype="f4")
        cube = gl_ctx.texture_cube((1, 1), 4, data * 6, dtype="f4")
    yield {"sampler_flat": flat, "sampler_vol": vol, "sampler_cube": cube}
    with gl_ctx:
        for t in (flat, vol, cube):
            t.release()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_intrinsic(hlsl_rgb, textures, name):
    body, expected = EXAMPLES[name]
    # GLSL leaves asin/acos precision to the driver; llvmpipe's approximation is off by ~2e-4
    atol = 1e-3 if name in ("asin", "acos") else 1e-5
    np.testing.assert_allclose(hlsl_rgb(body, SAMPLERS, textures=textures), expected, rtol=1e-4, atol=atol)


def test_mul_forms_compile_and_agree_with_numpy(hlsl_rgb):
    a = np.array([[1.0, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])  # float3x4
    v3 = np.array([1.0, -1, 2])
    v4 = np.array([0.5, 1, -1, 2])
    header = "static const float3x4 A = {1,2,3,4, 5,6,7,8, 9,10,11,12};"
    np.testing.assert_allclose(hlsl_rgb("ret = mul(float3(1, -1, 2), A).xyz;", header), (v3 @ a)[:3])
    np.testing.assert_allclose(hlsl_rgb("ret = mul(A, float4(0.5, 1, -1, 2));", header), a @ v4)
    np.testing.assert_allclose(hlsl_rgb("ret = mul(2, float3(1, 2, 3));"), (2, 4, 6))
    np.testing.assert_allclose(hlsl_rgb("ret = mul(A, transpose(A))[1];", header), (a @ a.T)[1])
