"""`phosphene bench shaders`: HLSL→GLSL translation time per preset, and GL link time.

Input: every ``.milk`` file in a folder (default ``../shared/presets``), read through the preset
model. Translation time is both shaders of one preset together; link time is one compile+link of
one translated shader on the headless EGL context (Mesa llvmpipe here; Mesa's on-disk shader cache
makes repeated runs faster, ``MESA_SHADER_CACHE_DISABLE=true`` gives cold figures). Prints median and p95,
then each failure with its cause, and ends with ``N passed, M failed`` (shaders, not presets).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "presets"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="folder of .milk presets")
    parser.add_argument("--no-link", action="store_true", help="translate only; skip GL compile and link")
    parser.add_argument("--repeat", type=int, default=3, help="translations per preset; the fastest counts")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(args: argparse.Namespace) -> int:
    from renderer.hlsl import HlslError, link_check, translate_shader
    from renderer.preset import load_preset

    folder = Path(args.folder)
    paths = sorted(folder.glob("*.milk"))
    if not paths:
        print(f"no .milk files in {folder}")
        return 1
    ctx = None
    if not args.no_link:
        from renderer.gl.context import create_headless_context

        ctx = create_headless_context()
    translate_ms: list[float] = []
    link_ms: list[float] = []
    failures: list[str] = []
    passed = 0
    for path in paths:
        preset = load_preset(path)
        shaders = [(k, t) for k, t in (("warp", preset.warp_shader), ("comp", preset.comp_shader)) if t and t.strip()]
        if not shaders:
            continue
        best = float("inf")
        results: dict[str, object] = {}
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            for kind, text in shaders:
                try:
                    results[kind] = translate_shader(text, kind)  # type: ignore[arg-type]
                except HlslError as error:
                    results[kind] = error
            best = min(best, time.perf_counter() - start)
        translate_ms.append(best * 1000.0)
        for kind, result in results.items():
            if isinstance(result, HlslError):
                failures.append(f"{path.name} [{kind}] {result}")
                continue
            if ctx is not None:
                start = time.perf_counter()
                try:
                    link_check(ctx, result)  # type: ignore[arg-type]
                except HlslError as error:
                    failures.append(f"{path.name} [{kind}] {error}")
                    continue
                finally:
                    link_ms.append((time.perf_counter() - start) * 1000.0)
            passed += 1
    print(f"presets with shaders: {len(translate_ms)} of {len(paths)} in {folder}")
    print(
        f"translate ms per preset: median {statistics.median(translate_ms):.2f}, "
        f"p95 {_percentile(translate_ms, 0.95):.2f}, max {max(translate_ms):.2f}"
    )
    if link_ms:
        print(
            f"link ms per shader: median {statistics.median(link_ms):.2f}, "
            f"p95 {_percentile(link_ms, 0.95):.2f}, max {max(link_ms):.2f} (GL: {ctx.info['GL_RENDERER']}; "  # type: ignore[union-attr]
            f"Mesa shader cache {'off' if os.environ.get('MESA_SHADER_CACHE_DISABLE') else 'on: set MESA_SHADER_CACHE_DISABLE=true for cold figures'})"
        )
    for line in failures:
        print(f"FAILED {line}")
    print(f"{passed} passed, {len(failures)} failed")
    if ctx is not None:
        ctx.release()
    return 0 if not failures else 1
