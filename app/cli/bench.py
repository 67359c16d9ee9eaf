"""`phosphene bench SUBJECT`: benchmarks (not tests) that print the figures the README records."""

from __future__ import annotations

import argparse
import importlib

# subject -> (module with `add_arguments(parser)` and `run(args) -> int`, help text)
SUBJECTS: dict[str, tuple[str, str]] = {
    "venue": ("bench.bench_venue", "venue server: N concurrent NDJSON listeners (ticks/s, lateness, CPU, RSS) and batch requests/s"),
    "eel": ("bench.bench_eel", "EEL compile time per preset, per-frame, per-vertex and per-point run time"),
    "shaders": ("bench.bench_shaders", "HLSL→GLSL translation ms per preset (median/p95) and GL link ms per shader"),
    "app": ("bench.bench_app", "the app streaming the demo concert: presented fps at 1280x720, dropped frames, main-thread CPU; live-input click latency through JACK"),
    "render": ("bench.bench_render", "renderer fps, CPU ms per stage, Python CPU and switch cost per preset; offline render+encode x real time"),
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("bench", help="run a benchmark and print its figures")
    inner = parser.add_subparsers(dest="subject", metavar="SUBJECT", required=True)
    for subject, (module_name, help_text) in SUBJECTS.items():
        sub = inner.add_parser(subject, help=help_text, description=help_text)
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:  # one broken benchmark must not take the whole CLI down
            sub.set_defaults(func=_unavailable(subject, exc))
            continue
        module.add_arguments(sub)
        sub.set_defaults(func=module.run)


def _unavailable(subject: str, exc: ImportError):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        print(f"phosphene bench {subject}: unavailable ({exc})")
        return 2

    return run
