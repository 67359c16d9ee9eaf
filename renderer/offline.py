"""Offline rendering: presets + an audio file -> H.264/AAC MP4 (PyAV) or PNG frames.

A fixed time step (1 / fps) and a seed make the result reproducible frame for frame. Presets are
prepared (compiled, translated) before the frame that shows them, so switches cost only GL builds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from renderer.audio.analysis import AudioAnalyzer
from renderer.audio.file_source import DecodedAudio, decode_audio
from renderer.show import PreparedPreset, Show, prepare_preset


@dataclass(frozen=True)
class RenderSettings:
    size: tuple[int, int] = (1280, 720)
    fps: int = 30
    seconds: float | None = None  # None: the audio's length
    seed: int = 0
    switch_every: float = 0.0  # seconds per preset; 0: one preset the whole time (or an even split)
    blend_seconds: float = 2.0
    texsize: tuple[int, int] | None = None  # internal feedback size; None: the output size
    crf: int = 23
    x264_preset: str = "veryfast"


@dataclass(frozen=True)
class RenderResult:
    frames: int
    seconds: float
    output: Path
    reports: list[dict]


def _even(size: tuple[int, int]) -> tuple[int, int]:
    return (size[0] // 2 * 2, size[1] // 2 * 2)


@dataclass(frozen=True)
class Cue:
    """At ``start`` seconds, switch to ``preset`` (a path, or a ``Preset``) over ``blend`` seconds."""

    start: float
    preset: object
    blend: float = 0.0


def cues_for(presets: Sequence[str | os.PathLike[str]], seconds: float, settings: RenderSettings) -> list[Cue]:
    """A playlist as cues: every ``switch_every`` seconds, or the length split evenly."""
    if not presets:
        raise ValueError("render: no presets given")
    step = settings.switch_every if settings.switch_every > 0 else seconds / len(presets)
    count = max(int(seconds // step) + 1, 1) if step > 0 else 1
    return [Cue(i * step, presets[i % len(presets)], settings.blend_seconds if i else 0.0) for i in range(count) if i * step < seconds or i == 0]


def render_offline(
    presets: Sequence[str | os.PathLike[str]],
    audio_path: str | os.PathLike[str],
    output: str | os.PathLike[str],
    settings: RenderSettings,
    ctx,  # moderngl.Context  # type: ignore[no-untyped-def]
    progress: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render ``presets`` over ``audio_path`` into ``output`` (``.mp4``, or a folder for PNGs)."""
    audio = decode_audio(audio_path)
    seconds = settings.seconds if settings.seconds is not None else audio.seconds
    return render_cues(cues_for(presets, seconds, settings), audio, output, settings, ctx, progress)


def render_cues(
    cues: Sequence[Cue],
    audio: DecodedAudio,
    output: str | os.PathLike[str],
    settings: RenderSettings,
    ctx,  # moderngl.Context  # type: ignore[no-untyped-def]
    progress: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render a preset timeline over decoded audio. Each cue's preset is prepared one cue ahead."""
    if not cues:
        raise ValueError("render: the timeline has no presets")
    seconds = settings.seconds if settings.seconds is not None else audio.seconds
    total = max(int(round(seconds * settings.fps)), 1)
    size = _even(settings.size)
    show = Show(ctx, settings.texsize or size, size, seed=settings.seed)
    analyzer = AudioAnalyzer(audio.sample_rate)
    cue_frames = [int(round(cue.start * settings.fps)) for cue in cues]
    out_path = Path(output)
    to_pngs = out_path.suffix == "" or str(output).endswith(os.sep)
    writer = _PngWriter(out_path) if to_pngs else _Mp4Writer(out_path, size, settings, audio, total)
    upcoming: PreparedPreset | None = prepare_preset(cues[0].preset)  # type: ignore[arg-type]
    index = 0
    try:
        for frame in range(total):
            while index < len(cues) and cue_frames[index] <= frame and upcoming is not None:
                show.set_preset(upcoming, cues[index].blend if show.current is not None else 0.0)
                index += 1
                upcoming = prepare_preset(cues[index].preset) if index < len(cues) else None  # type: ignore[arg-type]
            pcm = audio.frame_slice(frame, settings.fps)
            frame_audio = analyzer.analyze(pcm if len(pcm) else np.zeros((1, 2), np.float32), settings.fps)
            show.render(1.0 / settings.fps, frame_audio)
            writer.write(frame, show.read_output())
            if progress is not None:
                progress(frame + 1, total)
    finally:
        writer.close()
        reports = show.reports
        show.release()
    return RenderResult(total, total / settings.fps, out_path, reports)


class _PngWriter:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def write(self, frame: int, rgb: np.ndarray) -> None:
        from PIL import Image

        Image.fromarray(rgb).save(self.folder / f"frame_{frame:06d}.png", compress_level=1)

    def close(self) -> None:
        pass


class _Mp4Writer:
    """H.264 video plus the soundtrack re-encoded as AAC, muxed into one MP4.

    Encoding runs on a worker thread (libx264 and the AAC encoder release the interpreter), so
    the next frame renders while the last one encodes; a short queue bounds the memory used.
    """

    def __init__(self, path: Path, size: tuple[int, int], settings: RenderSettings, audio: DecodedAudio, frames: int) -> None:
        import queue
        import threading

        import av

        path.parent.mkdir(parents=True, exist_ok=True)
        self.av = av
        self.container = av.open(str(path), mode="w")
        self.video = self.container.add_stream("libx264", rate=settings.fps)
        self.video.width, self.video.height = size
        self.video.pix_fmt = "yuv420p"
        self.video.options = {"crf": str(settings.crf), "preset": settings.x264_preset}
        self.audio = self.container.add_stream("aac", rate=audio.sample_rate)
        self.audio.layout = "stereo"  # type: ignore[union-attr]
        self.pcm = audio.pcm[: int(round(frames / settings.fps * audio.sample_rate))]
        self.sample_rate = audio.sample_rate
        self.audio_written = 0
        self.fps = settings.fps
        self.queue: queue.Queue[tuple[int, np.ndarray] | None] = queue.Queue(maxsize=4)
        self.failure: BaseException | None = None
        self.worker = threading.Thread(target=self._encode_loop, name="phosphene-encode", daemon=True)
        self.worker.start()

    def _encode_loop(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                self._encode(*item)
            self._write_audio_until(len(self.pcm))
            for stream in (self.video, self.audio):
                for packet in stream.encode(None):
                    self.container.mux(packet)
        except BaseException as exc:  # re-raised on the render thread by write()/close()
            self.failure = exc
        finally:
            self.container.close()

    def _write_audio_until(self, sample: int) -> None:
        block = 1024
        while self.audio_written < min(sample, len(self.pcm)):
            chunk = self.pcm[self.audio_written : self.audio_written + block]
            frame = self.av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk.T), format="fltp", layout="stereo")
            frame.sample_rate = self.sample_rate
            frame.pts = self.audio_written
            frame.time_base = Fraction(1, self.sample_rate)
            for packet in self.audio.encode(frame):
                self.container.mux(packet)
            self.audio_written += len(chunk)

    def write(self, frame: int, rgb: np.ndarray) -> None:
        if self.failure is not None:
            raise RuntimeError(f"video encoding failed: {self.failure}") from self.failure
        self.queue.put((frame, rgb))

    def _encode(self, frame: int, rgb: np.ndarray) -> None:
        video_frame = self.av.VideoFrame.from_ndarray(rgb, format="rgb24")
        video_frame.pts = frame
        video_frame.time_base = Fraction(1, self.fps)
        for packet in self.video.encode(video_frame):
            self.container.mux(packet)
        self._write_audio_until(int(round((frame + 1) / self.fps * self.sample_rate)))

    def close(self) -> None:
        self.queue.put(None)
        self.worker.join()
        if self.failure is not None:
            raise RuntimeError(f"video encoding failed: {self.failure}") from self.failure
