"""`TicketBook`: the committed state of tickets streamed in batch mode, so re-fetches skip the database.

Read-through: a request that read a ticket from the database stores what it read; every write to a
ticket in this process forgets it once committed. A generation counter, taken before the read and
bumped by every forget, keeps a read that raced a write from storing the state from before it.
Entries also age out after `ttl_s`, bounding how long a change made outside this process (a hand
edit, a second server on the same PostgreSQL database) can go unseen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from venue_server.services.batch import TicketSnapshot

TICKET_CACHE_S = 2.0
MAX_ENTRIES = 100_000


class TicketBook:
    def __init__(self, ttl_s: float = TICKET_CACHE_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s, self._clock = ttl_s, clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, TicketSnapshot]] = {}
        self._generation = 0

    def generation(self) -> int:
        """Take this before reading a ticket from the database; hand it to `store` with what was read."""
        return self._generation

    def store(self, snapshot: TicketSnapshot, generation: int) -> None:
        """Remember `snapshot` unless a ticket was forgotten since `generation` was taken (it may predate that write)."""
        with self._lock:
            if generation != self._generation:
                return
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[snapshot.id] = (self._clock() + self._ttl_s, snapshot)

    def get(self, ticket_id: str) -> TicketSnapshot | None:
        hit = self._entries.get(ticket_id)
        if hit is None or hit[0] <= self._clock():
            return None
        return hit[1]

    def forget(self, ticket_ids: str | Iterable[str] | None = None) -> int:
        """Call after committing a write to these tickets (None: to any, e.g. their concert); returns the new generation."""
        with self._lock:
            self._generation += 1
            if ticket_ids is None:
                self._entries.clear()
            else:
                for ticket_id in [ticket_ids] if isinstance(ticket_ids, str) else ticket_ids:
                    self._entries.pop(ticket_id, None)
            return self._generation
