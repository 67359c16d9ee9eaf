"""Make the pixel helpers in ``gl_pixels.py`` importable under ``--import-mode=importlib``
(which, unlike the default mode, puts no test directory on ``sys.path``)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.append(HERE)
