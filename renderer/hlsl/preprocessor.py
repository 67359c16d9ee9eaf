"""The part of the HLSL preprocessor that presets use: ``#define`` (with and without arguments),
``#undef``, ``#if``/``#ifdef``/``#ifndef``/``#elif``/``#else``/``#endif``, ``#pragma`` (ignored).

It works on tokens, so every token keeps its line and column; tokens produced by a macro take the
position of the macro's name where it was invoked, so errors point into the preset's text.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace

from .errors import PreprocessError
from .lexer import EOF, IDENT, NUMBER, Token, tokenize


@dataclass(frozen=True, slots=True)
class Macro:
    name: str
    params: tuple[str, ...] | None  # None: object-like
    body: tuple[Token, ...]


def parse_defines(text: str) -> dict[str, Macro]:
    """Macros from a block of ``#define`` lines (MilkDrop's include header)."""
    macros: dict[str, Macro] = {}
    preprocess_tokens(tokenize(text), macros)
    return macros


def preprocess(text: str, predefined: dict[str, Macro] | None = None) -> list[Token]:
    """Tokens of ``text`` after directives and macro expansion, ending with EOF."""
    macros = dict(predefined or {})
    return preprocess_tokens(tokenize(text), macros)


def _lines(tokens: list[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = []
    for tok in tokens:
        if tok.kind == EOF:
            break
        if tok.bol or not lines:
            lines.append([tok])
        else:
            lines[-1].append(tok)
    return lines


def preprocess_tokens(tokens: list[Token], macros: dict[str, Macro]) -> list[Token]:
    out: list[Token] = []
    pending: list[Token] = []
    # stack of (this branch active, some branch of this #if already taken, parent active)
    conditions: list[tuple[bool, bool, bool]] = []
    active = True
    for line in _lines(tokens):
        first = line[0]
        if not (first.kind == "punct" and first.value == "#"):
            if active:
                pending.extend(line)
            continue
        if len(line) == 1:
            continue  # a lone '#' is a null directive
        directive = line[1]
        name, args = directive.value, line[2:]
        if name in ("if", "ifdef", "ifndef"):
            if active:
                if name == "if":
                    taken = _evaluate(args, macros, directive)
                else:
                    if not args or args[0].kind != IDENT:
                        raise PreprocessError(f"#{name} needs a macro name", directive.line, directive.col)
                    taken = (args[0].value in macros) == (name == "ifdef")
            else:
                taken = False
            conditions.append((taken, taken, active))
        elif name in ("elif", "else"):
            if not conditions:
                raise PreprocessError(f"#{name} without #if", directive.line, directive.col)
            _, done, parent = conditions[-1]
            if done or not parent:
                taken = False
            else:
                taken = True if name == "else" else _evaluate(args, macros, directive)
            conditions[-1] = (taken, done or taken, parent)
        elif name == "endif":
            if not conditions:
                raise PreprocessError("#endif without #if", directive.line, directive.col)
            conditions.pop()
        elif not active:
            pass
        elif name == "define":
            out.extend(expand(pending, macros))
            pending = []
            _define(args, macros, directive)
        elif name == "undef":
            out.extend(expand(pending, macros))
            pending = []
            if args:
                macros.pop(args[0].value, None)
        elif name in ("pragma", "line"):
            pass
        elif name == "error":
            message = " ".join(t.value for t in args)
            raise PreprocessError(f"#error {message}", directive.line, directive.col)
        else:
            raise PreprocessError(f"unsupported directive #{name}", directive.line, directive.col)
        active = conditions[-1][0] and conditions[-1][2] if conditions else True
    if conditions:
        raise PreprocessError("#if without #endif", tokens[-1].line, tokens[-1].col)
    out.extend(expand(pending, macros))
    out.append(tokens[-1])
    return out


def _define(args: list[Token], macros: dict[str, Macro], directive: Token) -> None:
    if not args or args[0].kind != IDENT:
        raise PreprocessError("#define needs a name", directive.line, directive.col)
    name_tok = args[0]
    params: tuple[str, ...] | None = None
    body = args[1:]
    # function-like only when '(' touches the name
    if body and body[0].value == "(" and body[0].line == name_tok.line and body[0].col == name_tok.col + len(name_tok.value):
        names: list[str] = []
        i = 1
        while i < len(body) and body[i].value != ")":
            if body[i].kind == IDENT:
                names.append(body[i].value)
            elif body[i].value != ",":
                raise PreprocessError(f"bad macro parameter {body[i].value!r}", body[i].line, body[i].col)
            i += 1
        if i == len(body):
            raise PreprocessError("macro parameter list is not closed", name_tok.line, name_tok.col)
        params = tuple(names)
        body = body[i + 1 :]
    macros[name_tok.value] = Macro(name_tok.value, params, tuple(body))


def _collect_args(pending: deque[Token], call: Token) -> list[list[Token]] | None:
    """Arguments of a function-like macro call, or None when no '(' follows."""
    if not pending or pending[0].value != "(":
        return None
    pending.popleft()
    args: list[list[Token]] = [[]]
    depth = 0
    while pending:
        tok = pending.popleft()
        if tok.value in ("(", "[", "{"):
            depth += 1
        elif tok.value in (")", "]", "}"):
            if depth == 0:
                return args
            depth -= 1
        elif tok.value == "," and depth == 0:
            args.append([])
            continue
        args[-1].append(tok)
    raise PreprocessError(f"call of macro {call.value!r} is not closed", call.line, call.col)


def expand(tokens: list[Token], macros: dict[str, Macro]) -> list[Token]:
    """Macro-expand ``tokens`` with rescanning; a macro is never expanded inside itself."""
    if not macros:
        return list(tokens)
    out: list[Token] = []
    pending = deque(tokens)
    while pending:
        tok = pending.popleft()
        macro = macros.get(tok.value) if tok.kind == IDENT else None
        if macro is None or macro.name in tok.hidden:
            out.append(tok)
            continue
        hidden = tok.hidden | {macro.name}
        if macro.params is None:
            body = [replace(b, line=tok.line, col=tok.col, bol=False, hidden=hidden) for b in macro.body]
        else:
            args = _collect_args(pending, tok)
            if args is None:
                out.append(tok)
                continue
            if args == [[]] and not macro.params:
                args = []
            if len(args) != len(macro.params):
                raise PreprocessError(
                    f"macro {macro.name!r} takes {len(macro.params)} arguments, got {len(args)}", tok.line, tok.col
                )
            body = _substitute(macro, args, tok, hidden, macros)
        pending.extendleft(reversed(body))
    return out


def _substitute(
    macro: Macro, args: list[list[Token]], call: Token, hidden: frozenset[str], macros: dict[str, Macro]
) -> list[Token]:
    assert macro.params is not None
    index = {p: i for i, p in enumerate(macro.params)}
    expanded: dict[int, list[Token]] = {}
    result: list[Token] = []
    body = macro.body
    i = 0
    while i < len(body):
        b = body[i]
        pasting = (i + 1 < len(body) and body[i + 1].value == "##") or (i > 0 and body[i - 1].value == "##")
        if b.value == "##":
            i += 1
            continue
        if b.kind == IDENT and b.value in index:
            k = index[b.value]
            if pasting:
                piece = args[k]
            else:
                if k not in expanded:
                    expanded[k] = expand(args[k], macros)
                piece = expanded[k]
            piece = [replace(t, hidden=t.hidden | hidden) for t in piece]
        else:
            piece = [replace(b, line=call.line, col=call.col, bol=False, hidden=hidden)]
        if i > 0 and body[i - 1].value == "##" and result and piece:
            glued = result[-1].value + piece[0].value
            kind = NUMBER if glued[:1].isdigit() else IDENT
            result[-1] = replace(result[-1], kind=kind, value=glued)
            piece = piece[1:]
        result.extend(piece)
        i += 1
    return result


_IF_TOKEN = re.compile(r"^(\d+[uUlL]*|0[xX][0-9a-fA-F]+|&&|\|\||!|==|!=|<=|>=|<|>|\(|\)|\+|-|\*|/|%)$")


def _evaluate(args: list[Token], macros: dict[str, Macro], directive: Token) -> bool:
    """Value of an ``#if`` expression: integers, ``defined``, comparisons and logic."""
    resolved: list[Token] = []
    i = 0
    while i < len(args):
        t = args[i]
        if t.value == "defined":
            j = i + 1
            paren = j < len(args) and args[j].value == "("
            if paren:
                j += 1
            if j >= len(args):
                raise PreprocessError("defined needs a name", t.line, t.col)
            resolved.append(replace(t, kind=NUMBER, value="1" if args[j].value in macros else "0"))
            i = j + (2 if paren else 1)
            continue
        resolved.append(t)
        i += 1
    pieces: list[str] = []
    for t in expand(resolved, macros):
        value = t.value
        if t.kind == IDENT:
            value = "0"  # undefined names are 0, as in C
        if not _IF_TOKEN.match(value):
            raise PreprocessError(f"cannot evaluate {value!r} in #{directive.value}", t.line, t.col)
        value = {"&&": " and ", "||": " or ", "!": " not ", "/": "//"}.get(value, value.rstrip("uUlL"))
        pieces.append(value)
    if not pieces:
        raise PreprocessError(f"#{directive.value} needs an expression", directive.line, directive.col)
    try:
        return bool(eval("".join(pieces), {"__builtins__": {}}, {}))  # only integers and operators reach here
    except (SyntaxError, ZeroDivisionError) as exc:
        raise PreprocessError(f"bad #{directive.value} expression", directive.line, directive.col) from exc
