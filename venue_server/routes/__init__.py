"""One router module per API resource; `all_routers()` lists them in the order /openapi.json shows them."""

from __future__ import annotations

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    from venue_server.routes import auth, chat, concerts, discovery, hosting, me, reactions, reviews, stream, tickets

    return [discovery.router, auth.router, me.router, hosting.router, concerts.router, tickets.router, stream.router, reactions.router, chat.router, reviews.router]
