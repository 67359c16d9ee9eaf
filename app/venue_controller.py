"""Venue mode: connects the venue panel, the venue client and a concert session to the show.

All network work runs as asyncio tasks on the Qt loop (qasync); failures become status text in
the panel, never exceptions in the UI. The account is registered on first connect (a generated
username) and its key kept in the 0600 credentials file; a stored key is reused.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.audio_bridge import AudioBridge
from app.credentials import Credentials, load_credentials, save_credentials
from app.performance import Performance
from app.venue_client import AuthRequired, VenueClient, VenueClientError
from app.venue_panel import VenuePanel
from app.venue_session import VenueSession

CHAT_POLL_S = 2.0


class VenueController(QObject):
    overlay = Signal(str, str)
    connected = Signal(str)  # username
    attending = Signal(str)  # slug

    def __init__(self, panel: VenuePanel, bridge: AudioBridge, performance: Performance, speed: float = 1.0) -> None:
        super().__init__()
        self.panel = panel
        self.bridge = bridge
        self.performance = performance
        self.speed = speed
        self.client: VenueClient | None = None
        self.username = ""
        self.session: VenueSession | None = None
        self.slug: str | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._seen_chat: set[str] = set()
        self._last_chat: str | None = None
        self.chat_received = 0
        self.errors: list[str] = []
        panel.connect_requested.connect(lambda url: self.spawn(self.connect(url)))
        panel.attend_requested.connect(lambda slug: self.spawn(self.attend(slug)))
        panel.chat_submitted.connect(lambda text: self.spawn(self.send_chat(text)))
        panel.reaction_clicked.connect(lambda name: self.spawn(self.react(name)))

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            self._fail("venue task failed", exc)  # type: ignore[arg-type]

    def _status(self, text: str) -> None:
        self.panel.status.setText(text)

    def _fail(self, what: str, exc: Exception) -> None:
        message = f"{what}: {exc}"
        self.errors.append(message)
        self._status(message)

    # -- account and concerts ------------------------------------------------------------------

    async def connect(self, url: str) -> bool:
        """Reach the venue, sign in (stored key, else register), list concerts."""
        if self.client is not None:
            await self.client.aclose()
        creds = load_credentials(url)
        self.client = VenueClient(url, api_key=creds.api_key if creds else None)
        self._status(f"connecting to {url}…")
        try:
            await self.client.health()
            if creds is not None:
                try:
                    me = await self.client.me()
                    self.username = str(me.get("username") or me.get("user", {}).get("username") or creds.username)
                except AuthRequired:
                    creds = None  # the server forgot us (new database): register again
            if creds is None:
                username = f"viewer-{secrets.token_hex(3)}"
                key = await self.client.register(username, name="Phosphene viewer")
                save_credentials(url, Credentials(username, key))
                self.username = username
            self.panel.account.setText(f"signed in as {self.username}")
            concerts = await self.client.concerts()
        except VenueClientError as exc:
            self._fail(f"cannot connect to {url}", exc)
            return False
        self.panel.set_concerts(concerts)
        self._status(f"{len(concerts)} concert(s) at {url}")
        self.connected.emit(self.username)
        return True

    async def sign_in(self, mode: str, username: str, password: str | None) -> bool:
        """Register ``username`` (the key goes to the 0600 credentials file) or log in with a
        password (a session cookie, kept by this client only)."""
        if self.client is None:
            self._status("connect to a venue first")
            return False
        try:
            if mode == "register":
                key = await self.client.register(username, password=password or None)
                save_credentials(self.client.base_url, Credentials(username, key))
            else:
                self.client.api_key = None
                await self.client.login(username, password or "")
            me = await self.client.me()
        except VenueClientError as exc:
            self._fail(f"{mode} failed", exc)
            return False
        self.username = str(me.get("username", username))
        self.panel.account.setText(f"signed in as {self.username}" + (" (session)" if mode == "login" else ""))
        self.connected.emit(self.username)
        return True

    async def attend(self, slug: str) -> None:
        if self.client is None:
            self._status("connect to a venue first")
            return
        if self.session is not None:
            self.session.stop()
        self.slug = slug
        session = VenueSession(self.client, slug, speed=self.speed)
        self.session = session
        session.state.connect(self._status)
        session.preset_event.connect(self.performance.on_stream_preset)
        session.beat.connect(self.performance.on_beat)
        session.drop.connect(self.performance.on_drop)
        session.overlay.connect(self.overlay)
        session.crowd.connect(self._crowd)
        self.bridge.use_levels(session.levels, session.clock.now, f"venue stream: {slug}")
        self.attending.emit(slug)
        self.spawn(session.run())
        self.spawn(self._poll_room(slug))

    def _crowd(self, recent: dict[str, int]) -> None:
        self.panel.status.setText("crowd: " + ", ".join(f"{k} {v}" for k, v in sorted(recent.items())) if recent else "crowd: quiet")

    async def _poll_room(self, slug: str) -> None:
        """Chat messages and reaction counts, every CHAT_POLL_S, while this concert is attended."""
        while self.slug == slug and self.client is not None:
            try:
                for message in await self.client.chat(slug, since=self._last_chat):
                    self._add_chat(message)
                counts = await self.client.reactions(slug)
                self.panel.set_counts(counts.get("counts", {}))
            except VenueClientError as exc:
                self.errors.append(f"room poll: {exc}")
            await asyncio.sleep(CHAT_POLL_S)

    def _add_chat(self, message: dict[str, Any]) -> None:
        key = str(message.get("id"))
        if key in self._seen_chat:
            return
        self._seen_chat.add(key)
        self._last_chat = str(message.get("created_at") or self._last_chat)
        self.chat_received += 1
        self.panel.add_chat(str(message.get("username")), str(message.get("message")))

    async def send_chat(self, text: str) -> None:
        if self.client is None or self.slug is None:
            self._status("attend a concert to chat")
            return
        try:
            result = await self.client.send_chat(self.slug, text)
        except VenueClientError as exc:
            self._fail("chat not sent", exc)
            return
        self._add_chat(result["chat"])

    async def react(self, reaction: str) -> None:
        if self.client is None or self.slug is None:
            self._status("attend a concert to react")
            return
        try:
            position = self.session.position if self.session else None
            result = await self.client.react(self.slug, reaction, position)
        except VenueClientError as exc:
            self._fail(f"{reaction} not sent", exc)
            return
        self.panel.set_counts(result.get("counts", {}))

    async def close(self) -> None:
        self.slug = None
        if self.session is not None:
            self.session.stop()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.client is not None:
            await self.client.aclose()
            self.client = None
