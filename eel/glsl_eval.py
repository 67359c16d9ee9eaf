"""Runs EEL conformance vectors through the GLSL backend on a real (headless) GL context.

Each vector's block is compiled by :func:`eel.backends.glsl.compile_glsl` with every variable the
vector mentions as a parameter, so nothing is carried between invocations and all written values
persist between the vector's ``runs``. Many vectors share one vertex shader (``eel/glsl/
vector_batch.vert``); each transform-feedback vertex runs one vector ``runs`` times from its
initial values (exact float32 constants) and captures one expected variable.

Comparison (float32): a value passes when ``|got - want| <= max(tol * max(1, |want|),
REL_TOLERANCE * |want|, ABS_TOLERANCE)`` (2e-3 relative, 1e-4 absolute: float32 carries ~7
digits, and the corpus blocks chain dozens of operations). Vectors the GLSL backend does not run
are *skipped* (``Outcome.skipped``, reason in the message; they are not failures, the renderer
routes such blocks to numpy): megabuf/gmegabuf/memcpy/memset, reg00..reg99, ``while`` and ``loop``
with a computed count (llvmpipe's 65,535-iteration limit), and vectors tagged ``rand`` (the GLSL
rand is a hash, not MilkDrop's MT19937 sequence). Compile-error vectors pass when
:func:`eel.compile_block` rejects them. Each failure's message says how float32 explains it (see
:mod:`eel.glsl_explain`). Nothing is printed.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from eel.backends.glsl import LLVMPIPE_LOOP_LIMIT, GlslFunction, float_literal, loop_iterations, mangle, runtime_source
from eel.conformance import Outcome, block_source
from eel.errors import BackendUnsupported, EelError
from eel.program import Program, compile_block

if TYPE_CHECKING:
    import moderngl

REL_TOLERANCE = 2e-3
ABS_TOLERANCE = 1e-4
BATCH_SIZE = 16  # vectors per shader program: 1 (≈700 programs) and 48+ measured slower on llvmpipe


def tolerance(vector_tol: float, want: float) -> float:
    """The float32 acceptance bound for ``want`` (see the module docstring)."""
    return max(vector_tol * max(1.0, abs(want)), REL_TOLERANCE * abs(want), ABS_TOLERANCE)


def float32_close(got: float, want: float, vector_tol: float) -> bool:
    if want != want:
        return got != got
    if abs(want) == float("inf") or abs(got) == float("inf"):
        return got == want
    return abs(got - want) <= tolerance(vector_tol, want)


@dataclass
class _Job:
    index: int  # position in the caller's list
    vector: dict[str, Any]
    program: Program
    function: GlslFunction
    outputs: tuple[str, ...]  # expected names, one captured value each


def _prepare(index: int, vector: dict[str, Any]) -> _Job | Outcome:
    """Compile one vector for GLSL, or decide its outcome without running it."""
    vid = vector["id"]
    try:
        program = compile_block(block_source(vector), vid)
        program.effects  # analysis errors belong to compile time too
    except EelError as exc:
        if vector["error"]:
            return Outcome(vid, True, "rejected at compile time as required")
        return Outcome(vid, False, f"rejected: {exc}")
    if vector["error"]:
        return Outcome(vid, False, "accepted code that must be rejected")
    if "rand" in vector.get("tags", ()):
        return Outcome(vid, True, "skipped: rand on GLSL is a hash generator, not MilkDrop's MT19937 order", skipped=True)
    effects = program.effects
    names = sorted(set(vector["vars"]) | set(vector["expect"]) | effects.reads | effects.writes)
    outputs = tuple(sorted(set(vector["expect"]) | effects.writes))
    try:
        function = program.glsl(f"vector_block_{index}", tuple(names), outputs, frozenset())
    except BackendUnsupported as exc:
        return Outcome(vid, True, f"skipped: {exc.reason}", skipped=True)
    except EelError as exc:
        return Outcome(vid, False, f"glsl backend: {exc}")
    runs = int(vector.get("runs", 1))
    iterations = (loop_iterations(program.tree) or 0) * runs
    if iterations > LLVMPIPE_LOOP_LIMIT:
        reason = f"{runs} runs of its loops take {iterations:,} iterations in one invocation (llvmpipe stops at {LLVMPIPE_LOOP_LIMIT:,})"
        return Outcome(vid, True, f"skipped: {reason}", skipped=True)
    return _Job(index, vector, program, function, tuple(vector["expect"]))


def _case_function(job: _Job, case: int) -> str:
    """A GLSL function running one vector's block and returning expected variable ``slot``."""
    fn = job.function
    lines = [f"float eel_case_{case}(int slot) {{"]
    for name in fn.params:
        lines.append(f"    float {mangle(name)} = {float_literal(float(job.vector['vars'].get(name, 0.0)))};")
    call = f"{fn.name}({', '.join(mangle(p) for p in fn.params)});"
    lines.extend([f"    {call}"] * int(job.vector.get("runs", 1)))  # no loop: see LOOP_BUDGET
    values = ", ".join(mangle(name) for name in job.outputs)
    lines.append(f"    float values[{len(job.outputs)}] = float[{len(job.outputs)}]({values});")
    lines.append("    return values[slot];")
    lines.append("}")
    return "\n".join(lines)


def _shader(jobs: list[_Job]) -> str:
    template = resources.files("eel").joinpath("glsl", "vector_batch.vert").read_text(encoding="utf-8")
    functions = "\n".join(job.function.source + "\n" + _case_function(job, case) for case, job in enumerate(jobs))
    # Flat ifs, not a switch: llvmpipe gives wrong (zero) results for switches of ~100 cases.
    dispatch = "\n".join(f"    if (eel_task.x == {case}) eel_value = eel_case_{case}(eel_task.y);" for case in range(len(jobs)))
    return (
        template.replace("//@RUNTIME", runtime_source())
        .replace("//@FUNCTIONS", functions)
        .replace("//@DISPATCH", dispatch)
    )


_FRAMEBUFFERS: "weakref.WeakKeyDictionary[moderngl.Context, moderngl.Framebuffer]" = weakref.WeakKeyDictionary()


def transform_framebuffer(ctx: "moderngl.Context") -> "moderngl.Framebuffer":
    """The 1x1 framebuffer kept per context for transform-feedback draws (bind it first).

    Kept, not released: after deleting the bound framebuffer, the next framebuffer creation
    rebinds the deleted name and raises GL_INVALID_OPERATION.
    """
    framebuffer = _FRAMEBUFFERS.get(ctx)
    if framebuffer is None:
        framebuffer = _FRAMEBUFFERS[ctx] = ctx.simple_framebuffer((1, 1))
    return framebuffer


class GlslEvalError(RuntimeError):
    """The driver rejected the shader built for a block (the message is the driver's log)."""


class _Runner:
    """Evaluates batches of jobs with transform feedback on ``ctx`` (a new headless one if None)."""

    def __init__(self, ctx: "moderngl.Context | None" = None) -> None:
        from renderer.gl.context import create_headless_context

        self.owns_context = ctx is None
        self.ctx = create_headless_context() if ctx is None else ctx
        # Transform feedback draws need a complete framebuffer bound even with rasterizing off.
        self.framebuffer = transform_framebuffer(self.ctx)

    def close(self) -> None:
        if self.owns_context:
            del _FRAMEBUFFERS[self.ctx]
            self.framebuffer.release()
            self.ctx.release()

    def evaluate(self, jobs: list[_Job]) -> dict[int, list[float] | str]:
        """Values per job index, or the driver's message when a job's shader does not build."""
        import moderngl

        try:
            return self._evaluate(jobs)
        except moderngl.Error as exc:
            if len(jobs) == 1:
                return {jobs[0].index: f"GLSL rejected by the driver: {str(exc).strip()[:400]}"}
        results: dict[int, list[float] | str] = {}
        half = len(jobs) // 2
        results.update(self.evaluate(jobs[:half]))
        results.update(self.evaluate(jobs[half:]))
        return results

    def _evaluate(self, jobs: list[_Job]) -> dict[int, list[float] | str]:
        program = self.ctx.program(vertex_shader=_shader(jobs), varyings=["eel_value"])
        tasks = np.array([(case, slot) for case, job in enumerate(jobs) for slot in range(len(job.outputs))], dtype="i4")
        if len(tasks) == 0:
            program.release()
            return {job.index: [] for job in jobs}
        tasks_buffer = self.ctx.buffer(tasks.tobytes())
        out = self.ctx.buffer(reserve=len(tasks) * 4)
        # The driver drops the attribute when every result is a constant.
        content = [(tasks_buffer, "2i", "eel_task")] if "eel_task" in program else []
        vao = self.ctx.vertex_array(program, content)
        try:
            self.framebuffer.use()
            vao.transform(out, mode=self.ctx.POINTS, vertices=len(tasks))
            values = np.frombuffer(out.read(), dtype="f4").astype(float).tolist()
        finally:
            for resource in (vao, out, tasks_buffer, program):
                resource.release()
        results: dict[int, list[float] | str] = {}
        at = 0
        for job in jobs:
            results[job.index] = values[at : at + len(job.outputs)]
            at += len(job.outputs)
        return results


def _judge(job: _Job, values: list[float] | str) -> Outcome:
    vid = job.vector["id"]
    if isinstance(values, str):
        return Outcome(vid, False, values)
    tol = float(job.vector["tol"])
    bad = []
    for name, got in zip(job.outputs, values):
        want = float(job.vector["expect"][name])
        if not float32_close(got, want, tol):
            bad.append((name, got, want))
    if not bad:
        return Outcome(vid, True)
    from eel.glsl_explain import explain

    detail = "; ".join(f"{name}: got {got!r}, want {want!r}" for name, got, want in bad)
    return Outcome(vid, False, f"{detail} -- {explain(job.program, job.vector, bad)}")


def evaluate_block(
    ctx: "moderngl.Context",
    program: Program,
    variables: dict[str, float],
    names: tuple[str, ...],
    runs: int = 1,
) -> dict[str, float]:
    """Run ``program`` ``runs`` times on the GPU from ``variables`` (others 0); return ``names``.

    Every variable is a parameter, so nothing is carried between invocations. Raises
    ``BackendUnsupported`` for blocks GLSL cannot run and :class:`GlslEvalError` when the driver
    rejects the generated code.
    """
    variables = {k.lower(): float(v) for k, v in variables.items()}
    names = tuple(name.lower() for name in names)
    effects = program.effects
    params = tuple(sorted(set(variables) | set(names) | effects.reads | effects.writes))
    outputs = tuple(sorted(set(names) | effects.writes))
    function = program.glsl("evaluated_block", params, outputs, frozenset())
    vector = {"id": program.block, "vars": variables, "runs": runs}
    runner = _Runner(ctx)
    try:
        values = runner.evaluate([_Job(0, vector, program, function, names)])[0]
    finally:
        runner.close()
    if isinstance(values, str):
        raise GlslEvalError(values)
    return dict(zip(names, values))


def _evaluate_all(jobs: list[_Job], batch_size: int, ctx: "moderngl.Context | None") -> dict[int, list[float] | str]:
    runner = _Runner(ctx)
    values: dict[int, list[float] | str] = {}
    try:
        # Loops share llvmpipe's per-invocation iteration limit across SIMD lanes: run alone.
        looping = [job for job in jobs if job.program.effects.uses_loops]
        plain = [job for job in jobs if not job.program.effects.uses_loops]
        for job in looping:
            values.update(runner.evaluate([job]))
        for start in range(0, len(plain), batch_size):
            values.update(runner.evaluate(plain[start : start + batch_size]))
    finally:
        runner.close()
    return values


def run_glsl_vectors(
    vectors: list[dict[str, Any]],
    batch_size: int = BATCH_SIZE,
    ctx: "moderngl.Context | None" = None,
) -> Iterator[Outcome]:
    """Evaluate ``vectors`` (schema: ``../shared/eel/README.md``) on the GPU path, in order.

    Without ``ctx``, a private headless context is created on a worker thread (GL contexts are
    current per thread, so the caller's own context stays current) and released afterwards.
    """
    prepared = [_prepare(i, vector) for i, vector in enumerate(vectors)]
    jobs = [item for item in prepared if isinstance(item, _Job)]
    values: dict[int, list[float] | str] = {}
    if jobs and ctx is not None:
        values = _evaluate_all(jobs, batch_size, ctx)
    elif jobs:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="eel-glsl") as pool:
            values = pool.submit(_evaluate_all, jobs, batch_size, None).result()
    for item in prepared:
        yield _judge(item, values[item.index]) if isinstance(item, _Job) else item
