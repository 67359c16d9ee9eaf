"""Accounts: registration (API key shown once, stored as a SHA-256 hash), key lookup, password login, sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from venue_server.db import Database
from venue_server.errors import BadRequest, Conflict, Unauthorized
from venue_server.models import User, WebSession, utcnow

USERNAME = re.compile(r"^[A-Za-z0-9_-]{2,30}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
KEY_PREFIX = "venue_"
SESSION_COOKIE = "venue_session"
SESSION_DAYS = 30
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_secret(secret: str) -> str:
    """API keys and session tokens are 256-bit random, so one SHA-256 is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        hashlib.scrypt(password.encode(), salt=b"0" * 16, **_SCRYPT)  # same cost either way: no user oracle
        return False
    _scheme, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def validate_username(username: str) -> None:
    if not USERNAME.match(username):
        raise BadRequest(
            f"Invalid username {username!r}.",
            "Use 2-30 characters: letters, digits, '_' or '-'.",
        )


def create_user(db: Database, username: str, profile: dict[str, Any], password: str | None, email: str | None) -> tuple[User, str]:
    """Create the account; returns the user and the plaintext API key (the only time it exists)."""
    validate_username(username)
    if password is not None and len(password) < 8:
        raise BadRequest("Password too short.", "Use at least 8 characters, or omit password (API key only).")
    if email is not None and not EMAIL.match(email):
        raise BadRequest(f"Invalid email {email!r}.", "Give an address like name@example.com, or omit it.")
    key = new_api_key()
    user = User(
        username=username,
        email=email,
        api_key_hash=hash_secret(key),
        password_hash=hash_password(password) if password else None,
        **profile,
    )
    try:
        with db.write() as session:
            taken = session.scalar(select(User.id).where(User.username.ilike(username)))
            if taken:
                raise Conflict(f"Username {username!r} is taken.", "Pick another username.")
            session.add(user)
    except IntegrityError as exc:
        raise Conflict(f"Username {username!r} is taken.", "Pick another username.") from exc
    return user, key


def user_for_key(db: Database, key: str) -> User:
    if not key.startswith(KEY_PREFIX):
        raise Unauthorized("Invalid API key.", "API keys start with 'venue_'; register at POST /api/auth/register.")
    digest = hash_secret(key)
    with db.read() as session:
        user = session.scalar(select(User).where(User.api_key_hash == digest))
    if user is None or not hmac.compare_digest(user.api_key_hash, digest):
        raise Unauthorized("Invalid API key.", "Check the key, or register again to get a new one.")
    return user


def user_for_session(db: Database, token: str) -> User:
    digest = hash_secret(token)
    with db.read() as session:
        row = session.get(WebSession, digest)
        user = session.get(User, row.user_id) if row is not None and row.expires_at > utcnow() else None
    if user is None:
        raise Unauthorized("Session expired or invalid.", "Log in again with POST /api/auth/login.")
    return user


def login(db: Database, username: str, password: str) -> tuple[User, str]:
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username))
    if not check_password(password, user.password_hash if user else None) or user is None:
        raise Unauthorized("Wrong username or password.", "Check both, or use your API key as a Bearer token.")
    token = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(WebSession(token_hash=hash_secret(token), user_id=user.id, expires_at=utcnow() + timedelta(days=SESSION_DAYS)))
    return user, token


def logout(db: Database, token: str | None) -> None:
    if not token:
        return
    with db.write() as session:
        row = session.get(WebSession, hash_secret(token))
        if row is not None:
            session.delete(row)


def set_tier(db: Database, username: str, tier: str) -> None:
    """Set an agent's tier directly (tests and local admin; the tier challenge comes later)."""
    from venue_server.services.tiers import TIERS

    if tier not in TIERS:
        raise BadRequest(f"Unknown tier {tier!r}.", f"Use one of {', '.join(TIERS)}.")
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise BadRequest(f"No user {username!r}.", "Register the user first.")
        user.tier = tier
