"""The real presets: at least 98% of the shaders they carry translate and link on this GL.

Measured on Mesa llvmpipe (2 cores): ~1400 shaders translate and link in about 4 s, so the test
covers the whole corpus rather than a sample.
"""

from __future__ import annotations

import pytest

from renderer.hlsl import check_preset_shaders
from renderer.preset import load_preset

pytestmark = [pytest.mark.gl, pytest.mark.corpus]


def test_corpus_shaders_translate_and_link(gl, preset_corpus):
    carried = passed = 0
    failures = []
    for path in sorted(preset_corpus.glob("*.milk")):
        report = check_preset_shaders(load_preset(path), gl)
        for kind in ("warp", "comp"):
            if report[kind] == "none":
                continue
            carried += 1
            passed += report[kind] == "ok"
        failures += [f"{path.name} [{e['shader']}] {e['line']}:{e['col']}: {e['message']}" for e in report["errors"]]
    assert carried > 1000, f"only {carried} shaders in the corpus"
    assert passed >= 0.98 * carried, "\n".join(failures)
    print(f"\n{passed} of {carried} corpus shaders translate and link; failures: {failures}")
