"""The performer controller: stream preset events (named, equations compiled live, or anonymous),
lock, auto-switching on beats and drops, with presets prepared off the GUI thread."""

from __future__ import annotations

import pytest

from app.gl_view import GLView
from app.performance import Performance, milk_from_equations
from app.settings import Settings
from renderer.preset import parse_preset

from .conftest import needs_display

pytestmark = needs_display


@pytest.fixture
def perf(qtbot):  # type: ignore[no-untyped-def]
    view = GLView()  # never shown: only its queue is used
    qtbot.addWidget(view)
    performance = Performance(view, Settings(shuffle=False, blend_seconds=1.5))
    ready: list[tuple[str, float]] = []
    performance.preset_ready.connect(lambda prepared, blend: ready.append((prepared.name, blend)))
    performance.ready = ready  # type: ignore[attr-defined]
    yield performance
    performance.close()


def wait_ready(qtbot, perf, count: int) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(perf.ready) >= count, timeout=10000)
    return perf.ready[count - 1]


def test_named_preset_events_play_that_preset(qtbot, perf: Performance) -> None:  # type: ignore[no-untyped-def]
    perf.on_stream_preset({"type": "preset", "name": "phosphene - glass orbit", "t": 4.0})
    assert wait_ready(qtbot, perf, 1) == ("phosphene - glass orbit", 1.5)
    assert perf.playlist.current_entry.name == "phosphene - glass orbit"


def test_equations_from_the_stream_compile_live(qtbot, perf: Performance) -> None:  # type: ignore[no-untyped-def]
    eq = {"init": "q1 = 0.5;", "frame": "zoom = 1.01 + 0.01*bass;\nrot = q1*0.02;", "pixel": "zoom = zoom - 0.01*rad;"}
    perf.on_stream_preset({"type": "preset", "name": "from the stream", "eq": eq})
    assert wait_ready(qtbot, perf, 1)[0] == "from the stream"
    prepared = perf.current
    assert prepared.errors == []
    assert prepared.preset.code["per_frame"].lines == ("zoom = 1.01 + 0.01*bass;", "rot = q1*0.02;")
    assert set(prepared.compiled.blocks) >= {"per_frame_init", "per_frame", "per_pixel"}
    assert parse_preset(milk_from_equations("x", eq)).code["per_pixel"].lines == ("zoom = zoom - 0.01*rad;",)


def test_anonymous_events_take_the_next_preset_and_lock_ignores_them(qtbot, perf: Performance) -> None:  # type: ignore[no-untyped-def]
    perf.on_stream_preset({"type": "preset", "reason": "chorus section", "energy": 0.7})
    first = wait_ready(qtbot, perf, 1)[0]
    assert first == perf.playlist.entries[0].name
    perf.handle("toggle_lock")
    perf.on_stream_preset({"type": "preset", "reason": "verse"})
    perf.on_drop()
    qtbot.wait(300)
    assert len(perf.ready) == 1


def test_auto_switch_every_n_beats_and_cut_on_drops(qtbot, perf: Performance) -> None:  # type: ignore[no-untyped-def]
    perf.set_auto_switch(2, on_drops=True)
    perf.on_beat()
    qtbot.wait(200)
    assert perf.ready == []
    perf.on_beat()
    assert wait_ready(qtbot, perf, 1)[1] == 1.5  # beats blend
    perf.on_drop()
    assert wait_ready(qtbot, perf, 2)[1] == 0.0  # drops cut
    assert perf.settings.auto_switch_beats == 2
    perf.handle("toggle_drops")
    perf.on_drop()
    qtbot.wait(300)
    assert len(perf.ready) == 2 and not perf.settings.switch_on_drops
