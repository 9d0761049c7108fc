"""The layers, held by reading the source (docs/architecture.md, "Layers"):

- only the composition root's edges (``custodes/__init__``, ``__main__``, web/, cli/) import ``custodes.app``, and
  nothing imports it under TYPE_CHECKING below them either;
- no import cycle among custodes' modules (every import counts: top level, in a function, under TYPE_CHECKING);
- web/ and cli/ reach no store: no ``.store`` or ``.engine`` of the application, no SQLAlchemy, no
  ``custodes.storage``, no domain tables (``custodes.<domain>.store``); they call use cases;
- pages (``custodes.web.ui``) do not import routers.

Each rule was turned on one domain at a time (a list of the violations still to fix, emptied by the redesign of
issue 15); now every violation fails.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import rustworkx

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "custodes"
EDGES = ("custodes.web", "custodes.cli")
ROOTS = ("custodes", "custodes.__main__", "custodes.app")  # these modules, exactly, and the edges
#: what an edge module may not import: the database layer and the domains' tables
STORE_MODULES = ("sqlalchemy", "custodes.storage")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``name`` imports, with the line: ``from a.b import c`` names ``a.b.c`` if that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in MODULES else base), node.lineno


def _domain_tables(target: str) -> bool:
    parts = target.split(".")
    return len(parts) == 3 and parts[0] == "custodes" and parts[2] == "store"


def violations() -> set[str]:
    found: set[str] = set()
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for name, path in MODULES.items():
        edge = _under(name, EDGES)
        for target, _line in _imports(name, path):
            if target in MODULES and target != name:
                graph[name].add(target)
            if target == "custodes.app" and name not in ROOTS and not edge:
                found.add(f"app-import {name}")
            if edge and (_under(target, STORE_MODULES) or _domain_tables(target)):
                found.add(f"store-import {name} {target}")
            if _under(name, ("custodes.web.ui",)) and _under(target, ("custodes.web.routers",)):
                found.add(f"page-imports-router {name} {target}")
        if edge:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(isinstance(n, ast.Attribute) and n.attr in ("store", "engine") for n in ast.walk(tree)):
                found.add(f"store-access {name}")
    # cycles: each module of a strongly connected part of the import graph
    found.update(f"cycle {member}" for component in _cycles(graph) for member in component)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The import graph's strongly connected components of more than one module."""
    g = rustworkx.PyDiGraph()
    ids = {name: g.add_node(name) for name in graph}
    g.add_edges_from_no_data([(ids[a], ids[b]) for a, bs in graph.items() for b in bs if b in ids])
    return [{g[i] for i in c} for c in rustworkx.strongly_connected_components(g) if len(c) > 1]


def test_no_layering_violation() -> None:
    found = sorted(violations())
    assert not found, "layering broken (docs/architecture.md, Layers):\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The cycle finder finds a cycle and the import reader resolves relative and submodule imports."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    mod = tmp_path / "m.py"
    mod.write_text("from custodes import app\nfrom custodes.force import store\nimport sqlalchemy\n")
    assert [t for t, _ in _imports("custodes.web.x", mod)] == ["custodes.app", "custodes.force.store", "sqlalchemy"]


def test_stdlib_agrees_on_cycles() -> None:
    """graphlib sees a cycle in the package exactly when the component finder does."""
    graph = {m: {t for t in ts if t in MODULES} for m, ts in
             ((m, {t for t, _ in _imports(m, p)}) for m, p in MODULES.items())}
    for m in graph:
        graph[m].discard(m)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
        acyclic = True
    except graphlib.CycleError:
        acyclic = False
    assert acyclic == (not _cycles(graph))


if __name__ == "__main__":  # print the current violations
    print("\n".join(sorted(violations())))
    pytest.main([__file__])
