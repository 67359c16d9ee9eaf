"""What the preset reader noticed while reading a .milk file, kept so the UI can show it.

Reading never fails on bad content (MilkDrop 2 doesn't either); every oddity becomes a
:class:`Diagnostic` instead. Severities:

- ``"error"``: the file is not usable as a preset the way it is written (empty, NUL bytes,
  a code block cut at MilkDrop's 32 KB limit).
- ``"warning"``: MilkDrop reads it, but the author very likely meant something else
  (duplicate keys with different values, numbering gaps, unparsable numbers, garbage lines,
  keys for a 5th wave/shape, key case variants).
- ``"info"``: harmless (unknown keys MilkDrop ignores, trailing text after a number, lone CRs).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: ``line`` is the 1-based line in the file (0 = the file as a whole)."""

    line: int
    key: str
    message: str
    severity: str = WARNING

    def __post_init__(self) -> None:
        assert self.severity in SEVERITIES, self.severity

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        key = f" {self.key}" if self.key else ""
        return f"{where}{key}: {self.severity}: {self.message}"
