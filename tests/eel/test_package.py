import subprocess
import sys

import eel


def test_exported_members_match_all() -> None:
    public = {name for name in dir(eel) if not name.startswith("_") and not isinstance(getattr(eel, name), type(eel))}
    assert set(eel.__all__) == public


def test_eel_imports_no_gl_or_qt() -> None:
    code = "import eel, sys; eel.compile_block('x = 1').python(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('moderngl', 'PySide6', 'numpy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
