"""The batch stream's fast path: `GET /api/concerts/{slug}/stream` re-fetches and countdowns answered from memory.

Batch polling is the venue's busiest call. Through FastAPI (routing, dependency solving, a hop to the
thread pool, an ORM round trip) a window costs about a millisecond of CPU; this ASGI layer, in front of
FastAPI's middleware and routing, answers on the event loop in a fraction of that. It answers only what
it can from memory, with the same code that builds the route's bodies (`services.batch.plan_window`):
a well-formed query, a Bearer key verified recently, and the ticket, timeline and attendees all cached.
Everything else goes on to the FastAPI route unchanged, which gives the same answers and refills the
caches: a malformed or unusual parameter (the route words its 400), a session cookie, a cache miss, and
any window that advances, completes or expires the ticket (those are written to the database first).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from venue_server.errors import VenueError, error_response
from venue_server.models import utcnow
from venue_server.services.batch import NeedsWrite, plan_window
from venue_server.services.streaming import check_params

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from venue_server.services.venue import Venue

PREFIX, SUFFIX = "/api/concerts/", "/stream"
NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")  # plain decimals; anything else is for the route's validation to word
START_MAX = 1e7  # the route's `le` for start
TICKET_MAX = 64
log = logging.getLogger("venue_server")


class BatchFastPath:
    """ASGI wrapper around the app's middleware stack; `owner` is the app whose `state.venue` the lifespan sets."""

    def __init__(self, app: ASGIApp, owner: Starlette) -> None:
        self.app, self.owner = app, owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(PREFIX) and scope["path"].endswith(SUFFIX):
            venue: Venue | None = getattr(self.owner.state, "venue", None)  # None until the lifespan has started
            answer: bytes | VenueError | None = None
            if venue is not None:
                try:
                    answer = self._answer(venue, scope)
                except Exception:  # noqa: BLE001 - app edge: a fast-path bug must not cost the request; the route answers it
                    log.exception("batch fast path failed; handing the request to the route")
            if isinstance(answer, bytes):
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"cache-control", b"no-store"), (b"content-length", str(len(answer)).encode()), (b"content-type", b"application/json"),
                ]})  # fmt: skip
                await send({"type": "http.response.body", "body": answer})
                return
            if answer is not None:
                await error_response(answer)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _answer(self, venue: Venue, scope: Scope) -> bytes | VenueError | None:
        """The body, or the error to answer, or None: the route must take this request."""
        slug = scope["path"][len(PREFIX) : -len(SUFFIX)]
        if not slug or "/" in slug:
            return None
        query: dict[str, str] = {}
        for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):  # as Starlette parses it
            if name in query:
                return None  # repeated: which one counts is the framework's business
            query[name] = value
        ticket_id = query.get("ticket")
        if ticket_id is None or not 1 <= len(ticket_id) <= TICKET_MAX or query.get("mode", "batch") != "batch":
            return None
        numbers = {}
        for name in ("start", "speed", "window"):
            text = query.get(name)
            if text is not None:
                if not NUMBER.fullmatch(text):
                    return None
                numbers[name] = float(text)
        start = numbers.get("start")
        if start is not None and start > START_MAX:
            return None
        authorization = None
        for header, value in scope["headers"]:
            if header == b"authorization" and authorization is None:
                authorization = value.decode("latin-1")
            elif header in (b"content-length", b"transfer-encoding") and value != b"0":
                return None  # a body on a GET: the route's size limit decides
        if authorization is None:
            return None  # a session cookie, or no credentials: the route answers
        scheme, _, token = authorization.partition(" ")
        user = venue.cached_user(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if user is None:
            return None
        speed, window = numbers.get("speed", 3.0), numbers.get("window", 30.0)
        try:
            check_params(speed, window, venue.config.max_speed)
            snap = venue.tickets.get(ticket_id)
            if snap is None:
                return None
            timeline = venue.cached_timeline(snap.concert_id, snap.tier)
            attendees = venue.cached_attendees(snap.concert_id)
            if timeline is None or attendees is None:
                return None
            now = utcnow()
            body, _changes = plan_window(venue, snap, snap.context(timeline, attendees, now), user, slug, start, window, speed, now, writable=False)
            venue.batch_answers["memory"] += 1
            return body
        except NeedsWrite:
            return None
        except VenueError as exc:
            return exc
