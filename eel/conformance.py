"""Runs the EEL conformance vectors (schema: ``../shared/eel/README.md``) against a backend."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eel.errors import BackendUnsupported, EelError
from eel.intrinsics import register_index
from eel.program import compile_block
from eel.runtime import Context, SharedMemory
from eel.source import join_lines, single_line

BACKENDS = ("python", "numpy", "glsl")


@dataclass(frozen=True)
class Outcome:
    vector_id: str
    passed: bool
    message: str = ""
    skipped: bool = False


def load_vectors(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def block_source(vector: dict[str, Any]):  # type: ignore[no-untyped-def]
    lines = vector.get("lines")
    return join_lines(lines) if lines is not None else single_line(vector["code"])


def close_enough(got: float, want: float, tol: float) -> bool:
    if math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= tol * max(1.0, abs(want))


def _read(ctx: Context, name: str) -> float:
    reg = register_index(name)
    if reg is not None:
        return ctx.shared.registers[reg]
    return float(ctx.vars.get(name, 0.0))


def fresh_context(vector: dict[str, Any]) -> Context:
    ctx = Context(shared=SharedMemory())
    for name, value in vector["vars"].items():
        reg = register_index(name)
        if reg is not None:
            ctx.shared.registers[reg] = float(value)
        else:
            ctx.vars[name] = float(value)
    return ctx


def compare(vector: dict[str, Any], read: Any, tol_floor: float = 0.0) -> str:
    tol = max(float(vector["tol"]), tol_floor)
    bad = []
    for name, want in vector["expect"].items():
        got = read(name)
        if not close_enough(got, float(want), tol):
            bad.append(f"{name}: got {got!r}, want {want!r}")
    return "; ".join(bad)


def run_python(vector: dict[str, Any]) -> Outcome:
    vid = vector["id"]
    try:
        program = compile_block(block_source(vector), vid)
        block = program.python()
    except EelError as exc:
        if vector["error"]:
            return Outcome(vid, True)
        return Outcome(vid, False, f"rejected: {exc}")
    if vector["error"]:
        return Outcome(vid, False, "accepted code that must be rejected")
    ctx = fresh_context(vector)
    for _ in range(int(vector.get("runs", 1))):
        block.run(ctx)
    problems = compare(vector, lambda name: _read(ctx, name))
    return Outcome(vid, not problems, problems)


def run_numpy(vector: dict[str, Any], copies: int = 3) -> Outcome:
    """Runs ``copies`` identical elements in one vectorized run; every element must match."""
    import numpy as np

    from eel.backends.npvector import VectorContext

    vid = vector["id"]
    try:
        program = compile_block(block_source(vector), vid)
        block = program.numpy(check=False)
    except EelError as exc:
        if vector["error"]:
            return Outcome(vid, True)
        return Outcome(vid, False, f"rejected: {exc}")
    except BackendUnsupported as exc:
        return Outcome(vid, False, f"unsupported: {exc.reason}")
    if vector["error"]:
        return Outcome(vid, False, "accepted code that must be rejected")
    if "rand" in vector.get("tags", ()) or program.effects.memory_writes:
        # rand values are drawn in element order, and memory effects repeat per element:
        # one element keeps MilkDrop's single-context result.
        copies = 1
    scalar = fresh_context(vector)
    ctx = VectorContext(copies, shared=scalar.shared, variables=scalar.vars)
    for _ in range(int(vector.get("runs", 1))):
        block.run(ctx)

    def read(name: str) -> float:
        reg = register_index(name)
        if reg is not None:
            return ctx.shared.registers[reg]
        value = np.broadcast_to(np.asarray(ctx.vars.get(name, 0.0), dtype=np.float64), (copies,))
        if not np.all((value == value[0]) | (np.isnan(value) & np.isnan(value[0]))):
            return math.nan  # elements disagree
        return float(value[0])

    problems = compare(vector, read)
    return Outcome(vid, not problems, problems)


def run_vectors(vectors: list[dict[str, Any]], backend: str) -> Iterator[Outcome]:
    if backend == "python":
        for vector in vectors:
            yield run_python(vector)
    elif backend == "numpy":
        for vector in vectors:
            yield run_numpy(vector)
    elif backend == "glsl":
        from eel.glsl_eval import run_glsl_vectors

        yield from run_glsl_vectors(vectors)
    else:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
