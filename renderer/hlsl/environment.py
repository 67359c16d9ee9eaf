"""MilkDrop 2's shader environment for warp and comp, as its include header declares it.

GLSL types of the uniforms (what the renderer feeds): HLSL ``float`` → ``float``, ``float4`` →
``vec4``, and the ``float4x3`` rotation matrices ``rot_*`` → ``mat4x3`` whose column ``i`` holds HLSL
row ``i`` (see ``types.py``). The comp-only switches (``invert``, ``brighten``...) are ``float``.
``q1..q32`` are macros over ``_qa.._qh`` (vec4 each), as in MilkDrop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from .preprocessor import Macro, parse_defines
from .types import FLOAT, FLOAT2, FLOAT3, FLOAT4, SAMPLER2D, SAMPLER3D, Type, matrix

Kind = Literal["warp", "comp"]

_FLOAT4X3 = matrix("float", 4, 3)


def _uniforms_common() -> dict[str, Type]:
    table: dict[str, Type] = {}
    for name in ("texsize", "aspect", "rand_frame", "rand_preset", "roam_cos", "roam_sin", "slow_roam_cos",
                 "slow_roam_sin", "texsize_noise_lq", "texsize_noise_lq_lite", "texsize_noise_mq",
                 "texsize_noise_hq", "texsize_noisevol_lq", "texsize_noisevol_hq"):
        table[name] = FLOAT4
    for name in ("time", "fps", "frame", "progress", "bass", "mid", "treb", "bass_att", "mid_att", "treb_att",
                 "vol", "vol_att", "blur1_min", "blur1_max", "blur2_min", "blur2_max", "blur3_min", "blur3_max",
                 "scale1", "scale2", "scale3", "bias1", "bias2", "bias3", "mip_x", "mip_y", "mip_avg"):
        table[name] = FLOAT
    for letter in "abcdefgh":
        table[f"_q{letter}"] = FLOAT4
    for family in ("s", "d", "f", "vf", "uf", "rand"):
        for i in range(1, 5):
            table[f"rot_{family}{i}"] = _FLOAT4X3
    return table


UNIFORMS: dict[str, dict[str, Type]] = {
    "warp": {**_uniforms_common(), "decay": FLOAT},
    "comp": {
        **_uniforms_common(),
        **{name: FLOAT for name in ("gammaAdj", "echo_zoom", "echo_alpha", "echo_orientation", "invert",
                                    "brighten", "darken", "solarize", "fShader")},
    },
}

# the per-pixel values MilkDrop's PS() declares before the preset's body; globals in our GLSL
PIXEL_INPUTS: dict[str, dict[str, Type]] = {
    "warp": {"uv": FLOAT2, "uv_orig": FLOAT2, "rad": FLOAT, "ang": FLOAT, "ret": FLOAT3},
    "comp": {"uv": FLOAT2, "uv_orig": FLOAT2, "rad": FLOAT, "ang": FLOAT, "ret": FLOAT3, "hue_shader": FLOAT3},
}

BUILTIN_TEXTURES_3D = {"noisevol_lq", "noisevol_hq"}
BUILTIN_TEXTURES_2D = {"main", "blur1", "blur2", "blur3", "noise_lq", "noise_lq_lite", "noise_mq", "noise_hq"}
# MilkDrop reads a two-letter filter/wrap prefix in either order and any case
_PREFIXES = {"fw": ("linear", "repeat"), "fc": ("linear", "clamp"), "pw": ("nearest", "repeat"),
             "pc": ("nearest", "clamp"), "wf": ("linear", "repeat"), "cf": ("linear", "clamp"),
             "wp": ("nearest", "repeat"), "cp": ("nearest", "clamp")}


@dataclass(frozen=True, slots=True)
class SamplerBinding:
    """What the renderer binds to one sampler uniform.

    ``texture`` is MilkDrop's texture name: ``main``, ``blur1..3``, ``noise_lq``…, ``noisevol_hq``, a
    user image name such as ``clouds2``, or a random pick ``randNN`` / ``randNN_<prefix>``.
    ``filter`` is ``linear`` or ``nearest``; ``wrap`` is ``repeat`` or ``clamp``. Without a prefix
    MilkDrop samples bilinear + wrap, except the blur textures (bilinear + clamp). ``dims`` is 2, 3,
    or 6 for a cube map.
    """

    uniform: str
    texture: str
    filter: str
    wrap: str
    dims: int


def sampler_binding(uniform: str, declared: Type | None = None) -> SamplerBinding:
    """MilkDrop's reading of a sampler's name: ``sampler_[fw_|fc_|pw_|pc_]<texture>``; ``declared``
    (the sampler's type in the shader) decides ``dims`` for user textures."""
    rest = uniform[len("sampler_"):] if uniform.startswith("sampler_") else uniform
    prefix = _PREFIXES.get(rest[:2].lower()) if len(rest) > 3 and rest[2] == "_" else None
    texture = rest[3:] if prefix else rest
    if prefix is not None:
        filter_, wrap = prefix
    elif texture in ("blur1", "blur2", "blur3"):
        filter_, wrap = "linear", "clamp"  # MilkDrop: "when sampling blur textures, default is CLAMP"
    else:
        filter_, wrap = "linear", "repeat"  # MilkDrop's default for every other sampler, main included
    dims = 3 if texture in BUILTIN_TEXTURES_3D else 2
    if declared is not None and texture not in BUILTIN_TEXTURES_2D | BUILTIN_TEXTURES_3D:
        dims = {"sampler3D": 3, "samplerCube": 6}.get(declared.base, 2)
    return SamplerBinding(uniform, texture, filter_, wrap, dims)


def builtin_sampler_type(uniform: str) -> Type | None:
    """The sampler type of a MilkDrop-provided sampler name, None for user textures."""
    binding = sampler_binding(uniform)
    if binding.texture in BUILTIN_TEXTURES_3D:
        return SAMPLER3D
    if binding.texture in BUILTIN_TEXTURES_2D:
        return SAMPLER2D
    return None


def _macro_text() -> str:
    lines = [
        "#define M_PI 3.14159265359",
        "#define M_PI_2 6.28318530718",
        "#define M_INV_PI_2 0.159154943091895",
        "#define GetMain(uv) (tex2D(sampler_main,uv).xyz)",
        "#define GetPixel(uv) (tex2D(sampler_main,uv).xyz)",
        "#define GetBlur1(uv) (tex2D(sampler_blur1,uv).xyz*scale1 + bias1)",
        "#define GetBlur2(uv) (tex2D(sampler_blur2,uv).xyz*scale2 + bias2)",
        "#define GetBlur3(uv) (tex2D(sampler_blur3,uv).xyz*scale3 + bias3)",
        "#define lum(x) (dot(x,float3(0.32,0.49,0.29)))",
        "#define tex2d tex2D",
        "#define tex3d tex3D",
        "#define mip_xy float2(mip_x, mip_y)",
        "#define sampler_FC_main sampler_fc_main",
        "#define sampler_PC_main sampler_pc_main",
        "#define sampler_FW_main sampler_fw_main",
        "#define sampler_PW_main sampler_pw_main",
        # MilkDrop's raw constant registers, for shaders that read them directly
        "#define _c0 aspect",
        "#define _c1 float4(0, 0, 0, 0)",
        "#define _c2 float4(time, fps, frame, progress)",
        "#define _c3 float4(bass, mid, treb, vol)",
        "#define _c4 float4(bass_att, mid_att, treb_att, vol_att)",
        "#define _c5 float4(scale1, bias1, scale2, bias2)",
        "#define _c6 float4(scale3, bias3, blur1_min, blur1_max)",
        "#define _c7 texsize",
        "#define _c8 roam_cos",
        "#define _c9 roam_sin",
        "#define _c10 slow_roam_cos",
        "#define _c11 slow_roam_sin",
        "#define _c12 float4(mip_x, mip_y, mip_avg, 0)",
        "#define _c13 float4(blur2_min, blur2_max, blur3_min, blur3_max)",
    ]
    for i in range(32):
        lines.append(f"#define q{i + 1} _q{'abcdefgh'[i // 4]}.{'xyzw'[i % 4]}")
    return "\n".join(lines) + "\n"


@cache
def macros() -> dict[str, Macro]:
    """MilkDrop's include-header macros (GetPixel, GetBlurN, lum, q1..q32, M_PI...)."""
    return parse_defines(_macro_text())


@cache
def template(kind: Kind) -> str:
    """The GLSL frame a translated shader is spliced into (``glsl/warp.glsl``, ``glsl/comp.glsl``)."""
    return resources.files(__package__).joinpath("glsl", f"{kind}.glsl").read_text(encoding="utf-8")
