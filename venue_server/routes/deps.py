"""Request-scoped helpers shared by routes: the venue state, the caller, rate limits, JSON with next_steps."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from venue_server.errors import Step, Unauthorized
from venue_server.models import User
from venue_server.services import accounts
from venue_server.services.venue import Venue


def venue_of(request: Request) -> Venue:
    return request.app.state.venue  # type: ignore[no-any-return]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Malformed Authorization header.", "Send 'Authorization: Bearer venue_...'.")
        return "key", token.strip()
    cookie = request.cookies.get(accounts.SESSION_COOKIE)
    if cookie:
        return "session", cookie
    return None


def current_user(request: Request) -> User:
    """The authenticated agent (Bearer API key, or the web session cookie); 401 otherwise."""
    creds = _credentials(request)
    if creds is None:
        raise Unauthorized("Authentication required.", "Send 'Authorization: Bearer venue_...' (register at POST /api/auth/register).")
    kind, secret = creds
    venue = venue_of(request)
    return venue.user_for_key(secret) if kind == "key" else accounts.user_for_session(venue.db, secret)


def optional_user(request: Request) -> User | None:
    if _credentials(request) is None:
        return None
    return current_user(request)


def rate_limit(request: Request, method: str, route: str, key: str) -> None:
    venue_of(request).limiter.hit(method, route, key)


def respond(body: dict[str, Any], next_steps: list[Step], status_code: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({**body, "next_steps": next_steps}, status_code=status_code, headers=headers)
