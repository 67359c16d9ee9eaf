"""The per-process state every route shares: database, limits, timelines, live feed, stream positions."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update

from venue_server.config import VenueConfig
from venue_server.db import Database
from venue_server.models import Ticket, User
from venue_server.services import accounts
from venue_server.ratelimit import RateLimiter
from venue_server.services.concerts import timeline_input
from venue_server.services.social import LiveFeed
from venue_server.services.ticket_book import TicketBook
from venue_server.services.tiers import TIERS
from venue_server.services.timeline import Timeline, build_timeline


USER_CACHE_S = 10.0
ATTENDEES_CACHE_S = 2.0


class PositionBook:
    """Latest NDJSON stream position per ticket, flushed to the database in one transaction every second.

    Only the newest stream session of a ticket may record positions, so a replaced connection can't
    overwrite its successor's progress.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: dict[str, tuple[float, float]] = {}  # ticket -> (stream_position, delivered_until)
        self._owner: dict[str, int] = {}
        self._next_session = 0

    def open(self, ticket_id: str) -> int:
        with self._lock:
            self._next_session += 1
            self._owner[ticket_id] = self._next_session
            return self._next_session

    def owns(self, ticket_id: str, session_id: int) -> bool:
        return self._owner.get(ticket_id) == session_id

    def record(self, ticket_id: str, session_id: int, position: float, delivered_until: float) -> None:
        with self._lock:
            if self._owner.get(ticket_id) == session_id:
                self._dirty[ticket_id] = (position, delivered_until)

    def close(self, ticket_id: str, session_id: int) -> None:
        with self._lock:
            if self._owner.get(ticket_id) == session_id:
                del self._owner[ticket_id]

    def take(self, ticket_id: str | None = None) -> dict[str, tuple[float, float]]:
        with self._lock:
            if ticket_id is None:
                out, self._dirty = self._dirty, {}
                return out
            item = self._dirty.pop(ticket_id, None)
            return {ticket_id: item} if item else {}


def flush_positions(db: Database, items: dict[str, tuple[float, float]], tickets: TicketBook | None = None) -> None:
    """One executemany for all dirty tickets: cheap enough to run every second beside thousands of streams.

    `tickets`: the book that must forget these tickets once the positions are committed.
    """
    if not items:
        return
    table = Ticket.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.status == "active")
        .values(stream_position=bindparam("b_position"), delivered_until=bindparam("b_delivered"))
    )
    rows = [{"b_id": ticket_id, "b_position": position, "b_delivered": delivered} for ticket_id, (position, delivered) in items.items()]
    with db.write() as session:
        session.connection().execute(statement, rows)
    if tickets is not None:
        tickets.forget(items)


@dataclass
class Venue:
    config: VenueConfig
    db: Database
    limiter: RateLimiter = field(default_factory=RateLimiter)
    feed: LiveFeed = field(default_factory=LiveFeed)
    positions: PositionBook = field(default_factory=PositionBook)
    tickets: TicketBook = field(default_factory=TicketBook)  # batch re-fetches read tickets from here
    batch_answers: Counter[str] = field(default_factory=Counter)  # batch windows answered from "memory" / the "database"
    live_streams: dict[str, asyncio.Event] = field(default_factory=dict)  # ticket -> "stop" signal for takeover
    _timelines: dict[tuple[str, str], Timeline] = field(default_factory=dict)
    _timeline_lock: threading.Lock = field(default_factory=threading.Lock)
    images: dict[str, bytes] = field(default_factory=dict)
    analysis_pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis"))
    lateness: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=200_000))  # (when, seconds late) per NDJSON write
    _users: dict[str, tuple[float, User]] = field(default_factory=dict)
    _attendees: dict[str, tuple[float, list[str]]] = field(default_factory=dict)

    def schedule_analysis(self, concert_id: str) -> Future[None]:
        """Analyse a submitted concert on the single analysis worker (never on the event loop)."""
        from venue_server.services.host import analyse_concert

        def job() -> None:
            analyse_concert(self.db, concert_id, self.config.presets_dir)
            self.forget_timelines(concert_id)
            self.images.pop(f"cover:{concert_id}", None)

        return self.analysis_pool.submit(job)

    def stream_stats(self, window_s: float = 30.0) -> dict[str, object]:
        """Open NDJSON streams and how late their writes went out (vs. the first event's due time) recently."""
        cutoff = time.monotonic() - window_s
        late = sorted(x for at, x in list(self.lateness) if at >= cutoff)
        stats: dict[str, object] = {"open": len(self.live_streams), "writes": len(late), "window_s": window_s,
                                    "batch_answers": {"memory": self.batch_answers["memory"], "database": self.batch_answers["database"]}}
        if late:
            pick = lambda q: round(1000 * late[min(len(late) - 1, int(q * len(late)))], 1)  # noqa: E731
            stats["lateness_ms"] = {"p50": pick(0.5), "p99": pick(0.99), "max": round(1000 * late[-1], 1)}
        return stats

    def user_for_key(self, key: str) -> User:
        """API key → user, remembered for a few seconds (keys never change; profile reads go to the database)."""
        now = time.monotonic()
        hit = self._users.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        user = accounts.user_for_key(self.db, key)
        if len(self._users) > 100_000:
            self._users.clear()
        self._users[key] = (now + USER_CACHE_S, user)
        return user

    def cached_user(self, key: str) -> User | None:
        """The user for an API key if it was verified in the last USER_CACHE_S seconds, without touching the database."""
        hit = self._users.get(key)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def cached_attendees(self, concert_id: str) -> list[str] | None:
        hit = self._attendees.get(concert_id)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def cached_timeline(self, concert_id: str, tier: str) -> Timeline | None:
        return self._timelines.get((concert_id, tier))

    def attendees(self, concert_id: str) -> list[str]:
        """The newest 20 active attendees, refreshed at most every ATTENDEES_CACHE_S seconds."""
        now = time.monotonic()
        hit = self._attendees.get(concert_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        with self.db.read() as session:
            names = list(session.scalars(
                select(User.username).join(Ticket, Ticket.user_id == User.id)
                .where(Ticket.concert_id == concert_id, Ticket.status == "active").order_by(Ticket.created_at.desc()).limit(20)
            ))  # fmt: skip
        self._attendees[concert_id] = (now + ATTENDEES_CACHE_S, names)
        return names

    def timeline(self, concert_id: str, tier: str) -> Timeline:
        """The concert's timeline for a tier, built from the stored analysis on first use (call off the loop)."""
        key = (concert_id, tier)
        cached = self._timelines.get(key)
        if cached is not None:
            return cached
        with self._timeline_lock:
            if key not in self._timelines:
                tracks = timeline_input(self.db, concert_id)
                for t in TIERS:
                    self._timelines[(concert_id, t)] = build_timeline(t, tracks)
            return self._timelines[key]

    def timelines(self, concert_id: str) -> dict[str, Timeline]:
        return {t: self.timeline(concert_id, t) for t in TIERS}

    def forget_timelines(self, concert_id: str) -> None:
        with self._timeline_lock:
            for t in TIERS:
                self._timelines.pop((concert_id, t), None)
