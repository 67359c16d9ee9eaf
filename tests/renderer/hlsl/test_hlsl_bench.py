"""`phosphene bench shaders` over a small folder of hand-written presets."""

from __future__ import annotations

import argparse

import pytest

from bench import bench_shaders

GOOD = """[preset00]
MILKDROP_PRESET_VERSION=201
PSVERSION=3
PSVERSION_WARP=3
PSVERSION_COMP=3
warp_1=`shader_body
warp_2=`{
warp_3=`    ret = GetPixel(uv) * 0.97;
warp_4=`}
comp_1=`shader_body
comp_2=`{
comp_3=`    ret = GetPixel(uv) * hue_shader;
comp_4=`}
"""
BROKEN = GOOD.replace("ret = GetPixel(uv) * hue_shader;", "ret = GetPixel(uv) * nothing;")


def _run(folder, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench_shaders.add_arguments(parser)
    return parser.parse_args([str(folder), *extra])


@pytest.mark.gl
def test_bench_reports_times_and_failures(tmp_path, capsys):
    (tmp_path / "good.milk").write_text(GOOD)
    (tmp_path / "broken.milk").write_text(BROKEN)
    code = bench_shaders.run(_run(tmp_path, "--repeat", "1"))
    out = capsys.readouterr().out
    assert code == 1
    assert "presets with shaders: 2 of 2" in out and "translate ms per preset: median" in out
    assert "link ms per shader: median" in out
    assert "FAILED broken.milk [comp] 3:26: unknown name 'nothing'" in out
    assert out.strip().endswith("3 passed, 1 failed")


def test_bench_translate_only(tmp_path, capsys):
    (tmp_path / "good.milk").write_text(GOOD)
    assert bench_shaders.run(_run(tmp_path, "--no-link")) == 0
    out = capsys.readouterr().out
    assert "link ms" not in out and out.strip().endswith("2 passed, 0 failed")
