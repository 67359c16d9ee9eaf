"""Attending a concert: read its NDJSON stream, turn events into signals, reconnect when dropped.

Ticks feed an ``ExternalLevels`` (the frames' audio) and a ``StreamClock`` (where in the concert
the frames are); ``preset`` events ask for a switch; tracks, acts and lyrics become overlays; crowd
events carry reaction counts. A dropped connection is retried with backoff and resumes from the
last concert time received (the venue's ``start=stream_position``).
"""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.venue_client import RateLimited, Ticket, VenueClient, VenueRequestFailed, VenueUnavailable
from renderer.audio.external_levels import ExternalLevels

RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 5.0)


class StreamClock:
    """Concert time now: the last tick's time advanced at ``speed`` × wall time, minus a small delay
    so frames interpolate between ticks they already have."""

    def __init__(self, speed: float = 1.0, delay_s: float = 0.15, clock: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self.delay_s = delay_s
        self.clock = clock
        self._offset: float | None = None

    def observe(self, t: float) -> None:
        estimate = self.clock() * self.speed
        if self._offset is None or abs(estimate + self._offset - t) > 1.0:
            self._offset = t - estimate
        else:  # drift toward the stream by a tenth per tick
            self._offset += 0.1 * (t - estimate - self._offset)

    def reset(self) -> None:
        self._offset = None

    def now(self) -> float:
        if self._offset is None:
            return 0.0
        return self.clock() * self.speed + self._offset - self.delay_s * self.speed


class VenueSession(QObject):
    preset_event = Signal(dict)
    overlay = Signal(str, str)  # kind (track, act, lyrics, meta, end), text
    crowd = Signal(dict)  # reaction -> count
    beat = Signal(float)
    drop = Signal(float)
    state = Signal(str)
    ended = Signal()

    def __init__(self, client: VenueClient, slug: str, speed: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.slug = slug
        self.speed = speed
        self.levels = ExternalLevels()
        self.clock = StreamClock(speed)
        self.ticket: Ticket | None = None
        self.tier = "general"
        self.position = 0.0
        self.ticks = 0
        self.reconnects = 0
        self.title = slug
        self.events: dict[str, int] = {}
        self.connections: list[tuple[float | None, float | None]] = []  # (start asked for, first tick received), per connection
        self._stopped = False
        self._task: asyncio.Task[None] | None = None

    def stop(self) -> None:
        """End ``run``: its task is cancelled, so the HTTP stream unwinds from its innermost read
        (leaving the loop early instead would leave httpcore's generators to a finalizer task)."""
        self._stopped = True
        task = self._task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()

    async def run(self) -> None:
        """Attend and stream until the concert ends or ``stop()``; never raises for network trouble."""
        self._task = asyncio.current_task()  # type: ignore[assignment]
        attempt = 0
        while not self._stopped:
            try:
                if self.ticket is None:
                    self.state.emit(f"attending {self.slug}")
                    self.ticket = await self.client.attend(self.slug)
                    self.tier = self.ticket.tier
                start = self.position if (self.ticks or self.reconnects) else None
                self.connections.append((start, None))
                # aclosing: leaving early closes the HTTP stream here, in this task (anyio's rule)
                async with aclosing(self.client.stream(self.slug, self.ticket.id, start=start, speed=self.speed)) as events:
                    async for event in events:
                        attempt = 0
                        if self._stopped:
                            return
                        if self._handle(event):
                            self.ended.emit()
                            return
                if self._stopped:
                    return
                raise VenueUnavailable(self.client.base_url, ConnectionError("stream ended early"))
            except VenueUnavailable as exc:
                delay = RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)]
                attempt += 1
                self.reconnects += 1
                self.state.emit(f"stream dropped ({exc}); reconnecting in {delay:g} s from {self.position:.1f} s")
            except RateLimited as exc:
                delay = exc.retry_after
                self.state.emit(f"rate limited; retrying in {delay:g} s")
            except VenueRequestFailed as exc:
                if exc.status in (403, 404, 409, 410) and self.ticket is not None:
                    self.ticket = None  # expired or replaced: attend again, resume from the same place
                    delay = 0.5
                    self.state.emit(f"ticket refused ({exc.message}); attending again")
                else:
                    self.state.emit(f"venue refused the stream: {exc}")
                    return
            await asyncio.sleep(delay)

    def _handle(self, event: dict[str, Any]) -> bool:
        """Dispatch one event; True at the concert's end."""
        kind = str(event.get("type", ""))
        self.events[kind] = self.events.get(kind, 0) + 1
        t = event.get("t")
        if isinstance(t, (int, float)) and kind != "loop":
            self.position = float(t)
        if kind == "tick":
            a = event.get("a", {})
            self.levels.push(float(event["t"]), float(a.get("b", 0.0)), float(a.get("m", 0.0)), float(a.get("t", 0.0)))
            self.clock.observe(float(event["t"]))
            self.ticks += 1
            if self.connections and self.connections[-1][1] is None:
                self.connections[-1] = (self.connections[-1][0], float(event["t"]))
        elif kind == "meta":
            self.tier = str(event.get("tier", self.tier))
            self.title = str(event.get("concert", {}).get("title", self.title))
            self.position = float(event.get("stream_position", self.position))
            self.state.emit(f"live: {self.title} ({self.tier} tier)")
        elif kind == "preset":
            self.preset_event.emit(event)
        elif kind == "track":
            artist = event.get("artist")
            self.overlay.emit("track", f"{event.get('title', '')}" + (f" — {artist}" if artist else ""))
        elif kind == "act":
            self.overlay.emit("act", f"{event.get('act', '')}\n{event.get('description', '')}".strip())
        elif kind == "layer":
            layer = event.get("layer")
            if layer == "beats":
                self.beat.emit(float(event["t"]))
            elif layer in ("lyrics", "words"):
                self.overlay.emit("lyrics", str(event.get("text") or event.get("line") or event.get("word") or ""))
        elif kind == "lyrics":
            self.overlay.emit("lyrics", str(event.get("text") or event.get("line") or ""))
        elif kind == "event" and event.get("event") == "drop":
            self.drop.emit(float(event["t"]))
        elif kind == "crowd":
            self.crowd.emit(dict(event.get("reactions", {})))
        elif kind == "loop":
            self.levels.clear()
            self.clock.reset()
            self.position = 0.0
        elif kind == "end":
            self.overlay.emit("end", str(event.get("soul_prompt", "")))
            return True
        return False
