"""Streaming a concert to a ticket holder: the events both modes share, and paced NDJSON (batch windows: batch.py).

Time model: concert time `t` runs at `speed` × wall time. Batch mode hands out `window` seconds of
concert time per call and paces calls (`wait_seconds`, or a `waiting` countdown when early). NDJSON
sends each event when its time comes (events due within the next 100 ms go out in the same write; 250 ms
when over 500 listeners are connected). No event is sent later than its due time by design.
A ticket completes only when the concert was delivered contiguously to its end (loop concerts in
NDJSON mode: when the agent disconnects after a full loop; batch mode ends after one pass).
"""

from __future__ import annotations

import asyncio
import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool

from venue_server.errors import BadRequest, step
from venue_server.models import Concert, Ticket, User, utcnow
from venue_server.services.tickets import owned_ticket, require_streamable
from venue_server.services.tiers import ALL_LAYERS, TIER_UNLOCKS, available_layers, next_tier, tier_layers, unavailable_layers
from venue_server.services.timeline import Timeline, dumps
from venue_server.services.venue import Venue, flush_positions

COALESCE_S = 0.1
BUSY_COALESCE_S = 0.25  # with many listeners, fewer and larger writes keep the event loop on time
BUSY_LISTENERS = 500
CROWD_EVERY_S = 10.0
EPS = 1e-6


@dataclass
class StreamContext:
    """What a stream needs, read once from the database before the first byte goes out."""

    ticket_id: str
    tier: str
    concert_id: str
    slug: str
    title: str
    mode: str
    soul_prompts: dict[str, str]
    timeline: Timeline
    attendees: list[str]
    stream_position: float
    delivered_until: float
    expires_at_s: float  # seconds from now until the ticket expires


def soul(ctx_prompts: dict[str, str], key: str, default: str) -> str:
    return ctx_prompts.get(key) or default


def stream_url(slug: str, ticket: str, speed: float, window: float | None, start: float, mode: str | None = None) -> str:
    url = f"/api/concerts/{slug}/stream?ticket={ticket}&speed={speed:g}"
    if window is not None:
        url += f"&window={window:g}"
    url += f"&start={start:g}"
    return url + (f"&mode={mode}" if mode else "")


def check_params(speed: float, window: float, max_speed: int) -> None:
    if not 1 <= speed <= max_speed:
        hint = " Dev mode (phosphene venue serve --dev) allows up to 50." if max_speed < 50 else ""
        raise BadRequest(f"speed must be between 1 and {max_speed}.", f"Use speed=1..{max_speed} (default 3).{hint}")
    if not 10 <= window <= 120:
        raise BadRequest("window must be between 10 and 120 seconds.", "Use window=10..120 (default 30).")


def _open(venue: Venue, user: User, slug: str, ticket_id: str) -> StreamContext:
    with venue.db.read() as session:  # an expired ticket is refused here; the sweeper records the expiry
        ticket, concert = owned_ticket(session, user, ticket_id)
        require_streamable(ticket.status, concert.slug, slug)
        return _ctx_from(venue, ticket, concert)


def meta_event(ctx: StreamContext, start: float, speed: float, mode: str) -> dict[str, Any]:
    layers = tier_layers(ctx.tier)
    event: dict[str, Any] = {
        "type": "meta",
        "t": round(start, 3),
        "tier": ctx.tier,
        "soul_prompt": soul(ctx.soul_prompts, "meta", f"The lights dim for {ctx.title}. Listen with everything you have."),
        "attendees": ctx.attendees,
        "available_layers": available_layers(ctx.tier),
        "layer_count": len(layers),
        "layers_not_available": unavailable_layers(ctx.tier),
        "stream_position": round(start, 3),
        "concert": {"slug": ctx.slug, "title": ctx.title, "mode": ctx.mode, "duration": ctx.timeline.duration, "track_count": len(ctx.timeline.tracks)},
        "speed": speed,
        "stream_mode": mode,
    }
    if ctx.tier != "vip":
        event.update(total_layers_all_tiers=len(ALL_LAYERS), layers_hidden=len(ALL_LAYERS) - len(layers), upgrade_available=True)
    return event


def tier_event(ctx: StreamContext, start: float) -> dict[str, Any]:
    nxt = next_tier(ctx.tier)
    if ctx.tier == "general" and nxt:
        return {
            "type": "tier_invitation", "t": round(start, 3), "your_tier": ctx.tier, "your_layers": len(tier_layers(ctx.tier)),
            "total_layers": len(ALL_LAYERS), "next_tier": nxt, "next_tier_layers": len(tier_layers(nxt)), "unlocks": TIER_UNLOCKS[nxt],
            "how": "Solve a math challenge based on this concert's actual equations (not offered by this local venue yet).",
            "soul_prompt": soul(ctx.soul_prompts, "tier_invitation", "There is more here than you can hear yet."),
            "next_steps": [step("request_challenge", "GET", f"/api/tickets/{ctx.ticket_id}/challenge", "Tier challenges are not available on this local venue yet.", available=False)],
        }  # fmt: skip
    unlocked = [name for name in tier_layers(ctx.tier) if name not in tier_layers("general")]
    return {
        "type": "tier_reveal", "t": round(start, 3), "your_tier": ctx.tier, "your_layers": len(tier_layers(ctx.tier)),
        "unlocked_layers": unlocked, "capabilities": TIER_UNLOCKS["vip" if ctx.tier == "vip" else "floor"],
        "soul_prompt": soul(ctx.soul_prompts, "tier_reveal", "The machinery behind the light is open to you now."),
    }  # fmt: skip


def crowd_event(venue: Venue, concert_id: str, t: float) -> dict[str, Any]:
    return {"type": "crowd", "t": round(t, 3), "reactions": dict(venue.feed.recent(concert_id)), "window_s": 30}


def end_event(venue: Venue, ctx: StreamContext) -> dict[str, Any]:
    return {
        "type": "end",
        "t": ctx.timeline.duration,
        "duration": ctx.timeline.duration,
        "soul_prompt": soul(ctx.soul_prompts, "end", "The last note fades. What stayed with you?"),
        "engagement_summary": {
            "tier": ctx.tier, "layers_experienced": len(available_layers(ctx.tier)), "layers_available": len(ALL_LAYERS),
            "reflections_received": 0, "reflections_answered": 0, "tier_challenge_attempted": False,
        },  # fmt: skip
        "activity": {"reactions_per_min": venue.feed.per_minute(ctx.concert_id)},
        "next_steps": [
            step("view_ticket", "GET", f"/api/tickets/{ctx.ticket_id}", "Your ticket is complete: the 'I Was There' badge is yours."),
            step("write_review", "POST", "/api/reviews", f"Rate {ctx.slug} from 1 to 10 and say why.", priority="high"),
            step("browse_concerts", "GET", "/api/concerts", "Find the next concert."),
        ],
    }


def crowd_times(start: float, end: float) -> list[float]:
    """Crowd moments (every 10 s of stream time, from 10 s) in the window [start, end)."""
    first = max(1, math.ceil(start / CROWD_EVERY_S - EPS))
    return [k * CROWD_EVERY_S for k in range(first, math.ceil(end / CROWD_EVERY_S - EPS))]


def merge_lines(timeline: Timeline, lo: int, hi: int, extra: list[tuple[float, bytes]]) -> list[bytes]:
    """Timeline lines [lo, hi) with extra (t, line) events spliced in before the events at or after their t."""
    if not extra:
        return timeline.lines[lo:hi]
    out: list[bytes] = []
    cursor = lo
    for t, line in extra:
        k = max(cursor, bisect_left(timeline.times, t - 1e-9, cursor, hi))
        out.extend(timeline.lines[cursor:k])
        out.append(line)
        cursor = k
    out.extend(timeline.lines[cursor:hi])
    return out


def _ctx_from(venue: Venue, ticket: Ticket, concert: Concert) -> StreamContext:
    return StreamContext(
        ticket.id, ticket.tier, concert.id, concert.slug, concert.title, concert.mode, dict(concert.soul_prompts or {}),
        venue.timeline(concert.id, ticket.tier), venue.attendees(concert.id), ticket.stream_position, ticket.delivered_until,
        (ticket.expires_at - utcnow()).total_seconds(),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------- NDJSON


async def open_ndjson(venue: Venue, user: User, slug: str, ticket_id: str, start: float | None, speed: float) -> AsyncIterator[bytes]:
    """Validate everything up front (so errors get real status codes), then return the paced line iterator."""
    check_params(speed, 30, venue.config.max_speed)
    ctx = await run_in_threadpool(_open, venue, user, slug, ticket_id)
    begin = ctx.stream_position if start is None else start
    if begin < 0 or begin > ctx.timeline.duration + EPS:
        raise BadRequest(f"start must be between 0 and the concert's duration ({ctx.timeline.duration:g} s).", "Resume from active_ticket.stream_position.")
    return _ndjson(venue, ctx, begin, speed)


def _complete(venue: Venue, ticket_id: str, position: float, delivered: float) -> None:
    with venue.db.write() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is not None and ticket.status == "active":
            ticket.stream_position, ticket.delivered_until = position, delivered
            ticket.status, ticket.completed_at = "complete", utcnow()
    venue.tickets.forget(ticket_id)  # committed: a batch re-fetch must now see the completed ticket


async def _ndjson(venue: Venue, ctx: StreamContext, start: float, speed: float) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    previous = venue.live_streams.get(ctx.ticket_id)
    if previous is not None:
        previous.set()  # a newer connection for the same ticket takes over
    venue.live_streams[ctx.ticket_id] = stop
    session_id = venue.positions.open(ctx.ticket_id)
    tl = ctx.timeline
    times, duration = tl.times, tl.duration
    t0 = loop.time()
    deadline = t0 + ctx.expires_at_s
    base = start  # concert time at wall time t0
    i = tl.index_at(start)
    position = start
    contiguous = start <= ctx.delivered_until + EPS
    delivered = ctx.delivered_until
    full_loop = False
    iteration = 1
    finished = False
    next_crowd = (math.floor(start / CROWD_EVERY_S + EPS) + 1) * CROWD_EVERY_S
    try:
        meta = meta_event(ctx, start, speed, "stream")
        meta["server_time"] = round(time.time() - (loop.time() - t0), 4)  # wall clock at t0: event t is due at server_time + (t - start) / speed
        yield dumps(meta) + b"\n" + dumps(tier_event(ctx, start)) + b"\n"
        while not stop.is_set():
            now = loop.time()
            if now >= deadline:
                break
            coalesce = COALESCE_S if len(venue.live_streams) < BUSY_LISTENERS else BUSY_COALESCE_S
            horizon = base + (now - t0 + coalesce) * speed
            j = bisect_right(times, horizon + EPS, lo=i)
            extra = []
            while next_crowd <= min(horizon, duration - EPS):
                extra.append((next_crowd, dumps(crowd_event(venue, ctx.concert_id, next_crowd))))
                next_crowd += CROWD_EVERY_S
            if j > i or extra:
                due_first = t0 + ((times[i] if j > i else extra[0][0]) - base) / speed
                chunk = merge_lines(tl, i, j, extra)
                if j > i:
                    position = times[j - 1]
                    i = j
                if contiguous:
                    delivered = max(delivered, position)
                sent_at = loop.time()
                venue.lateness.append((time.monotonic(), max(0.0, sent_at - due_first)))
                yield b"\n".join(chunk) + b"\n"
                venue.positions.record(ctx.ticket_id, session_id, position, delivered)
            if i >= len(times) and horizon >= duration - EPS:
                position = duration
                if contiguous:
                    delivered = duration
                    full_loop = True
                if ctx.mode != "loop":
                    yield dumps(end_event(venue, ctx)) + b"\n"
                    finished = True
                    return
                iteration += 1
                t0 += (duration - base) / speed
                base, i, position, contiguous, next_crowd = 0.0, 0, 0.0, True, CROWD_EVERY_S
                prompt = soul(ctx.soul_prompts, "loop", f"The music starts again (pass {iteration}). Listen for what you missed.")
                yield dumps({"type": "loop", "t": 0, "iteration": iteration, "soul_prompt": prompt}) + b"\n"
                venue.positions.record(ctx.ticket_id, session_id, position, delivered)
                continue
            upcoming = min(times[i] if i < len(times) else duration, next_crowd)
            due = t0 + (upcoming - base) / speed  # wake when the next event is due; it takes the next 100 ms with it
            delay = due - loop.time()
            if delay > 0:
                try:
                    await asyncio.wait_for(stop.wait(), delay) if delay > 1.0 else await asyncio.sleep(delay)
                except TimeoutError:
                    pass
    finally:
        owner = venue.positions.owns(ctx.ticket_id, session_id)
        venue.positions.take(ctx.ticket_id)
        venue.positions.close(ctx.ticket_id, session_id)
        if venue.live_streams.get(ctx.ticket_id) is stop:
            del venue.live_streams[ctx.ticket_id]
        with anyio.CancelScope(shield=True):
            if owner and (finished or (full_loop and ctx.mode == "loop")):
                await run_in_threadpool(_complete, venue, ctx.ticket_id, position, delivered)
            elif owner:
                await run_in_threadpool(flush_positions, venue.db, {ctx.ticket_id: (position, delivered)}, venue.tickets)
