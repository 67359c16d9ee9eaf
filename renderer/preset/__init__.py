"""Reading MilkDrop .milk presets into a typed model (no GL, no Qt).

``load_preset(path)`` / ``parse_preset(data)`` give a :class:`Preset`: grouped base values with
MilkDrop 2's defaults, ``base_vars()`` for the per-frame EEL context, four custom waves and
shapes, the code blocks joined as MilkDrop 2 joins them, the warp/comp shader texts, and the
diagnostics collected on the way (bad content never raises).
"""

from .code_blocks import BLOCK_KINDS, CodeBlock
from .custom import ShapeSettings, WaveSettings
from .diagnostics import Diagnostic
from .errors import PresetLoadError
from .loader import load_preset, parse_preset
from .settings import (
    BasicWaveSettings,
    BlurSettings,
    BorderSettings,
    CompositeSettings,
    EchoSettings,
    FeedbackSettings,
    MotionSettings,
    MotionVectorSettings,
)
from .state import Preset

__all__ = [
    "BLOCK_KINDS",
    "BasicWaveSettings",
    "BlurSettings",
    "BorderSettings",
    "CodeBlock",
    "CompositeSettings",
    "Diagnostic",
    "EchoSettings",
    "FeedbackSettings",
    "MotionSettings",
    "MotionVectorSettings",
    "Preset",
    "PresetLoadError",
    "ShapeSettings",
    "WaveSettings",
    "load_preset",
    "parse_preset",
]
