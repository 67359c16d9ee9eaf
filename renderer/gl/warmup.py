"""Shader warm-up in a helper process, so a preset switch does not stall the render loop.

Mesa compiles shaders when a program is linked and JIT-compiles their variants at the first
draw; on llvmpipe that takes tens to hundreds of milliseconds per preset, and a GL context on
another thread of the same process does not help (the compile holds the interpreter). A helper
process (``python -m renderer.gl.warmup``) with its own headless context builds and draws the
next preset's programs; Mesa keeps the results in its on-disk shader cache, so the render
loop's own build of the same programs is a cache hit. Without a disk cache nothing breaks: the
switch is just slower.

Protocol: one JSON object per line on the helper's stdin (``token``, ``texsize``, ``shaders``);
the helper answers each with the token on stdout once the programs were built and drawn.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import astuple
from typing import Any


class ShaderWarmer:
    """Owns the helper process. ``warm()`` queues a preset's shaders; ``is_warm()`` polls."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "renderer.gl.warmup"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
        )  # fmt: skip
        self._next = 0
        self._finished: set[int] = set()
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read_replies, name="shader-warmup-replies", daemon=True)
        self._reader.start()

    def _read_replies(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if line.strip().isdigit():
                with self._changed:
                    self._finished.add(int(line))
                    self._changed.notify_all()

    def warm(self, shaders: Any, texsize: tuple[int, int]) -> int:
        """Queue ``shaders`` (a ``PresetShaders``) for ``texsize``; returns a token for ``is_warm``."""
        self._next += 1
        job = {"token": self._next, "texsize": [int(texsize[0]), int(texsize[1])], "shaders": list(astuple(shaders))}
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps(job) + "\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            with self._changed:
                self._finished.add(self._next)  # no helper: nothing to wait for
        return self._next

    def is_warm(self, token: int) -> bool:
        with self._changed:
            return token in self._finished or self._process.poll() is not None

    def wait(self, token: int, timeout: float = 30.0) -> bool:
        """Block until ``token`` is warm (offline renders, tests); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: token in self._finished or self._process.poll() is not None, timeout)

    def close(self) -> None:
        """Stop the helper and close both pipes (the reply reader ends at the helper's end of file)."""
        if self._process.poll() is None:
            try:
                assert self._process.stdin is not None
                self._process.stdin.close()
                self._process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait(timeout=5)
        self._reader.join(timeout=5)
        if self._process.stdout is not None and not self._reader.is_alive():
            self._process.stdout.close()


def _serve() -> None:
    """The helper process: build and draw each job's programs once, answer with its token."""
    from renderer.frame import PresetRenderer, PresetShaders
    from renderer.frame_inputs import FrameInputs
    from renderer.gl.context import create_headless_context
    from renderer.gl.programs import ShaderBuildError

    ctx = create_headless_context()
    renderers: dict[tuple[int, int], PresetRenderer] = {}
    for line in sys.stdin:
        job = json.loads(line)
        texsize = (int(job["texsize"][0]), int(job["texsize"][1]))
        renderer = renderers.get(texsize)
        if renderer is None:
            renderer = renderers[texsize] = PresetRenderer(ctx, texsize)
        try:
            renderer.load_shaders(PresetShaders(*job["shaders"]))
            renderer.render_frame(FrameInputs(frame_vars={}))
            ctx.finish()
        except ShaderBuildError:
            pass  # the render loop reports it when it builds the same programs
        print(job["token"], flush=True)


if __name__ == "__main__":
    _serve()
