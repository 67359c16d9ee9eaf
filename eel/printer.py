"""Prints a syntax tree back as EEL text, fully parenthesised, so that parsing it gives the same tree."""

from __future__ import annotations

from eel import nodes as n


def to_source(node: n.Node) -> str:
    if isinstance(node, n.Num):
        value = node.value
        text = repr(float(abs(value)))
        if "e" in text or "inf" in text or "nan" in text:  # EEL has no exponent syntax
            text = f"{abs(value):.17f}".rstrip("0")
        return text if value >= 0 else f"(-{text})"
    if isinstance(node, n.Var):
        return node.name
    if isinstance(node, n.Unary):
        return f"({node.op}{to_source(node.operand)})"
    if isinstance(node, n.BinOp):
        return f"({to_source(node.left)} {node.op} {to_source(node.right)})"
    if isinstance(node, n.Assign):
        return f"({to_source(node.target)} {node.op} {to_source(node.value)})"
    if isinstance(node, n.Cond):
        return f"if({to_source(node.test)}, {to_source(node.then)}, {to_source(node.orelse)})"
    if isinstance(node, n.Seq):
        if not node.items:
            return ""
        return "(" + "; ".join(to_source(item) for item in node.items) + ")"
    if isinstance(node, n.Call):
        return f"{node.name}(" + ", ".join(to_source(arg) for arg in node.args) + ")"
    raise AssertionError(node)


def block_source(node: n.Node) -> str:
    """A whole block: top-level lists print as statements separated by ``;``."""
    if isinstance(node, n.Seq):
        return "; ".join(to_source(item) for item in node.items)
    return to_source(node)
