"""The .milk key/value reader: lines, keys, C-like numbers and numbered code lines.

A .milk file is a flat list of ``key=value`` lines (the ``[preset00]`` section header is
ignored by MilkDrop 2 and projectM alike). This module knows nothing about what the keys mean;
:mod:`renderer.preset.loader` asks it for typed values with MilkDrop's defaults. Everything odd
is recorded in :attr:`MilkFile.diagnostics`; nothing here raises for bad content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import ERROR, INFO, WARNING, Diagnostic
from .md2_order import milkdrop2_choices

# MilkDrop 2 caps a code block at MAX_BIGSTRING_LEN (md_defines.h) and stops adding lines.
MAX_BIGSTRING_LEN = 32768

_LINE_END = re.compile(r"\r\n|\r|\n")
_C_SPACE = " \t\n\v\f\r"
# sscanf("%d"): optional sign and digits after leading white space; the rest is ignored.
_INT_PREFIX = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)")
# sscanf("%f") in the C locale, decimal forms only (MilkDrop's CRT did not take inf/nan/hex).
_FLOAT_PREFIX = re.compile(r"[ \t\n\v\f\r]*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True, slots=True)
class Entry:
    """One key's value as MilkDrop sees it: the first occurrence in the file."""

    line: int
    value: str


def parse_c_int(text: str) -> tuple[int | None, str]:
    """(value, rest) like ``sscanf("%d")``: ``" 1.7"`` gives (1, ".7"); no digits gives (None, text)."""
    match = _INT_PREFIX.match(text)
    if match is None:
        return None, text
    value = min(max(int(match.group(1)), _INT32_MIN), _INT32_MAX)
    return value, text[match.end():]


def parse_c_float(text: str) -> tuple[float | None, str]:
    """(value, rest) like ``sscanf("%f")``: ``"0.500 pounds"`` gives (0.5, " pounds")."""
    match = _FLOAT_PREFIX.match(text)
    if match is None:
        return None, text
    try:
        value = float(match.group(1))
    except OverflowError:  # pragma: no cover - float() returns inf rather than raising
        value = float("inf")
    return value, text[match.end():]


DUPLICATE_RULES = ("first", "milkdrop2")


class MilkFile:
    """The key/value content of one .milk file, with typed getters that take defaults.

    Keys are case-sensitive, as in MilkDrop 2. When a key occurs more than once, ``duplicates``
    picks the line: ``"first"`` (projectM's rule and Phosphene's default) or ``"milkdrop2"``
    (MilkDrop 2's sequential reader, see :mod:`renderer.preset.md2_order`); where the two differ
    a warning says so. Every key asked for through a getter is remembered in :attr:`used`, so
    what is left over can be reported as unknown.
    """

    def __init__(self, text: str, duplicates: str = "first") -> None:
        if duplicates not in DUPLICATE_RULES:
            raise ValueError(f"duplicates must be one of {DUPLICATE_RULES}, not {duplicates!r}")
        self.duplicates = duplicates
        self.entries: dict[str, Entry] = {}
        self.diagnostics: list[Diagnostic] = []
        self.used: set[str] = set()
        self.line_count = 0
        self._occurrences: dict[str, list[Entry]] = {}
        self._lines: list[str] = []
        self._numbered: dict[str, set[int]] | None = None
        self._read(text)

    @classmethod
    def from_bytes(cls, data: bytes, duplicates: str = "first") -> MilkFile:
        """Decode as Latin-1 (lossless for any byte; presets are 8-bit text with no declared encoding)."""
        return cls(data.decode("latin-1"), duplicates)

    # -- reading -------------------------------------------------------------------------------

    def _read(self, text: str) -> None:
        if "\x00" in text:
            self._note(0, "", "file contains NUL bytes (projectM rejects such files)", ERROR)
        if text.startswith(("\ufeff", "\xef\xbb\xbf")):
            # MilkDrop 2 has no BOM handling: the mark becomes part of the first key.
            self._note(1, "", "file starts with a byte-order mark; MilkDrop 2 would not recognise the first key",
                       WARNING)
        lone_cr = text.count("\r") - text.count("\r\n")
        if lone_cr:
            # MilkDrop 2 reads values up to LF only, so a CR-only file is one long line to it.
            self._note(0, "", f"{lone_cr} line(s) end in a lone CR; read as line ends", INFO)
        lines = _LINE_END.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        self.line_count = len(lines)
        self._lines = lines
        for number, line in enumerate(lines, start=1):
            self._read_line(number, line)
        self._resolve_duplicates()
        if not self.entries:
            message = "file is empty" if not text.strip() else "file has no key=value lines"
            self._note(0, "", message, ERROR)

    def _read_line(self, number: int, line: str) -> None:
        cut = _first_delimiter(line)
        if not line.strip(_C_SPACE):
            return
        if cut == 0:
            self._note(number, "", f"line starts with {line[0]!r}, no key; ignored: {_clip(line)}", WARNING)
            return
        if cut < 0:
            if _is_section(line):
                return
            self._note(number, line.strip(), f"no '=' or space after the key; ignored: {_clip(line)}", WARNING)
            return
        key, value = line[:cut], line[cut + 1:]
        if key[0] == "[" and _is_section(key) and not value.strip(_C_SPACE):
            return  # "[preset00] " with a trailing space
        self._occurrences.setdefault(key, []).append(Entry(number, value))

    def _indexed_lines(self) -> list[tuple[str, Entry]]:
        """Every line MilkDrop 2 indexes (those with a delimiter, even with an empty key), in order."""
        indexed = []
        for number, line in enumerate(self._lines, start=1):
            cut = _first_delimiter(line)
            if cut >= 0:
                indexed.append((line[:cut], Entry(number, line[cut + 1:])))
        return indexed

    def _resolve_duplicates(self) -> None:
        """Pick each key's line by the ``duplicates`` rule; report duplicates that disagree."""
        self.entries = {key: found[0] for key, found in self._occurrences.items()}
        if not any(len(found) > 1 for found in self._occurrences.values()):
            return
        indexed = self._indexed_lines()
        keys = [key for key, _entry in indexed]
        values = [entry.value for _key, entry in indexed]
        md2 = {key: indexed[i][1] for key, i in milkdrop2_choices(keys, values).items()}
        for key, found in self._occurrences.items():
            if len(found) < 2:
                continue
            first = found[0]
            md2_entry = md2.get(key, first)
            used = md2_entry if self.duplicates == "milkdrop2" else first
            self.entries[key] = used
            if md2_entry.value != first.value:
                self._note(
                    md2_entry.line if used is first else first.line,
                    key,
                    f"MilkDrop 2 reads this key from line {md2_entry.line} (the line after the key it read "
                    f"last), projectM from line {first.line}; line {used.line} is used",
                    WARNING,
                )
            for entry in found:
                if entry.value != used.value and entry.line not in (first.line, md2_entry.line):
                    self._note(entry.line, key, f"duplicate key with a different value; line {used.line} is used",
                               WARNING)

    def _note(self, line: int, key: str, message: str, severity: str) -> None:
        self.diagnostics.append(Diagnostic(line, key, message, severity))

    # -- typed getters ---------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        return key in self.entries

    def get_str(self, key: str, default: str | None = None) -> str | None:
        """The raw value (not trimmed), or ``default`` when the key is absent."""
        self.used.add(key)
        entry = self.entries.get(key)
        return default if entry is None else entry.value

    def get_int(self, key: str, default: int) -> int:
        """C ``%d`` prefix parsing: ``1.7`` gives 1; no number at all gives ``default`` (and a warning)."""
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return default
        value, rest = parse_c_int(entry.value)
        return self._checked(entry, key, value, rest, default)

    def get_float(self, key: str, default: float) -> float:
        """C ``%f`` prefix parsing: ``0.500 pounds`` gives 0.5; no number gives ``default`` (and a warning)."""
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return default
        value, rest = parse_c_float(entry.value)
        return self._checked(entry, key, value, rest, default)

    def get_bool(self, key: str, default: bool) -> bool:
        """MilkDrop 2 booleans are ints compared with 0 (so ``-1`` is true)."""
        return self.get_int(key, int(default)) != 0

    def _checked(self, entry: Entry, key: str, value, rest: str, default):
        if value is None:
            self._note(entry.line, key, f"not a number: {_clip(entry.value)!r}; default {default} used", WARNING)
            return default
        if rest.strip(_C_SPACE):
            self._note(entry.line, key, f"text after the number ignored: {_clip(rest.strip())!r}", INFO)
        return value

    # -- code lines ------------------------------------------------------------------------------

    def code_lines(self, prefix: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """Lines ``prefix1``, ``prefix2``, ... until the first missing number, one leading backtick
        stripped from each; returns (lines, their line numbers in the file).

        MilkDrop 2 (``ReadCode``) stops at the first gap and when the block would pass
        MAX_BIGSTRING_LEN; both are reported here.
        """
        lines: list[str] = []
        numbers: list[int] = []
        used = 0
        n = 1
        while True:
            key = f"{prefix}{n}"
            self.used.add(key)
            entry = self.entries.get(key)
            if entry is None:
                break
            if len(entry.value) >= MAX_BIGSTRING_LEN - 2 - used:
                self._note(entry.line, key, f"code block reached MilkDrop's {MAX_BIGSTRING_LEN}-char limit; "
                           "this and later lines are dropped", ERROR)
                break
            text = entry.value[1:] if entry.value.startswith("`") else entry.value
            lines.append(text)
            numbers.append(entry.line)
            used += len(text) + 1
            n += 1
        later = sorted(k for k in self._numbered_keys().get(prefix, ()) if k > n)
        for k in later:
            self.used.add(f"{prefix}{k}")
        if later and not self.has(f"{prefix}{n}"):
            first = self.entries[f"{prefix}{later[0]}"]
            self._note(
                first.line,
                f"{prefix}{later[0]}",
                f"numbering gap: {prefix}{n} is missing, so {len(later)} later line(s) are ignored",
                WARNING,
            )
        return tuple(lines), tuple(numbers)

    def _numbered_keys(self) -> dict[str, set[int]]:
        if self._numbered is None:
            index: dict[str, set[int]] = {}
            for key in self.entries:
                stem = key.rstrip("0123456789")
                digits = key[len(stem):]
                if digits and digits[0] != "0":  # MilkDrop numbers lines from 1, no leading zeros
                    index.setdefault(stem, set()).add(int(digits))
            self._numbered = index
        return self._numbered

    def unused_keys(self) -> list[str]:
        """Keys no getter asked for, in file order."""
        return [key for key in self.entries if key not in self.used]


def _first_delimiter(line: str) -> int:
    """Index of the first ``=`` or space (MilkDrop 2 and projectM end the key there), -1 if none."""
    eq = line.find("=")
    sp = line.find(" ")
    if eq < 0:
        return sp
    if sp < 0:
        return eq
    return min(eq, sp)


def _is_section(text: str) -> bool:
    stripped = text.strip(_C_SPACE)
    return stripped.startswith("[") and stripped.endswith("]")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
