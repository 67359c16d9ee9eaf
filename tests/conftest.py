"""Shared fixtures: one headless GL context per session, the shared corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PRESET_CORPUS = SHARED / "presets"
EEL_VECTORS = SHARED / "eel" / "vectors.jsonl"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def gl_ctx():
    """A standalone EGL context shared by all GL tests; each test must leave no GL error."""
    from renderer.gl.context import create_headless_context

    try:
        ctx = create_headless_context()
    except RuntimeError as exc:  # pragma: no cover - only on machines without Mesa
        pytest.skip(f"no OpenGL context here: {exc}")
    yield ctx
    ctx.release()


@pytest.fixture
def gl(gl_ctx):
    """The session context, made current (Qt tests in the same process make their own current),
    and checked for GL errors before and after the test."""
    with gl_ctx:
        assert gl_ctx.error == "GL_NO_ERROR"
        yield gl_ctx
        assert gl_ctx.error == "GL_NO_ERROR"


@pytest.fixture(scope="session")
def preset_corpus() -> Path:
    if not PRESET_CORPUS.is_dir():
        pytest.skip(f"preset corpus not found at {PRESET_CORPUS} (../shared/presets is test data outside the repo)")
    return PRESET_CORPUS


@pytest.fixture(scope="session")
def eel_vectors_path() -> Path:
    if not EEL_VECTORS.is_file():
        pytest.skip(f"EEL vectors not found at {EEL_VECTORS}")
    return EEL_VECTORS
