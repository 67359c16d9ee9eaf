"""The main window's layout: the visualizer in the middle, docks around it, a status line.

Layout only: widgets and actions are created and placed here; ``app.main`` connects them to the
performance, audio and venue controllers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from app.editor import PresetEditor
from app.gl_view import GLView
from app.models.preset_list import PresetListModel
from app.preset_browser import PresetBrowser
from app.venue_panel import VenuePanel


class Transport(QWidget):
    """Play/pause and a seek slider for file playback (milliseconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("playButton")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setObjectName("seekSlider")
        self.time_label = QLabel("--:-- / --:--")
        self.beats = QSpinBox()
        self.beats.setRange(0, 256)
        self.beats.setPrefix("auto every ")
        self.beats.setSuffix(" beats")
        self.beats.setSpecialValueText("auto switch off")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.seek, 1)
        layout.addWidget(self.time_label)
        layout.addWidget(self.beats)


class Stage(QWidget):
    """The GL view with text overlays (track, act, lyrics) laid over it."""

    def __init__(self, view: GLView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.overlay = QLabel("")
        self.overlay.setObjectName("overlay")
        self.overlay.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.overlay.setStyleSheet("color: white; font-size: 18px; background: transparent; padding: 12px;")
        self.overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.layout_grid = QGridLayout(self)
        self.layout_grid.setContentsMargins(0, 0, 0, 0)
        self.layout_grid.addWidget(view, 0, 0)
        self.layout_grid.addWidget(self.overlay, 0, 0)


class MainWindow(QMainWindow):
    key_action = Signal(int)  # Qt key of a keypress nobody else took
    closing = Signal()

    def __init__(self, view: GLView, presets: PresetListModel, venue_url: str) -> None:
        super().__init__()
        self.setWindowTitle("Phosphene")
        self.resize(1200, 720)
        self.view = view
        self.stage = Stage(view)
        self.setCentralWidget(self.stage)
        self.browser = PresetBrowser(presets)
        self.venue = VenuePanel(venue_url)
        self.editor = PresetEditor()
        self.transport = Transport()
        self.browser_dock = self._dock("Presets", self.browser, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.venue_dock = self._dock("Venue", self.venue, Qt.DockWidgetArea.RightDockWidgetArea)
        self.editor_dock = self._dock("Preset editor", self.editor, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.transport_dock = self._dock("Transport", self.transport, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.editor_dock.hide()
        self.fps_label = QLabel("-- fps")
        self.preset_label = QLabel("no preset")
        self.audio_label = QLabel("no audio")
        for label in (self.preset_label, self.audio_label, self.fps_label):
            self.statusBar().addPermanentWidget(label)
        self.preset_label.setObjectName("presetStatus")
        self.audio_label.setObjectName("audioStatus")
        self._menus()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = QAction("&Open audio or compel…", self, shortcut=QKeySequence.StandardKey.Open)
        self.input_action = QAction("Live &input…", self)
        self.folder_action = QAction("Add preset &folder…", self)
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        file_menu.addActions([self.open_action, self.input_action, self.folder_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        presets = bar.addMenu("&Presets")
        self.preset_actions: dict[str, QAction] = {}
        for name, label in (("next", "Next (Space)"), ("hard_cut", "Hard cut (H)"), ("previous", "Previous (Backspace)"),
                            ("random", "Random (M)"), ("toggle_shuffle", "Shuffle (R)"), ("toggle_lock", "Lock (L)"),
                            ("toggle_hard_cut", "Always hard cut"), ("toggle_drops", "Switch on drops"),
                            ("blend_shorter", "Shorter blend ([)"),
                            ("blend_longer", "Longer blend (])")):  # fmt: skip
            action = QAction(label, self)
            presets.addAction(action)
            self.preset_actions[name] = action
        for name in ("toggle_shuffle", "toggle_lock", "toggle_hard_cut", "toggle_drops"):
            self.preset_actions[name].setCheckable(True)
        view_menu = bar.addMenu("&View")
        self.fullscreen_menu = view_menu.addMenu("Fullscreen on screen")
        view_menu.addActions([d.toggleViewAction() for d in (self.browser_dock, self.venue_dock, self.editor_dock, self.transport_dock)])
        self.screenshot_action = QAction("Save screenshot…", self)
        view_menu.addAction(self.screenshot_action)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.key_action.emit(int(event.key()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
