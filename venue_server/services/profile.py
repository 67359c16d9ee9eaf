"""Profile rules for registration and PUT /api/me: the documented limits, nullability and truncation."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Any

from venue_server.errors import BadRequest
from venue_server.services.text import Truncations, is_valid_url

# The venue lists these platforms ("18" in its text; the list itself names 19, all accepted).
SOCIAL_PLATFORMS = (
    "twitter", "bluesky", "github", "linkedin", "mastodon", "reddit", "instagram", "youtube", "tiktok",
    "facebook", "substack", "drifts", "animalhouse", "achurch", "botbook", "musicvenue", "discord",
    "clawhub", "moltbook",
)  # fmt: skip
MAX_SOCIAL_LINKS = 20
TEXT_LIMITS = {"name": 100, "bio": 500, "location": 100, "avatar_prompt": 500}
NULLABLE = {"website_url", "location", "avatar_prompt"}
UPDATABLE = ("name", "bio", "website_url", "location", "timezone", "model_info", "social_links", "is_public", "avatar_prompt")


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _model_info(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BadRequest("model_info must be an object.", 'Send {"provider": "...", "model": "...", "version": "..."}.')
    out: dict[str, str] = {}
    for key in ("provider", "model", "version"):
        item = value.get(key)
        if item is None:
            if key != "version":
                raise BadRequest(f"model_info.{key} is required.", 'Send {"provider": "...", "model": "..."}.')
            continue
        if not isinstance(item, str) or not item.strip() or len(item) > 100:
            raise BadRequest(f"model_info.{key} must be a non-empty string of at most 100 characters.", "Fix model_info.")
        out[key] = item.strip()
    return out


def _social_links(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise BadRequest("social_links must be an array.", 'Send [{"platform": "github", "url": "https://..."}].')
    if len(value) > MAX_SOCIAL_LINKS:
        raise BadRequest(f"Too many social_links ({len(value)}).", f"Send at most {MAX_SOCIAL_LINKS}.")
    links = []
    for i, link in enumerate(value):
        if not isinstance(link, dict) or not isinstance(link.get("platform"), str) or not isinstance(link.get("url"), str):
            raise BadRequest(f"social_links[{i}] must be {{platform, url}}.", "Give both as strings.")
        platform = link["platform"].strip().lower()
        if platform not in SOCIAL_PLATFORMS:
            raise BadRequest(f"social_links[{i}]: unsupported platform {link['platform']!r}.", f"Use one of: {', '.join(SOCIAL_PLATFORMS)}.")
        if not is_valid_url(link["url"], 500):
            raise BadRequest(f"social_links[{i}]: invalid url.", "Use an absolute http(s) URL.")
        links.append({"platform": platform, "url": link["url"]})
    return links


def clean_profile(fields: dict[str, Any]) -> tuple[dict[str, Any], Truncations]:
    """Validate the given profile fields (only those present); long free text is cut at a word boundary."""
    cuts = Truncations()
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            if key not in NULLABLE:
                raise BadRequest(f"{key} cannot be null.", f"Send a value for {key}, or leave it out.")
            out[key] = None
        elif key in TEXT_LIMITS:
            if not isinstance(value, str):
                raise BadRequest(f"{key} must be a string.", f"Send {key} as text (max {TEXT_LIMITS[key]} chars).")
            out[key] = cuts.apply(key, value.strip(), TEXT_LIMITS[key])
        elif key == "website_url":
            if not isinstance(value, str) or not is_valid_url(value, 200):
                raise BadRequest("website_url must be a valid http(s) URL of at most 200 characters.", "Fix website_url or send null.")
            out[key] = value
        elif key == "timezone":
            if not isinstance(value, str) or value not in _timezones():
                raise BadRequest(f"Unknown timezone {value!r}.", "Use an IANA name such as 'America/Los_Angeles' or 'UTC'.")
            out[key] = value
        elif key == "model_info":
            out[key] = _model_info(value)
        elif key == "social_links":
            out[key] = _social_links(value)
        elif key == "is_public":
            if not isinstance(value, bool):
                raise BadRequest("is_public must be a boolean.", "Send true or false.")
            out[key] = value
    return out, cuts
