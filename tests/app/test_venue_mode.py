"""Venue mode against a real venue server (uvicorn subprocess on a free loopback port): register,
attend the demo concert, frames driven by the stream, chat both ways, a counted reaction, and a
dropped stream that reconnects and resumes."""

from __future__ import annotations

import asyncio
import stat

import httpx
import numpy as np
import pytest

from app.credentials import credentials_path, load_credentials
from app.phosphene_app import PhospheneApp
from app.settings import Settings
from app.venue_client import VenueClient, VenueUnavailable
from app.venue_session import VenueSession

from .conftest import VenueServer, needs_display, until

DEMO = "phosphene-first-light"


def other_listener(url: str) -> tuple[httpx.Client, str]:
    """A second attendee, straight over HTTP, to talk to the app through the venue."""
    client = httpx.Client(base_url=url, timeout=10)
    key = client.post("/api/auth/register", json={"username": f"other-{np.random.randint(1e9)}"}).json()["user"]["api_key"]
    client.headers["Authorization"] = f"Bearer {key}"
    assert client.post(f"/api/concerts/{DEMO}/attend").status_code in (200, 201)
    return client, key


@needs_display
def test_attend_play_chat_and_react(qtbot, qloop, venue_server: VenueServer, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    app = PhospheneApp(Settings(texsize=(160, 90)), speed=4.0, thumbnails=False)
    app.window.show()
    qtbot.waitExposed(app.window)
    venue, panel = app.venue, app.window.venue

    def chat_lines() -> list[str]:
        return [panel.chat.item(i).text() for i in range(panel.chat.count())]

    async def scenario() -> None:
        assert await venue.connect(venue_server.url), venue.errors
        creds = load_credentials(venue_server.url)
        assert creds is not None and creds.username == venue.username
        assert stat.S_IMODE(credentials_path().stat().st_mode) == 0o600
        assert panel.concerts.count() >= 1
        await venue.attend(DEMO)
        session = venue.session
        await until(lambda: session.ticks >= 20 and app.view.frames >= 10, 30, "stream ticks and rendered frames",
                    lambda: f"{session.ticks} ticks, events {session.events}, {app.view.frames} frames, errors {venue.errors}")
        assert app.bridge.status == f"venue stream: {DEMO}"
        assert np.abs(app.bridge.last_audio.wave_l).max() > 0, "frames got no waveform from the stream's levels"
        assert session.levels.newest_t is not None and session.levels.newest_t > 1.0
        assert session.events.get("meta") and session.events.get("track")
        overlay = app.window.stage.overlay.text()
        assert "ACT I" in overlay or "First Light" in overlay, overlay  # acts and tracks appear over the visuals
        assert session.events.get("preset", 0) >= 1 and app.view.current_name is not None  # the stream chose the preset

        other, _ = other_listener(venue_server.url)
        qtbot.keyClicks(panel.chat_input, "hello from the app")
        panel.send_button.click()
        await until(lambda: any("hello from the app" in line for line in chat_lines()), 10, "own chat line", lambda: venue.errors)
        assert other.post(f"/api/concerts/{DEMO}/chat", json={"message": "hi app"}).status_code == 201
        await until(lambda: any(line.endswith(": hi app") for line in chat_lines()), 10, "the other listener's chat")
        seen = other.get(f"/api/concerts/{DEMO}/chat").json()["messages"]
        assert any(m["message"] == "hello from the app" and m["username"] == venue.username for m in seen)

        panel.reaction_buttons["fire"].click()
        await until(lambda: panel.reaction_buttons["fire"].text().startswith("fire "), 10, "the fire count", lambda: venue.errors)
        assert other.get(f"/api/concerts/{DEMO}/react").json()["counts"]["fire"] >= 1
        other.close()
        await app.shutdown()

    try:
        qloop.run_until_complete(scenario())
    finally:
        app.window.close()
        app.window.deleteLater()


def test_a_dropped_stream_reconnects_and_resumes(qapp, qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = VenueServer(tmp_path / "venue")
    server.start()
    client = VenueClient(server.url)
    session = VenueSession(client, DEMO, speed=3.0)

    async def scenario() -> None:
        await client.register("dropper")
        task = asyncio.ensure_future(session.run())
        await until(lambda: session.ticks >= 15, 20, "first ticks")
        server.stop()  # the connection drops mid-stream
        before = session.position
        await until(lambda: session.reconnects >= 1, 10, "a reconnect attempt")
        server.start_on_same_port()
        ticks = session.ticks
        await until(lambda: session.ticks >= ticks + 10, 30, "ticks after the reconnect")
        start, first_tick = session.connections[-1]
        assert start is not None and start >= before - 1e-6, session.connections  # asked to resume where it dropped
        assert start - 1e-6 <= first_tick <= start + 0.2, session.connections  # and the stream went on from there
        assert session.connections[0][0] is None  # the first connection let the ticket decide
        session.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()

    try:
        qloop.run_until_complete(scenario())
    finally:
        server.stop()


def test_unreachable_venue_raises_venue_unavailable(qloop) -> None:  # type: ignore[no-untyped-def]
    from .conftest import free_port

    client = VenueClient(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    with pytest.raises(VenueUnavailable, match="unavailable"):
        qloop.run_until_complete(client.health())
    qloop.run_until_complete(client.aclose())


@needs_display
def test_register_with_a_password_then_log_in(qtbot, qloop, venue_server: VenueServer, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.audio_bridge import AudioBridge
    from app.dialogs.account import AccountDialog
    from app.gl_view import GLView
    from app.performance import Performance
    from app.venue_controller import VenueController
    from app.venue_panel import VenuePanel

    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    dialog = AccountDialog(venue_server.url)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "stage-artist")
    qtbot.keyClicks(dialog.password, "s3cret-pass")
    dialog.register_button.click()
    assert dialog.mode == "register" and dialog.result() == AccountDialog.DialogCode.Accepted

    def controller() -> VenueController:
        view = GLView()
        qtbot.addWidget(view)
        return VenueController(VenuePanel(venue_server.url), AudioBridge(), Performance(view, Settings()))

    async def scenario() -> None:
        first = controller()
        assert await first.connect(venue_server.url)
        assert await first.sign_in("register", "stage-artist", "s3cret-pass"), first.errors
        assert load_credentials(venue_server.url).username == "stage-artist"
        await first.close()
        monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path / "elsewhere"))  # a machine without the key
        second = controller()
        assert await second.connect(venue_server.url)
        assert await second.sign_in("login", "stage-artist", "s3cret-pass"), second.errors
        assert second.username == "stage-artist" and "session" in second.panel.account.text()
        ticket = await second.client.attend(DEMO)  # the session cookie authenticates
        assert ticket.concert_slug == DEMO
        assert not await second.sign_in("login", "stage-artist", "wrong")
        assert "login failed" in second.errors[-1]
        await second.close()

    qloop.run_until_complete(scenario())
