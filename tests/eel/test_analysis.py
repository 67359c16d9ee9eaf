import pytest

import eel
from eel.analysis import per_element_inputs, predefined, user_variables


def effects(code: str):  # type: ignore[no-untyped-def]
    return eel.compile_block(code).effects


def test_reads_and_writes() -> None:
    e = effects("zoom = zoom + 0.1 * sin(time); my_var = q1; reg03 = 2")
    assert e.writes == {"zoom", "my_var"}
    assert {"zoom", "time", "q1"} <= e.reads
    assert e.registers_written == {3}


def test_read_before_write_is_loop_carried() -> None:
    inputs = per_element_inputs("per_pixel")
    assert effects("t = t + 0.01; rot = t").carried(inputs) == {"t"}
    assert effects("t = x * 2; rot = t").carried(inputs) == frozenset()
    # only one branch assigns t, so the read after the if may see the previous vertex's t
    assert effects("if(above(x, 0.5), t = 1, 0); rot = t").carried(inputs) == {"t"}
    assert effects("t = if(above(x, 0.5), 1, 0); rot = t").carried(inputs) == frozenset()


def test_vector_blockers_explain_themselves() -> None:
    program = eel.compile_block("megabuf(x * 100) = y", "per_pixel")
    with pytest.raises(eel.BackendUnsupported, match="megabuf"):
        program.numpy(per_element_inputs("per_pixel"))
    assert program.python() is not None


def test_user_variables_versus_builtins() -> None:
    names = effects("zoom = 1; wobble = sin(time) * q3; x = x").reads | {"zoom", "wobble"}
    assert user_variables("per_pixel", names) == {"wobble"}
    assert "x" in predefined("per_pixel") and "x" not in predefined("per_frame")
    assert "sample" in predefined("wave_2_per_point")
