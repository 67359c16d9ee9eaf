"""After every switch the presets one key press away (next, previous, the random pick drawn ahead
of time) are prepared and their shaders sent to the warm-up helper process, before any key press;
the key press then plays the prepared preset at once."""

from __future__ import annotations

import pytest

from app.gl_view import GLView
from app.performance import Performance
from app.settings import Settings

from .conftest import needs_display

pytestmark = needs_display


@pytest.fixture
def stage(qtbot):  # type: ignore[no-untyped-def]
    view = GLView(texsize=(160, 90))
    qtbot.addWidget(view)
    view.resize(160, 90)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.show_engine is not None, timeout=10000)
    assert view.warmer is not None, "the view did not start the shader warm-up helper"
    performance = Performance(view, Settings(shuffle=False, blend_seconds=0.0))
    played: list[str] = []
    performance.preset_playing.connect(played.append)
    performance.played = played  # type: ignore[attr-defined]
    yield view, performance
    performance.close()
    view.release()


def test_next_and_previous_entries_are_preloaded_after_a_switch(qtbot, stage) -> None:  # type: ignore[no-untyped-def]
    view, perf = stage
    perf.handle("next")
    qtbot.waitUntil(lambda: len(perf.played) == 1, timeout=10000)
    upcoming_next, upcoming_previous = perf.playlist.peek_next(), perf.playlist.peek_previous()
    assert upcoming_next is not None and upcoming_previous is not None and upcoming_next != upcoming_previous
    qtbot.waitUntil(lambda: upcoming_next.name in view.preloads, timeout=30000)
    qtbot.waitUntil(lambda: upcoming_previous.name in view.preloads, timeout=30000)
    # the helper process really built and drew them (Mesa's disk cache now holds the programs)
    qtbot.waitUntil(lambda: view.is_preloaded(upcoming_next.name), timeout=120000)
    assert view.preloads[upcoming_next.name] is not None

    perf.handle("next")  # prepared ahead: it plays without waiting for the worker
    assert perf.played[-1] == upcoming_next.name
    after = perf.playlist.peek_next()
    qtbot.waitUntil(lambda: after.name in view.preloads, timeout=30000)


def test_the_random_pick_is_drawn_ahead_and_preloaded(qtbot, stage) -> None:  # type: ignore[no-untyped-def]
    view, perf = stage
    perf.handle("random")
    qtbot.waitUntil(lambda: len(perf.played) == 1, timeout=10000)
    pick = perf.playlist.peek_random()
    assert pick is not None and pick == perf.playlist.peek_random()  # peeking does not draw again
    qtbot.waitUntil(lambda: pick.name in view.preloads, timeout=30000)
    perf.handle("random")
    assert perf.played[-1] == pick.name
