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
from typer._click.utils import make_default_short_help

from custodes.cli.main import COMMANDS, main

#: libraries that only some commands need; none of them may load with the package or the command list
HEAVY = ("shapely", "pyproj", "rustworkx", "hxl", "alembic", "argon2", "matplotlib", "weasyprint", "fastapi",
         "numpy")
#: what ``custodes status`` must do without: the geometry libraries
GEOMETRY = ("shapely", "pyproj")
SRC = Path(__file__).resolve().parents[1] / "src"


def loaded_after(code: str, *, env: dict[str, str] | None = None) -> set[str]:
    """The modules imported once ``code`` has run in a fresh interpreter (a SystemExit ends it quietly)."""
    probe = (f"import sys, json\ntry:\n{''.join('    ' + line + chr(10) for line in code.splitlines())}"
             "except SystemExit:\n    pass\n"
             "sys.stdout.flush()\nprint('\\n@@' + json.dumps(sorted(sys.modules)))\n")
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               **(env or {})}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    return set(json.loads(done.stdout.rsplit("\n@@", 1)[1]))


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(names))


def test_import_custodes_loads_no_heavy_library() -> None:
    loaded = loaded_after("import custodes")
    assert "custodes" in loaded
    assert heavy(loaded) == []


def test_help_imports_no_command_module() -> None:
    loaded = loaded_after("from custodes.cli.main import main\nmain(['--help'])")
    assert heavy(loaded) == []
    assert sorted(m for m in loaded if m.startswith("custodes.cli.")) == ["custodes.cli.lazy", "custodes.cli.main"]
    assert "custodes.app" not in loaded and "sqlalchemy" not in loaded


def test_each_static_help_line_is_the_commands_own() -> None:
    for spec in COMMANDS:
        command = spec.load()
        assert command.name == spec.name
        assert make_default_short_help(spec.help, 1000) == command.get_short_help_str(1000), spec.name


def test_a_mistyped_command_is_still_suggested(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["statsu"])
    assert "Did you mean 'status'?" in capsys.readouterr().err


def test_a_public_name_still_loads_on_first_use() -> None:
    import custodes

    assert custodes.Custodes.__name__ == "Custodes"
    assert "Custodes" in dir(custodes)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = custodes.nope


def test_status_loads_no_geometry_library(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    subprocess.run([sys.executable, "-m", "custodes", "--data-dir", data, "init"], check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(SRC)})
    loaded = loaded_after(f"from custodes.cli.main import main\nmain(['--data-dir', {data!r}, 'status'])")
    assert "custodes.mission.service" in loaded
    assert heavy(loaded, GEOMETRY) == []
    assert heavy(loaded) == []


def test_status_counts_every_table_without_the_services() -> None:
    from custodes.ledger.declarations import load_declarations
    from custodes.storage.schema import metadata

    load_declarations()  # every module but the web and the CLI: every table

    code = "from custodes.storage.schema import all_tables\nprint('@@' + ' '.join(sorted(all_tables().tables)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    alone = set(done.stdout.split("@@", 1)[1].split())
    assert alone == {t for t in metadata.tables if not t.startswith("test_")}


def test_the_first_write_knows_every_declared_kind() -> None:
    code = ("from custodes.ledger.declarations import load_declarations\n"
            "from custodes.ledger.disclosure import declared\nload_declarations()\n"
            "print('@@' + ' '.join(sorted(declared())))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    snapshot = (Path(__file__).parent / "ledger" / "public_fields.txt").read_text(encoding="utf-8")
    kinds = {line.split(":", 1)[0] for line in snapshot.splitlines() if line and not line.startswith("#")}
    assert set(done.stdout.split("@@", 1)[1].split()) == kinds
