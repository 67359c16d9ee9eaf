"""Phosphene's twelve own presets (assets/presets): they load cleanly, their EEL compiles, and
together they exercise every render pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from renderer.preset import load_preset

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "presets"
MOTION_VARS = {"zoom", "rot", "warp", "cx", "cy", "dx", "dy", "sx", "sy"}
STANDARD_BUILTINS = {
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sqr", "sqrt", "pow", "exp", "log", "log10", "abs",
    "min", "max", "sign", "rand", "floor", "ceil", "int", "if", "equal", "above", "below", "bnot", "band", "bor",
    "sigmoid", "loop", "while", "megabuf", "exec2", "exec3",
}  # fmt: skip
MD2_SAMPLERS = {"sampler_main", "sampler_fw_main", "sampler_noise_lq", "sampler_noise_mq", "sampler_noise_hq"}


@pytest.fixture(scope="module")
def presets():
    files = sorted(ASSETS.glob("*.milk"))
    return [load_preset(f) for f in files]


def test_twelve_presets_named_and_versioned(presets):
    assert len(presets) == 12
    for p in presets:
        assert p.name.startswith("phosphene - ")
        assert p.version == 201
        assert p.diagnostics == [], [str(d) for d in p.diagnostics]
        assert p.path.read_bytes().isascii()


def test_every_base_value_is_written_out(presets):
    for p in presets:
        text = p.path.read_text(encoding="ascii")
        keys = {line.split("=", 1)[0] for line in text.splitlines() if "=" in line}
        for key in ("fGammaAdj", "fDecay", "nWaveMode", "zoom", "wave_x", "ob_size", "ib_a", "mv_a", "b1ed",
                    "wavecode_3_a", "shapecode_3_border_a", "PSVERSION_WARP", "PSVERSION_COMP"):  # fmt: skip
            assert key in keys, (p.name, key)


def test_all_eel_code_compiles_runs_and_uses_standard_builtins(presets):
    import eel

    for p in presets:
        ctx = eel.Context(variables={**p.base_vars(), "time": 2.0, "bass": 1.0, "sample": 0.5, "instance": 1.0})
        for kind, block in p.code.items():
            assert all(line.strip() == "" or line.rstrip().endswith(";") for line in block.lines), (p.name, kind)
            calls = set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*\(", block.source.text))
            assert calls <= STANDARD_BUILTINS, (p.name, kind, calls - STANDARD_BUILTINS)
            eel.compile_block(block.source, kind).python().run(ctx)


def _motion_writes(presets, kind):
    """Motion variables that ``kind`` code changes: run it from sentinel values and see what moved."""
    import eel

    sentinels = {name: 100.0 + i for i, name in enumerate(sorted(MOTION_VARS))}
    moved = set()
    for p in presets:
        if kind not in p.code:
            continue
        inputs = {"time": 2.0, "bass": 1.0, "bass_att": 1.0, "mid_att": 1.0, "x": 0.3, "y": 0.7, "rad": 0.4, "ang": 0.9}
        ctx = eel.Context(variables={**p.base_vars(), **inputs, **sentinels})
        eel.compile_block(p.code[kind].source, kind).python().run(ctx)
        moved |= {name for name, value in sentinels.items() if ctx.vars[name] != value}
    return moved


def test_code_blocks_cover_init_frame_and_pixel_motion(presets):
    assert sum("per_frame_init" in p.code for p in presets) >= 3
    assert _motion_writes(presets, "per_frame") == MOTION_VARS
    assert _motion_writes(presets, "per_pixel") == MOTION_VARS


def test_basic_waves_cover_all_modes_and_variants(presets):
    assert {p.basic_wave.mode for p in presets} == set(range(8))
    assert sum(p.basic_wave.dots for p in presets) >= 2
    assert sum(p.basic_wave.thick for p in presets) >= 2
    assert sum(p.basic_wave.additive for p in presets) >= 2


def test_comp_side_effects_are_covered_by_shaderless_presets(presets):
    plain = [p for p in presets if p.comp_shader is None]
    assert {p.echo.orientation for p in plain if p.echo.alpha > 0} == {0, 1, 2, 3}
    assert any(p.composite.brighten for p in plain) and any(p.composite.darken for p in plain)
    assert any(p.composite.solarize for p in plain) and any(p.composite.invert for p in plain)
    assert len({p.composite.gamma for p in plain}) >= 4
    assert any(p.feedback.darken_center for p in presets)
    assert any(p.outer_border.a > 0 and p.outer_border.size > 0 for p in presets)
    assert any(p.inner_border.a > 0 and p.inner_border.size > 0 for p in presets)
    assert sum(p.motion_vectors.a > 0 for p in presets) >= 2
    assert {p.warp_ps_version for p in plain} == {0, 2}  # fixed look and generated default shaders


def test_custom_waves_cover_every_kind(presets):
    waves = [(p, w) for p in presets for w in p.waves if w.enabled]
    assert any(not (w.use_dots or w.thick) for _p, w in waves)  # plain lines
    for flag in ("use_dots", "thick", "additive", "spectrum"):
        assert any(getattr(w, flag) for _p, w in waves), flag
    assert all(f"wave_{w.index}_per_point" in p.code for p, w in waves)


def test_custom_shapes_cover_every_kind(presets):
    shapes = [s for p in presets for s in p.shapes if s.enabled]
    assert len({s.sides for s in shapes}) >= 5
    assert any(s.num_inst > 1 for s in shapes)
    for flag in ("textured", "additive", "thick_outline"):
        assert any(getattr(s, flag) for s in shapes), flag
    assert any(s.border_a > 0 for s in shapes)


def test_half_have_plain_md2_shaders_using_blur(presets):
    shaded = [p for p in presets if p.warp_shader and p.comp_shader]
    assert len(shaded) == 6
    text = "\n".join(p.warp_shader + "\n" + p.comp_shader for p in shaded)
    for name in ("GetPixel", "GetBlur1", "GetBlur2", "GetBlur3", "tex2D(sampler_main, uv)", "lum(", "q1"):
        assert name in text, name
    assert set(re.findall(r"\bsampler_\w+", text)) <= MD2_SAMPLERS
    for p in shaded:
        for shader in (p.warp_shader, p.comp_shader):
            assert shader.startswith("shader_body\n{") and shader.endswith("}") and "ret = " in shader
            assert shader.count("{") == shader.count("}")
    assert any(p.blur.blur1_min > 0 or p.blur.blur3_max < 1 for p in shaded)


@pytest.mark.gl
def test_shaders_translate_and_link(presets, gl):
    from renderer.hlsl import check_preset_shaders

    for p in presets:
        report = check_preset_shaders(p, gl)
        assert report["errors"] == [], (p.name, report["errors"])
        expected = "ok" if p.warp_shader else "none"
        assert (report["warp"], report["comp"]) == (expected, expected), p.name


def test_readme_table_lists_every_preset(presets):
    readme = (ASSETS / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip() for line in readme.splitlines() if line.startswith("| ") and "---" not in line}
    assert {p.name.removeprefix("phosphene - ") for p in presets} <= rows
    for p in presets:
        row = next(line for line in readme.splitlines() if line.startswith(f"| {p.name.removeprefix('phosphene - ')} |"))
        ps = row.split("|")[2].strip()
        assert ps.startswith(f"{p.warp_ps_version}/{p.comp_ps_version}"), (p.name, ps)
        assert row.split("|")[3].strip().startswith(str(p.basic_wave.mode)), p.name
