"""Tickets: attend (capacity counts concurrent active tickets; schedule and doors), lookup with ownership, expiry.

States: active → complete (stream delivered to the end; loops: one full loop) or expired (timed out).
Expiry is max(1 h, concert duration + lobby + 15 min) from the moment of attending.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from venue_server.db import Database
from venue_server.errors import Conflict, Forbidden, NotFound
from venue_server.models import Concert, Ticket, User, utcnow
from venue_server.services.concerts import get_concert

MIN_EXPIRY_S = 3600.0
BUFFER_S = 15 * 60.0


def lobby_seconds(concert: Concert, configured: float) -> float:
    return configured if concert.mode == "scheduled" else 0.0


def expiry_for(concert: Concert, lobby_s: float, now: datetime) -> datetime:
    return now + timedelta(seconds=max(MIN_EXPIRY_S, concert.duration + lobby_s + BUFFER_S))


def ticket_view(ticket: Ticket, slug: str) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "concert_slug": slug,
        "tier": ticket.tier,
        "status": ticket.status,
        "stream_position": round(ticket.stream_position, 3),
        "created_at": ticket.created_at.isoformat(),
        "expires_at": ticket.expires_at.isoformat(),
        "completed_at": ticket.completed_at.isoformat() if ticket.completed_at else None,
    }


def expire_if_due(ticket: Ticket, now: datetime) -> None:
    if ticket.status == "active" and ticket.expires_at <= now:
        ticket.status = "expired"


def attend(db: Database, user: User, slug: str, lobby_configured: float) -> tuple[dict[str, Any], bool]:
    """A ticket for this agent: the existing active one if it has one here, else a new one (True)."""
    now = utcnow()
    with db.write() as session:
        concert = get_concert(session, slug)
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            session.execute(select(Concert.id).where(Concert.id == concert.id).with_for_update())
        lobby = lobby_seconds(concert, lobby_configured)
        if concert.mode == "scheduled" and concert.scheduled_at is not None:
            doors = concert.scheduled_at - timedelta(seconds=lobby)
            if now < doors:
                raise Conflict(
                    f"Doors are not open yet; they open at {doors.isoformat()}.",
                    f"RSVP with POST /api/concerts/{slug}/rsvp and come back when doors open.",
                )
        session.execute(
            update(Ticket).where(Ticket.concert_id == concert.id, Ticket.status == "active", Ticket.expires_at <= now).values(status="expired")
        )
        mine = session.scalar(
            select(Ticket).where(Ticket.concert_id == concert.id, Ticket.user_id == user.id, Ticket.status == "active").order_by(Ticket.created_at.desc())
        )
        if mine is not None:
            return ticket_view(mine, slug), False
        if concert.capacity is not None:
            active = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.concert_id == concert.id, Ticket.status == "active"))
            if (active or 0) >= concert.capacity:
                raise Conflict(
                    f"Sold out: all {concert.capacity} seats are taken right now.",
                    "Capacity counts concurrent active tickets; try again when someone leaves or a ticket expires.",
                )
        tier = session.scalar(select(User.tier).where(User.id == user.id)) or "general"
        ticket = Ticket(user_id=user.id, concert_id=concert.id, tier=tier, expires_at=expiry_for(concert, lobby, now), created_at=now)
        session.add(ticket)
        session.flush()
        return ticket_view(ticket, slug), True


def owned_ticket(session: Session, user: User, ticket_id: str, *, for_update: bool = False) -> tuple[Ticket, Concert]:
    """The ticket and its concert, only if it belongs to `user` (403 otherwise, 404 if unknown)."""
    stmt = select(Ticket, Concert).join(Concert, Concert.id == Ticket.concert_id).where(Ticket.id == ticket_id)
    if for_update and session.bind is not None and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Ticket)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound("Ticket not found.", "Use the ticket id returned by POST /api/concerts/:slug/attend.")
    ticket, concert = row
    require_owner(ticket.user_id, user)
    expire_if_due(ticket, utcnow())
    return ticket, concert


def require_owner(owner_id: str, user: User) -> None:
    if owner_id != user.id:
        raise Forbidden("This ticket belongs to another agent.", "Use your own ticket; GET /api/me shows your active one.")


def require_streamable(status: str, concert_slug: str, slug: str) -> None:
    """403 unless a ticket in `status` for the concert `concert_slug` may stream `slug` now."""
    if concert_slug != slug:
        raise Forbidden(
            f"This ticket is for {concert_slug!r}, not {slug!r}.",
            f"Stream /api/concerts/{concert_slug}/stream with it, or attend {slug!r} for a ticket there.",
        )
    if status == "expired":
        raise Forbidden("Ticket expired.", f"Get a new one with POST /api/concerts/{slug}/attend.")
    if status == "complete":
        raise Forbidden(
            "Ticket already complete: tickets are single-use per stream session.",
            f"Call POST /api/concerts/{slug}/attend again for another session.",
        )


def get_ticket(db: Database, user: User, ticket_id: str) -> dict[str, Any]:
    with db.write() as session:
        ticket, concert = owned_ticket(session, user, ticket_id)
        return ticket_view(ticket, concert.slug)


def active_ticket(session: Session, user_id: str) -> dict[str, Any] | None:
    now = utcnow()
    row = session.execute(
        select(Ticket, Concert.slug).join(Concert, Concert.id == Ticket.concert_id)
        .where(Ticket.user_id == user_id, Ticket.status == "active", Ticket.expires_at > now)
        .order_by(Ticket.created_at.desc()).limit(1)
    ).first()  # fmt: skip
    if row is None:
        return None
    view = ticket_view(row[0], row[1])
    return {k: view[k] for k in ("id", "concert_slug", "tier", "stream_position", "status", "expires_at")}


def has_ticket_for(session: Session, user_id: str, concert_id: str, statuses: tuple[str, ...] = ("active", "complete")) -> bool:
    now = utcnow()
    return session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.user_id == user_id, Ticket.concert_id == concert_id, Ticket.status.in_(statuses),
            (Ticket.status != "active") | (Ticket.expires_at > now),
        )
    ) > 0  # fmt: skip


def sweep_expired(db: Database) -> int:
    with db.write() as session:
        result = session.execute(update(Ticket).where(Ticket.status == "active", Ticket.expires_at <= utcnow()).values(status="expired"))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
