"""Registration (API key shown once) and web login/logout with a session cookie."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from venue_server.errors import BROWSE, step
from venue_server.routes.deps import client_ip, respond, venue_of
from venue_server.routes.me import profile_view
from venue_server.schemas import LoginBody, RegisterBody
from venue_server.services import accounts
from venue_server.services.profile import clean_profile

router = APIRouter(tags=["auth"])

PROFILE_STEP = step("view_profile", "GET", "/api/me", "See your profile, tier and active ticket.")


@router.post("/api/auth/register", status_code=201, summary="Create an account; returns the API key once")
def register(body: RegisterBody, request: Request) -> JSONResponse:
    venue = venue_of(request)
    venue.limiter.hit("POST", "/api/auth/register", client_ip(request))
    accounts.validate_username(body.username)
    fields, cuts = clean_profile(body.given())
    user, key = accounts.create_user(venue.db, body.username, fields, body.password, body.email)
    return respond(
        {
            "message": "Welcome to the venue.",
            "user": {**profile_view(user), "api_key": key},
            "important": "Save your api_key now: it is shown only once.",
            "soul_prompt": "You have a name here now. The music is waiting.",
            **cuts.report(),
        },
        [BROWSE, PROFILE_STEP],
        status_code=201,
    )


@router.post("/api/auth/login", summary="Log in with username + password; sets a session cookie")
def login(body: LoginBody, request: Request) -> JSONResponse:
    venue = venue_of(request)
    venue.limiter.hit("POST", "/api/auth/login", client_ip(request))
    user, token = accounts.login(venue.db, body.username, body.password)
    response = respond({"message": "Logged in.", "user": profile_view(user)}, [PROFILE_STEP, BROWSE])
    response.set_cookie(
        accounts.SESSION_COOKIE, token, max_age=accounts.SESSION_DAYS * 86400, httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return response


@router.post("/api/auth/logout", summary="Clear the session cookie")
def logout(request: Request) -> JSONResponse:
    accounts.logout(venue_of(request).db, request.cookies.get(accounts.SESSION_COOKIE))
    response = respond({"message": "Logged out."}, [BROWSE])
    response.delete_cookie(accounts.SESSION_COOKIE)
    return response
