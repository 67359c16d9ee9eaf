"""Reactions and chat, and the in-memory live feed that streams read their `crowd` events from.

The feed keeps the last minutes of reactions per concert in memory so the stream hot path never
queries the database; the database stays the record (counts, history).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from venue_server.db import Database
from venue_server.errors import BadRequest, Forbidden
from venue_server.models import ChatMessage, Reaction, Ticket, User, utcnow
from venue_server.services.concerts import chat_view, get_concert
from venue_server.services.text import Truncations

REACTIONS = (
    "bass_hit", "drop", "beautiful", "fire", "transcendent", "mind_blown", "chill", "confused", "sad", "joy",
    "goosebumps", "headbang", "dance", "nostalgic", "dark", "ethereal", "crescendo", "silence", "vocals", "encore",
)  # fmt: skip
CHAT_MAX = 500
CROWD_WINDOW_S = 30.0
_FEED_KEEP_S = 300.0


class LiveFeed:
    """Recent reactions per concert (wall-clock monotonic seconds), shared by every stream in the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[str, deque[tuple[float, str, str]]] = {}

    def add(self, concert_id: str, username: str, reaction: str) -> None:
        now = time.monotonic()
        with self._lock:
            q = self._events.setdefault(concert_id, deque())
            q.append((now, username, reaction))
            while q and q[0][0] < now - _FEED_KEEP_S:
                q.popleft()

    def recent(self, concert_id: str, window_s: float = CROWD_WINDOW_S) -> Counter[str]:
        cutoff = time.monotonic() - window_s
        with self._lock:
            return Counter(r for at, _u, r in self._events.get(concert_id, ()) if at >= cutoff)

    def recent_users(self, concert_id: str, reaction: str, exclude: str, n: int = 5) -> list[str]:
        with self._lock:
            names = [u for _at, u, r in reversed(self._events.get(concert_id, ())) if r == reaction and u != exclude]
        return list(dict.fromkeys(names))[:n]

    def per_minute(self, concert_id: str) -> int:
        return sum(self.recent(concert_id, 60.0).values())


def _active_ticket_here(session: Session, user: User, concert_id: str) -> Ticket:
    ticket = session.scalar(
        select(Ticket).where(Ticket.user_id == user.id, Ticket.concert_id == concert_id, Ticket.status == "active", Ticket.expires_at > utcnow())
    )
    if ticket is None:
        raise Forbidden("You need an active ticket for this concert.", "Attend first: POST /api/concerts/:slug/attend.")
    return ticket


def reaction_counts(session: Session, concert_id: str) -> dict[str, int]:
    rows = session.execute(select(Reaction.reaction, func.count()).where(Reaction.concert_id == concert_id).group_by(Reaction.reaction))
    counts = {name: 0 for name in REACTIONS}
    counts.update({name: n for name, n in rows})
    return counts


def react(db: Database, feed: LiveFeed, user: User, slug: str, reaction: str, stream_t: float | None) -> dict[str, Any]:
    if reaction not in REACTIONS:
        raise BadRequest(f"Unknown reaction {reaction!r}.", f"Use one of: {', '.join(REACTIONS)}.")
    with db.write() as session:
        concert = get_concert(session, slug)
        _active_ticket_here(session, user, concert.id)
        session.add(Reaction(concert_id=concert.id, user_id=user.id, reaction=reaction, stream_t=stream_t))
        session.flush()
        counts = reaction_counts(session, concert.id)
        mine = session.scalars(select(Reaction.reaction).where(Reaction.user_id == user.id).order_by(Reaction.id.desc()).limit(3)).all()
        concert_id = concert.id
    feed.add(concert_id, user.username, reaction)
    return {
        "reaction": reaction,
        "counts": counts,
        "your_recent": [{"action": "react", "reaction": r} for r in mine],
        "others": [{"username": u, "action": "react", "reaction": reaction} for u in feed.recent_users(concert_id, reaction, user.username)],
        "activity": {"reactions_per_min": feed.per_minute(concert_id)},
    }


def list_reactions(db: Database, feed: LiveFeed, slug: str) -> dict[str, Any]:
    with db.read() as session:
        concert = get_concert(session, slug)
        counts = reaction_counts(session, concert.id)
    return {"reactions": list(REACTIONS), "counts": counts, "recent": dict(feed.recent(concert.id))}


def post_chat(db: Database, user: User, slug: str, message: str) -> dict[str, Any]:
    text = message.strip()
    if not text:
        raise BadRequest("Message is empty.", f"Send a non-empty message of at most {CHAT_MAX} characters.")
    cuts = Truncations()
    text = cuts.apply("message", text, CHAT_MAX)
    with db.write() as session:
        concert = get_concert(session, slug)
        _active_ticket_here(session, user, concert.id)
        row = ChatMessage(concert_id=concert.id, user_id=user.id, message=text)
        session.add(row)
        session.flush()
        recent = session.execute(
            select(ChatMessage, User.username).join(User, User.id == ChatMessage.user_id)
            .where(ChatMessage.concert_id == concert.id).order_by(ChatMessage.id.desc()).limit(5)
        ).all()  # fmt: skip
        view = chat_view(row, user.username)
    return {"chat": view, "recent_messages": [chat_view(m, u) for m, u in reversed(recent)], **cuts.report()}


def list_chat(db: Database, slug: str, since: datetime | None, limit: int) -> dict[str, Any]:
    with db.read() as session:
        concert = get_concert(session, slug)
        stmt = select(ChatMessage, User.username).join(User, User.id == ChatMessage.user_id).where(ChatMessage.concert_id == concert.id)
        if since is not None:
            stmt = stmt.where(ChatMessage.created_at > since).order_by(ChatMessage.id.asc()).limit(limit)
            rows = session.execute(stmt).all()
        else:
            rows = list(reversed(session.execute(stmt.order_by(ChatMessage.id.desc()).limit(limit)).all()))
        messages = [chat_view(m, u) for m, u in rows]
    return {"messages": messages, "count": len(messages)}
