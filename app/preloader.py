"""Presets one key press away, prepared and their shaders warmed before the key is pressed.

After every switch the performance hands over the playlist's upcoming entries (next, previous and
the pre-drawn random pick). A worker thread prepares each one (read, EEL compile, HLSL
translation: no GL) and keeps the result, so the switch itself skips that step; it then asks the
view to preload the shaders, which has the shader-warmup helper process build and draw them
(``Show.preload``), filling Mesa's disk cache so the render loop's own build is a cache hit.
Nothing here runs on the render loop.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.playlist import PresetEntry
from renderer.preset import PresetLoadError
from renderer.show import PreparedPreset, prepare_preset

Key = tuple[Path, int]  # path and modification time: an edited file is prepared again


def entry_key(entry: PresetEntry) -> Key | None:
    try:
        return entry.path, entry.path.stat().st_mtime_ns
    except OSError:
        return None


class Preloader:
    """``ahead(entries)`` prepares and preloads; ``take(entry)`` returns a prepared one, if ready."""

    def __init__(self, preload: Callable[[PreparedPreset], object], keep: int = 8) -> None:
        self._preload = preload
        self._keep = keep
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preload")
        self._lock = threading.Lock()
        self._ready: OrderedDict[Key, PreparedPreset] = OrderedDict()
        self._queued: set[Key] = set()
        self.requested: list[str] = []  # names whose shaders were sent to be preloaded, in order

    def ahead(self, entries: Iterable[PresetEntry]) -> None:
        for entry in entries:
            key = entry_key(entry)
            if key is None:
                continue
            with self._lock:
                if key in self._ready or key in self._queued:
                    continue
                self._queued.add(key)
            self._executor.submit(self._prepare, entry, key)

    def take(self, entry: PresetEntry) -> PreparedPreset | None:
        key = entry_key(entry)
        with self._lock:
            prepared = self._ready.get(key) if key is not None else None
            if prepared is not None:
                self._ready.move_to_end(key)  # type: ignore[arg-type]
            return prepared

    def _prepare(self, entry: PresetEntry, key: Key) -> None:
        try:
            prepared = prepare_preset(entry.path)
        except PresetLoadError:
            with self._lock:
                self._queued.discard(key)
            return  # reported when (if) it is actually played
        with self._lock:
            self._queued.discard(key)
            self._ready[key] = prepared
            while len(self._ready) > self._keep:
                self._ready.popitem(last=False)
        self._preload(prepared)
        self.requested.append(prepared.name)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
