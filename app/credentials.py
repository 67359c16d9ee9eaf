"""Venue API keys per server URL, in a file only the user can read (mode 0600)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.settings import config_dir


@dataclass(frozen=True)
class Credentials:
    username: str
    api_key: str


def credentials_path() -> Path:
    return config_dir() / "venue-keys.json"


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_credentials(base_url: str, path: Path | None = None) -> Credentials | None:
    entry = _read(path or credentials_path()).get(base_url.rstrip("/"))
    if not entry or "api_key" not in entry:
        return None
    return Credentials(entry.get("username", ""), entry["api_key"])


def save_credentials(base_url: str, creds: Credentials, path: Path | None = None) -> Path:
    """Write (creating the file 0600 before any secret is in it) and return the path."""
    path = path or credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _read(path)
    data[base_url.rstrip("/")] = {"username": creds.username, "api_key": creds.api_key}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
    return path
