"""Storage: migrations are versioned and idempotent, SQLite runs in WAL mode, the demo seed copes with presets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from venue_server.config import REPO_ROOT, VenueConfig
from venue_server.db import Database, normalise_url
from venue_server.errors import BadRequest
from venue_server.migrations import STEPS
from venue_server.services.seed import DEMO_SLUG, seed_demo
from venue_server.services.streaming import check_params
from venue_server.services.venue import Venue


@pytest.fixture
def sqlite_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'v.sqlite3'}")
    yield db
    db.dispose()


def test_migrations_are_versioned_and_idempotent(sqlite_db: Database) -> None:
    assert sqlite_db.migrate() == len(STEPS)
    assert sqlite_db.migrate() == len(STEPS)
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == len(STEPS)
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u:p@h:5/db").startswith("postgresql+psycopg://u:p@h:5/db")
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_seed_without_presets_has_no_preset_switches(sqlite_db: Database, tmp_path: Path) -> None:
    sqlite_db.migrate()
    empty = tmp_path / "no-presets"
    empty.mkdir()
    config = VenueConfig(data_dir=tmp_path, presets_dir=empty)
    assert seed_demo(sqlite_db, config.music_dir, empty) is True
    assert seed_demo(sqlite_db, config.music_dir, empty) is False  # once only
    venue = Venue(config=config, db=sqlite_db)
    with sqlite_db.read() as session:
        concert_id = session.execute(text("SELECT id FROM concerts WHERE slug = :s"), {"s": DEMO_SLUG}).scalar_one()
    timeline = venue.timeline(concert_id, "vip")
    assert timeline.duration == 44.0 and timeline.tick_count == 440
    assert not [line for line in timeline.lines if b'"type":"preset"' in line]


def test_seed_uses_the_projects_own_presets(sqlite_db: Database, tmp_path: Path) -> None:
    presets = REPO_ROOT / "assets" / "presets"
    names = {p.stem for p in presets.glob("*.milk")}
    if not names:
        pytest.skip(f"no presets in {presets} yet (another part of the project writes them)")
    sqlite_db.migrate()
    seed_demo(sqlite_db, REPO_ROOT / "assets" / "music", presets)
    venue = Venue(config=VenueConfig(data_dir=tmp_path), db=sqlite_db)
    with sqlite_db.read() as session:
        concert_id = session.execute(text("SELECT id FROM concerts WHERE slug = :s"), {"s": DEMO_SLUG}).scalar_one()
    import json

    chosen = [json.loads(line)["name"] for line in venue.timeline(concert_id, "floor").lines if b'"type":"preset"' in line]
    assert chosen and set(chosen) <= names


def test_speed_limits_depend_on_dev_mode() -> None:
    check_params(10, 30, 10)
    with pytest.raises(BadRequest, match="between 1 and 10") as err:
        check_params(11, 30, 10)
    assert "--dev" in err.value.suggestion
    check_params(50, 30, 50)


def test_an_old_database_is_upgraded_step_by_step(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import venue_server.migrations as migrations

    monkeypatch.setattr(migrations, "STEPS", STEPS[:1])
    assert sqlite_db.migrate() == 1
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").scalar() == 0
    monkeypatch.setattr(migrations, "STEPS", STEPS)
    assert sqlite_db.migrate() == 2
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").scalar() == 1
