"""The visualizer widget: a QOpenGLWidget whose context moderngl draws the show into.

``initializeGL`` wraps Qt's context with ``moderngl.create_context()`` and builds the ``Show``;
``paintGL`` wraps the widget's default framebuffer and renders one frame into it. Preset
switches are queued and applied in ``paintGL`` (the GL objects must be built with the context
current). A timer asks for a repaint every ``interval_ms``; on llvmpipe frames take longer and
Qt simply coalesces the requests. ``preload`` (any thread) sends an upcoming preset's shaders to
the show's warm-up helper process, which the view starts with its first context.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import moderngl
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from renderer.audio.frame_audio import FrameAudio
from renderer.gl.warmup import ShaderWarmer
from renderer.show import PreparedPreset, Show

AudioProvider = Callable[[float], FrameAudio]
FrameProbe = Callable[[moderngl.Framebuffer, FrameAudio], None]


class GLView(QOpenGLWidget):
    frame_rendered = Signal(float)  # fps (smoothed)
    preset_applied = Signal(str, list)  # name, errors reported while building
    gl_failed = Signal(str)

    def __init__(
        self, texsize: tuple[int, int] = (640, 360), interval_ms: int = 16, preload_shaders: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.texsize = texsize
        self.preload_shaders = preload_shaders
        self.warmer: ShaderWarmer | None = None
        self.preloads: dict[str, int | None] = {}  # preset name -> warm-up token (None: no helper)
        self._preload_lock = threading.Lock()
        self._preload_waiting: list[PreparedPreset] = []  # asked for before the show existed
        self.frame_probe: FrameProbe | None = None  # measurement hook: runs after each rendered frame
        self.last_paint_s = self.last_paint_cpu_s = 0.0  # wall and main-thread CPU of the last paintGL
        self.ctx: moderngl.Context | None = None
        self.show_engine: Show | None = None
        self.audio_provider: AudioProvider = lambda fps: FrameAudio()
        self.frames = 0
        self.fps = 0.0
        self.gl_info: dict[str, str] = {}
        self._pending: tuple[PreparedPreset, float] | None = None
        self._last_prepared: PreparedPreset | None = None
        self.contexts_created = 0
        self._last = time.perf_counter()
        self.setMinimumSize(160, 90)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.update)
        self._timer.start()

    # -- API ------------------------------------------------------------------------------

    def queue_preset(self, prepared: PreparedPreset, blend_seconds: float) -> None:
        """Switch at the next frame (the GL work happens in paintGL)."""
        self._pending = (prepared, blend_seconds)
        self.update()

    @property
    def current_name(self) -> str | None:
        engine = self.show_engine
        return engine.current.prepared.name if engine is not None and engine.current is not None else None

    def preload(self, prepared: PreparedPreset) -> int | None:
        """Warm ``prepared``'s shaders in the helper process (safe from any thread; never blocks on GL)."""
        with self._preload_lock:
            engine = self.show_engine
            if engine is None:
                self._preload_waiting.append(prepared)
                return None
            token = engine.preload(prepared)
            self.preloads[prepared.name] = token
            return token

    def is_preloaded(self, name: str) -> bool:
        engine = self.show_engine
        return name in self.preloads and engine is not None and engine.is_preloaded(self.preloads[name])

    def set_paused(self, paused: bool) -> None:
        self._timer.stop() if paused else self._timer.start()

    def grab_image(self) -> QImage:
        return self.grabFramebuffer()

    # -- QOpenGLWidget ------------------------------------------------------------------

    def initializeGL(self) -> None:
        """Also runs again when the widget moves to another top-level window (fullscreen staging):
        Qt then gives it a new context, so the show is rebuilt and the last preset re-applied."""
        self.show_engine = None  # any previous show's GL objects died with the previous context
        if self._pending is None and self._last_prepared is not None:
            self._pending = (self._last_prepared, 0.0)
        self.ctx = self._wrap_current_context()
        if self.ctx is None:
            return
        self.gl_info = {k: str(v) for k, v in self.ctx.info.items() if k in ("GL_RENDERER", "GL_VERSION")}
        if self.preload_shaders and self.warmer is None:
            self.warmer = ShaderWarmer()
        with self._preload_lock:
            self.show_engine = Show(self.ctx, texsize=self.texsize, output_size=self.texsize, seed=0, warmer=self.warmer)
            waiting, self._preload_waiting = self._preload_waiting, []
        for prepared in waiting[-4:]:
            self.preload(prepared)
        self.contexts_created += 1
        self._last = time.perf_counter()

    def _wrap_current_context(self) -> moderngl.Context | None:
        """A new moderngl context over Qt's current one (EGL or GLX, whichever Qt uses).

        ``moderngl.create_context()`` would hand back its cached first context, or try GLX
        detection, which fails under ``xcb_egl``; ``init_context`` always wraps the current one.
        """
        try:
            moderngl.init_context()
            return moderngl.get_context()
        except Exception as exc:  # noqa: BLE001 - the app edge: the GL loader raises bare Exception
            self.gl_failed.emit(f"no OpenGL 3.3 context in the window: {exc}")
            return None

    def paintGL(self) -> None:
        if self.ctx is None or self.show_engine is None:
            return
        started, started_cpu = time.perf_counter(), time.thread_time()
        fbo = self.ctx.detect_framebuffer(self.defaultFramebufferObject())
        ratio = self.devicePixelRatio()
        viewport = (0, 0, max(int(self.width() * ratio), 1), max(int(self.height() * ratio), 1))
        if self._pending is not None:
            prepared, blend = self._pending
            self._pending = None
            self.show_engine.set_preset(prepared, blend_seconds=blend)
            self._last_prepared = prepared
            self.preset_applied.emit(prepared.name, list(prepared.errors))
        now = time.perf_counter()
        dt = min(now - self._last, 0.25)
        self._last = now
        if self.show_engine.current is None:
            fbo.use()
            fbo.clear(0.0, 0.0, 0.0, 1.0)
            return
        audio = self.audio_provider(self.show_engine.fps)
        self.show_engine.render(dt, audio, framebuffer=fbo, viewport=viewport)
        self.last_paint_s, self.last_paint_cpu_s = time.perf_counter() - started, time.thread_time() - started_cpu
        if self.frame_probe is not None:
            self.frame_probe(fbo, audio)
        self.frames += 1
        if dt > 0:
            self.fps = 1.0 / dt if self.fps == 0 else 0.9 * self.fps + 0.1 / dt
        self.frame_rendered.emit(self.fps)

    def release(self) -> None:
        self._timer.stop()
        if self.show_engine is not None and self.ctx is not None:
            self.makeCurrent()
            self.show_engine.release()
            self.doneCurrent()
            self.show_engine = None
        if self.warmer is not None:
            warmer, self.warmer = self.warmer, None
            warmer.close()
