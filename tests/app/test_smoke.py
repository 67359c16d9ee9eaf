"""The real app end to end: `phosphene app --demo` in a subprocess with no DISPLAY (it starts Xvfb
itself), the bundled venue server started by the app, the demo concert played for a few seconds,
a screenshot and a short recording written and checked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .conftest import REPO, free_port


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_demo_runs_headless_and_saves_a_screenshot(tmp_path: Path) -> None:
    shot, video = tmp_path / "demo.png", tmp_path / "demo.mp4"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["PHOSPHENE_CONFIG_DIR"] = str(tmp_path / "config")
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [sys.executable, "-m", "app", "app", "--demo", "--exit-after", "8", "--screenshot", str(shot), "--record", str(video),
           "--venue", url, "--venue-data", str(tmp_path / "venue")]  # fmt: skip
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "started Xvfb" in result.stdout
    assert f"screenshot saved to {shot.resolve()}" in result.stdout
    stats = re.search(r"\((\d+) frames, .* stream: (\d+) ticks", result.stdout)
    assert stats and int(stats.group(1)) > 10 and int(stats.group(2)) > 10, result.stdout + result.stderr

    from PIL import Image

    image = np.asarray(Image.open(shot).convert("RGB"))
    assert image.shape[0] >= 400 and image.shape[1] >= 600
    h, w = image.shape[:2]
    visuals = image[h // 4 : 3 * h // 4, int(w * 0.35) : int(w * 0.6)]  # the middle of the window is the GL view
    assert visuals.std() > 8.0, "the visualizer area of the screenshot is blank"

    import av

    with av.open(str(video)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) >= 10
    assert any(not np.array_equal(frames[0], f) for f in frames[1:]), "the recording does not move"


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_play_a_compel_from_the_command_line(tmp_path: Path) -> None:
    from app.compel.pack import pack_compel

    compel = tmp_path / "first-light.compel"
    pack_compel([REPO / "assets" / "music" / "phosphene-first-light.ogg"], REPO / "assets" / "presets", compel, title="Smoke Compel")
    shot = tmp_path / "compel.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["PHOSPHENE_CONFIG_DIR"] = str(tmp_path / "config")
    cmd = [sys.executable, "-m", "app", "play", str(compel), "--exit-after", "5", "--screenshot", str(shot)]
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(row for row in result.stdout.splitlines() if "screenshot saved" in row)
    assert "audio: file: Smoke Compel" in line and "preset phosphene - " in line, line
    frames = int(re.search(r"\((\d+) frames", line).group(1))
    assert frames > 10, line
