"""Per-user settings round trip, favorites and ratings, and the 0600 venue key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.credentials import Credentials, load_credentials, save_credentials
from app.settings import Settings


def test_settings_round_trip_through_the_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    settings = Settings.load()
    settings.set_favorite("a.milk", True)
    settings.rate("b.milk", 4)
    settings.blend_seconds = 3.5
    settings.save()
    again = Settings.load()
    assert again.is_favorite("a.milk") and again.ratings == {"b.milk": 4} and again.blend_seconds == 3.5
    again.set_favorite("a.milk", False)
    again.rate("b.milk", 0)
    assert again.favorites == [] and again.ratings == {}
    with pytest.raises(ValueError, match="0..5"):
        again.rate("c.milk", 6)


def test_a_broken_settings_file_gives_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text("{not json")
    assert Settings.load() == Settings()


def test_credentials_file_is_readable_only_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    save_credentials("http://127.0.0.1:2328/", Credentials("viewer", "venue_secret"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_credentials("http://127.0.0.1:2328", path) == Credentials("viewer", "venue_secret")
    assert load_credentials("http://elsewhere", path) is None
