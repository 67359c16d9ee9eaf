"""Which preset plays next: MilkDrop's next / previous / random, shuffle, lock, and auto-switching.

Pure logic (no Qt, no GL), so every rule is tested directly. ``previous`` walks back through what
actually played (as MilkDrop's backspace does), not through the folder order. The next random
pick is drawn ahead of time (``peek_random``), so the app can prepare and preload it before the key
is pressed; ``upcoming()`` names every preset one key press away.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PresetEntry:
    name: str
    path: Path

    @classmethod
    def from_path(cls, path: Path) -> "PresetEntry":
        return cls(path.stem, path)


def scan_presets(folders: list[str] | list[Path]) -> list[PresetEntry]:
    """Every .milk file under the folders (recursively), sorted by name; missing folders are skipped."""
    seen: dict[Path, PresetEntry] = {}
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.suffix.lower() == ".milk" and path.is_file():
                seen[path.resolve()] = PresetEntry.from_path(path)
    return sorted(seen.values(), key=lambda e: (e.name.lower(), str(e.path)))


class Playlist:
    """The preset order. ``locked`` stops automatic switches only; the performer's keys still work."""

    HISTORY = 100

    def __init__(self, entries: list[PresetEntry] | None = None, shuffle: bool = True, seed: int | None = None) -> None:
        self.entries: list[PresetEntry] = list(entries or [])
        self.shuffle = shuffle
        self.locked = False
        self.current: int | None = None
        self.history: list[int] = []
        self._rng = random.Random(seed)
        self._random_pick: int | None = None  # drawn ahead by peek_random, used by random()

    def set_entries(self, entries: list[PresetEntry]) -> None:
        """Replace the list, keeping the current preset (by path) when it is still there."""
        playing = self.current_entry
        self.entries = list(entries)
        self.history.clear()
        self._random_pick = None
        self.current = next((i for i, e in enumerate(self.entries) if playing and e.path == playing.path), None)

    @property
    def current_entry(self) -> PresetEntry | None:
        return None if self.current is None else self.entries[self.current]

    def _go(self, index: int) -> PresetEntry:
        if self.current is not None and index != self.current:
            self.history.append(self.current)
            del self.history[: -self.HISTORY]
        self.current = index
        return self.entries[index]

    def select(self, index: int) -> PresetEntry:
        if not 0 <= index < len(self.entries):
            raise IndexError(f"preset index {index} outside 0..{len(self.entries) - 1}")
        return self._go(index)

    def select_path(self, path: Path) -> PresetEntry | None:
        for i, entry in enumerate(self.entries):
            if entry.path == path:
                return self._go(i)
        return None

    def find(self, name: str) -> int | None:
        """Index of the preset with this name (case-insensitive), if any."""
        lowered = name.lower()
        return next((i for i, e in enumerate(self.entries) if e.name.lower() == lowered), None)

    def _random_index(self) -> int:
        """The pre-drawn random pick, drawn now if there is none or it became the current one."""
        pick = self._random_pick
        if pick is None or pick == self.current or pick >= len(self.entries):
            choices = [i for i in range(len(self.entries)) if i != self.current] or [0]
            pick = self._random_pick = self._rng.choice(choices)
        return pick

    def peek_random(self) -> PresetEntry | None:
        """What ``random()`` will play next, without moving."""
        return self.entries[self._random_index()] if self.entries else None

    def random(self) -> PresetEntry | None:
        """Any preset but the current one (the one ``peek_random`` showed)."""
        if not self.entries:
            return None
        index = self._random_index()
        self._random_pick = None
        return self._go(index)

    def _next_index(self) -> int:
        return 0 if self.current is None else (self.current + 1) % len(self.entries)

    def peek_next(self) -> PresetEntry | None:
        """What ``next()`` will play, without moving."""
        if not self.entries:
            return None
        return self.peek_random() if self.shuffle else self.entries[self._next_index()]

    def next(self) -> PresetEntry | None:
        """Shuffle on: a random one; off: the next in order (wrapping)."""
        if not self.entries:
            return None
        if self.shuffle:
            return self.random()
        return self._go(self._next_index())

    def _previous_index(self) -> tuple[int, bool]:
        """(index, taken from history); history entries past a shortened list are dropped."""
        while self.history and self.history[-1] >= len(self.entries):
            self.history.pop()
        if self.history:
            return self.history[-1], True
        return (len(self.entries) - 1) if self.current is None else (self.current - 1) % len(self.entries), False

    def peek_previous(self) -> PresetEntry | None:
        """What ``previous()`` will play, without moving."""
        return self.entries[self._previous_index()[0]] if self.entries else None

    def previous(self) -> PresetEntry | None:
        """The preset that played before this one; without history, the previous in order."""
        if not self.entries:
            return None
        index, from_history = self._previous_index()
        if from_history:
            self.history.pop()
            self.current = index
            return self.entries[index]
        return self._go(index)

    def upcoming(self) -> list[PresetEntry]:
        """Every preset one key press away (next, previous, random), without the current one or repeats."""
        found: list[PresetEntry] = []
        for entry in (self.peek_next(), self.peek_previous(), self.peek_random()):
            if entry is not None and entry not in found and entry != self.current_entry:
                found.append(entry)
        return found

    def auto_next(self) -> PresetEntry | None:
        """An automatic switch (beat count, drop, timer): nothing while locked."""
        return None if self.locked else self.next()


class AutoSwitch:
    """Counts beats and drops; says when an automatic switch is due."""

    def __init__(self, every_beats: int = 0, on_drops: bool = True) -> None:
        self.every_beats = every_beats
        self.on_drops = on_drops
        self.beats = 0

    def beat(self) -> bool:
        if self.every_beats <= 0:
            return False
        self.beats += 1
        if self.beats >= self.every_beats:
            self.beats = 0
            return True
        return False

    def drop(self) -> bool:
        if self.on_drops:
            self.beats = 0
            return True
        return False
