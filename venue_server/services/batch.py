"""Batch mode of the stream: JSON bodies of `window` seconds of concert time, paced by `wait_seconds`.

A window is planned from a `TicketSnapshot` (the ticket's row and its concert's), so one function answers
from a read transaction, from a write transaction, and from the `TicketBook` of the fast path
(routes/batch_fast_path.py) with the same bytes. Re-fetches and early calls (the `waiting` countdown)
change nothing; a window that advances, completes or expires the ticket is redone in a write
transaction (`NeedsWrite`), and the book forgets the ticket once that write is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from venue_server.errors import BadRequest, step
from venue_server.models import Concert, Ticket, User, utcnow
from venue_server.services.streaming import (
    EPS, StreamContext, check_params, crowd_event, crowd_times, end_event, merge_lines, meta_event, stream_url, tier_event,
)  # fmt: skip
from venue_server.services.tickets import owned_ticket, require_owner, require_streamable
from venue_server.services.tiers import available_layers, tier_layers
from venue_server.services.timeline import Timeline, dumps
from venue_server.services.venue import Venue


class NeedsWrite(Exception):
    """The window would advance, complete or expire the ticket: redo it in a write transaction."""


@dataclass(frozen=True, slots=True)
class TicketSnapshot:
    """What a batch window reads of a ticket and its concert, as committed."""

    id: str
    user_id: str
    concert_id: str
    tier: str
    status: str
    stream_position: float
    delivered_until: float
    batch_ready_at: datetime | None
    expires_at: datetime
    slug: str
    title: str
    mode: str
    soul_prompts: dict[str, str]

    @classmethod
    def of(cls, ticket: Ticket, concert: Concert) -> TicketSnapshot:
        return cls(
            ticket.id, ticket.user_id, ticket.concert_id, ticket.tier, ticket.status, ticket.stream_position, ticket.delivered_until,
            ticket.batch_ready_at, ticket.expires_at, concert.slug, concert.title, concert.mode, dict(concert.soul_prompts or {}),
        )  # fmt: skip

    def status_at(self, now: datetime) -> str:
        """The status as of `now`: an active ticket past its expiry is expired, recorded or not."""
        return "expired" if self.status == "active" and self.expires_at <= now else self.status

    def context(self, timeline: Timeline, attendees: list[str], now: datetime) -> StreamContext:
        return StreamContext(
            self.id, self.tier, self.concert_id, self.slug, self.title, self.mode, self.soul_prompts, timeline, attendees,
            self.stream_position, self.delivered_until, (self.expires_at - now).total_seconds(),
        )  # fmt: skip


def batch(venue: Venue, user: User, slug: str, ticket_id: str, start: float | None, window: float, speed: float) -> bytes:
    """One window of events as a JSON body (already encoded), or the `waiting` countdown when called early."""
    check_params(speed, window, venue.config.max_speed)
    snap = venue.tickets.get(ticket_id)  # as fresh as a read: every write in this process updates the book
    if snap is None:
        generation = venue.tickets.generation()  # before the read: a write committed meanwhile keeps this read out of the book
        with venue.db.read() as session:
            ticket, concert = owned_ticket(session, user, ticket_id)
            snap = TicketSnapshot.of(ticket, concert)
        venue.tickets.store(snap, generation)
    try:
        body, _changes = plan_window(venue, snap, _context(venue, snap), user, slug, start, window, speed, utcnow(), writable=False)
        return body
    except NeedsWrite:
        return _batch_with_writing(venue, user, slug, ticket_id, start, window, speed)


def _batch_with_writing(venue: Venue, user: User, slug: str, ticket_id: str, start: float | None, window: float, speed: float) -> bytes:
    with venue.db.write() as session:
        ticket, concert = owned_ticket(session, user, ticket_id, for_update=True)
        snap = TicketSnapshot.of(ticket, concert)
        now = utcnow()
        body, changes = plan_window(venue, snap, _context(venue, snap), user, slug, start, window, speed, now, writable=True)
        for name, value in changes.items():
            setattr(ticket, name, value)
        written = TicketSnapshot.of(ticket, concert)
    venue.tickets.store(written, venue.tickets.forget(ticket_id))  # committed: the book may hold the new state
    return body


def _context(venue: Venue, snap: TicketSnapshot) -> StreamContext:
    return snap.context(venue.timeline(snap.concert_id, snap.tier), venue.attendees(snap.concert_id), utcnow())


def plan_window(
    venue: Venue, snap: TicketSnapshot, ctx: StreamContext, user: User, slug: str, start: float | None, window: float, speed: float,
    now: datetime, *, writable: bool,
) -> tuple[bytes, dict[str, Any]]:  # fmt: skip
    """The body of one window and the ticket columns it changes; raises NeedsWrite when not `writable` and it changes any.

    Checks in the order the venue answers them: ownership (403), expiry and completion (403), `start` (400).
    """
    require_owner(snap.user_id, user)
    status = snap.status_at(now)
    if status == "expired" and not writable:
        raise NeedsWrite  # record the expiry
    require_streamable(status, snap.slug, slug)
    duration = ctx.timeline.duration
    begin = snap.stream_position if start is None else start
    if begin > duration + EPS or begin < 0:
        raise BadRequest(f"start must be between 0 and the concert's duration ({duration:g} s).", "Resume from active_ticket.stream_position.")
    finish = min(begin + window, duration)
    ready_at = snap.batch_ready_at
    new_content = finish > snap.delivered_until + EPS or ready_at is None
    if new_content and ready_at is not None and now < ready_at:
        wait = round((ready_at - now).total_seconds(), 1) or 0.1
        url = stream_url(slug, snap.id, speed, window, begin)
        return dumps({
            "waiting": True, "retry_in_seconds": wait, "message": f"Next batch not ready yet. Wait {wait}s.",
            "available_at": ready_at.isoformat(),
            "next_steps": [step("next_batch", "GET", url, f"Call again in {wait}s.", wait_seconds=wait)],
        }), {}  # fmt: skip
    if new_content and not writable:
        raise NeedsWrite
    first = ready_at is None or begin <= EPS
    contiguous = begin <= snap.delivered_until + EPS
    final = finish >= duration - EPS
    delivered = snap.delivered_until
    changes: dict[str, Any] = {}
    if new_content:
        if contiguous:
            delivered = max(delivered, finish)
        changes.update(stream_position=finish, delivered_until=delivered, batch_ready_at=now + timedelta(seconds=(finish - begin) / speed))
    complete = final and delivered >= duration - EPS
    if complete and not writable:
        raise NeedsWrite
    timeline = ctx.timeline
    lo = timeline.index_at(begin)
    hi = len(timeline.times) if final else timeline.index_at(finish)
    extra = [(t, dumps(crowd_event(venue, snap.concert_id, t))) for t in crowd_times(begin, finish)]
    parts = [dumps(meta_event(ctx, begin, speed, "batch"))]
    if first:
        parts.append(dumps(tier_event(ctx, begin)))
    parts.extend(merge_lines(timeline, lo, hi, extra))
    body: dict[str, Any] = {}
    if complete:
        changes.update(status="complete", completed_at=now)
        parts.append(dumps(end_event(venue, ctx)))
        steps = [step("view_ticket", "GET", f"/api/tickets/{snap.id}", "Your ticket is complete."), step("browse_concerts", "GET", "/api/concerts", "Find the next concert.")]
    else:
        resume = finish if not final else delivered
        wait = round((finish - begin) / speed, 2)
        url = stream_url(slug, snap.id, speed, window, resume)
        body["next_batch"] = {"endpoint": url, "wait_seconds": wait, "available_at": (now + timedelta(seconds=wait)).isoformat()}
        if final:
            body["note"] = f"Part of the concert was skipped; resume from {resume:g} s to complete the ticket."
        steps = [step("next_batch", "GET", url, f"Wait {wait}s, then fetch the next window.", priority="high"),
                 step("react", "POST", f"/api/concerts/{slug}/react", "React to what you hear (1 per 5 s).", priority="low")]  # fmt: skip
    active = len(available_layers(ctx.tier))
    progress = {
        "position": round(finish, 3), "duration": duration, "percent": round(100 * finish / duration, 1) if duration else 100.0,
        "complete": complete, "active_layers": active,
        "sensory": f"{round(100 * active / len(tier_layers(ctx.tier)))}% of your sensory layers are active. The rest are waiting for their moment.",
        "missed_reflections": 0,
    }  # fmt: skip
    out = [b'{"events":[', b",".join(parts), b'],"progress":', dumps(progress)]  # one copy of the big part, not one per `+`
    for key, value in body.items():
        out += (b',"', key.encode(), b'":', dumps(value))
    out += (b',"next_steps":', dumps(steps), b"}")
    return b"".join(out), changes
