"""The performer's side: playlist + auto-switching + preset preparation, driving the GL view.

Presets are prepared (read, compiled, translated) on a worker thread; the result comes back to
the GUI thread as a queued signal and is handed to the view, which builds the GL side in its
next paint. Switches asked for while one is being prepared replace it (only the newest plays).
After each switch the presets one key press away are prepared and their shaders preloaded
(``app.preloader``), so the next key press skips both.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.gl_view import GLView
from app.playlist import AutoSwitch, Playlist, PresetEntry, scan_presets
from app.preloader import Preloader
from app.settings import Settings
from renderer.preset import PresetLoadError, parse_preset
from renderer.show import PreparedPreset, prepare_preset

BLEND_STEP_S = 0.5
MAX_BLEND_S = 10.0


def milk_from_equations(name: str, eq: dict[str, str]) -> str:
    """A minimal .milk text carrying a stream's equations (per_frame_init / per_frame / per_pixel)."""
    lines = ["[preset00]", "MILKDROP_PRESET_VERSION=201", "fDecay=0.97", "nWaveMode=6", "fWaveAlpha=0.8"]
    for key, prefix in (("init", "per_frame_init"), ("frame", "per_frame"), ("pixel", "per_pixel")):
        for i, line in enumerate((eq.get(key) or "").splitlines(), 1):
            lines.append(f"{prefix}_{i}={line}")
    return "\n".join(lines) + "\n"


class Performance(QObject):
    preset_ready = Signal(object, float)  # PreparedPreset, blend seconds (worker -> GUI thread)
    preset_playing = Signal(str)
    message = Signal(str)
    state_changed = Signal()  # lock / shuffle / blend changed

    def __init__(self, view: GLView, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.settings = settings
        self.playlist = Playlist(scan_presets(settings.preset_dirs), shuffle=settings.shuffle)
        self.auto = AutoSwitch(settings.auto_switch_beats, settings.switch_on_drops)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
        self.preloader = Preloader(view.preload)
        self.current: PreparedPreset | None = None
        self.current_path: Path | None = None
        self._request = 0
        self.fullscreen_handler: Any = None
        self.preset_ready.connect(self._apply)

    # -- switching -----------------------------------------------------------------------

    def blend_for(self, hard: bool) -> float:
        return 0.0 if hard or self.settings.hard_cut else self.settings.blend_seconds

    def play_entry(self, entry: PresetEntry | None, hard: bool = False) -> None:
        if entry is None:
            self.message.emit("no presets found in " + ", ".join(self.settings.preset_dirs))
            return
        self._request += 1
        request, blend = self._request, self.blend_for(hard)
        self.current_path = entry.path
        prepared = self.preloader.take(entry)
        if prepared is not None:
            self.preset_ready.emit(prepared, blend)  # same thread: applied now
        else:
            self.executor.submit(self._prepare_path, request, entry.path, blend)
        self.preloader.ahead(self.playlist.upcoming())

    def play_path(self, path: Path, hard: bool = False) -> None:
        entry = self.playlist.select_path(path) or PresetEntry.from_path(path)
        self.play_entry(entry, hard)

    def play_text(self, name: str, text: str, hard: bool = True, blend_seconds: float | None = None) -> None:
        """Play .milk text (the editor, a compel, a stream's equations) without a file;
        ``blend_seconds`` (a compel's cue) overrides the performer's blend setting."""
        self._request += 1
        request = self._request
        self.current_path = None
        blend = self.blend_for(hard) if blend_seconds is None else blend_seconds
        self.executor.submit(self._prepare_text, request, name, text, blend)

    def _prepare_path(self, request: int, path: Path, blend: float) -> None:
        try:
            prepared = prepare_preset(path)
        except PresetLoadError as exc:
            self.message.emit(str(exc))
            return
        if request == self._request:
            self.preset_ready.emit(prepared, blend)

    def _prepare_text(self, request: int, name: str, text: str, blend: float) -> None:
        prepared = prepare_preset(parse_preset(text, name))
        if request == self._request:
            self.preset_ready.emit(prepared, blend)

    def _apply(self, prepared: PreparedPreset, blend: float) -> None:
        self.current = prepared
        self.view.queue_preset(prepared, blend)
        self.preset_playing.emit(prepared.name)

    # -- automatic switching ---------------------------------------------------------------

    def on_beat(self, _t: float = 0.0) -> None:
        if self.auto.beat():
            self.play_entry_if(self.playlist.auto_next())

    def on_drop(self, _t: float = 0.0) -> None:
        if self.auto.drop():
            self.play_entry_if(self.playlist.auto_next(), hard=True)

    def play_entry_if(self, entry: PresetEntry | None, hard: bool = False) -> None:
        if entry is not None:
            self.play_entry(entry, hard)

    def on_stream_preset(self, event: dict[str, Any]) -> None:
        """A venue ``preset`` event: the named preset if we have it, its equations if the tier
        carries them, else the next preset of our own list. Nothing while locked."""
        if self.playlist.locked:
            return
        name = event.get("name")
        index = self.playlist.find(str(name)) if name else None
        if index is not None:
            self.play_entry(self.playlist.select(index))
        elif isinstance(event.get("eq"), dict):
            self.play_text(str(name or "stream preset"), milk_from_equations(str(name or "stream"), event["eq"]), hard=False)
        else:
            self.play_entry_if(self.playlist.next())

    # -- performer actions -----------------------------------------------------------------

    def handle(self, action: str) -> bool:
        """Run a key action by name; False when the action is unknown."""
        s = self.settings
        if action == "next":
            self.play_entry(self.playlist.next())
        elif action == "hard_cut":
            self.play_entry(self.playlist.next(), hard=True)
        elif action == "previous":
            self.play_entry(self.playlist.previous())
        elif action == "random":
            self.play_entry(self.playlist.random())
        elif action == "toggle_shuffle":
            s.shuffle = self.playlist.shuffle = not self.playlist.shuffle
            self.message.emit(f"shuffle {'on' if s.shuffle else 'off'}")
        elif action == "toggle_lock":
            self.playlist.locked = not self.playlist.locked
            self.message.emit(f"preset {'locked' if self.playlist.locked else 'unlocked'}")
        elif action == "toggle_hard_cut":
            s.hard_cut = not s.hard_cut
        elif action == "toggle_drops":
            s.switch_on_drops = self.auto.on_drops = not self.auto.on_drops
        elif action in ("blend_shorter", "blend_longer"):
            step = BLEND_STEP_S if action == "blend_longer" else -BLEND_STEP_S
            s.blend_seconds = min(max(s.blend_seconds + step, 0.0), MAX_BLEND_S)
            self.message.emit(f"blend time {s.blend_seconds:g} s")
        elif action in ("rate_up", "rate_down", "toggle_favorite"):
            if self.current_path is None:
                return True
            key = self.current_path.name
            if action == "toggle_favorite":
                s.set_favorite(key, not s.is_favorite(key))
            else:
                stars = s.ratings.get(key, 0) + (1 if action == "rate_up" else -1)
                s.rate(key, min(max(stars, 0), 5))
        elif action in ("toggle_fullscreen", "leave_fullscreen"):
            if self.fullscreen_handler is not None:
                self.fullscreen_handler(action)
        else:
            return False
        self.state_changed.emit()
        return True

    def set_auto_switch(self, every_beats: int, on_drops: bool) -> None:
        self.settings.auto_switch_beats = self.auto.every_beats = max(int(every_beats), 0)
        self.settings.switch_on_drops = self.auto.on_drops = on_drops
        self.state_changed.emit()

    def close(self) -> None:
        self.preloader.close()
        self.executor.shutdown(wait=True, cancel_futures=True)
