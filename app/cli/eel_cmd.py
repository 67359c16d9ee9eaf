"""`phosphene eel vectors FILE.jsonl`: run EEL conformance vectors on one backend."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("eel", help="EEL compiler tools (conformance vectors)")
    inner = parser.add_subparsers(dest="eel_command", metavar="COMMAND", required=True)
    vectors = inner.add_parser(
        "vectors",
        help="run conformance vectors and print each failure",
        description="Run EEL conformance vectors (schema in ../shared/eel/README.md) on a backend; "
        "prints each failure, then 'N passed, M failed'.",
    )
    vectors.add_argument("file", type=Path, metavar="FILE.jsonl")
    vectors.add_argument("--backend", choices=("python", "numpy", "glsl"), default="python")
    vectors.set_defaults(func=run_vectors_command)


def run_vectors_command(args: argparse.Namespace) -> int:
    from eel.conformance import load_vectors, run_vectors

    vectors = load_vectors(args.file)
    passed = failed = skipped = 0
    for outcome in run_vectors(vectors, args.backend):
        if outcome.skipped:
            skipped += 1
            continue
        if outcome.passed:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {outcome.vector_id}: {outcome.message}")
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 0 if failed == 0 else 1
