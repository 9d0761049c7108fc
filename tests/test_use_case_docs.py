"""Every public use case says in one line what it does: each public method of a service, reader or the aid
wiring (classes named ``*Service``, ``*Services``, ``*Reads``, ``*Reader``, ``Notifier``, ``Planner``, ``Reveals``)
has a docstring."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "custodes"
SUFFIXES = ("Service", "Services", "Reads", "Reader", "Notifier", "Planner", "Reveals")


def test_every_public_use_case_has_a_docstring() -> None:
    seen, missing = 0, []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("web/", "cli/", "storage/migrations/")):
            continue
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(cls, ast.ClassDef) and cls.name.endswith(SUFFIXES) and not cls.name.startswith("_"):
                for f in cls.body:
                    if isinstance(f, ast.FunctionDef) and not f.name.startswith("_"):
                        seen += 1
                        if not ast.get_docstring(f):
                            missing.append(f"{rel}: {cls.name}.{f.name}")
    assert seen > 150  # the scan reaches the use cases
    assert not missing, "give these use cases a one-line docstring:\n" + "\n".join(missing)
