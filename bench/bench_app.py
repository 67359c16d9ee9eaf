"""`phosphene bench app`: the real app's frame rate while it streams a concert, and the
audio-to-visual latency of live input measured with clicks through a real loopback.

1. Frame rate. The app starts as ``phosphene app --demo`` does (``app.main.run``: Xvfb when
   there is no display, the bundled venue server, register, attend the demo concert, the stream's
   ticks drive the visuals and its ``preset`` events switch presets). The server runs on a free
   loopback port with a throwaway data folder and config (``--venue URL`` uses another). A driver
   coroutine sizes the GL view to ``--size``, waits ``--warmup`` s, then for ``--seconds`` records
   every *presented* frame: the first ``QOpenGLWidget.frameSwapped`` (the window's swapBuffers
   returned) after each paintGL. Dropped frames are refreshes of the screen (``QScreen.refreshRate``)
   that got no new frame: per interval ``round(interval / period) - 1``. Main-thread CPU is
   ``time.thread_time`` of the GUI thread over the window (Qt events, httpx on qasync, audio,
   equations, GL submission and Mesa's work on that thread) per presented frame; process CPU counts
   every thread (llvmpipe's rasterizer threads too); other load is everyone else's (/proc/stat).
2. Latency. ``jackd`` on its dummy backend (real-time paced, no sound card needed) starts before
   PortAudio loads. After the frame-rate window the stream is stopped, the app's live input
   (``app.live_input.LiveInput``, as File > Live input opens it) reads JACK's input, and a probe
   preset plays whose composite is white while ``bass >= 3`` and black otherwise. A click player
   (a sounddevice OutputStream in this process) is connected to the live input's ports in JACK's
   graph: a real loopback through the audio server. Per click (a 100 ms 110 Hz thump, random
   0.45-0.8 s apart): *played* = when the output callback handed its first block to JACK
   (perf_counter; PortAudio's own DAC estimate, reported too, is later still, so this is the
   stricter start); *captured* = when the app's input callback got it; *analysed* = the paintGL
   whose audio had ``bass >= 3``; *shown* = the first frame whose centre pixels, read back after
   paintGL, are bright, at its frameSwapped. The latency is shown - played. The readback (8x8
   pixels) runs in this phase only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.cli.arguments import size_argument

REPO = Path(__file__).resolve().parents[1]
TARGET_FPS = 30.0
TARGET_LATENCY_MEDIAN_MS = 50.0
TARGET_LATENCY_P95_MS = 100.0
CLICK_SECONDS = 0.1
CLICK_HZ = 110.0
BRIGHT = 128  # centre pixels at least this bright: the frame shows the click
LOUD_BASS = 3.0  # the probe preset turns white from this bass level
PROBE_NAME = "bench - click probe"
PROBE_MILK = """[preset00]
MILKDROP_PRESET_VERSION=201
PSVERSION=2
PSVERSION_WARP=2
PSVERSION_COMP=2
fDecay=0.0
fWaveAlpha=0.0
bMotionVectorsOn=0
comp_1=`shader_body
comp_2=`{
comp_3=`    ret = saturate(bass - 2.0) * float3(1.0, 1.0, 1.0);
comp_4=`}
"""



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", type=size_argument, default=(1280, 720), help="the GL view's size in the window")
    parser.add_argument("--texsize", type=size_argument, default=None, help="render size (default: --size; the app's own default is 640x360)")
    parser.add_argument("--stage", action="store_true",
                        help="measure the fullscreen stage window (on a virtual screen of --size) instead of the main window")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the frame-rate window")
    parser.add_argument("--warmup", type=float, default=4.0, help="seconds of streaming before the window opens")
    parser.add_argument("--clicks", type=int, default=20, help="clicks for the latency figure (0 = skip it)")
    parser.add_argument("--jack-period", type=int, default=256, help="JACK period in frames at 48 kHz (256 = 5.3 ms)")
    parser.add_argument("--venue", default=None, metavar="URL", help="a venue to stream from (default: the bundled server on a free port)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write every figure as JSON here")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


@dataclass
class Probe:
    rendered: float  # perf_counter after paintGL (and the readback)
    bright: float  # mean of the centre pixels, 0..255
    bass: float
    presented: float | None = None


@dataclass
class Recorder:
    """Presented frames, paint times and (in the latency phase) per-frame probes."""

    presents: list[float] = field(default_factory=list)
    paint_s: list[float] = field(default_factory=list)
    paint_cpu_s: list[float] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    recompositions: int = 0  # swaps without a new frame (other widgets repainting)
    _fresh: bool = False

    def rendered(self, view: Any) -> None:
        self._fresh = True
        self.paint_s.append(view.last_paint_s)
        self.paint_cpu_s.append(view.last_paint_cpu_s)

    def swapped(self) -> None:
        if not self._fresh:
            self.recompositions += 1
            return
        self._fresh = False
        now = time.perf_counter()
        self.presents.append(now)
        if self.probes and self.probes[-1].presented is None:
            self.probes[-1].presented = now


def frame_figures(rec: Recorder, seconds: float, refresh_hz: float, main_cpu_s: float, proc_cpu_s: float) -> dict[str, Any]:
    intervals = [b - a for a, b in zip(rec.presents, rec.presents[1:])]
    frames = len(rec.presents)
    period = 1.0 / refresh_hz if refresh_hz > 0 else float("nan")
    dropped = sum(max(0, round(i / period) - 1) for i in intervals) if refresh_hz > 0 else 0
    span = rec.presents[-1] - rec.presents[0] if frames > 1 else float("nan")
    ms = [i * 1000 for i in intervals]
    return {
        "frames": frames, "seconds": seconds, "fps": (frames - 1) / span if frames > 1 else 0.0,
        "interval_ms": {"p50": pct(ms, 0.5), "p5": pct(ms, 0.05), "p95": pct(ms, 0.95), "p99": pct(ms, 0.99), "max": max(ms, default=float("nan"))},
        "paint_ms": {"p50": pct([p * 1000 for p in rec.paint_s], 0.5), "p99": pct([p * 1000 for p in rec.paint_s], 0.99)},
        "paint_cpu_ms": {"p50": pct([p * 1000 for p in rec.paint_cpu_s], 0.5), "p99": pct([p * 1000 for p in rec.paint_cpu_s], 0.99)},
        "refresh_hz": refresh_hz, "refreshes": round(span / period) if frames > 1 and refresh_hz > 0 else 0, "dropped": dropped,
        "main_cpu_ms_per_frame": main_cpu_s * 1000 / max(frames, 1), "process_cpu_ms_per_frame": proc_cpu_s * 1000 / max(frames, 1),
        "recompositions": rec.recompositions,
    }  # fmt: skip


class Bench:
    def __init__(self, args: argparse.Namespace, loopback: Any) -> None:
        self.args = args
        self.loopback = loopback
        self.result: dict[str, Any] = {}

    async def drive(self, app: Any) -> None:
        from PySide6.QtWidgets import QApplication

        view, window = app.view, app.window
        if self.args.stage:  # the performer's output: the visuals alone, fullscreen on their own screen
            app.fullscreen_on(len(QApplication.screens()) - 1)
            await asyncio.sleep(1.0)
        else:
            await self._size_view(app)
        self.result["window_size"] = [view.window().width(), view.window().height()]
        self.result["mode"] = "fullscreen stage" if self.args.stage else "main window"
        self.result["view_size"] = [view.width(), view.height()]
        self.result["texsize"] = list(view.texsize)
        self.result["gl"] = dict(view.gl_info)
        self.result["platform"] = QApplication.platformName()
        await asyncio.sleep(self.args.warmup)
        rec = Recorder()

        def on_rendered(_fps: float) -> None:
            rec.rendered(view)

        view.frame_rendered.connect(on_rendered)
        view.frameSwapped.connect(rec.swapped)
        switches: list[str] = []
        app.performance.preset_playing.connect(switches.append)
        session = app.venue.session
        ticks0 = session.ticks if session else 0
        busy0, total0 = _cpu_ticks()
        main0, proc0, wall0 = time.thread_time(), time.process_time(), time.perf_counter()
        await asyncio.sleep(self.args.seconds)
        main_cpu, proc_cpu, wall = time.thread_time() - main0, time.process_time() - proc0, time.perf_counter() - wall0
        busy1, total1 = _cpu_ticks()
        view.frame_rendered.disconnect(on_rendered)
        view.frameSwapped.disconnect(rec.swapped)
        figures = frame_figures(rec, wall, view.window().screen().refreshRate(), main_cpu, proc_cpu)
        cores = os.cpu_count() or 1
        machine_pct = 100.0 * cores * (busy1 - busy0) / max(total1 - total0, 1)
        figures["other_cpu_pct"] = max(machine_pct - 100.0 * proc_cpu / wall, 0.0)
        figures["stream_ticks"] = (session.ticks if session else 0) - ticks0
        figures["preset_switches"] = len(switches)
        figures["preset"] = view.current_name
        self.result["frames"] = figures
        if self.loopback is not None and self.args.clicks > 0:
            self.result["latency"] = await self._latency(app)

    async def _size_view(self, app: Any) -> None:
        """Resize the window until the GL view itself is --size (the docks take the rest)."""
        want_w, want_h = self.args.size
        for _ in range(10):
            await asyncio.sleep(0.3)
            view, window = app.view, app.window
            dw, dh = want_w - view.width(), want_h - view.height()
            if (dw, dh) == (0, 0):
                return
            window.resize(window.width() + dw, window.height() + dh)

    async def _latency(self, app: Any) -> dict[str, Any]:
        import numpy as np
        import sounddevice as sd

        from app.live_input import LiveInput

        view, perf = app.view, app.performance
        if app.venue.session is not None:
            app.venue.session.stop()
        perf.playlist.locked = True  # no stream or beat switches during the clicks
        perf.set_auto_switch(0, False)
        captures: list[float] = []

        class TimedInput(LiveInput):
            """The app's live input; also notes when a click arrives (a max over the block)."""

            quiet = True

            def _callback(self, indata: np.ndarray, frames: int, t: Any, status: Any) -> None:
                super()._callback(indata, frames, t, status)
                loud = np.flatnonzero(np.abs(indata[:, 0]) > 0.3)
                if loud.size and self.quiet:
                    captures.append(time.perf_counter())
                self.quiet = not loud.size

        jack = next((d for d in sd.query_devices() if "JACK" in sd.query_hostapis(d["hostapi"])["name"] and d["max_input_channels"] > 0), None)
        if jack is None:
            raise RuntimeError("PortAudio lists no JACK device (was jackd up before sounddevice loaded?)")
        before = set(self.loopback.ports())
        live = TimedInput(int(jack["index"]))
        app.bridge.use_pcm(live, f"live input: {live.name}")
        perf.play_text(PROBE_NAME, PROBE_MILK, hard=True)
        deadline = time.monotonic() + 30
        while view.current_name != PROBE_NAME and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if view.current_name != PROBE_NAME:
            raise RuntimeError("the probe preset did not start playing within 30 s")
        played: list[float] = []
        dac_ahead: list[float] = []  # how far ahead of the callback PortAudio says the block reaches the DAC
        armed = [False]
        pulse = click_samples(live.rate)
        at = [len(pulse)]  # position in the pulse being played

        def out_callback(outdata: np.ndarray, frames: int, t: Any, status: Any) -> None:
            outdata.fill(0.0)
            if armed[0]:
                armed[0] = False
                at[0] = 0
                played.append(time.perf_counter())
                dac_ahead.append(t.outputBufferDacTime - t.currentTime)
            if at[0] < len(pulse):
                part = pulse[at[0] : at[0] + frames]
                outdata[: len(part)] = part
                at[0] += len(part)

        player = sd.OutputStream(samplerate=live.rate, channels=2, dtype="float32", device=int(jack["index"]), callback=out_callback)
        player.start()
        ours = sorted(set(self.loopback.ports()) - before)
        ins = sorted(p for p in ours if ":in_" in p)
        outs = sorted(p for p in set(self.loopback.ports()) - before - set(ins) if ":out_" in p)
        for port in ins:
            for system in ("system:capture_1", "system:capture_2"):
                self.loopback.disconnect(system, port)
        for src, dst in zip(outs, ins):
            self.loopback.connect(src, dst)

        rec = Recorder()

        def probe(fbo: Any, audio: Any) -> None:
            w, h = fbo.size
            pixels = np.frombuffer(fbo.read(viewport=(w // 2 - 4, h // 2 - 4, 8, 8), components=3), dtype=np.uint8)
            rec.probes.append(Probe(time.perf_counter(), float(pixels.mean()), float(audio.bass)))

        def on_rendered(_fps: float) -> None:
            rec.rendered(view)

        view.frame_probe = probe
        view.frame_rendered.connect(on_rendered)
        view.frameSwapped.connect(rec.swapped)
        await asyncio.sleep(1.0)
        rng = random.Random(1)
        for _ in range(self.args.clicks):
            armed[0] = True
            await asyncio.sleep(rng.uniform(0.45, 0.8))
        await asyncio.sleep(0.5)
        view.frame_probe = None
        view.frame_rendered.disconnect(on_rendered)
        view.frameSwapped.disconnect(rec.swapped)
        player.close()
        app.bridge.use_silence("no audio")
        figures = latency_figures(played, captures, rec.probes, live.name, self.loopback.period, live.rate, ins, outs)
        figures["dac_ahead_ms_p50"] = 1000 * statistics.median(dac_ahead) if dac_ahead else float("nan")
        return figures


def click_samples(rate: int) -> Any:
    """A kick-like thump: CLICK_HZ at full scale for CLICK_SECONDS, 1 ms fade in, stereo float32.

    It lasts longer than a frame on purpose: each frame analyses only the newest 1024 samples
    (23 ms), so a 2 ms click landing early in a longer frame interval is never analysed at all."""
    import numpy as np

    n = int(rate * CLICK_SECONDS)
    t = np.arange(n) / rate
    wave = 0.9 * np.sin(2 * np.pi * CLICK_HZ * t) * np.minimum(t / 0.001, 1.0)
    return np.repeat(wave.astype(np.float32)[:, None], 2, axis=1)


def latency_figures(played: list[float], captures: list[float], probes: list[Probe], device: str, period: int, rate: int,
                    ins: list[str], outs: list[str]) -> dict[str, Any]:  # fmt: skip
    rows = []
    for t in played:
        window = [p for p in probes if t <= p.rendered <= t + 0.5]
        captured = next((c for c in captures if t - 0.005 <= c <= t + 0.5), None)
        analysed = next((p for p in window if p.bass >= LOUD_BASS), None)
        shown = next((p for p in window if p.bright >= BRIGHT and p.presented is not None), None)
        rows.append({
            "captured_ms": None if captured is None else (captured - t) * 1000,
            "analysed_ms": None if analysed is None else (analysed.rendered - t) * 1000,
            "shown_ms": None if shown is None else (shown.presented - t) * 1000,  # type: ignore[operator]
        })  # fmt: skip
    shown = [r["shown_ms"] for r in rows if r["shown_ms"] is not None]

    def stats(key: str) -> dict[str, float]:
        values = [r[key] for r in rows if r[key] is not None]
        return {"p50": statistics.median(values) if values else float("nan"), "p95": pct(values, 0.95), "max": max(values, default=float("nan"))}

    return {
        "device": device, "jack_period_ms": 1000 * period / rate, "rate": rate, "clicks": len(played), "shown": len(shown),
        "connections": [f"{a} -> {b}" for a, b in zip(outs, ins)], "captured": stats("captured_ms"), "analysed": stats("analysed_ms"),
        "shown_ms": stats("shown_ms"), "rows": rows,
        "probe_bass_max": max((p.bass for p in probes), default=float("nan")), "probe_bright_max": max((p.bright for p in probes), default=float("nan")),
        "probes": len(probes),
        "frame_interval_ms_p50": pct([(b.rendered - a.rendered) * 1000 for a, b in zip(probes, probes[1:])], 0.5),
    }  # fmt: skip


def report(result: dict[str, Any], args: argparse.Namespace) -> list[tuple[str, bool]]:
    f = result["frames"]
    i, paint, cpu = f["interval_ms"], f["paint_ms"], f["paint_cpu_ms"]
    print(f"{result['mode']} {result['window_size'][0]}x{result['window_size'][1]}, GL view {result['view_size'][0]}x{result['view_size'][1]} "
          f"({result['platform']}), render size {result['texsize'][0]}x{result['texsize'][1]}, "
          f"GL: {result['gl'].get('GL_RENDERER', '?')}; load average at start {result['load_average']}")  # fmt: skip
    print(f"streaming {f['seconds']:.1f} s from {result['venue']}: {f['stream_ticks']} ticks, {f['preset_switches']} preset switches, "
          f"last preset {f['preset']!r}")  # fmt: skip
    print(f"  presented frames: {f['frames']} = {f['fps']:.1f} fps; frame interval p50 {i['p50']:.1f} ms, p5 {i['p5']:.1f}, "
          f"p95 {i['p95']:.1f}, p99 {i['p99']:.1f}, max {i['max']:.1f} ms")  # fmt: skip
    print(f"  dropped vs the screen's {f['refresh_hz']:.0f} Hz: {f['dropped']} of {f['refreshes']} refreshes got no new frame; "
          f"{f['recompositions']} extra swaps without a new frame")  # fmt: skip
    print(f"  paintGL wall p50 {paint['p50']:.1f} / p99 {paint['p99']:.1f} ms, its main-thread CPU p50 {cpu['p50']:.1f} / p99 {cpu['p99']:.1f} ms")
    print(f"  main-thread CPU per presented frame {f['main_cpu_ms_per_frame']:.1f} ms (everything the GUI thread did); "
          f"process CPU (all threads) {f['process_cpu_ms_per_frame']:.1f} ms/frame; other processes {f['other_cpu_pct']:.0f}% of a core")  # fmt: skip
    checks = [
        (f"the stream drove the visuals ({f['stream_ticks']} ticks, {f['frames']} frames)", f["stream_ticks"] > 0 and f["frames"] > 10),
        (f"fps at {result['view_size'][0]}x{result['view_size'][1]} >= {TARGET_FPS:g} (got {f['fps']:.1f})", f["fps"] >= TARGET_FPS),
    ]
    lat = result.get("latency")
    if lat is not None:
        s, c, a = lat["shown_ms"], lat["captured"], lat["analysed"]
        print(f"live input latency, {lat['clicks']} clicks through JACK (dummy backend, period {lat['jack_period_ms']:.1f} ms, {lat['rate']} Hz; "
              f"{', '.join(lat['connections'])}), input {lat['device']!r}:")  # fmt: skip
        print(f"  click played -> captured p50 {c['p50']:.1f} ms; -> analysed in a frame p50 {a['p50']:.1f} / p95 {a['p95']:.1f} ms; "
              f"-> shown (frame presented) p50 {s['p50']:.1f} / p95 {s['p95']:.1f} / max {s['max']:.1f} ms; {lat['shown']}/{lat['clicks']} clicks seen; "
              f"probe frame interval p50 {lat['frame_interval_ms_p50']:.1f} ms; PortAudio puts the DAC {lat['dac_ahead_ms_p50']:.1f} ms after the output callback")  # fmt: skip
        checks += [
            (f"every click showed ({lat['shown']}/{lat['clicks']})", lat["shown"] == lat["clicks"] and lat["clicks"] > 0),
            (f"latency median <= {TARGET_LATENCY_MEDIAN_MS:g} ms (got {s['p50']:.1f})", s["p50"] <= TARGET_LATENCY_MEDIAN_MS),
            (f"latency p95 <= {TARGET_LATENCY_P95_MS:g} ms (got {s['p95']:.1f})", s["p95"] <= TARGET_LATENCY_P95_MS),
        ]
    elif "latency_skipped" in result:
        print(f"live input latency: not measured: {result['latency_skipped']}")
        checks.append((f"latency measured ({result['latency_skipped']})", False))
    return checks


def run(args: argparse.Namespace) -> int:
    from bench.jack_loopback import JackLoopback, LoopbackError

    if "sounddevice" in sys.modules:
        print("phosphene bench app: sounddevice was loaded before JACK started; run it as its own command", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="phosphene-bench-app-"))
    os.environ["PHOSPHENE_CONFIG_DIR"] = str(scratch / "config")  # a fresh viewer: registers, no saved layout
    result: dict[str, Any] = {"load_average": " ".join(f"{v:.2f}" for v in os.getloadavg())}
    loopback = None
    if args.clicks > 0:
        loopback = JackLoopback(period=args.jack_period, log=scratch / "jackd.log")
        try:
            loopback.start()
        except LoopbackError as exc:
            result["latency_skipped"] = str(exc)
            loopback = None
    from app.bundled_server import answers
    from app.main import AppOptions
    from app.main import run as run_app

    url = args.venue
    if url is None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    result["venue"] = url + ("" if args.venue else " (bundled server, started by the app)")
    if args.venue and not answers(url):
        print(f"phosphene bench app: no venue answers at {url}", file=sys.stderr)
        return 2
    bench = Bench(args, loopback)
    width, height = args.size
    options = AppOptions(demo=True, venue_url=url, venue_data=scratch / "venue", texsize=args.texsize or args.size,
                         display_size=(width, height) if args.stage else (max(1920, width + 800), max(1080, height + 300)),
                         driver=bench.drive)  # fmt: skip
    try:
        code = run_app(options)
    finally:
        if loopback is not None:
            if "sounddevice" in sys.modules:  # PortAudio's JACK client must close before its server goes
                sys.modules["sounddevice"]._terminate()
            loopback.stop()
    result.update(bench.result)
    if "frames" not in result:
        print(f"phosphene bench app: the app exited ({code}) before the figures were taken", file=sys.stderr)
        return 1
    checks = report(result, args)
    for text, ok in checks:
        print(("ok     " if ok else "FAILED ") + text)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.json}")
    failed = sum(1 for _, ok in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 0 if failed == 0 and code == 0 else 1
