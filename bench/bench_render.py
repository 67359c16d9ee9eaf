"""`phosphene bench render`: frame rate, CPU per stage, Python CPU and switch cost per preset.

Inputs (see bench/README.md): the preset names in ``bench/render_presets.txt`` read from
``../shared/presets``; the audio is the WAV Butterchurn's reference harness (bcref) uses, made by
``../shared/tools/bcref/gen_wav.py`` (fallback: ``assets/music/phosphene-first-light.ogg``), so
both renderers see the same sound. Everything is deterministic: seed 1, ``dt = 1/60`` s, frame
``i`` is fed the samples ``[floor(i*sr/60), floor((i+1)*sr/60))`` of the looped file.

Per frame, on a headless EGL context, through ``Show`` exactly as the app uses it:
``audio`` = ``AudioAnalyzer.analyze``; ``equations`` = ``EquationRuntime.frame_inputs``;
``submit`` = ``PresetRenderer.render_frame`` until it returns (uniforms, uploads, GL calls, and
whatever Mesa does on the calling thread); ``wait`` = a 1-pixel read of the output, which forces
the frame to finish (as bcref's ``readPixels``). The first ``--warmup`` frames are left out.
"main CPU" is the main thread's CPU time (``time.thread_time``) for audio + ``Show.render``,
Mesa's work on that thread included (llvmpipe runs vertex shaders and triangle binning there);
"Python CPU" is the same minus the CPU spent inside GL driver calls (``bench/driver_clock.py``),
what the frame costs in Python and numpy whatever the GPU. "CPU ms" is the whole process (all
threads), the figure that other load on a shared box affects least.
Switch cost: ``prepare_preset`` (off the render loop in the app), ``Show.set_preset`` (hard
cut, from a running preset) and the first frame after it, against the preset's median frame.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from app.cli.arguments import size_argument
from bench.driver_clock import DriverClock

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO.parent / "shared" / "presets"
DEFAULT_LIST = REPO / "bench" / "render_presets.txt"
GEN_WAV = REPO.parent / "shared" / "tools" / "bcref" / "gen_wav.py"
FALLBACK_AUDIO = REPO / "assets" / "music" / "phosphene-first-light.ogg"
TARGET_FPS_RATIO = 2.0
TARGET_PY_MEDIAN_MS = 2.0
TARGET_PY_P99_MS = 8.0
TARGET_OFFLINE_X = 1.0



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--presets", type=Path, default=DEFAULT_LIST, metavar="FILE", help="preset names, one per line (# comments)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help="where the named .milk files are")
    parser.add_argument("--sizes", default="1280x720,640x360", help="comma-separated WxH list (texsize = output size)")
    parser.add_argument("--frames", type=int, default=60, help="frames per preset and size, warm-up included (bcref --frames)")
    parser.add_argument("--warmup", type=int, default=10, help="frames left out of the figures (bcref's default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preload", action="store_true",
                        help="warm each preset's shaders in the helper process before its switch (as the app does for the next preset)")
    parser.add_argument("--sim-fps", type=float, default=60.0, help="dt = 1/sim-fps, as bcref --sim-fps")
    parser.add_argument("--audio", type=Path, default=None, help="WAV/OGG to use instead of bcref's generated test WAV")
    parser.add_argument("--limit", type=int, default=0, help="only the first N presets of the list")
    parser.add_argument("--offline-seconds", type=float, default=10.0, help="length of the offline render+encode figure (0 = skip)")
    parser.add_argument("--offline-preset", default="", help="preset for the offline figure (default: first in the list without shaders)")
    parser.add_argument("--offline-sizes", default="640x360,1280x720", help="sizes for the offline figure, at 30 fps")
    parser.add_argument("--bcref", type=Path, action="append", default=[], metavar="JSONL",
                        help="bcref --mode fps output to compare with (repeatable, one per size)")  # fmt: skip
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile the timed frames (cProfile) and print the top N functions per size by own time; "
                             "inflates the timings, so take figures from a run without it")  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write every figure as JSON here")


# -- inputs ---------------------------------------------------------------------------------


def read_preset_list(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def bench_audio(explicit: Path | None) -> tuple[Path, str]:
    """The soundtrack and a sentence saying where it came from."""
    if explicit is not None:
        return explicit, f"{explicit} (given with --audio)"
    if GEN_WAV.is_file():
        out = Path(tempfile.gettempdir()) / "phosphene-bench-render" / "bcref_audio.wav"
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(GEN_WAV), str(out)], check=True, stdout=subprocess.DEVNULL)
        return out, f"{out} (bcref's test loop, made by {GEN_WAV}: the same samples bcref feeds Butterchurn)"
    return FALLBACK_AUDIO, f"{FALLBACK_AUDIO} ({GEN_WAV} not found)"


class LoopedAudio:
    """Per-frame PCM slices of a file, looped, at a fixed frame rate."""

    def __init__(self, path: Path, fps: float) -> None:
        from renderer.audio.file_source import decode_audio

        decoded = decode_audio(path)
        self.pcm, self.rate, self.fps = decoded.pcm, decoded.sample_rate, fps

    def frame(self, i: int):  # type: ignore[no-untyped-def]
        import numpy as np

        start, stop = int(i * self.rate // self.fps), int((i + 1) * self.rate // self.fps)
        idx = np.arange(start, stop) % len(self.pcm)
        return self.pcm[idx]


# -- measuring ------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Stages:
    """Wall and thread-CPU time of wrapped calls, accumulated until ``take``."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            w0, c0 = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - w0
                self.cpu[name] = self.cpu.get(name, 0.0) + time.thread_time() - c0

        return timed

    def take(self) -> tuple[dict[str, float], dict[str, float]]:
        wall, cpu = self.wall, self.cpu
        self.wall, self.cpu = {}, {}
        return wall, cpu


class CpuWatch:
    """This process's CPU seconds and the CPU that everything else on the box used meanwhile."""

    def __init__(self) -> None:
        self.t0, self.own0, self.busy0 = time.perf_counter(), time.process_time(), _busy_seconds()

    def stop(self) -> tuple[float, float, float]:
        """(wall s, own CPU s, other processes' CPU as % of one core)."""
        wall, own = time.perf_counter() - self.t0, time.process_time() - self.own0
        busy = _busy_seconds() - self.busy0
        other = max(0.0, busy - own) / wall * 100.0 if wall > 0 and busy == busy else float("nan")
        return wall, own, other


def _busy_seconds() -> float:
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return float("nan")
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _instrument(show, stages: Stages) -> None:  # type: ignore[no-untyped-def]
    """Wrap the current preset's two per-frame calls (instance attributes; Show calls them)."""
    playing = show.current
    playing.runtime.frame_inputs = stages.wrap("equations", playing.runtime.frame_inputs)
    playing.renderer.render_frame = stages.wrap("submit", playing.renderer.render_frame)
    for target in (playing.renderer.feedback.source, playing.renderer.feedback.target):  # part of submit
        target.build_mipmaps = stages.wrap("mipmaps", target.build_mipmaps)


def measure_preset(show, prepared, audio: LoopedAudio, analyzer, args: argparse.Namespace, driver: DriverClock, profiler=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Switch ``show`` to ``prepared`` and render ``args.frames`` frames, timing each stage."""
    stages = Stages()
    dt = 1.0 / args.sim_fps
    pixel = (0, 0, 1, 1)
    t0 = time.perf_counter()
    show.set_preset(prepared, 0.0)
    set_ms = (time.perf_counter() - t0) * 1000.0
    _instrument(show, stages)
    rows: list[dict[str, float]] = []
    watch: CpuWatch | None = None
    for i in range(args.frames):
        if i == args.warmup:
            watch = CpuWatch()
            if profiler is not None:
                profiler.enable()
        driver.take()
        w0, c0 = time.perf_counter(), time.thread_time()
        frame_audio = analyzer.analyze(audio.frame(show.frame), args.sim_fps)
        w1 = time.perf_counter()
        show.render(dt, frame_audio)
        w2, c2 = time.perf_counter(), time.thread_time()
        driver_ms = driver.take() * 1e3
        show.output.fbo.read(viewport=pixel, components=4)
        w3 = time.perf_counter()
        wall, cpu = stages.take()
        rows.append({"frame_ms": (w3 - w0) * 1e3, "audio_ms": (w1 - w0) * 1e3, "equations_ms": wall.get("equations", 0.0) * 1e3,
                     "submit_ms": wall.get("submit", 0.0) * 1e3, "mipmaps_ms": wall.get("mipmaps", 0.0) * 1e3,
                     "wait_ms": (w3 - w2) * 1e3, "main_cpu_ms": (c2 - c0) * 1e3, "driver_cpu_ms": driver_ms,
                     "py_cpu_ms": (c2 - c0) * 1e3 - driver_ms, "equations_cpu_ms": cpu.get("equations", 0.0) * 1e3,
                     "submit_cpu_ms": cpu.get("submit", 0.0) * 1e3, "mipmaps_cpu_ms": cpu.get("mipmaps", 0.0) * 1e3})  # fmt: skip
    if profiler is not None:
        profiler.disable()
    wall_s, own_s, other = watch.stop() if watch is not None else (float("nan"),) * 3
    timed = rows[args.warmup :] or rows
    med = {key: statistics.median(r[key] for r in timed) for key in timed[0]}
    py = [r["py_cpu_ms"] for r in timed]
    main = [r["main_cpu_ms"] for r in timed]
    return {
        "preset": prepared.name, "frames": args.frames, "warmup": args.warmup,
        "fps": 1000.0 / med["frame_ms"], "median_ms": med["frame_ms"], "p90_ms": pct([r["frame_ms"] for r in timed], 0.9),
        "stages_ms": {k: med[k] for k in ("audio_ms", "equations_ms", "submit_ms", "mipmaps_ms", "wait_ms")},
        "equations_cpu_ms": med["equations_cpu_ms"], "submit_cpu_ms": med["submit_cpu_ms"], "mipmaps_cpu_ms": med["mipmaps_cpu_ms"],
        "py_cpu_median_ms": statistics.median(py), "py_cpu_p99_ms": pct(py, 0.99),
        "main_cpu_median_ms": statistics.median(main), "main_cpu_p99_ms": pct(main, 0.99), "driver_cpu_median_ms": med["driver_cpu_ms"],
        "cpu_ms_per_frame": own_s * 1000.0 / max(len(timed), 1), "other_cpu_pct": other,
        "set_preset_ms": set_ms, "first_frame_ms": rows[0]["frame_ms"], "switch_ms": set_ms + rows[0]["frame_ms"],
        "switch_vs_median": (set_ms + rows[0]["frame_ms"]) / med["frame_ms"],
        "fallbacks": [e for e in prepared.errors if "shader" in e], "py_cpu_samples": py, "main_cpu_samples": main,
    }  # fmt: skip


def run_size(ctx, size: tuple[int, int], names: list[str], audio: LoopedAudio, args: argparse.Namespace) -> tuple[list[dict], list[str]]:  # type: ignore[no-untyped-def]
    from renderer.audio.analysis import AudioAnalyzer
    from renderer.preset import Preset, PresetLoadError
    from renderer.show import Show, prepare_preset

    warmer = None
    if args.preload:
        from renderer.gl.warmup import ShaderWarmer

        warmer = ShaderWarmer()
    show = Show(ctx, size, size, seed=args.seed, warmer=warmer)
    profiler = cProfile.Profile() if args.profile else None  # wall timer: thread_time is a syscall here, 50x the overhead
    analyzer = AudioAnalyzer(audio.rate)
    show.set_preset(prepare_preset(Preset(name="(default)")))  # so every measured set_preset is a switch
    for i in range(3):
        show.render(1.0 / args.sim_fps, analyzer.analyze(audio.frame(i), args.sim_fps))
    results, failures = [], []
    driver = DriverClock().install()
    try:
        for name in names:
            path = args.folder / f"{name}.milk"
            t0 = time.perf_counter()
            try:
                prepared = prepare_preset(path)
            except PresetLoadError as exc:
                failures.append(f"{size[0]}x{size[1]} {name}: {exc}")
                continue
            prepare_ms = (time.perf_counter() - t0) * 1000.0
            if warmer is not None:  # the app preloads the next preset while the current one plays
                warmer.wait(show.preload(prepared) or 0, timeout=60)
            try:
                result = measure_preset(show, prepared, audio, analyzer, args, driver, profiler)
            except RuntimeError as exc:  # the default pipeline itself failed to build
                failures.append(f"{size[0]}x{size[1]} {name}: {exc}")
                continue
            result.update(size=f"{size[0]}x{size[1]}", prepare_ms=prepare_ms)
            results.append(result)
            print(_row(result), flush=True)
    finally:
        driver.uninstall()
        show.release()
        if warmer is not None:
            warmer.close()
    if profiler is not None and results:
        print_profile(profiler, f"{size[0]}x{size[1]}", sum(r["frames"] - r["warmup"] for r in results), args.profile)
    return results, failures


def print_profile(profiler: cProfile.Profile, label: str, frames: int, top: int) -> None:
    """Own time per frame by function; calls into moderngl (GL driver work, and waits for llvmpipe to
    finish the frame drawn so far: build_mipmaps, reads) summed apart from Python."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    gl = sum(v[2] for (file, _, name), v in stats.items() if file == "~" and "'mgl." in name)
    print(f"\nprofile {label}: {total * 1e3 / frames:.2f} ms/frame in profiled calls (wall, cProfile overhead included), of which "
          f"moderngl calls (driver work + GPU waits) {gl * 1e3 / frames:.2f} ms and Python + numpy {(total - gl) * 1e3 / frames:.2f} ms")  # fmt: skip
    print(f"{'ms/frame':>9} {'calls/frame':>11}  function (own time)")
    for (file, line, name), v in sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]:
        where = name if file == "~" else f"{os.path.relpath(file, REPO) if file.startswith(str(REPO)) else Path(file).name}:{line}({name})"
        print(f"{v[2] * 1e3 / frames:9.3f} {v[1] / frames:11.1f}  {where}")
    print(_HEADER)


def offline_figure(name: str, folder: Path, audio_path: Path, size: tuple[int, int], seconds: float, seed: int, ctx) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``render_offline`` of one preset at 30 fps to H.264 + AAC; x real time = seconds / wall."""
    from renderer.offline import RenderSettings, render_offline

    with tempfile.TemporaryDirectory(prefix="phosphene-bench-") as tmp:
        out = Path(tmp) / "offline.mp4"
        watch = CpuWatch()
        result = render_offline([folder / f"{name}.milk"], audio_path, out, RenderSettings(size=size, fps=30, seconds=seconds, seed=seed), ctx)
        wall, own, other = watch.stop()
        mp4_bytes = out.stat().st_size
    return {"preset": name, "size": f"{size[0]}x{size[1]}", "fps": 30, "seconds": result.seconds, "frames": result.frames,
            "wall_s": wall, "x_realtime": result.seconds / wall, "cpu_s": own, "cpu_ms_per_frame": own * 1000.0 / result.frames,
            "other_cpu_pct": other, "mp4_bytes": mp4_bytes}  # fmt: skip


# -- printing -------------------------------------------------------------------------------

_HEADER = (f"{'size':>8} {'fps':>6} {'med ms':>7} {'p90 ms':>7} | {'audio':>5} {'equ':>5} {'submit':>6} {'mipmap':>6} {'wait':>6} | "
           f"{'py med':>6} {'py p99':>6} {'main':>5} {'mp99':>5} {'CPU ms':>6} {'other%':>6} | {'prep':>5} {'set':>5} {'1st':>6} {'sw/med':>6}  preset")  # fmt: skip


def _row(r: dict[str, Any]) -> str:
    s = r["stages_ms"]
    flag = " [shader fallback]" if r["fallbacks"] else ""
    return (f"{r['size']:>8} {r['fps']:6.1f} {r['median_ms']:7.1f} {r['p90_ms']:7.1f} | {s['audio_ms']:5.2f} {s['equations_ms']:5.2f} "
            f"{s['submit_ms']:6.2f} {s['mipmaps_ms']:6.2f} {s['wait_ms']:6.1f} | {r['py_cpu_median_ms']:6.2f} {r['py_cpu_p99_ms']:6.2f} "
            f"{r['main_cpu_median_ms']:5.2f} {r['main_cpu_p99_ms']:5.1f} {r['cpu_ms_per_frame']:6.1f} {r['other_cpu_pct']:6.0f} | {r['prepare_ms']:5.0f} {r['set_preset_ms']:5.0f} "
            f"{r['first_frame_ms']:6.1f} {r['switch_vs_median']:6.1f}  {r['preset'][:60]}{flag}")  # fmt: skip


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    pooled = [v for r in results for v in r["py_cpu_samples"]]
    pooled_main = [v for r in results for v in r["main_cpu_samples"]]
    return {
        "presets": len(results),
        "median_fps": statistics.median(r["fps"] for r in results),
        "median_cpu_ms_per_frame": statistics.median(r["cpu_ms_per_frame"] for r in results),
        "py_cpu_median_ms": statistics.median(pooled), "py_cpu_p99_ms": pct(pooled, 0.99),
        "main_cpu_median_ms": statistics.median(pooled_main), "main_cpu_p99_ms": pct(pooled_main, 0.99),
        "presets_py_median_over_2ms": sum(r["py_cpu_median_ms"] > TARGET_PY_MEDIAN_MS for r in results),
        "median_switch_ms": statistics.median(r["switch_ms"] for r in results),
        "median_switch_vs_frame": statistics.median(r["switch_vs_median"] for r in results),
        "median_other_cpu_pct": statistics.median(r["other_cpu_pct"] for r in results),
    }  # fmt: skip


def read_bcref(paths: list[Path]) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                rec = json.loads(line)
                out[(rec["size"], rec["preset"])] = rec
    return out


def compare(results: list[dict[str, Any]], bc: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    """Side-by-side table per size; the median of Phosphene fps / Butterchurn fps."""
    by_size: dict[str, dict[str, Any]] = {}
    for size in dict.fromkeys(r["size"] for r in results):
        rows = [(r, bc[(size, r["preset"])]) for r in results if r["size"] == size and (size, r["preset"]) in bc]
        if not rows:
            continue
        print(f"\nPhosphene vs Butterchurn (bcref), {size}:")
        print(f"{'ph fps':>7} {'bc fps':>7} {'ratio':>6} | {'ph CPU ms':>9} {'bc CPU ms':>9} {'CPU ratio':>9} | {'ph oth%':>7} {'bc oth%':>7}  preset")
        ratios, cpu_ratios = [], []
        for r, b in rows:
            ratio, cpu_ratio = r["fps"] / b["fps"], b["cpu_ms_per_frame"] / r["cpu_ms_per_frame"]
            ratios.append(ratio)
            cpu_ratios.append(cpu_ratio)
            print(f"{r['fps']:7.1f} {b['fps']:7.2f} {ratio:6.2f} | {r['cpu_ms_per_frame']:9.1f} {b['cpu_ms_per_frame']:9.1f} "
                  f"{cpu_ratio:9.2f} | {r['other_cpu_pct']:7.0f} {b['other_cpu_pct']:7.0f}  {r['preset'][:60]}")  # fmt: skip
        by_size[size] = {"presets": len(rows), "median_fps_ratio": statistics.median(ratios),
                         "median_cpu_ratio": statistics.median(cpu_ratios),
                         "presets_at_2x": sum(x >= TARGET_FPS_RATIO for x in ratios),
                         "bc_median_fps": statistics.median(b["fps"] for _, b in rows),
                         "bc_median_other_cpu_pct": statistics.median(b["other_cpu_pct"] for _, b in rows)}  # fmt: skip
        s = by_size[size]
        print(f"{size}: median fps ratio {s['median_fps_ratio']:.2f} (target >= {TARGET_FPS_RATIO}), median CPU-per-frame ratio "
              f"{s['median_cpu_ratio']:.2f} (Butterchurn CPU ms / Phosphene CPU ms), {s['presets_at_2x']}/{len(rows)} presets at >= 2x fps")  # fmt: skip
    return by_size


def run(args: argparse.Namespace) -> int:
    from renderer.gl.context import create_headless_context

    if not args.presets.is_file():
        print(f"phosphene bench render: --presets {args.presets}: no such file", file=sys.stderr)
        return 2
    names = read_preset_list(args.presets)[: args.limit or None]
    missing = [n for n in names if not (args.folder / f"{n}.milk").is_file()]
    if missing:
        print(f"phosphene bench render: not in {args.folder}: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.frames <= args.warmup:
        print(f"phosphene bench render: --frames {args.frames} must exceed --warmup {args.warmup}", file=sys.stderr)
        return 2
    sizes = [size_argument(s) for s in args.sizes.split(",") if s.strip()]
    audio_path, audio_note = bench_audio(args.audio)
    audio = LoopedAudio(audio_path, args.sim_fps)
    ctx = create_headless_context()
    print(f"GL: {ctx.info['GL_RENDERER']}; audio: {audio_note}; seed {args.seed}, dt 1/{args.sim_fps:g} s, "
          f"{args.frames} frames per preset ({args.warmup} warm-up left out); {len(names)} presets from {args.presets}")  # fmt: skip
    print("stage columns: median wall ms per frame (mipmap: the build_mipmaps calls inside submit); py = main-thread CPU ms "
          "(audio + Show.render) outside GL driver calls, main = the same with them (Mesa's vertex work and binning on llvmpipe); CPU ms = process, all threads, per frame; other% = other processes' CPU, % of a core")  # fmt: skip
    print(_HEADER)
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    for size in sizes:
        got, failed = run_size(ctx, size, names, audio, args)
        results += got
        failures += failed
    summaries = {}
    for size in dict.fromkeys(r["size"] for r in results):
        s = summaries[size] = summarize([r for r in results if r["size"] == size])
        print(f"summary {size}: {s['presets']} presets, median {s['median_fps']:.1f} fps, {s['median_cpu_ms_per_frame']:.1f} CPU ms/frame; "
              f"Python CPU median {s['py_cpu_median_ms']:.2f} ms, p99 {s['py_cpu_p99_ms']:.2f} ms (all frames pooled; "
              f"{s['presets_py_median_over_2ms']} presets over 2 ms median); main thread incl. GL driver median {s['main_cpu_median_ms']:.2f} ms, "
              f"p99 {s['main_cpu_p99_ms']:.2f} ms; switch median {s['median_switch_ms']:.0f} ms "
              f"= {s['median_switch_vs_frame']:.1f}x a frame; other load median {s['median_other_cpu_pct']:.0f}% of a core")  # fmt: skip
    comparison = compare(results, read_bcref(args.bcref)) if args.bcref else {}
    offline = []
    if args.offline_seconds > 0:
        plain = args.offline_preset or next((n for n in names if _without_shaders(args.folder / f"{n}.milk")), "")
        for size in [size_argument(s) for s in args.offline_sizes.split(",") if s.strip()]:
            if not plain:
                break
            o = offline_figure(plain, args.folder, audio_path, size, args.offline_seconds, args.seed, ctx)
            offline.append(o)
            print(f"offline render+encode {o['size']}@30, {o['seconds']:.0f} s of '{plain}': {o['wall_s']:.1f} s wall = "
                  f"{o['x_realtime']:.2f}x real time, {o['cpu_ms_per_frame']:.1f} CPU ms/frame, other load {o['other_cpu_pct']:.0f}%")  # fmt: skip
    for line in failures:
        print(f"FAILED {line}")
    if args.json is not None:
        for r in results:
            r.pop("py_cpu_samples", None)
            r.pop("main_cpu_samples", None)
        payload = {"gl_renderer": ctx.info["GL_RENDERER"], "audio": audio_note, "args": {k: str(v) for k, v in vars(args).items() if k != "func"},
                   "results": results, "summary": summaries, "vs_butterchurn": comparison, "offline": offline, "failures": failures}  # fmt: skip
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")
    print(f"{len(results)} passed, {len(failures)} failed")
    ctx.release()
    return 0 if not failures else 1


def _without_shaders(path: Path) -> bool:
    from renderer.preset import load_preset

    preset = load_preset(path)
    return not (preset.warp_shader or "").strip() and not (preset.comp_shader or "").strip()
