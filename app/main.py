"""The app: QApplication + qasync loop, the window and the controllers wired together.

``run(options)`` is what ``phosphene app`` / ``phosphene play`` call. On a machine without a
display it starts Xvfb first (``app.display``). With ``demo`` it starts (or finds) the bundled
venue server, registers, attends the demo concert and plays its stream; ``exit_after`` saves a
screenshot (and optionally a short recording) and quits. ``driver`` (benchmarks) is an async
function given the running ``PhospheneApp`` once the show plays; the app quits when it returns.
"""

from __future__ import annotations

import asyncio
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEMO_SLUG = "phosphene-first-light"
START_TIMEOUT_S = 60.0


@dataclass
class AppOptions:
    demo: bool = False
    exit_after: float | None = None
    screenshot: Path | None = None
    record: Path | None = None
    open_path: Path | None = None
    venue_url: str | None = None
    no_server: bool = False
    venue_data: Path | None = None
    speed: float = 1.0
    texsize: tuple[int, int] | None = None  # render size; default: the user's setting
    display_size: tuple[int, int] = (1280, 800)  # of the Xvfb started when there is no display
    driver: Callable[[Any], Awaitable[None]] | None = None  # given the PhospheneApp once the show plays


def set_default_surface_format() -> None:
    """OpenGL 3.3 core for every GL widget; must run before the QApplication exists."""
    from PySide6.QtGui import QSurfaceFormat

    fmt = QSurfaceFormat()
    fmt.setVersion(3, 3)
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setSwapInterval(0)
    QSurfaceFormat.setDefaultFormat(fmt)


def run(options: AppOptions) -> int:
    from app.display import DisplayError, ensure_display

    try:
        display = ensure_display(options.display_size)
    except DisplayError as exc:
        print(f"phosphene app: {exc}", file=sys.stderr)
        return 2
    if display is not None:
        print(f"phosphene app: no display, started Xvfb on {display.display}", flush=True)
    try:
        return _run_qt(options)
    finally:
        if display is not None:
            display.stop()


def _run_qt(options: AppOptions) -> int:
    set_default_surface_format()
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.bundled_server import BundledServer, VenueStartError
    from app.phosphene_app import PhospheneApp
    from app.settings import Settings

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Phosphene")
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    settings = Settings.load()
    if options.texsize is not None:
        settings.texsize = options.texsize
    url = options.venue_url or settings.venue_url
    app = PhospheneApp(settings, speed=options.speed)
    app.window.venue.url.setText(url)
    app.window.show()
    server: BundledServer | None = None
    result = {"code": 0}
    playing = asyncio.Event()  # set once the show is under way (demo: the first stream tick)

    async def start() -> None:
        nonlocal server
        if not options.no_server:
            server = BundledServer(url, options.venue_data)
            try:
                started = await loop.run_in_executor(None, server.start)
                app.window.statusBar().showMessage(("started the bundled venue at " if started else "venue at ") + url, 5000)
            except VenueStartError as exc:
                app.window.venue.status.setText(str(exc))
                print(f"phosphene app: {exc}", file=sys.stderr)
        if options.open_path is None or options.open_path.suffix.lower() != ".compel":
            app.performance.play_entry(app.performance.playlist.next())
        if options.open_path is not None:
            app.open_path(options.open_path)
        elif options.demo:
            if await app.venue.connect(url):
                await app.venue.attend(DEMO_SLUG)
                while app.venue.session is not None and app.venue.session.ticks == 0:
                    await asyncio.sleep(0.05)
            else:
                result["code"] = 1
        elif server is not None:
            await app.venue.connect(url)
        playing.set()

    async def finish() -> None:
        """--exit-after counts from when the show is playing (the demo: from the first tick),
        so a slow server start does not eat the seconds; it gives up waiting after a minute."""
        try:
            await asyncio.wait_for(playing.wait(), START_TIMEOUT_S)
        except TimeoutError:
            print(f"phosphene app: the show did not start within {START_TIMEOUT_S:g} s", file=sys.stderr)
            result["code"] = 1
        if options.driver is not None:
            try:
                await options.driver(app)
            except Exception:  # noqa: BLE001 - reported, and the app still shuts down cleanly
                traceback.print_exc()
                result["code"] = 1
        else:
            await asyncio.sleep(options.exit_after or 0)
        starting.cancel()
        if options.screenshot is not None:
            path = app.save_screenshot(options.screenshot)
            stats = app.frame_stats()
            print(f"phosphene app: screenshot saved to {path.resolve()} ({stats})", flush=True)
        for error in app.venue.errors:
            print(f"phosphene app: venue: {error}", file=sys.stderr)
        if options.record is not None:
            path = await app.save_recording(options.record)
            print(f"phosphene app: recording saved to {path.resolve()}", flush=True)
        qt_app.quit()

    closed = asyncio.Event()
    qt_app.aboutToQuit.connect(closed.set)
    with loop:
        starting = loop.create_task(start())
        if options.exit_after is not None or options.driver is not None:
            loop.create_task(finish())
        loop.run_until_complete(closed.wait())
        loop.run_until_complete(app.shutdown())
    if server is not None:
        server.stop()
    return result["code"]
