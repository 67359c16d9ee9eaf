"""The shared conformance vectors, on the scalar and vectorized backends (100% required)."""

import pytest

from eel.conformance import load_vectors, run_vectors


@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_all_vectors_pass(eel_vectors_path, backend: str) -> None:
    vectors = load_vectors(eel_vectors_path)
    assert len(vectors) > 700
    failures = [f"{o.vector_id}: {o.message}" for o in run_vectors(vectors, backend) if not o.passed]
    assert failures == []


def test_a_wrong_expectation_is_caught(eel_vectors_path) -> None:
    vector = dict(load_vectors(eel_vectors_path)[0])
    vector["expect"] = {name: value + 1.0 for name, value in vector["expect"].items()}
    (outcome,) = run_vectors([vector], "python")
    assert not outcome.passed and "want" in outcome.message
