"""The shape of the sources: no runtime ``assert`` in src/ (they vanish under ``python -O``; raise a named error
or narrow the type instead), no module over 400 lines (migrations aside), a docstring on every public use case."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "custodes"
MODULES = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.relative_to(SRC).parts)
MAX_LINES = 400


def _name(p: Path) -> str:
    return p.relative_to(SRC.parent).as_posix()


def test_the_scan_sees_the_package() -> None:
    assert len(MODULES) > 100 and any(p.name == "app.py" for p in MODULES)


def test_no_runtime_assert() -> None:
    found = [f"{_name(p)}:{node.lineno}" for p in MODULES
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"), filename=str(p)))
             if isinstance(node, ast.Assert)]
    assert not found, f"runtime asserts (raise a custodes.errors error or narrow the type): {found}"


def test_no_module_over_400_lines() -> None:
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    big = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines; split them by what they hold: {big}"


def test_every_public_use_case_has_a_docstring() -> None:
    """Public functions of */service.py and public methods of their *Service classes say what they do."""
    missing = []
    for p in sorted(SRC.glob("*/service.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in tree.body:
            members = [(node.name, node)] if isinstance(node, ast.FunctionDef) else [
                (f"{node.name}.{m.name}", m) for m in node.body if isinstance(m, ast.FunctionDef)
            ] if isinstance(node, ast.ClassDef) and node.name.endswith("Service") else []
            missing += [f"{_name(p)}:{q}" for q, f in members
                        if not f.name.startswith("_") and ast.get_docstring(f) is None]
    assert not missing, f"public use cases without a docstring: {missing}"
