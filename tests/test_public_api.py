"""The public API is what ``__all__`` says, and the layering rules of docs/architecture hold."""

from __future__ import annotations

import ast
from pathlib import Path
from types import ModuleType

import custodes

SRC = Path(custodes.__file__).parent


def test_all_is_sorted_and_complete() -> None:
    assert custodes.__all__ == sorted(custodes.__all__)
    for name in custodes.__all__:
        assert hasattr(custodes, name), name
    exported = {n for n, v in vars(custodes).items() if not n.startswith("_") and not isinstance(v, ModuleType)}
    assert exported == set(custodes.__all__) - {"__version__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_pure_modules_import_no_storage_web_or_cli() -> None:
    """model.py files, geo/ and the pure ledger modules depend on nothing outward."""
    pure = [*SRC.glob("*/model.py"), *SRC.glob("geo/*.py"),
            *[SRC / "ledger" / n for n in ("entry.py", "merkle.py", "layout.py", "note.py")]]
    outward = ("sqlalchemy", "custodes.storage", "custodes.web", "custodes.cli", "fastapi", "typer")
    bad = {str(p.relative_to(SRC)): sorted(i for i in _imports(p) if i.startswith(outward))
           for p in pure if p.exists()}
    assert not {k: v for k, v in bad.items() if v}
