"""Split a per-element block with loop-carried variables into a vector, a scalar and a vector phase.

A wave's per-point code such as ``xs = xs + sin(v)*speed; x = 0.5 + 0.5*sin(xs*0.1)*cos(time)``
carries ``xs`` from one point to the next, so it cannot run over all points at once. Usually only a
few statements form that chain; the rest either feeds it without depending on it or uses its
values without feeding back. The block then runs as

- **A** (numpy, all elements at once): statements that depend on no carried value;
- **B** (scalar, element by element): statements that write a carried variable, and the statements
  depending on carried values that they need; it reads A's results element by element;
- **C** (numpy): the remaining statements, which use carried values but do not feed them.

Each top-level statement is one unit. A read is resolved to the statement whose assignment it sees
(or to the element's *entry* value); a statement whose assignment of a name is only conditional
also reads that name. Where a later phase needs a version that its phase's run would overwrite
(``xs`` read by C, then reset at the end of B), the phase that makes it copies it right after the
defining statement into a ``_split_...`` name and the reader is renamed to read the copy; where a
reader also assigns the name, the split is refused and the block stays scalar. Results equal the scalar backend's: rand is drawn in element order (it may appear in one
phase only, and in A or C in one statement only), and blocks writing memory or registers are
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eel import nodes as n
from eel.analysis.effects import Effects, analyze_statement
from eel.errors import BackendUnsupported

ENTRY = -1
_PREFIX = "_split_"
ENTRY_PREFIX = _PREFIX + "in_"  # a name's value when the element starts
CAPTURE_PREFIX = _PREFIX + "at"  # + statement index + "_" + name: the value right after that statement
OUTPUT_PREFIX = _PREFIX + "out_"  # an output's final value from the scalar phase


@dataclass(frozen=True)
class PhasePlan:
    a: tuple[n.Node, ...]
    b: tuple[n.Node, ...]  # entry captures first, then the statements
    c: tuple[n.Node, ...]
    b_from_host: frozenset[str]  # names B reads at entry: the host's per-element or reset values
    b_from_a: frozenset[str]  # names B reads as A computed them, element by element
    b_exports: frozenset[str]  # captured copies B hands to C and to the outputs, element by element
    outputs_from: dict[str, str]  # output -> the captured name holding it (outputs B defines last)
    carried: frozenset[str]


def _refuse(reason: str) -> BackendUnsupported:
    return BackendUnsupported("split", reason)


def _statements(tree: n.Node) -> list[n.Node]:
    return list(tree.items) if isinstance(tree, n.Seq) else [tree]


def _rename_reads(node: n.Node, names: dict[str, str]) -> n.Node:
    """``node`` with every ``Var`` in ``names`` renamed (only called where those names are never assigned)."""
    if isinstance(node, n.Var):
        return n.Var(node.offset, names[node.name]) if node.name in names else node
    if isinstance(node, n.Num):
        return node
    if isinstance(node, n.Unary):
        return n.Unary(node.offset, node.op, _rename_reads(node.operand, names))
    if isinstance(node, n.BinOp):
        return n.BinOp(node.offset, node.op, _rename_reads(node.left, names), _rename_reads(node.right, names))
    if isinstance(node, n.Cond):
        return n.Cond(node.offset, *(_rename_reads(x, names) for x in (node.test, node.then, node.orelse)))
    if isinstance(node, n.Seq):
        return n.Seq(node.offset, tuple(_rename_reads(x, names) for x in node.items))
    if isinstance(node, n.Assign):
        return n.Assign(node.offset, node.op, _rename_reads(node.target, names), _rename_reads(node.value, names))
    if isinstance(node, n.Call):
        return n.Call(node.offset, node.name, tuple(_rename_reads(x, names) for x in node.args))
    raise AssertionError(f"unknown node {node!r}")


def _count_rand(node: n.Node) -> int:
    own = 1 if isinstance(node, n.Call) and node.name == "rand" else 0
    children = [getattr(node, f) for f in ("operand", "left", "right", "test", "then", "orelse", "target", "value") if hasattr(node, f)]
    children += list(getattr(node, "items", ())) + list(getattr(node, "args", ()))
    return own + sum(_count_rand(c) for c in children)


def plan_phases(tree: n.Node, block_effects: Effects, per_element_inputs: frozenset[str], outputs: tuple[str, ...]) -> PhasePlan:
    """The three phases of ``tree``, or ``BackendUnsupported`` saying why it must stay scalar."""
    if block_effects.memory_writes or block_effects.registers_written:
        raise _refuse("writes memory or registers")
    if any(name.startswith(_PREFIX) for name in block_effects.reads | block_effects.writes):
        raise _refuse(f"uses a name starting {_PREFIX}")
    carried = block_effects.carried(per_element_inputs)
    if not carried:
        raise _refuse("nothing is loop-carried")
    stmts = _statements(tree)
    infos = [analyze_statement(s) for s in stmts]
    reads: list[dict[str, int]] = []  # per statement: name -> statement index it sees, or ENTRY
    last_def: dict[str, int] = {}
    defs: dict[str, list[int]] = {}
    for i, (eff, definite) in enumerate(infos):
        outside = eff.read_before_write | (eff.writes - definite)
        reads.append({v: last_def.get(v, ENTRY) for v in outside})
        for v in eff.writes:
            last_def[v] = i
            defs.setdefault(v, []).append(i)

    in_b = {i for i, (eff, _) in enumerate(infos) if eff.writes & carried}
    dep: set[int] = set()
    for i in range(len(stmts)):
        if any((src == ENTRY and v in carried) or src in dep or src in in_b for v, src in reads[i].items()):
            dep.add(i)
    work = list(in_b)
    while work:
        for v, src in reads[work.pop()].items():
            if src != ENTRY and src in dep and src not in in_b:
                in_b.add(src)
                work.append(src)
    in_c = dep - in_b
    in_a = set(range(len(stmts))) - in_b - in_c
    if not in_a and not in_c:
        raise _refuse("every statement is part of the loop-carried chain")
    phase = {i: ("a" if i in in_a else "b" if i in in_b else "c") for i in range(len(stmts))}

    vector_rands = [i for i in in_a | in_c if infos[i][0].uses_rand]
    if vector_rands and (any(infos[i][0].uses_rand for i in in_b) or sum(_count_rand(stmts[i]) for i in vector_rands) > 1
                         or any(infos[i][0].uses_loops for i in vector_rands)):  # fmt: skip
        raise _refuse("rand outside the scalar phase more than once would change the order of draws")

    def final_def(v: str, p: str) -> int | None:
        ds = [d for d in defs.get(v, []) if phase[d] == p]
        return ds[-1] if ds else None

    def writes(i: int, v: str) -> bool:
        return v in infos[i][0].writes

    def cap(src: int, v: str) -> str:
        return f"{ENTRY_PREFIX}{v}" if src == ENTRY else f"{CAPTURE_PREFIX}{src}_{v}"

    a_caps: dict[int, set[str]] = {}  # after A statement i (ENTRY: before A), copy these names
    b_caps: dict[int, set[str]] = {}  # the same inside B
    renames: dict[int, dict[str, str]] = {}  # statement -> reads renamed to captured copies
    b_from_host: set[str] = set()
    b_from_a: set[str] = set()

    def route(i: int, v: str, new_name: str) -> None:
        if writes(i, v):
            raise _refuse(f"'{v}' is read from another phase by a statement that also assigns it")
        renames.setdefault(i, {})[v] = new_name

    for i, srcs in enumerate(reads):
        for v, src in srcs.items():
            src_phase = "entry" if src == ENTRY else phase[src]
            if phase[i] == "b":
                if src_phase == "entry" and v not in carried:
                    b_from_host.add(v)  # the host's per-element, reset or frame value
                elif src_phase == "a" and final_def(v, "a") == src and v not in b_from_host:
                    b_from_a.add(v)
                elif src_phase == "a":
                    a_caps.setdefault(src, set()).add(v)
                    b_from_a.add(cap(src, v))
                    route(i, v, cap(src, v))
            elif phase[i] == "c":
                if src_phase == "b" or (src_phase == "entry" and v in carried):
                    b_caps.setdefault(src, set()).add(v)
                    route(i, v, cap(src, v))
                elif src_phase == "a" and (final_def(v, "a") != src or any(phase[d] == "c" and d < src for d in defs[v])):
                    a_caps.setdefault(src, set()).add(v)  # A's later def or C's earlier def would hide it
                    route(i, v, cap(src, v))
                elif src_phase == "entry" and final_def(v, "a") is not None:
                    a_caps.setdefault(ENTRY, set()).add(v)
                    route(i, v, cap(ENTRY, v))
    if b_from_host & b_from_a:
        raise _refuse("the scalar phase reads two versions of " + ", ".join(sorted(b_from_host & b_from_a)))
    outputs_from: dict[str, str] = {}
    for v in outputs:
        last = last_def.get(v)
        if last is not None and phase[last] == "b":
            b_caps.setdefault(len(stmts), set()).add(v)
            outputs_from[v] = f"{OUTPUT_PREFIX}{v}"
        elif last is not None and phase[last] == "a" and final_def(v, "c") is not None:
            a_caps.setdefault(last, set()).add(v)  # C runs after A and would leave its own value
            outputs_from[v] = cap(last, v)

    def copies(names: set[str], src: int, name_of: Any) -> list[n.Node]:
        return [n.Assign(0, "=", n.Var(0, name_of(src, v)), n.Var(0, v)) for v in sorted(names)]

    def assemble(members: set[int], caps: dict[int, set[str]], tail: Any = None) -> tuple[n.Node, ...]:
        out = copies(caps.get(ENTRY, set()), ENTRY, cap)
        for i in sorted(members):
            out.append(_rename_reads(stmts[i], renames[i]) if i in renames else stmts[i])
            out += copies(caps.get(i, set()), i, cap)
        if tail:
            out += copies(caps.get(len(stmts), set()), len(stmts), tail)
        return tuple(out)

    b = assemble(in_b, b_caps, lambda _src, v: f"{OUTPUT_PREFIX}{v}")
    b_exports = {stmt.target.name for stmt in b if isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Var)
                 and stmt.target.name.startswith(_PREFIX)}  # fmt: skip
    return PhasePlan(
        a=assemble(in_a, a_caps),
        b=b,
        c=assemble(in_c, {}),
        b_from_host=frozenset(b_from_host),
        b_from_a=frozenset(b_from_a),
        b_exports=frozenset(b_exports),
        outputs_from=outputs_from,
        carried=carried,
    )
