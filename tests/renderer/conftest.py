"""Make the source ``renderer`` package importable when pytest is started as ``.venv/bin/pytest``.

Then ``tests/`` (rootdir conftest) is on ``sys.path`` but the repository root is not, and
``renderer`` would resolve to the namespace directory ``tests/renderer``; a regular package
anywhere on the path wins over a namespace portion, so appending the root is enough.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))
