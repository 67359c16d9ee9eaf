"""Server configuration: where data lives, which database, and the dev-mode switches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORT = 2328
PROD_MAX_SPEED = 10
DEV_MAX_SPEED = 50


def default_data_dir() -> Path:
    """The user's data folder for the venue (platformdirs), e.g. ~/.local/share/phosphene/venue."""
    return Path(platformdirs.user_data_dir("phosphene", appauthor=False)) / "venue"


@dataclass(frozen=True)
class VenueConfig:
    """Everything `create_app` needs; build one per server process."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str | None = None  # None: SQLite file `venue.sqlite3` in data_dir
    dev: bool = False
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    music_dir: Path = REPO_ROOT / "assets" / "music"
    presets_dir: Path = REPO_ROOT / "assets" / "presets"
    max_body_bytes: int = 64 * 1024
    lobby_seconds: float = 600.0  # scheduled concerts open their doors this long before the start; loops have none
    seed_demo: bool = True
    tune_gc: bool = False  # process-wide GC tuning for a dedicated server process (set by `serve`)

    @property
    def max_speed(self) -> int:
        return DEV_MAX_SPEED if self.dev else PROD_MAX_SPEED

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'venue.sqlite3'}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"
