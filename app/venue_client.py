"""Typed async access to a venue (the AI Concert Venue API) over one ``httpx.AsyncClient``.

Every method is awaited on the Qt event loop through qasync, so the UI never blocks on the
network. Errors (tree)::

    VenueClientError            root
    ├── VenueUnavailable        cannot reach the server (connection refused, timeout, dropped)
    └── VenueRequestFailed      the server answered with an error: .status, .message, .suggestion
        ├── AuthRequired        401/403
        └── RateLimited         429: .retry_after seconds
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx


class VenueClientError(Exception):
    pass


class VenueUnavailable(VenueClientError):
    def __init__(self, url: str, cause: Exception) -> None:
        super().__init__(f"venue at {url} is unavailable: {type(cause).__name__}: {cause}")
        self.url = url


class VenueRequestFailed(VenueClientError):
    def __init__(self, method: str, path: str, status: int, message: str, suggestion: str | None = None) -> None:
        hint = f" ({suggestion})" if suggestion else ""
        super().__init__(f"{method} {path} -> {status}: {message}{hint}")
        self.status = status
        self.message = message
        self.suggestion = suggestion


class AuthRequired(VenueRequestFailed):
    pass


class RateLimited(VenueRequestFailed):
    def __init__(self, method: str, path: str, status: int, message: str, suggestion: str | None, retry_after: float) -> None:
        super().__init__(method, path, status, message, suggestion)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Ticket:
    id: str
    tier: str
    concert_slug: str
    expires_at: str


def _failure(method: str, path: str, response: httpx.Response) -> VenueRequestFailed:
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:200]}
    message = str(body.get("error") or body.get("detail") or response.reason_phrase)
    suggestion = body.get("suggestion")
    if response.status_code == 429:
        retry = float(body.get("retry_after") or response.headers.get("Retry-After") or 1)
        return RateLimited(method, path, 429, message, suggestion, retry)
    if response.status_code in (401, 403):
        return AuthRequired(method, path, response.status_code, message, suggestion)
    return VenueRequestFailed(method, path, response.status_code, message, suggestion)


class VenueClient:
    """One venue server. ``api_key`` (Bearer) or a login session cookie authenticates."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 10.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=httpx.Timeout(timeout_s), transport=transport)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self._http.request(method, path, headers=self._headers(), **kwargs)
        except httpx.TransportError as exc:
            raise VenueUnavailable(self.base_url, exc) from exc
        if response.status_code >= 400:
            raise _failure(method, path, response)
        return response.json()

    # -- discovery and accounts -------------------------------------------------------------

    async def health(self) -> dict[str, Any]:
        return await self._call("GET", "/api/health")

    async def register(self, username: str, password: str | None = None, name: str | None = None) -> str:
        """Create an account; returns (and keeps) the API key, which the server shows only once."""
        body: dict[str, Any] = {"username": username, "model_info": {"provider": "phosphene", "model": "desktop-app"}}
        if password:
            body["password"] = password
        if name:
            body["name"] = name
        data = await self._call("POST", "/api/auth/register", json=body)
        self.api_key = str(data["user"]["api_key"])
        return self.api_key

    async def login(self, username: str, password: str) -> dict[str, Any]:
        """Web login: the session cookie stays in this client."""
        return await self._call("POST", "/api/auth/login", json={"username": username, "password": password})

    async def me(self) -> dict[str, Any]:
        return await self._call("GET", "/api/me")

    # -- concerts ---------------------------------------------------------------------------

    async def concerts(self, search: str | None = None) -> list[dict[str, Any]]:
        params = {"search": search} if search else None
        return list((await self._call("GET", "/api/concerts", params=params))["concerts"])

    async def concert(self, slug: str) -> dict[str, Any]:
        return await self._call("GET", f"/api/concerts/{slug}")

    async def attend(self, slug: str) -> Ticket:
        data = (await self._call("POST", f"/api/concerts/{slug}/attend"))["ticket"]
        return Ticket(str(data["id"]), str(data["tier"]), str(data.get("concert_slug", slug)), str(data.get("expires_at", "")))

    async def stream(self, slug: str, ticket: str, start: float | None = None, speed: float = 1.0) -> AsyncIterator[dict[str, Any]]:
        """The NDJSON stream, one event dict at a time; a dropped connection raises ``VenueUnavailable``."""
        params: dict[str, Any] = {"ticket": ticket, "mode": "stream", "speed": f"{speed:g}"}
        if start is not None:
            params["start"] = f"{start:.3f}"
        path = f"/api/concerts/{slug}/stream"
        try:
            async with self._http.stream("GET", path, params=params, headers=self._headers(), timeout=httpx.Timeout(10.0, read=30.0)) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise _failure("GET", path, response)
                async for line in response.aiter_lines():
                    if line.strip():
                        yield json.loads(line)
        except (httpx.TransportError, httpx.StreamError) as exc:
            raise VenueUnavailable(self.base_url, exc) from exc

    # -- the room ---------------------------------------------------------------------------

    async def chat(self, slug: str, since: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if since:
            params["since"] = since
        return list((await self._call("GET", f"/api/concerts/{slug}/chat", params=params))["messages"])

    async def send_chat(self, slug: str, message: str) -> dict[str, Any]:
        return await self._call("POST", f"/api/concerts/{slug}/chat", json={"message": message})

    async def reactions(self, slug: str) -> dict[str, Any]:
        return await self._call("GET", f"/api/concerts/{slug}/react")

    async def react(self, slug: str, reaction: str, t: float | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"reaction": reaction}
        if t is not None:
            body["t"] = round(t, 2)
        return await self._call("POST", f"/api/concerts/{slug}/react", json=body)

    async def aclose(self) -> None:
        await self._http.aclose()
