"""`phosphene bench eel`: how fast presets compile and their equations run.

Figures: compile time per preset (all blocks, with the backends the renderer uses), per-frame
block run time, per_pixel over a 49x37 mesh (numpy and scalar), wave per_point over 512 points
(numpy and scalar). Inputs are each preset's own base values plus fixed audio/time values.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "presets"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of .milk presets")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N presets (0 = all)")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _frame_vars(preset) -> dict[str, float]:  # type: ignore[no-untyped-def]
    values = dict(preset.base_vars())
    values.update(time=12.5, fps=60.0, frame=750.0, progress=0.3, bass=1.1, mid=0.9, treb=1.05,
                  bass_att=1.0, mid_att=0.95, treb_att=1.0, meshx=48.0, meshy=36.0,
                  pixelsx=1280.0, pixelsy=720.0, aspectx=1.0, aspecty=1.7777)
    return values


def _mesh_inputs(cols: int = 49, rows: int = 37):  # type: ignore[no-untyped-def]
    import numpy as np

    gx, gy = np.meshgrid(np.linspace(-1, 1, cols), np.linspace(-1, 1, rows))
    X, Y = gx.ravel(), gy.ravel()
    x = X * 0.5 + 0.5
    y = -Y * 0.5 + 0.5
    rad = np.sqrt(X * X + Y * Y)
    ang = np.mod(np.arctan2(Y, X), 2 * np.pi)
    return {"x": x, "y": y, "rad": rad, "ang": ang}


def _time_call(fn, min_seconds: float = 0.02, max_reps: int = 200) -> float:  # type: ignore[no-untyped-def]
    """Median seconds per call over a few repetitions."""
    samples = []
    start = time.perf_counter()
    while len(samples) < max_reps and (time.perf_counter() - start < min_seconds or len(samples) < 5):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def run(args: argparse.Namespace) -> int:
    import numpy as np

    import eel
    from eel.backends.npvector import VectorContext
    from renderer.equations import compile_preset
    from renderer.preset import load_preset

    paths = sorted(args.corpus.glob("*.milk"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no presets in {args.corpus}")
        return 1
    presets = [load_preset(p) for p in paths]
    compile_ms, compile_cpu_ms, check_cpu_ms, frame_us = [], [], [], []
    vertex_np_ms, vertex_py_ms, point_np_ms, point_py_ms = [], [], [], []
    mesh = _mesh_inputs()
    for preset in presets:
        c0 = time.process_time()
        compiled = compile_preset(preset)  # every block, as `phosphene check` compiles them
        check_cpu_ms.append((time.process_time() - c0) * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        compile_preset(preset, include_inactive=False)  # what loading a preset to play costs
        compile_ms.append((time.perf_counter() - t0) * 1000)
        compile_cpu_ms.append((time.process_time() - c0) * 1000)
        base = _frame_vars(preset)
        plan = compiled.blocks.get("per_frame")
        if plan is not None and not plan.program.is_empty:
            ctx = eel.Context(variables=base)
            block = plan.program.python()
            frame_us.append(_time_call(lambda: block.run(ctx)) * 1e6)
        plan = compiled.blocks.get("per_pixel")
        if plan is not None and not plan.program.is_empty:
            try:
                vblock = plan.program.numpy(eel.analysis.per_element_inputs("per_pixel"))
                vctx = VectorContext(len(mesh["x"]), variables={**base, **mesh})
                vertex_np_ms.append(_time_call(lambda: vblock.run(vctx)) * 1000)
            except eel.BackendUnsupported:
                pass
            sblock = plan.program.python()
            sctx = eel.Context(variables=base)
            xs, ys, rads, angs = (mesh[k].tolist() for k in ("x", "y", "rad", "ang"))

            def scalar_mesh() -> None:
                v = sctx.vars
                for i in range(len(xs)):
                    v["x"], v["y"], v["rad"], v["ang"] = xs[i], ys[i], rads[i], angs[i]
                    sblock.run(sctx)

            vertex_py_ms.append(_time_call(scalar_mesh, 0.0, 3) * 1000)
        for i in range(4):
            plan = compiled.blocks.get(f"wave_{i}_per_point")
            if plan is None or plan.program.is_empty:
                continue
            n = 512
            sample = np.arange(n) / (n - 1)
            inputs = {"sample": sample, "value1": np.sin(sample * 20), "value2": np.cos(sample * 17)}
            try:
                vblock = plan.program.numpy(eel.analysis.per_element_inputs("wave_per_point"))
                vctx = VectorContext(n, variables={**base, **inputs})
                point_np_ms.append(_time_call(lambda: vblock.run(vctx)) * 1000)
            except eel.BackendUnsupported:
                pass
            sblock = plan.program.python()
            sctx = eel.Context(variables=base)
            s_list, v1, v2 = (inputs[k].tolist() for k in ("sample", "value1", "value2"))

            def scalar_points() -> None:
                v = sctx.vars
                for j in range(n):
                    v["sample"], v["value1"], v["value2"] = s_list[j], v1[j], v2[j]
                    sblock.run(sctx)

            point_py_ms.append(_time_call(scalar_points, 0.0, 3) * 1000)
            break

    def row(name: str, values: list[float], unit: str) -> None:
        if values:
            print(f"{name:<34} median {statistics.median(values):9.3f} {unit}   p95 {_pct(values, 0.95):9.3f} {unit}   (n={len(values)})")

    print(f"phosphene bench eel: {len(presets)} presets from {args.corpus}")
    print("(CPU time is the figure to trust on a shared machine; wall time includes other processes)")
    row("compile per preset to play (wall)", compile_ms, "ms")
    row("compile per preset to play (CPU)", compile_cpu_ms, "ms")
    row("compile every block, as check (CPU)", check_cpu_ms, "ms")
    row("per_frame block run", frame_us, "us")
    row("per_pixel 49x37 numpy", vertex_np_ms, "ms")
    row("per_pixel 49x37 scalar", vertex_py_ms, "ms")
    row("wave per_point 512 numpy", point_np_ms, "ms")
    row("wave per_point 512 scalar", point_py_ms, "ms")
    return 0
