"""Split backend: a loop-carried per-element block as numpy, then a scalar loop, then numpy again.

See :mod:`eel.analysis.phases` for how the statements are divided. The scalar phase is the
scalar backend's fused loop (``ScalarBlock.run_many``) over only the statements that carry values
from element to element; it keeps its carried state in the caller's context across runs, exactly
as running the whole block on the scalar backend would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from eel import nodes as n
from eel import runtime as rt
from eel.analysis.phases import PhasePlan, plan_phases
from eel.backends.npvector import VectorBlock, VectorContext, compile_vector
from eel.backends.pyscalar import ScalarBlock, compile_scalar

if TYPE_CHECKING:
    from eel.program import Program


class SplitBlock:
    """``run(ctx, n, per_element, resets, outputs)`` has ``ScalarBlock.run_many``'s meaning."""

    __slots__ = ("plan", "a", "b", "c")

    def __init__(self, plan: PhasePlan, a: VectorBlock | None, b: ScalarBlock, c: VectorBlock | None) -> None:
        self.plan = plan
        self.a, self.b, self.c = a, b, c

    def run(self, ctx: rt.Context, count: int, per_element: dict[str, Any], resets: dict[str, float], outputs: tuple[str, ...]) -> dict[str, np.ndarray]:
        """``per_element`` values are arrays (or lists) of ``count``; returns one array per output."""
        plan = self.plan
        vec = VectorContext(count, ctx.shared, ctx.vars)
        vec.megabuf = ctx.megabuf
        vec.vars.update(resets)
        vec.vars.update(per_element)
        if self.a is not None:
            self.a.run(vec)
        b_in = {v: _column(per_element[v], count) for v in plan.b_from_host if v in per_element}
        b_in.update({v: _column(vec.vars.get(v, 0.0), count) for v in plan.b_from_a})
        b_resets = {v: resets[v] for v in plan.b_from_host if v in resets and v not in per_element}
        exports = tuple(sorted(plan.b_exports))
        got = self.b.run_many(ctx, count, b_in, b_resets, exports)
        for name in exports:
            vec.vars[name] = np.asarray(got[name])
        if self.c is not None:
            self.c.run(vec)
        source = plan.outputs_from
        return {name: np.broadcast_to(np.asarray(vec.vars.get(source.get(name, name), 0.0), dtype=np.float64), (count,)) for name in outputs}


def _column(value: Any, count: int) -> list[float]:
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (count,)).tolist()  # type: ignore[no-any-return]


def compile_split(program: "Program", per_element_inputs: frozenset[str], outputs: tuple[str, ...]) -> SplitBlock:
    """Raises ``BackendUnsupported`` when the block cannot be split (it then runs scalar)."""
    from eel.program import Program

    plan = plan_phases(program.tree, program.effects, per_element_inputs, outputs)

    def vector(stmts: tuple[n.Node, ...], tag: str) -> VectorBlock | None:
        if not stmts:
            return None
        part = Program(n.Seq(0, stmts), program.source, f"{program.block} {tag}")
        return compile_vector(part, per_element_inputs, check=False)

    return SplitBlock(plan, vector(plan.a, "(vector part 1)"), compile_scalar(n.Seq(0, plan.b), f"{program.block} (scalar part)"),
                      vector(plan.c, "(vector part 2)"))  # fmt: skip
