"""The command line: help, check over our presets and the corpus, vectors, render."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def phosphene(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_help_explains_each_command() -> None:
    out = phosphene("--help")
    assert out.returncode == 0
    for command in ("check", "eel", "render", "bench", "venue"):
        assert command in out.stdout


def test_check_our_presets_passes_and_ends_with_the_tally() -> None:
    out = phosphene("check", "assets/presets")
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "12 passed, 0 failed"
    first = json.loads(lines[0])
    assert set(first) >= {"preset", "ok", "blocks", "errors", "shaders"}


def test_check_reports_a_broken_block_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.milk"
    bad.write_text("[preset00]\nper_frame_1=zoom = 1;\nper_frame_2=rot = (0.1 *;\nper_pixel_1=zoom = zoom;\n")
    out = phosphene("check", "--no-gl", str(bad))
    result = json.loads(out.stdout.splitlines()[0])
    assert result["ok"] is False
    (error,) = result["errors"]
    assert (error["block"], error["line"], error["col"]) == ("per_frame", 2, 13)  # the ";" where a value was due
    assert out.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"
    assert phosphene("check", "--no-gl", "--strict", str(bad)).returncode == 1


def test_check_corpus_meets_the_bar(preset_corpus: Path) -> None:
    out = phosphene("check", "--no-gl", str(preset_corpus))
    results = [json.loads(line) for line in out.stdout.strip().splitlines()[:-1]]
    assert len(results) == 1000
    compiled = sum(not r["errors"] for r in results)
    assert compiled / len(results) >= 0.995
    for r in results:
        for e in r["errors"]:
            assert e["line"] >= 1 and e["col"] >= 1 and e["message"]


def test_eel_vectors_command(eel_vectors_path: Path) -> None:
    out = phosphene("eel", "vectors", str(eel_vectors_path), "--backend", "numpy")
    assert out.stdout.strip().splitlines()[-1] == "713 passed, 0 failed"


def test_render_writes_an_mp4_with_video_and_audio(tmp_path: Path) -> None:
    import av

    target = tmp_path / "out.mp4"
    out = phosphene("render", "assets/presets/phosphene - aurora tunnel.milk", "--audio",
                    "assets/music/phosphene-first-light.ogg", "-o", str(target), "--size", "160x90", "--seconds", "2")
    assert out.returncode == 0, out.stderr
    with av.open(str(target)) as container:
        kinds = sorted(s.type for s in container.streams)
        frames = sum(1 for _ in container.decode(video=0))
    assert kinds == ["audio", "video"] and frames == 60


def test_render_to_png_frames(tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    out = phosphene("render", "assets/presets", "--audio", "assets/music/phosphene-first-light.ogg",
                    "-o", f"{folder}/", "--size", "64x48", "--seconds", "0.5", "--fps", "10")
    assert out.returncode == 0, out.stderr
    assert len(list(folder.glob("*.png"))) == 5


def test_check_render_our_presets() -> None:
    out = phosphene("check", "--render", "6", "--size", "64x48", "assets/presets")
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "12 passed, 0 failed", out.stdout[-2000:]
    result = json.loads(lines[0])
    assert result["render"]["frames"] == 6 and result["render"]["problems"] == []


def test_bench_render_smoke(preset_corpus: Path) -> None:
    out = phosphene("bench", "render", "--limit", "1", "--frames", "12", "--warmup", "2", "--sizes", "64x36",
                    "--offline-seconds", "0")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "1 passed, 0 failed"


def test_bench_eel_smoke(preset_corpus: Path) -> None:
    out = phosphene("bench", "eel", "--limit", "20")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "compile per preset to play (CPU)" in out.stdout and "per_pixel 49x37 numpy" in out.stdout


def test_render_a_compel_at_its_aspect_ratio(tmp_path: Path) -> None:
    import av

    compel = tmp_path / "show.compel"
    packed = phosphene("compel", "pack", "assets/music/phosphene-first-light.ogg", "-o", str(compel),
                       "--aspect-ratio", "9:16", "--title", "Vertical")
    assert packed.returncode == 0, packed.stderr
    video = tmp_path / "show.mp4"
    out = phosphene("render", str(compel), "-o", str(video), "--seconds", "1.5", "--fps", "10")
    assert out.returncode == 0, out.stderr
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (720, 1280)
        assert sorted(s.type for s in container.streams) == ["audio", "video"]
    assert phosphene("render", "assets/presets", "-o", str(tmp_path / "x.mp4")).returncode == 2  # no --audio
