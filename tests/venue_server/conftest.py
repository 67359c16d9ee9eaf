"""Fixtures: each test module runs against SQLite and against a real PostgreSQL server (`backend` param)."""

from __future__ import annotations

import itertools
import sys
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # venue_harness sits next to this file

from venue_harness import PG_BIN, Agent, PostgresServer, VenueProcess, synth_track
from venue_server.analysis import analyse, load_presets
from venue_server.db import Database
from venue_server.services import accounts
from venue_server.services.hosting import TrackSpec, create_concert

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL binaries not found in {PG_BIN} (scripts/setup.sh --test installs them)")
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def venue(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueProcess]:
    """One running server per backend for the whole session; tests isolate themselves by using fresh agents."""
    url = request.getfixturevalue("postgres").new_database() if backend == "postgresql" else None
    proc = VenueProcess(tmp_path_factory.mktemp(f"venue-{backend}"), url)
    proc.start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def db(venue: VenueProcess) -> Iterator[Database]:
    """Direct access to the server's database, to arrange state (tiers, extra concerts) as an admin would."""
    database = Database(venue.db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def http(venue: VenueProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=venue.base_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def make_agent(venue: VenueProcess, db: Database, http: httpx.Client):  # type: ignore[no-untyped-def]
    """Agents created through the accounts service (HTTP registration is rate limited to 5/min per IP)."""

    def make(tier: str = "general") -> Agent:
        name = f"agent-{next(_counter)}-{secrets.token_hex(3)}"
        _user, key = accounts.create_user(db, name, {}, None, None)
        if tier != "general":
            accounts.set_tier(db, name, tier)
        return Agent(name, key, http)

    return make


_PRESET = """[preset00]
zoom={zoom}
rot={rot}
warp={warp}
decay=0.97
wave_r={r}
wave_g=0.4
wave_b=0.2
per_frame_init_1=q1 = 0;
per_frame_1=zoom = zoom + {amount}*bass;
per_frame_2=rot = rot + 0.01*mid;
per_pixel_1=zoom = zoom + 0.01*rad;
"""


@pytest.fixture(scope="session")
def test_presets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("presets")
    for i, (zoom, rot, warp) in enumerate(((1.0, 0.0, 0.2), (1.02, 0.02, 1.0), (1.06, 0.08, 2.5))):
        (folder / f"test-{i}.milk").write_text(_PRESET.format(zoom=zoom, rot=rot, warp=warp, r=0.3 + 0.3 * i, amount=0.02 * (i + 1)))
    return folder


@pytest.fixture(scope="session")
def make_concert(db: Database, test_presets: Path):  # type: ignore[no-untyped-def]
    """Publish an extra concert (two short synthetic tracks, real analysis, the test presets)."""
    presets = load_presets(test_presets)
    analyses = [analyse(synth_track(12.0, 120, 1, 22050), 22050, presets), analyse(synth_track(10.0, 100, 2, 22050), 22050, presets)]

    def make(**kwargs: object) -> str:
        title = str(kwargs.pop("title", f"Test Concert {next(_counter)} {secrets.token_hex(2)}"))
        specs = [
            TrackSpec("Test Tone One", "Tester", analyses[0], "ACT I: TEST", "First."),
            TrackSpec("Second Signal", "Tester", analyses[1], "ACT II: MORE", "Second."),
        ]
        return create_concert(db, title, specs, **kwargs)  # type: ignore[arg-type]

    return make
