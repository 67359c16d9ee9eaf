"""Per-user settings and state (platformdirs): a typed view over one JSON file.

Favorites and ratings are keyed by preset file name, so they survive moving the folder. The
window's geometry and dock layout are stored as base64 of Qt's own byte arrays. ``PHOSPHENE_CONFIG_DIR``
overrides the folder (tests and portable installs).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PRESET_DIR = REPO_ROOT / "assets" / "presets"
DEFAULT_VENUE_URL = "http://127.0.0.1:2328"


def config_dir() -> Path:
    override = os.environ.get("PHOSPHENE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("phosphene", appauthor=False))


def cache_dir() -> Path:
    override = os.environ.get("PHOSPHENE_CONFIG_DIR")
    return Path(override) / "cache" if override else Path(platformdirs.user_cache_dir("phosphene", appauthor=False))


@dataclass
class Settings:
    preset_dirs: list[str] = field(default_factory=lambda: [str(DEFAULT_PRESET_DIR)])
    favorites: list[str] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)  # preset file name -> 1..5
    blend_seconds: float = 2.0
    hard_cut: bool = False
    shuffle: bool = True
    auto_switch_beats: int = 0  # 0 = off; otherwise switch every N beats
    switch_on_drops: bool = True
    audio_input_device: str | None = None
    venue_url: str = DEFAULT_VENUE_URL
    texsize: tuple[int, int] = (640, 360)
    window_geometry: str = ""
    window_state: str = ""
    last_preset: str = ""

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        """The saved settings; defaults for anything missing or unreadable (a broken file is not fatal)."""
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        settings = cls(**known)
        settings.texsize = tuple(settings.texsize)  # type: ignore[assignment]
        return settings

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        tmp.replace(path)

    def is_favorite(self, name: str) -> bool:
        return name in self.favorites

    def set_favorite(self, name: str, on: bool) -> None:
        if on and name not in self.favorites:
            self.favorites.append(name)
        elif not on and name in self.favorites:
            self.favorites.remove(name)

    def rate(self, name: str, stars: int) -> None:
        if not 0 <= stars <= 5:
            raise ValueError(f"rating must be 0..5 stars, got {stars}")
        if stars:
            self.ratings[name] = stars
        else:
            self.ratings.pop(name, None)
