"""Real audio devices through PortAudio: a JACK dummy server (its own name, so it never meets
another one) gives an output and an input paced in real time. Runs in a subprocess because
PortAudio lists devices once, when sounddevice is first imported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from .conftest import REPO

SCRIPT = r"""
import json, time
import numpy as np
from app.playback import FilePlayback
from app.live_input import LiveInput, input_devices

rate = 48000
t = np.arange(rate * 3) / rate
pcm = (0.3 * np.stack([np.sin(2 * np.pi * 220 * t)] * 2, axis=1)).astype(np.float32)
playback = FilePlayback(pcm, rate)
playback.play()
time.sleep(0.4)  # let the stream get going (its first callbacks come late)
start, played0 = time.monotonic(), playback.frames_played / rate
time.sleep(1.0)
wall = time.monotonic() - start
position, played = playback.position_s, playback.frames_played / rate - played0
pulled = playback.pull()
playback.close()
live = LiveInput()
time.sleep(0.5)
captured = live.pull()
live.close()
print(json.dumps({"silent": playback.silent_reason, "latency": playback.latency_s, "wall": wall, "position": position,
                  "played": played, "played0": played0, "pulled": len(pulled), "inputs": [d.name for d in input_devices()],
                  "captured": len(captured), "live_rate": live.rate}))
"""


@pytest.mark.skipif(shutil.which("jackd") is None, reason="jackd is not installed (apt-get install jackd2)")
def test_playback_and_capture_on_a_real_paced_device(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    name = f"phosphene-test-{uuid.uuid4().hex[:8]}"
    log = open(tmp_path / "jackd.log", "wb")
    jackd = subprocess.Popen(["jackd", "-n", name, "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "512"], stdout=log, stderr=log)
    try:
        time.sleep(2.0)  # PortAudio sees JACK only once the server is up
        assert jackd.poll() is None, (tmp_path / "jackd.log").read_text()
        env = {**os.environ, "JACK_DEFAULT_SERVER": name, "JACK_NO_START_SERVER": "1"}
        result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        jackd.terminate()
        jackd.wait(timeout=10)
        log.close()
    assert data["silent"] is None and data["latency"] > 0
    # the device consumes the audio at about real time (JACK's dummy driver slips when the machine is starved)
    assert 0.2 < data["played"] < data["wall"] + 0.2, data
    assert data["position"] == pytest.approx(data["played"] + data["played0"] - data["latency"], abs=1e-6)  # visuals follow what is heard
    assert data["pulled"] == 8192  # the analyser gets the newest samples up to the audible position (capped)
    assert data["inputs"] and data["live_rate"] == 48000 and data["captured"] > 0.05 * 48000  # some capture arrived (pacing slips when starved)
