"""Where code comes from: block names, positions, and MilkDrop 2's line joining."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A position in a block's joined text: ``block`` such as ``per_frame`` or ``wave_2_per_point``.

    ``line`` and ``col`` are 1-based and refer to the preset's original lines when the block was
    built with :func:`join_lines` (the joined text keeps a map back to them).
    """

    block: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.block}:{self.line}:{self.col}"


def strip_line_comment(line: str) -> str:
    """Cut a line at its first ``//`` or ``\\\\`` (MilkDrop 2 strips both per original line)."""
    cut = len(line)
    for marker in ("//", "\\\\"):
        at = line.find(marker)
        if at != -1 and at < cut:
            cut = at
    return line[:cut]


@dataclass(frozen=True, slots=True)
class JoinedSource:
    """A block's code after MilkDrop 2 joining, with a map from offsets to original lines.

    ``starts[i]`` is the offset in ``text`` where original line ``i + 1`` begins.
    """

    text: str
    lines: tuple[str, ...]
    starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, col), both 1-based, of an offset into ``text``."""
        if not self.starts:
            return 1, offset + 1
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:  # last line whose start <= offset (skipping empty lines)
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        # Several empty lines may share a start; report the last one that does.
        return lo + 1, offset - self.starts[lo] + 1


def join_lines(lines: list[str] | tuple[str, ...]) -> JoinedSource:
    """Join preset code lines as MilkDrop 2 does: strip ``//``/``\\\\`` comments per line, no separator.

    ``x = 1`` + ``2;`` becomes ``x = 12;`` (MilkDrop deletes its line separators without adding space).
    """
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for line in lines:
        kept = strip_line_comment(line)
        starts.append(offset)
        parts.append(kept)
        offset += len(kept)
    return JoinedSource("".join(parts), tuple(lines), tuple(starts))


def single_line(text: str) -> JoinedSource:
    """A block given as one text (already joined), e.g. a conformance vector's ``code``.

    Newlines inside it still count as lines for error positions.
    """
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return JoinedSource(text, tuple(text.split("\n")), tuple(starts))
