"""The preset editor: errors marked at their .milk line, and live recompiles that never stop the show."""

from __future__ import annotations

from pathlib import Path

from renderer.preset import parse_preset
from renderer.show import prepare_preset

from app.editor import PresetEditor, error_line

from .conftest import needs_display

REPO = Path(__file__).resolve().parents[2]
DUSK = REPO / "assets" / "presets" / "phosphene - dusk spiral.milk"
AURORA = REPO / "assets" / "presets" / "phosphene - aurora tunnel.milk"


def line_of(text: str, prefix: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(prefix))


def test_an_eel_error_points_at_its_numbered_line() -> None:
    text = DUSK.read_text().replace("per_frame_2=cx = 0.5", "per_frame_2=cx = (0.5 +* ")
    prepared = prepare_preset(parse_preset(text, "broken"))
    assert [e["block"] for e in prepared.errors] == ["per_frame"]
    assert error_line(prepared.preset, text, prepared.errors[0]) == line_of(text, "per_frame_2=")


def test_a_shader_error_points_at_its_warp_line() -> None:
    text = AURORA.read_text().replace("warp_3=`    float2 d = uv - 0.5;", "warp_3=`    float2 d = uv - ;")
    prepared = prepare_preset(parse_preset(text, "broken"))
    shader_errors = [e for e in prepared.errors if e.get("shader") == "warp"]
    assert shader_errors, prepared.errors
    assert error_line(prepared.preset, text, shader_errors[0]) == line_of(text, "warp_3=")


def test_the_editor_marks_error_lines_and_clears_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = PresetEditor()
    qtbot.addWidget(editor)
    text = DUSK.read_text().replace("per_frame_4=zoom = 0.99;", "per_frame_4=zoom = 0.99 +;")
    editor.load("broken", text)
    prepared = prepare_preset(parse_preset(text, "broken"))
    editor.show_errors(prepared.preset, prepared.errors)
    assert editor.error_lines == [line_of(text, "per_frame_4=")]
    assert len(editor.text.extraSelections()) == 1 and editor.errors.count() == 1
    assert "1 error" in editor.title.text()
    editor.show_errors(prepared.preset, [])
    assert editor.error_lines == [] and editor.text.extraSelections() == [] and "compiles" in editor.title.text()


@needs_display
def test_edits_recompile_live_and_the_show_goes_on(qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.phosphene_app import PhospheneApp
    from app.settings import Settings

    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    app = PhospheneApp(Settings(texsize=(160, 90)), thumbnails=False)
    app.window.show()
    app.window.editor_dock.show()
    qtbot.waitExposed(app.window)
    try:
        app.performance.play_path(DUSK)
        qtbot.waitUntil(lambda: app.view.current_name == DUSK.stem and app.window.editor.name == DUSK.stem, timeout=15000)
        editor = app.window.editor
        text = editor.text.toPlainText()
        broken = text.replace("per_frame_4=zoom = 0.99;", "per_frame_4=zoom = 0.99 +;")
        editor.text.setPlainText(broken)  # an edit: debounced, then recompiled and played
        qtbot.waitUntil(lambda: editor.error_lines == [line_of(broken, "per_frame_4=")], timeout=15000)
        frames = app.view.frames
        qtbot.waitUntil(lambda: app.view.frames > frames + 5, timeout=15000)  # still rendering
        editor.text.setPlainText(broken.replace("0.99 +;", "0.97;"))
        qtbot.waitUntil(lambda: editor.error_lines == [] and "compiles" in editor.title.text(), timeout=15000)
        # the view switches at its next frame after the editor reports the compile
        qtbot.waitUntil(lambda: "zoom = 0.97;" in app.view.show_engine.current.prepared.preset.code["per_frame"].source.text, timeout=15000)
    finally:
        app.window.close()
        app.dispose()
        app.window.deleteLater()
