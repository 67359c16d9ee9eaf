"""TicketBook: what the fast path reads is what was committed; every write in the process makes it forget."""

from __future__ import annotations

import secrets
from dataclasses import replace

from venue_harness import DEMO
from venue_server.config import VenueConfig
from venue_server.db import Database
from venue_server.services import accounts
from venue_server.services.batch import TicketSnapshot, batch
from venue_server.services.streaming import _complete
from venue_server.services.ticket_book import TicketBook
from venue_server.services.tickets import attend
from venue_server.services.venue import Venue, flush_positions


def _venue_with_ticket(db: Database) -> tuple[Venue, accounts.User, str]:
    venue = Venue(config=VenueConfig(seed_demo=False), db=db)
    user, _key = accounts.create_user(db, f"book-{secrets.token_hex(3)}", {}, None, None)
    ticket, _created = attend(db, user, DEMO, 0.0)
    return venue, user, ticket["id"]


def test_windows_fill_the_book_and_writes_empty_it(db: Database) -> None:
    venue, user, ticket_id = _venue_with_ticket(db)
    batch(venue, user, DEMO, ticket_id, None, 30, 3)  # a write: the first window advances the ticket
    written = venue.tickets.get(ticket_id)
    assert written is not None and written.stream_position == 30.0 and written.delivered_until == 30.0 and written.batch_ready_at
    batch(venue, user, DEMO, ticket_id, 0, 30, 3)  # a re-fetch: read, and kept
    assert venue.tickets.get(ticket_id) == written

    flush_positions(db, {ticket_id: (12.0, 30.0)}, venue.tickets)  # an NDJSON stream's position
    assert venue.tickets.get(ticket_id) is None
    batch(venue, user, DEMO, ticket_id, 0, 30, 3)
    assert venue.tickets.get(ticket_id).stream_position == 12.0  # type: ignore[union-attr]

    _complete(venue, ticket_id, 44.0, 44.0)  # an NDJSON stream that reached the end
    assert venue.tickets.get(ticket_id) is None


def test_a_read_that_raced_a_write_is_not_kept(db: Database) -> None:
    venue, user, ticket_id = _venue_with_ticket(db)
    batch(venue, user, DEMO, ticket_id, None, 30, 3)
    stale = venue.tickets.get(ticket_id)
    assert stale is not None
    book = TicketBook()
    generation = book.generation()  # a reader starts ...
    book.forget(ticket_id)  # ... a writer commits and forgets ...
    book.store(stale, generation)  # ... the reader must not keep what it read before
    assert book.get(ticket_id) is None
    book.store(stale, book.generation())
    assert book.get(ticket_id) == stale


def test_entries_age_out_and_forget_all_clears() -> None:
    now = [100.0]
    book = TicketBook(ttl_s=2.0, clock=lambda: now[0])
    snap = TicketSnapshot("t1", "u1", "c1", "general", "active", 0.0, 0.0, None, None, "s", "title", "loop", {})  # type: ignore[arg-type]
    book.store(snap, book.generation())
    book.store(replace(snap, id="t2"), book.generation())
    assert book.get("t1") == snap
    now[0] += 2.5
    assert book.get("t1") is None  # a change made outside this process is seen within ttl_s
    book.store(snap, book.generation())
    book.forget()
    assert book.get("t1") is None and book.get("t2") is None
