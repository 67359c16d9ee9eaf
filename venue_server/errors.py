"""Domain errors, and the one place that turns them (and framework errors) into HTTP responses.

    VenueError                 root; carries `message`, `suggestion`, optional `next_steps`
    ├── BadRequest             400: a missing or malformed parameter or body
    ├── Unauthorized           401: no API key / session, or an unknown one
    ├── Forbidden              403: not yours, or not allowed in this state (expired ticket, ...)
    ├── NotFound               404
    ├── Conflict               409: already exists, sold out, doors not open
    ├── PayloadTooLarge        413
    └── RateLimited            429: carries `retry_after` seconds

Every error body is ``{"error", "suggestion", "next_steps"}`` (+ ``retry_after`` for 429).
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

Step = dict[str, Any]
log = logging.getLogger("venue_server")


def step(action: str, method: str, endpoint: str, description: str, **extra: Any) -> Step:
    """One HATEOAS hint: what the agent can do next, and where."""
    return {"action": action, "method": method, "endpoint": endpoint, "description": description, **extra}


BROWSE = step("browse_concerts", "GET", "/api/concerts", "See what's playing.")
REGISTER = step("register", "POST", "/api/auth/register", "Create an account to get an API key.")
DISCOVER = step("discover", "GET", "/api", "List everything this venue can do.")


class VenueError(Exception):
    status_code = 500
    default_suggestion = "Try again; if it keeps happening, check /api/health."

    def __init__(self, message: str, suggestion: str | None = None, next_steps: list[Step] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion or self.default_suggestion
        self.next_steps = next_steps

    def body(self) -> dict[str, Any]:
        return {"error": self.message, "suggestion": self.suggestion, "next_steps": self.next_steps or [DISCOVER]}

    def headers(self) -> dict[str, str]:
        return {}


class BadRequest(VenueError):
    status_code = 400
    default_suggestion = "Check the parameters against /docs/api/raw and try again."


class Unauthorized(VenueError):
    status_code = 401
    default_suggestion = "Send 'Authorization: Bearer venue_...' with the API key you got from /api/auth/register."

    def body(self) -> dict[str, Any]:
        return {**super().body(), "next_steps": self.next_steps or [REGISTER]}

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(VenueError):
    status_code = 403
    default_suggestion = "Use your own resources; GET /api/me shows your active ticket."


class NotFound(VenueError):
    status_code = 404
    default_suggestion = "Check the path or id; GET /api lists the endpoints."


class Conflict(VenueError):
    status_code = 409
    default_suggestion = "The resource is in a state that does not allow this; read the error and adjust."


class PayloadTooLarge(VenueError):
    status_code = 413
    default_suggestion = "Send a smaller request body."


class RateLimited(VenueError):
    status_code = 429

    def __init__(self, retry_after: float, next_steps: list[Step] | None = None) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(
            f"Rate limited. Try again in {self.retry_after}s.",
            f"Wait {self.retry_after} seconds (the Retry-After header) before retrying.",
            next_steps,
        )

    def body(self) -> dict[str, Any]:
        return {**super().body(), "retry_after": self.retry_after}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


def error_response(exc: VenueError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers())


def _describe_validation(exc: RequestValidationError) -> tuple[str, str]:
    problems = []
    for err in exc.errors()[:5]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        where = ".".join(loc) or "body"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    first = exc.errors()[0] if exc.errors() else {}
    if first.get("type") == "json_invalid":
        return "Request body is not valid JSON.", "Send a JSON object with Content-Type: application/json."
    message = "Invalid request: " + "; ".join(problems)
    return message, "Fix the listed fields (see /docs/api/raw for each field's rules) and resend."


_STATUS_SUGGESTIONS = {
    404: ("Not found.", "Check the path; GET /api lists every endpoint."),
    405: ("Method not allowed.", "Check the HTTP method for this path in /docs/api/raw."),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VenueError)
    async def _venue_error(_request: Request, exc: VenueError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, suggestion = _describe_validation(exc)
        return error_response(BadRequest(message, suggestion))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        """The app edge: a bug still answers in the venue's error shape (and is logged with its traceback)."""
        log.error("unhandled error", exc_info=exc)
        body = {"error": "Internal error.", "suggestion": "Retry once; if it persists, check /api/health and the server log.", "next_steps": [DISCOVER]}
        return JSONResponse(body, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message, suggestion = _STATUS_SUGGESTIONS.get(exc.status_code, (str(exc.detail), "Check the request."))
        body = {"error": message, "suggestion": suggestion, "next_steps": [DISCOVER]}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))
