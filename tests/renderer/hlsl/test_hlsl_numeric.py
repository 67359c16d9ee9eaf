"""HLSL semantics measured on the GL context: each snippet's ``ret`` must be what HLSL defines."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.gl

M3 = "float3x3 M = float3x3(1, 2, 3, 4, 5, 6, 7, 8, 9);"
_A = np.arange(1, 10, dtype=float).reshape(3, 3)
_B = np.array([[2.0, 0, 1], [1, 3, 0], [0, 1, 4]])

CASES = {
    # HLSL intrinsic semantics that differ from GLSL
    "fmod sign of x": ("ret = float3(fmod(-3, 2), fmod(3, -2), fmod(-3.5, 2));", (-1, 1, -1.5)),
    "float % is fmod": ("float a = -3; ret = float3(a % 2, 7.5 % 2, 7 % 3);", (-1, 1.5, 1)),
    "frac of negative": ("ret = float3(frac(-0.25), frac(1.75), frac(-2));", (0.75, 0.75, 0)),
    "atan2 argument order": ("ret = float3(atan2(1, 0), atan2(0, -1), atan2(0, 0));", (math.pi / 2, math.pi, 0)),
    "lerp saturate rsqrt": ("ret = float3(lerp(1, 3, 0.25), saturate(1.5) + saturate(-1), rsqrt(4));", (1.5, 1, 0.5)),
    "log10 rcp mad": ("ret = float3(log10(1000), rcp(4), mad(2, 3, 4));", (3, 0.25, 10)),
    "modf keeps signs": ("float ip; float fp = modf(-2.5, ip); ret = float3(fp, ip, 0);", (-0.5, -2, 0)),
    "sincos": ("float s, c; sincos(0.5, s, c); ret = float3(s, c, 0);", (math.sin(0.5), math.cos(0.5), 0)),
    "sign step ldexp": ("ret = float3(sign(-2.5), step(0.5, 0.7), ldexp(3, 2));", (-1, 1, 12)),
    "round trunc ceil": ("ret = float3(round(2.6), trunc(-2.7), ceil(1.2));", (3, -2, 2)),
    "round halves up as in SM3": ("ret = float3(round(0.5), round(-0.5), round(1.5));", (1, 0, 2)),
    # Direct3D 9's rsq/log/pow instructions work on |x|
    "sqrt rsqrt of negatives": ("float a = -4; ret = float3(sqrt(a), rsqrt(a), sqrt(float2(-9, 16)).x);", (2, 0.5, 3)),
    "log of negatives": ("float a = -8; ret = float3(log2(a), log10(-100 + a * 0), log(-1));", (3, 2, 0)),
    "pow of negatives": ("float a = -2; ret = float3(pow(a, 2), pow(a, 3), pow(-8, 1 / 3.0));", (4, -8, 2)),
    "int min max abs": ("int i = -4; ret = float3(abs(i), max(i, 2), min(3, 2.5));", (4, 2, 2.5)),
    "dot length distance": ("ret = float3(dot(float3(1,2,3), float3(4,5,6)), length(float2(3,4)), distance(1, 4));", (32, 5, 3)),
    "cross": ("ret = cross(float3(1,0,0), float3(0,1,0));", (0, 0, 1)),
    "pow exp2 log2": ("ret = float3(pow(2, 3), exp2(3), log2(8));", (8, 8, 3)),
    "smoothstep clamp": ("ret = float3(smoothstep(0, 1, 0.5), clamp(5, 0, 2), clamp(-1.5, -1, 1));", (0.5, 2, -1)),
    "isnan isinf isfinite": ("float z = 0; float n = z / z; float inf = 1 / z;"
                             "ret = float3(isnan(n), isinf(inf), isfinite(1.0) && !isfinite(inf));", (1, 1, 1)),
    "all any": ("ret = float3(all(float3(1, 2, 0)), any(float3(0, 0, 2)), all(float2(1, 1)));", (0, 1, 1)),
    "lit": ("ret = lit(0.5, 0.5, 2).yzw;", (0.5, 0.25, 1)),
    "ddx of a constant": ("ret = float3(ddx(2.0), ddy(3.0), fwidth(1.0));", (0, 0, 0)),
    "degrees radians": ("ret = float3(degrees(3.14159265), radians(180), 0);", (180, math.pi, 0)),
    # implicit conversions
    "vector truncation by cast": ("ret = (float3)float4(1, 2, 3, 4);", (1, 2, 3)),
    "vector truncation by assignment": ("float3 v = float4(1, 2, 3, 4); ret = v;", (1, 2, 3)),
    "truncation in arithmetic": ("float2 a = float2(1, 2) + float3(10, 20, 30); ret = float3(a, 0);", (11, 22, 0)),
    "vector to scalar takes x": ("float f = float3(5, 6, 7); ret = f;", (5, 5, 5)),
    "scalar splat": ("float3 v = 2; ret = v * float3(1, 2, 3);", (2, 4, 6)),
    "int division": ("float a = 7 / 2; int i = 7; float b = i / 2.0; ret = float3(a, b, -7 / 2);", (3, 3.5, -3)),
    "float to int truncates": ("int a = 2.7; int b = -2.7; ret = float3(a, b, (int)3.9);", (2, -2, 3)),
    "bool conversions": ("bool b = 2.5; bool c = 0; ret = float3(b, c, (float)(0.5 > 0.2));", (1, 0, 1)),
    "bool arithmetic": ("bool t = true; ret = float3(t + t, t * 3, !t);", (2, 3, 0)),
    "splat on both sides": ("float x = 1; x += (float4)0.5 + (float4)2; ret = float3(x, (float2)3 * (float2)2);", (3.5, 6, 6)),
    "compound assignment truncates": ("float x = 1; x += float3(2, 3, 4); ret = x;", (3, 3, 3)),
    "float4 as float2x2": ("float2x2 m = (float2x2)float4(1, 2, 3, 4); ret = float3(m[1], m[0][1]);", (3, 4, 2)),
    "float2x2 as float4": ("float2x2 m = float2x2(1, 2, 3, 4); float4 v = (float4)m; ret = v.yzw;", (2, 3, 4)),
    # swizzles and write masks
    "swizzle read": ("ret = float4(1, 2, 3, 4).wzy;", (4, 3, 2)),
    "colour swizzle": ("float4 c = float4(1, 2, 3, 4); ret = c.bgr;", (3, 2, 1)),
    "scalar swizzle": ("float s = 2; ret = s.xxx + s.r;", (4, 4, 4)),
    "write mask": ("ret = 0; ret.zx = float2(1, 2);", (2, 0, 1)),
    "write mask splat": ("ret = 0; ret.gb = 5;", (0, 5, 5)),
    "write mask compound": ("ret = 1; ret.xy *= float2(2, 3);", (2, 3, 1)),
    # matrices and mul's row-vector convention
    "constructor fills rows": (M3 + "ret = M[1];", (4, 5, 6)),
    "matrix element": (M3 + "ret = float3(M[2][0], M[0][2], M._m11);", (7, 3, 5)),
    "matrix swizzle": (M3 + "ret = float3(M._12, M._m20_m21);", (2, 7, 8)),
    "mul(v, M) row vector": (M3 + "ret = mul(float3(1, 1, 0), M);", tuple(np.array([1, 1, 0]) @ _A)),
    "mul(M, v) column vector": (M3 + "ret = mul(M, float3(1, 0, 0));", tuple(_A @ np.array([1, 0, 0]))),
    "mul(A, B)": (M3 + "float3x3 B = {2,0,1, 1,3,0, 0,1,4}; ret = mul(M, B)[1];", tuple((_A @ _B)[1])),
    "mul(v, float4x3)": ("float4x3 R = {1,0,0, 0,2,0, 0,0,3, 10,20,30}; ret = mul(float4(1, 1, 1, 1), R);", (11, 22, 33)),
    "float4x3 to float3x3": ("float4x3 R = {1,2,3, 4,5,6, 7,8,9, 10,11,12}; float3x3 T = (float3x3)R; ret = T[2];", (7, 8, 9)),
    "matrix * is element-wise": ("float2x2 a = {1,2,3,4}; float2x2 b = {5,6,7,8}; float2x2 c = a * b; ret = float3(c[0], c[1][1]);", (5, 12, 32)),
    "intrinsics on matrices go row by row": ("float2x2 m = {1.5, -2.5, 3.25, 4}; float2x2 c = ceil(m) + m % 2 + pow(m, 3) * 0;"
                                             "ret = float3(c[0], all(c[1] > 0) && any(1.0));", (3.5, -2.5, 1)),
    "transpose determinant": (M3 + "ret = float3(transpose(M)[0].yz, determinant(float2x2(1, 2, 3, 4)));", (4, 7, -2)),
    "mul(v, v) is dot": ("ret = mul(float3(1, 2, 3), float3(1, 1, 1));", (6, 6, 6)),
    # statements and scoping
    "for variable outlives the loop": ("for (int i = 0; i < 3; i++) {} for (int i = 0; i < 5; i++) {} ret = i;", (5, 5, 5)),
    "while and do": ("float n = 0; while (n < 4) n++; do { n += 10; } while (n < 30); ret = n;", (34, 34, 34)),
    "break continue": ("float s = 0; for (int i = 0; i < 10; i++) { if (i == 2) continue; if (i == 5) break; s += i; } ret = s;", (8, 8, 8)),
    "uninitialized locals are zero": ("float3 acc; acc += 1; ret = acc;", (1, 1, 1)),
    "vector ternary": ("ret = (float3(1, -1, 1) > 0) ? 1 : 2;", (1, 2, 1)),
    "int vector ternary": ("int3 k = (float3(1, -1, 1) > 0) ? int3(4, 5, 6) : 7; ret = k;", (4, 7, 6)),
    "ternary inside a template": ("float a = 1; ret = float3(rcp(a > 0 ? 2 : 4), mad(a > 0 ? 2 : 3, 2, 1), round(a < 0 ? 1 : 2.6));", (0.5, 5, 3)),
    "scalar ternary": ("float a = 3; ret = a > 2 ? float3(1, 2, 3) : 0;", (1, 2, 3)),
    "vector logic": ("float3 a = float3(1, 0, 2); ret = (a && float3(1, 1, 0)) + 2 * (a || float3(0, 0, 0));", (3, 0, 2)),
    "logical operators on floats": ("float a = 2, b = 0; ret = float3(a && b, a || b, !b);", (0, 1, 1)),
    "comma in for": ("float s = 0; int j; for (int i = 0, j = 10; i < 3; i++, j--) s += j; ret = s;", (27, 27, 27)),
    "array initializer flat": ("const float4 s[2] = {1, 2, 3, 4, 5, 6, 7, 8}; ret = s[1].xyz;", (5, 6, 7)),
    "array initializer nested": ("float2 p[3] = {{1, 2}, {3, 4}, {5, 6}}; ret = float3(p[2], p[0].y);", (5, 6, 2)),
    "local array writes": ("float3 m[3]; m[1] = 4; m[2].y = 2; ret = m[1] + m[2] + m[0];", (4, 6, 4)),
    "prefix and postfix": ("float a = 1; float b = a++; float c = ++a; ret = float3(a, b, c);", (3, 1, 3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hlsl_semantics(hlsl_rgb, name):
    body, expected = CASES[name]
    np.testing.assert_allclose(hlsl_rgb(body), expected, rtol=1e-5, atol=1e-5)


FUNCTIONS = """
float twice(float x) { return x * 2; }
float3 twice(float3 v) { return v * 2; }
void swap(inout float a, inout float b) { float t = a; a = b; b = t; }
void split(float4 v, out float2 head, out float2 tail) { head = v.xy; tail = v.zw; }
float scaled(float x, float by = 3) { return x * by; }
float later(float x);
float uses_later(float x) { return later(x) + 1; }
float later(float x) { return x * 10; }
static float k = 4;
static const float3 tint = float3(1, 2, 3) * k;
"""


def test_user_functions_overloads_and_out_parameters(hlsl_rgb):
    body = "float a = 1, b = 2; swap(a, b); float2 h, t; split(float4(5, 6, 7, 8), h, t);" \
           "ret = float3(twice(a) + twice(float3(0, 1, 0)).y, h.y + t.x, uses_later(b) + tint.z + scaled(1) + scaled(1, 2));"
    np.testing.assert_allclose(hlsl_rgb(body, FUNCTIONS), (6, 13, 28))


def test_clip_discards_the_pixel(hlsl_rgb, clear_colour):
    np.testing.assert_allclose(hlsl_rgb("ret = 1; clip(-0.5);"), clear_colour[:3])
    np.testing.assert_allclose(hlsl_rgb("ret = 1; clip(float3(0.5, 0, 1));"), (1, 1, 1))


def test_missing_return_is_filled_in(hlsl_rgb):
    np.testing.assert_allclose(hlsl_rgb("ret = f(2);", "float f(float x) { if (x > 5) return 1; }"), (0, 0, 0))


def test_preprocessor_macros_and_conditions(hlsl_rgb):
    header = "#define SCALE(a, b) ((a) * (b))\n#define USE_RED 1\n#if USE_RED\n#define COLOUR float3(1, 0, 0)\n#else\n" \
             "#define COLOUR float3(0, 1, 0)\n#endif\n#ifndef MISSING\n#define BONUS 2\n#endif\n#define sat saturate"
    np.testing.assert_allclose(hlsl_rgb("ret = COLOUR * SCALE(1 + 1, 3) + BONUS + sat(-4);", header), (8, 2, 2))
