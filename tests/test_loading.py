"""A command loads only what it uses: ``import custodes`` and ``custodes --help`` stay light.

Each check runs in a fresh interpreter and looks at ``sys.modules`` afterwards (never at a clock).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: libraries that only some commands need; none of them may load with the package or the command list
HEAVY = ("shapely", "pyproj", "rustworkx", "hxl", "alembic", "argon2", "matplotlib", "weasyprint", "fastapi",
         "numpy")
#: what ``custodes status`` must do without: the geometry libraries
GEOMETRY = ("shapely", "pyproj")
SRC = Path(__file__).resolve().parents[1] / "src"


def loaded_after(code: str, *, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages imported once ``code`` has run in a fresh interpreter."""
    probe = (f"import sys, json\ntry:\n{''.join('    ' + line + chr(10) for line in code.splitlines())}"
             "except SystemExit:\n    pass\n"
             "sys.stdout.flush()\nprint('\\n@@' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               **(env or {})}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    return set(json.loads(done.stdout.rsplit("\n@@", 1)[1]))


def test_import_custodes_loads_no_heavy_library() -> None:
    loaded = loaded_after("import custodes")
    assert "custodes" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_a_public_name_still_loads_on_first_use() -> None:
    import custodes

    assert custodes.Custodes.__name__ == "Custodes"
    assert "Custodes" in dir(custodes)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = custodes.nope
