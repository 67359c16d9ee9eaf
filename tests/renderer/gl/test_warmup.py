"""The warm-up helper process builds a preset's programs so the render loop's build is cheap."""

from pathlib import Path

from renderer.gl.warmup import ShaderWarmer
from renderer.show import Show, prepare_preset

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "presets"


def test_preload_round_trip(gl) -> None:
    warmer = ShaderWarmer()
    try:
        show = Show(gl, (64, 48), warmer=warmer)
        presets = [prepare_preset(p) for p in sorted(ASSETS.glob("*.milk"))[:3]]
        tokens = [show.preload(p) for p in presets]
        assert all(warmer.wait(t, timeout=120) for t in tokens)
        assert all(show.is_preloaded(t) for t in tokens)
        for prepared in presets:
            show.set_preset(prepared)
            show.render(1 / 30)
        assert show.read_output().shape == (48, 64, 3)
        show.release()
    finally:
        warmer.close()
    assert warmer._process.poll() is not None  # the helper exits when closed
    assert warmer._process.stdout.closed and not warmer._reader.is_alive()  # and no pipe is left to the collector


def test_without_a_warmer_preload_is_a_no_op(gl) -> None:
    show = Show(gl, (32, 24))
    token = show.preload(prepare_preset(sorted(ASSETS.glob("*.milk"))[0]))
    assert token is None and show.is_preloaded(token)
    show.release()
