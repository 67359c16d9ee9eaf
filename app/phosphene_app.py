"""``PhospheneApp``: builds the window and the controllers and connects their signals.

Owns what lives as long as the window: settings, the GL view, the audio bridge, the performance
controller, venue mode, the thumbnailer, and fullscreen staging on a chosen screen.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from app.audio_bridge import AudioBridge
from app.beats import BeatDetector
from app.gl_view import GLView
from app.keys import action_for
from app.models.preset_list import PresetListModel
from app.performance import Performance
from app.playback import AudioFileError, FilePlayback
from app.settings import Settings
from app.thumbnails import Thumbnailer
from app.venue_controller import VenueController
from app.window import MainWindow

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
RECORD_FPS = 15
OVERLAY_MS = 6000  # how long a track, act or lyric line stays over the visuals
FPS_LABEL_S = 0.5  # how often the status line's fps figure changes


def image_to_array(image: QImage) -> np.ndarray:
    """A QImage as uint8 RGB (height, width, 3)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    return data.reshape(height, rgb.bytesPerLine())[:, : width * 3].reshape(height, width, 3).copy()


class PhospheneApp(QObject):
    def __init__(self, settings: Settings, speed: float = 1.0, thumbnails: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.view = GLView(texsize=tuple(settings.texsize))  # type: ignore[arg-type]
        self.bridge = AudioBridge()
        self.view.audio_provider = self.bridge.frame_audio
        self.performance = Performance(self.view, settings)
        self.presets = PresetListModel(settings)
        self.presets.set_entries(self.performance.playlist.entries)
        self.window = MainWindow(self.view, self.presets, settings.venue_url)
        self.venue = VenueController(self.window.venue, self.bridge, self.performance, speed=speed)
        self.playback: FilePlayback | None = None
        self.beats = BeatDetector()
        self.compel: Any = None
        self.stage_window: QWidget | None = None
        self.started = time.monotonic()
        self._fps_shown = 0.0
        self._wire()
        self._restore_layout()
        self.thumbnailer = Thumbnailer(self) if thumbnails else None
        if self.thumbnailer is not None:
            self.thumbnailer.ready.connect(lambda p, img: self.presets.set_thumbnail(Path(p), img))
            self.thumbnailer.start([e.path for e in self.performance.playlist.entries])
        self._transport_timer = QTimer(self)
        self._transport_timer.setInterval(200)
        self._transport_timer.timeout.connect(self._update_transport)
        self._transport_timer.start()
        self._overlay_timer = QTimer(self.window.stage)  # dies with the window
        self._overlay_timer.setSingleShot(True)
        self._overlay_timer.setInterval(OVERLAY_MS)
        self._overlay_timer.timeout.connect(lambda: self.window.stage.overlay.setText(""))

    # -- wiring ------------------------------------------------------------------------------

    def _wire(self) -> None:
        w, p = self.window, self.performance
        w.key_action.connect(self.on_key)
        w.browser.preset_chosen.connect(lambda path: p.play_path(path))
        w.browser.ratings_changed.connect(self.settings.save)
        for name, action in w.preset_actions.items():
            action.triggered.connect(lambda _=False, n=name: p.handle(n))
        p.preset_playing.connect(self._preset_playing)
        p.message.connect(lambda text: w.statusBar().showMessage(text, 4000))
        p.state_changed.connect(self._sync_actions)
        p.fullscreen_handler = self._fullscreen_key
        self.view.frame_rendered.connect(self._show_fps)
        self.view.frame_rendered.connect(self._detect_beat)
        self.view.preset_applied.connect(self._preset_applied)
        self.view.gl_failed.connect(lambda text: w.statusBar().showMessage(text))
        self.bridge.status_changed.connect(w.audio_label.setText)
        w.audio_label.setText(self.bridge.status)
        self.venue.overlay.connect(self._overlay)
        w.editor.source_changed.connect(lambda name, text: p.play_text(name, text, hard=True))
        w.open_action.triggered.connect(self._open_dialog)
        w.folder_action.triggered.connect(self._folder_dialog)
        w.venue.account_requested.connect(self._account_dialog)
        w.input_action.triggered.connect(self._choose_input)
        w.quit_action.triggered.connect(w.close)
        w.screenshot_action.triggered.connect(self._screenshot_dialog)
        w.closing.connect(self._save_layout)
        w.transport.play_button.clicked.connect(self.toggle_play)
        w.transport.seek.sliderReleased.connect(lambda: self.seek(w.transport.seek.value() / 1000.0))
        w.transport.beats.setValue(self.settings.auto_switch_beats)
        w.transport.beats.valueChanged.connect(lambda n: p.set_auto_switch(n, self.settings.switch_on_drops))
        w.setAcceptDrops(True)
        w.installEventFilter(self)
        for i, screen in enumerate(QGuiApplication.screens()):
            action = QAction(f"{i}: {screen.name()} {screen.size().width()}x{screen.size().height()}", w)
            action.triggered.connect(lambda _=False, n=i: self.fullscreen_on(n))
            w.fullscreen_menu.addAction(action)
        leave = QAction("Leave fullscreen (Esc)", w)
        leave.triggered.connect(self.leave_fullscreen)
        w.fullscreen_menu.addAction(leave)
        self._sync_actions()

    def _show_fps(self, fps: float) -> None:
        """A few times a second: each label change makes Qt redraw and re-upload part of the window."""
        now = time.monotonic()
        if now - self._fps_shown >= FPS_LABEL_S:
            self._fps_shown = now
            self.window.fps_label.setText(f"{fps:4.1f} fps")

    def _sync_actions(self) -> None:
        a, p = self.window.preset_actions, self.performance
        a["toggle_shuffle"].setChecked(p.playlist.shuffle)
        a["toggle_lock"].setChecked(p.playlist.locked)
        a["toggle_hard_cut"].setChecked(self.settings.hard_cut)
        a["toggle_drops"].setChecked(p.auto.on_drops)
        self.presets.layoutChanged.emit()

    def on_key(self, key: int) -> None:
        action = action_for(key)
        if action is not None:
            self.performance.handle(action)

    def _preset_playing(self, name: str) -> None:
        self.window.preset_label.setText(name)
        path = self.performance.current_path
        self.presets.set_playing(path)
        prepared = self.performance.current
        if prepared is not None and self.window.editor.name != name and path is not None and path.stem == name:
            try:
                self.window.editor.load(name, path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                pass
        if prepared is not None:
            self.window.editor.show_errors(prepared.preset, prepared.errors)

    def _preset_applied(self, name: str, errors: list[dict[str, Any]]) -> None:
        prepared = self.performance.current
        if prepared is not None and prepared.name == name and self.window.editor.name == name:
            self.window.editor.show_errors(prepared.preset, errors)

    def _detect_beat(self, _fps: float) -> None:
        """Beats of a file or live input drive auto-switching (a venue stream sends its own)."""
        if self.bridge.source is not None and self.beats.update(self.bridge.last_audio, time.monotonic()):
            self.performance.on_beat()

    def add_preset_folder(self, folder: Path) -> int:
        """Browse another folder of .milk files too; returns how many presets are listed now."""
        from app.playlist import scan_presets

        if str(folder) not in self.settings.preset_dirs:
            self.settings.preset_dirs.append(str(folder))
            self.settings.save()
        entries = scan_presets(self.settings.preset_dirs)
        self.performance.playlist.set_entries(entries)
        self.presets.set_entries(entries)
        if self.thumbnailer is not None:
            self.thumbnailer.start([e.path for e in entries])
        return len(entries)

    def _folder_dialog(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, "Add a folder of presets")
        if name:
            self.add_preset_folder(Path(name))

    def _overlay(self, kind: str, text: str) -> None:
        self.window.stage.overlay.setText(text)
        self._overlay_timer.start()

    # -- files -------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.DragEnter and event.mimeData().hasUrls():  # type: ignore[attr-defined]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        if obj is self.window and event.type() == QEvent.Type.Drop:
            for url in event.mimeData().urls():  # type: ignore[attr-defined]
                self.open_path(Path(url.toLocalFile()))
            return True
        return super().eventFilter(obj, event)

    def open_path(self, path: Path) -> bool:
        """Open an audio file, a .compel or a .milk; errors go to the status line."""
        suffix = path.suffix.lower()
        if suffix == ".milk":
            self.performance.play_path(path)
            return True
        if suffix == ".compel":
            from app.compel.player import CompelPlayer
            from app.compel.format import CompelError

            try:
                self.compel = CompelPlayer.open(path, self)
            except (CompelError, AudioFileError) as exc:
                self.window.statusBar().showMessage(str(exc))
                return False
            return True
        if suffix in AUDIO_SUFFIXES:
            try:
                playback = FilePlayback.open(path, device=None)
            except AudioFileError as exc:
                self.window.statusBar().showMessage(str(exc))
                return False
            self.play_audio(playback)
            if self.performance.current is None:
                self.performance.play_entry(self.performance.playlist.next())
            return True
        self.window.statusBar().showMessage(f"{path}: not an audio file, .compel or .milk")
        return False

    def play_audio(self, playback: FilePlayback) -> None:
        self.playback = playback
        status = f"file: {playback.name}" + (f" — {playback.silent_reason}" if playback.silent_reason else "")
        self.bridge.use_pcm(playback, status)
        self.window.transport.seek.setRange(0, int(playback.duration_s * 1000))
        playback.play()

    def toggle_play(self) -> None:
        if self.playback is not None:
            self.playback.toggle()

    def seek(self, seconds: float) -> None:
        if self.playback is not None:
            self.playback.seek(seconds)

    def _update_transport(self) -> None:
        t = self.window.transport
        pb = self.playback
        if pb is None:
            return
        t.play_button.setText("Pause" if pb.playing else "Play")
        if not t.seek.isSliderDown():
            t.seek.setValue(int(pb.position_s * 1000))
        t.time_label.setText(f"{_mmss(pb.position_s)} / {_mmss(pb.duration_s)}")

    def _open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open", "", "Audio, compels, presets (*.wav *.flac *.ogg *.mp3 *.compel *.milk)")
        if name:
            self.open_path(Path(name))

    def _account_dialog(self) -> None:
        from app.dialogs.account import AccountDialog

        dialog = AccountDialog(self.window.venue.url.text(), self.window)
        if dialog.exec() and dialog.mode:
            self.venue.spawn(self.venue.sign_in(dialog.mode, dialog.username.text().strip(), dialog.password.text()))

    def _screenshot_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Save screenshot", "phosphene.png", "PNG images (*.png)")
        if name:
            self.save_screenshot(Path(name))

    def _choose_input(self) -> None:
        from app.live_input import InputUnavailable, LiveInput, input_devices

        devices = input_devices()
        if not devices:
            self.window.statusBar().showMessage("no audio input devices on this machine")
            self.bridge.use_silence("no audio input device")
            return
        names = [f"{d.index}: {d.name}" for d in devices]
        choice, ok = QInputDialog.getItem(self.window, "Live input", "Device", names, 0, False)
        if not ok:
            return
        device = devices[names.index(choice)]
        try:
            live = LiveInput(device.index)
        except InputUnavailable as exc:
            self.window.statusBar().showMessage(str(exc))
            return
        self.settings.audio_input_device = device.name
        self.bridge.use_pcm(live, f"live input: {device.name}")

    # -- fullscreen ----------------------------------------------------------------------------

    def fullscreen_on(self, screen_index: int) -> None:
        """Move the visuals to their own fullscreen window on that screen; the controls stay."""
        screens = QGuiApplication.screens()
        screen = screens[min(max(screen_index, 0), len(screens) - 1)]
        if self.stage_window is None:
            stage = QWidget()
            stage.setWindowTitle("Phosphene — stage")
            from PySide6.QtWidgets import QVBoxLayout

            layout = QVBoxLayout(stage)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.window.stage)
            stage.installEventFilter(self)
            self.stage_window = stage
            self.window.setCentralWidget(QWidget())
        self.stage_window.setScreen(screen)
        self.stage_window.setGeometry(screen.geometry())
        self.stage_window.showFullScreen()

    def leave_fullscreen(self) -> None:
        if self.stage_window is None:
            return
        self.window.setCentralWidget(self.window.stage)
        self.stage_window.close()
        self.stage_window.deleteLater()
        self.stage_window = None

    def _fullscreen_key(self, action: str) -> None:
        if action == "leave_fullscreen" or self.stage_window is not None:
            self.leave_fullscreen()
        else:
            screens = QGuiApplication.screens()
            self.fullscreen_on(len(screens) - 1)

    # -- layout --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.settings
        if s.window_geometry:
            self.window.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
        if s.window_state:
            self.window.restoreState(QByteArray.fromBase64(s.window_state.encode()))

    def _save_layout(self) -> None:
        self.settings.window_geometry = bytes(self.window.saveGeometry().toBase64().data()).decode()
        self.settings.window_state = bytes(self.window.saveState().toBase64().data()).decode()
        self.settings.save()

    # -- output ----------------------------------------------------------------------------------

    def frame_stats(self) -> str:
        text = f"{self.view.frames} frames, {self.view.fps:.1f} fps, preset {self.view.current_name}, audio: {self.bridge.status}"
        session = self.venue.session
        if session is not None:
            text += f", stream: {session.ticks} ticks to {session.position:.1f} s, {session.reconnects} reconnects"
        return text

    def save_screenshot(self, path: Path) -> Path:
        """The whole window (visuals, panels, status line) as a PNG."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(path)):
            raise OSError(f"could not write screenshot {path}")
        return path

    async def save_recording(self, path: Path, seconds: float = 3.0) -> Path:
        """A few seconds of the visuals as H.264 MP4 (grabbed from the GL view)."""
        frames: list[np.ndarray] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            frames.append(image_to_array(self.view.grab_image()))
            await asyncio.sleep(1.0 / RECORD_FPS)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, _encode, path, frames, RECORD_FPS)
        return path

    async def shutdown(self) -> None:
        self._save_layout()
        await self.venue.close()
        self.dispose()

    def dispose(self) -> None:
        """Stop every timer and thread and free the GL objects (the window stays to be deleted)."""
        self._transport_timer.stop()
        self._overlay_timer.stop()
        if self.thumbnailer is not None:
            self.thumbnailer.stop()
        if self.compel is not None:
            self.compel.close()
            self.compel = None
        self.bridge.close()
        self.performance.close()
        self.view.release()


def _encode(path: Path, frames: list[np.ndarray], fps: int) -> None:
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    height, width = frames[0].shape[:2]
    width, height = width - width % 2, height - height % 2
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for frame in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(frame[:height, :width]), format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def _mmss(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"
