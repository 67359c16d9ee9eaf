"""The main window under Xvfb: a real QOpenGLWidget rendering presets, performer keys, the browser,
layout restore, fullscreen staging and background thumbnails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.phosphene_app import PhospheneApp, image_to_array
from app.settings import Settings

from .conftest import needs_display

pytestmark = needs_display
REPO = Path(__file__).resolve().parents[2]
PRESETS = REPO / "assets" / "presets"


@pytest.fixture
def phosphene(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    settings = Settings(texsize=(160, 90), shuffle=False)
    app = PhospheneApp(settings, thumbnails=False)
    app.window.resize(800, 500)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app
    app.window.close()
    app.dispose()
    app.window.deleteLater()


def wait_for_preset(qtbot, app: PhospheneApp, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: app.view.current_name == name and app.view.frames > 0, timeout=15000)


def test_the_window_renders_a_preset_into_the_gl_widget(qtbot, phosphene: PhospheneApp) -> None:  # type: ignore[no-untyped-def]
    path = PRESETS / "phosphene - dusk spiral.milk"
    phosphene.performance.play_path(path)
    wait_for_preset(qtbot, phosphene, path.stem)
    start = phosphene.view.frames
    qtbot.waitUntil(lambda: phosphene.view.frames >= start + 5, timeout=15000)
    image = image_to_array(phosphene.view.grab_image())
    assert image.shape[0] > 50 and image.std() > 5.0, "the GL widget shows a blank image"
    assert phosphene.window.preset_label.text() == path.stem
    assert "fps" in phosphene.window.fps_label.text() and phosphene.view.gl_info.get("GL_VERSION")


def test_performer_keys(qtbot, phosphene: PhospheneApp) -> None:  # type: ignore[no-untyped-def]
    perf, window = phosphene.performance, phosphene.window
    qtbot.keyClick(window, Qt.Key.Key_Space)
    first = perf.playlist.current_entry
    wait_for_preset(qtbot, phosphene, first.name)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    second = perf.playlist.current_entry
    assert second != first
    wait_for_preset(qtbot, phosphene, second.name)
    assert phosphene.view.show_engine.blending  # Space blends
    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    assert perf.playlist.current_entry == first
    wait_for_preset(qtbot, phosphene, first.name)
    qtbot.keyClick(window, Qt.Key.Key_H)
    wait_for_preset(qtbot, phosphene, perf.playlist.current_entry.name)
    assert not phosphene.view.show_engine.blending  # H cuts
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert perf.playlist.locked and window.preset_actions["toggle_lock"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert perf.playlist.shuffle
    blend = phosphene.settings.blend_seconds
    qtbot.keyClick(window, Qt.Key.Key_BracketRight)
    assert phosphene.settings.blend_seconds == blend + 0.5
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert phosphene.settings.ratings[perf.current_path.name] == 1


def test_browser_search_favorites_and_ratings_persist(qtbot, phosphene: PhospheneApp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    browser = phosphene.window.browser
    qtbot.keyClicks(browser.search, "dusk")
    assert browser.visible_names() == ["phosphene - dusk spiral"]
    browser.search.clear()
    assert len(browser.visible_names()) == len(phosphene.performance.playlist.entries)
    glass = PRESETS / "phosphene - glass orbit.milk"
    phosphene.presets.toggle_favorite(glass)
    phosphene.presets.rate(glass, 5)
    browser.ratings_changed.emit()
    browser.favorites_only.setChecked(True)
    assert browser.visible_names() == ["phosphene - glass orbit"]
    saved = Settings.load()
    assert saved.favorites == [glass.name] and saved.ratings == {glass.name: 5}
    with qtbot.waitSignal(browser.preset_chosen, timeout=2000) as chosen:
        browser.list.doubleClicked.emit(browser.proxy.index(0, 0))
    assert chosen.args == [glass]


def test_layout_is_restored(qtbot, phosphene: PhospheneApp) -> None:  # type: ignore[no-untyped-def]
    assert not phosphene.window.editor_dock.isVisible()
    phosphene.window.editor_dock.show()
    phosphene.window.close()  # saves geometry and dock state
    again = PhospheneApp(Settings.load(), thumbnails=False)
    again.window.show()
    qtbot.waitExposed(again.window)
    assert again.window.editor_dock.isVisible()
    again.window.close()
    again.dispose()
    again.window.deleteLater()


def test_fullscreen_on_a_screen_keeps_the_show_running(qtbot, phosphene: PhospheneApp) -> None:  # type: ignore[no-untyped-def]
    path = PRESETS / "phosphene - neon loom.milk"
    phosphene.performance.play_path(path)
    wait_for_preset(qtbot, phosphene, path.stem)
    phosphene.fullscreen_on(0)
    qtbot.waitUntil(lambda: phosphene.stage_window is not None and phosphene.stage_window.isFullScreen(), timeout=5000)
    frames = phosphene.view.frames
    qtbot.waitUntil(lambda: phosphene.view.frames > frames + 3 and phosphene.view.current_name == path.stem, timeout=15000)
    assert phosphene.window.isVisible()  # the controls stay on their own window
    qtbot.keyClick(phosphene.window, Qt.Key.Key_Escape)
    assert phosphene.stage_window is None
    frames = phosphene.view.frames
    qtbot.waitUntil(lambda: phosphene.view.frames > frames + 3, timeout=15000)


def test_thumbnails_render_in_the_background_and_are_cached(qtbot, qapp, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.thumbnails import Thumbnailer, thumbnail_path

    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    presets = [PRESETS / "phosphene - ember lattice.milk", PRESETS / "phosphene - prism bloom.milk"]
    thumbs = Thumbnailer()
    ready: list[tuple[str, str]] = []
    thumbs.ready.connect(lambda p, img: ready.append((p, img)))
    thumbs.start(presets)
    qtbot.waitUntil(lambda: len(ready) == 2, timeout=30000)
    thumbs.stop()
    from PIL import Image

    for preset, png in ready:
        assert Path(png) == thumbnail_path(Path(preset))
        assert np.asarray(Image.open(png)).std() > 3.0
    again = Thumbnailer()
    cached: list[str] = []
    again.ready.connect(lambda p, img: cached.append(img))
    again.start(presets)
    qtbot.waitUntil(lambda: len(cached) == 2, timeout=5000)
    again.stop()


def test_file_transport_play_pause_seek_and_drop_to_open(qtbot, phosphene: PhospheneApp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import soundfile
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    t = np.arange(44100 * 3) / 44100
    wav = tmp_path / "tone.wav"
    soundfile.write(wav, 0.5 * np.sin(2 * np.pi * 80 * t), 44100)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(wav))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    assert phosphene.window.acceptDrops()
    assert phosphene.eventFilter(phosphene.window, drop)  # the window's drop handler opens the file (Qt delivers real drops only during a drag)
    playback = phosphene.playback
    assert playback is not None and playback.playing
    assert phosphene.window.audio_label.text().startswith("file: tone.wav")
    assert (playback.silent_reason is None) or "silently" in phosphene.window.audio_label.text()
    transport = phosphene.window.transport
    assert transport.seek.maximum() == 3000
    qtbot.waitUntil(lambda: phosphene.view.frames > 3 and transport.play_button.text() == "Pause", timeout=15000)
    transport.play_button.click()
    assert not playback.playing
    transport.seek.setValue(2000)
    transport.seek.sliderReleased.emit()
    assert playback.position_s == pytest.approx(2.0, abs=0.01)
    qtbot.waitUntil(lambda: transport.time_label.text().startswith("00:02"), timeout=5000)
    transport.play_button.click()
    assert playback.playing


def test_adding_a_preset_folder_lists_its_presets(qtbot, phosphene: PhospheneApp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "more presets"
    folder.mkdir()
    (folder / "my copy.milk").write_bytes((PRESETS / "phosphene - glass orbit.milk").read_bytes())
    before = len(phosphene.performance.playlist.entries)
    assert phosphene.add_preset_folder(folder) == before + 1
    assert str(folder) in Settings.load().preset_dirs
    qtbot.keyClicks(phosphene.window.browser.search, "my copy")
    assert phosphene.window.browser.visible_names() == ["my copy"]
    phosphene.window.browser.list.doubleClicked.emit(phosphene.window.browser.proxy.index(0, 0))
    qtbot.waitUntil(lambda: phosphene.view.current_name == "my copy", timeout=15000)


def test_beats_of_a_playing_file_drive_auto_switching(qtbot, phosphene: PhospheneApp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import soundfile

    from renderer.audio.frame_audio import FrameAudio

    wav = tmp_path / "kick.wav"
    soundfile.write(wav, np.zeros(44100), 44100)
    assert phosphene.open_path(wav)
    qtbot.waitUntil(lambda: phosphene.view.frames > 0, timeout=15000)  # the first preset is on
    phosphene.performance.set_auto_switch(1, on_drops=False)
    switched: list[str] = []
    phosphene.performance.preset_ready.connect(lambda prepared, blend: switched.append(prepared.name))
    phosphene.beats.last_beat = None
    phosphene.bridge.last_audio = FrameAudio(bass=1.0, bass_att=1.0)
    phosphene._detect_beat(30.0)
    qtbot.wait(300)
    assert switched == []  # no beat, no switch
    phosphene.bridge.last_audio = FrameAudio(bass=2.5, bass_att=1.0)  # what the analyser reports on a kick
    phosphene._detect_beat(30.0)
    qtbot.waitUntil(lambda: len(switched) >= 1, timeout=10000)
    assert phosphene.beats.count >= 1
