"""Let ``.venv/bin/pytest tests/renderer/preset`` import the source ``renderer`` package.

Started that way (not ``python -m pytest``), the repository root is not on ``sys.path`` while
``tests/`` is (rootdir conftest), so ``renderer`` would resolve to the namespace directory
``tests/renderer``. A regular package anywhere on the path wins over a namespace portion, so
appending the root is enough. (A ``pythonpath = ["."]`` pytest option would make this redundant.)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))
