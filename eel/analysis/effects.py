"""Reads, writes and loop-carried dependencies of a block.

A block runs once per element (mesh vertex, wave point, shape instance). A variable that the block
writes and also reads *before* writing it in one run carries a value from the previous element,
so the elements cannot run side by side; memory writes and registers do the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eel import nodes as n
from eel.intrinsics import INTRINSICS, register_index


@dataclass(frozen=True)
class Effects:
    reads: frozenset[str]  # every variable read (registers excluded)
    writes: frozenset[str]  # every variable assigned (registers excluded)
    read_before_write: frozenset[str]  # read on some path before any assignment in the same run
    registers_read: frozenset[int]
    registers_written: frozenset[int]
    memory_reads: bool  # megabuf / gmegabuf reads
    memory_writes: bool  # megabuf / gmegabuf / memcpy / memset writes
    uses_rand: bool
    uses_loops: bool  # loop() or while()
    uses_while: bool
    calls: frozenset[str] = field(default_factory=frozenset)

    def carried(self, per_element_inputs: frozenset[str] | set[str] = frozenset()) -> frozenset[str]:
        """Variables whose value flows from one element's run into the next."""
        return (self.read_before_write & self.writes) - frozenset(per_element_inputs)

    def vector_blockers(self, per_element_inputs: frozenset[str] | set[str] = frozenset()) -> list[str]:
        """Why this block cannot run over many elements at once (empty when it can)."""
        reasons = []
        carried = sorted(self.carried(per_element_inputs))
        if carried:
            reasons.append("loop-carried variables: " + ", ".join(carried))
        if self.memory_writes:
            reasons.append("writes megabuf/gmegabuf")
        if self.registers_written:
            reasons.append("writes reg00..reg99")
        return reasons


class _Walker:
    def __init__(self) -> None:
        self.reads: set[str] = set()
        self.writes: set[str] = set()
        self.early: set[str] = set()
        self.reg_r: set[int] = set()
        self.reg_w: set[int] = set()
        self.mem_r = False
        self.mem_w = False
        self.rand = False
        self.loops = False
        self.whiles = False
        self.calls: set[str] = set()

    def read(self, name: str, defined: frozenset[str]) -> None:
        reg = register_index(name)
        if reg is not None:
            self.reg_r.add(reg)
            return
        self.reads.add(name)
        if name not in defined:
            self.early.add(name)

    # Each visit returns the set of variables definitely assigned after the node ran.
    def visit(self, node: n.Node, defined: frozenset[str]) -> frozenset[str]:
        if isinstance(node, n.Num):
            return defined
        if isinstance(node, n.Var):
            self.read(node.name, defined)
            return defined
        if isinstance(node, n.Unary):
            return self.visit(node.operand, defined)
        if isinstance(node, n.BinOp):
            after_left = self.visit(node.left, defined)
            after_right = self.visit(node.right, after_left)
            return after_left if node.op in ("&&", "||") else after_right
        if isinstance(node, n.Cond):
            after_test = self.visit(node.test, defined)
            return self.visit(node.then, after_test) & self.visit(node.orelse, after_test)
        if isinstance(node, n.Seq):
            for item in node.items:
                defined = self.visit(item, defined)
            return defined
        if isinstance(node, n.Assign):
            return self.assign(node.target, node.op, node.value, defined)
        if isinstance(node, n.Call):
            return self.call(node, defined)
        raise AssertionError(f"unknown node {node!r}")

    def assign(self, target: n.Node, op: str, value: n.Node, defined: frozenset[str]) -> frozenset[str]:
        if isinstance(target, n.Var):
            after = self.visit(value, defined)
            if op != "=":
                self.read(target.name, after)
            reg = register_index(target.name)
            if reg is not None:
                self.reg_w.add(reg)
                return after
            self.writes.add(target.name)
            return after | {target.name}
        if isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf"):
            after = self.visit(target.args[0], defined)
            self.mem_w = True
            if op != "=":
                self.mem_r = True
            return self.visit(value, after)
        if isinstance(target, n.Cond):
            after_test = self.visit(target.test, defined)
            a = self.assign(target.then, op, value, after_test)
            b = self.assign(target.orelse, op, value, after_test)
            return a & b
        if isinstance(target, n.Assign):
            after = self.visit(target, defined)
            return self.assign(target.target, op, value, after)
        if isinstance(target, n.Seq) and target.items:
            for item in target.items[:-1]:
                defined = self.visit(item, defined)
            return self.assign(target.items[-1], op, value, defined)
        # Not a reference: evaluated, and the assignment is ignored (as MilkDrop does).
        return self.visit(value, self.visit(target, defined))

    def call(self, node: n.Call, defined: frozenset[str]) -> frozenset[str]:
        self.calls.add(node.name)
        if node.name == "loop":
            after_count = self.visit(node.args[0], defined)
            self.loops = True
            self.visit(node.args[1], after_count)
            return after_count
        if node.name == "while":
            self.loops = True
            self.whiles = True
            return self.visit(node.args[0], defined)
        for arg in node.args:
            defined = self.visit(arg, defined)
        entry = INTRINSICS[node.name]
        if entry.memory:
            if node.name in ("memcpy", "memset"):
                self.mem_w = True
            self.mem_r = True
        if node.name == "rand":
            self.rand = True
        return defined


def analyze(tree: n.Node) -> Effects:
    return analyze_statement(tree)[0]


def analyze_statement(tree: n.Node) -> tuple[Effects, frozenset[str]]:
    """The effects of ``tree`` and the variables it assigns on every path (definitely)."""
    walker = _Walker()
    definite = walker.visit(tree, frozenset())
    return Effects(
        reads=frozenset(walker.reads),
        writes=frozenset(walker.writes),
        read_before_write=frozenset(walker.early),
        registers_read=frozenset(walker.reg_r),
        registers_written=frozenset(walker.reg_w),
        memory_reads=walker.mem_r,
        memory_writes=walker.mem_w,
        uses_rand=walker.rand,
        uses_loops=walker.loops,
        uses_while=walker.whiles,
        calls=frozenset(walker.calls),
    ), definite
