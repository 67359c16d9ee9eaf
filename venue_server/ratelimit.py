"""Sliding-window rate limits, exactly the venue's documented table, shared by all requests in the process.

Per-user action limits (attend, chat, react) count actions that happen: a request refused for another
reason (no ticket, sold out, unknown reaction) gives its slot back. Per-IP limits (register, login) count
every attempt, which is what makes them a brake on guessing. A thread lock guards the windows because sync routes run on a thread pool: two requests arriving
together can never both take the last slot.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from venue_server.errors import RateLimited, VenueError


@dataclass(frozen=True)
class Limit:
    count: int
    window_s: float
    keyed_by: str  # "ip", "user" or "slug"


# (method, route template) -> limit, as documented; routes this server does not implement are kept
# so the table stays whole when they arrive.
LIMITS: dict[tuple[str, str], Limit] = {
    ("POST", "/api/auth/register"): Limit(5, 60, "ip"),
    ("POST", "/api/auth/login"): Limit(10, 60, "ip"),
    ("POST", "/api/concerts/{slug}/attend"): Limit(10, 60, "user"),
    ("POST", "/api/concerts/{slug}/chat"): Limit(1, 2, "user"),
    ("POST", "/api/concerts/{slug}/react"): Limit(1, 5, "user"),
    ("POST", "/api/concerts/{slug}/reflect"): Limit(1, 5, "user"),
    ("GET", "/api/concerts/{slug}/sections"): Limit(10, 1, "slug"),
    ("GET", "/api/concerts/{slug}/layers"): Limit(10, 1, "slug"),
    ("POST", "/api/reviews"): Limit(5, 60, "user"),
    ("GET", "/api/tickets/{id}/challenge"): Limit(10, 60, "user"),
    ("POST", "/api/me/concerts/{slug}/tracks/{id}/generate"): Limit(1, 60, "user"),
    ("POST", "/api/battles/{slug}/vote"): Limit(1, 5, "user"),
    ("POST", "/api/me/concerts/{slug}/contributors"): Limit(10, 60, "user"),
}


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[tuple[str, str, str], deque[float]] = {}

    def hit(self, method: str, route: str, key: str) -> None:
        """Count one request against the documented limit for this route; raise RateLimited when over."""
        limit = LIMITS[(method, route)]
        bucket = (method, route, key)
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(bucket, deque())
            while hits and hits[0] <= now - limit.window_s:
                hits.popleft()
            if len(hits) >= limit.count:
                raise RateLimited(hits[0] + limit.window_s - now)
            hits.append(now)
            if len(self._hits) > 50_000:  # forget idle buckets so memory stays bounded
                self._sweep(now)

    def refund(self, method: str, route: str, key: str) -> None:
        """Give back the newest slot: the request it was taken for was refused for another reason."""
        with self._lock:
            hits = self._hits.get((method, route, key))
            if hits:
                hits.pop()

    @contextmanager
    def action(self, method: str, route: str, key: str) -> Iterator[None]:
        """Take a slot for an action; refund it if the action is refused (no ticket, sold out, bad value)."""
        self.hit(method, route, key)
        try:
            yield
        except VenueError:
            self.refund(method, route, key)
            raise

    def _sweep(self, now: float) -> None:
        longest = max(limit.window_s for limit in LIMITS.values())
        for bucket in [b for b, h in self._hits.items() if not h or h[-1] <= now - longest]:
            del self._hits[bucket]
