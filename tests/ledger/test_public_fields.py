"""What each journal kind publishes in clear, pinned by a reviewed snapshot (tests/ledger/public_fields.txt).

Changing what a kind publishes changes the snapshot: regenerate it with ``CUSTODES_UPDATE_SNAPSHOT=1 pytest
tests/ledger/test_public_fields.py`` and review the diff like code. The static check below finds every kind the
source journals under a literal name, so a new kind cannot be journalled without a declaration.
"""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
from pathlib import Path

import pytest

import custodes
from custodes.errors import ConfigError
from custodes.ledger.disclosure import DisclosurePolicy, KindRule, declared

SNAPSHOT = Path(__file__).with_name("public_fields.txt")
SRC = Path(custodes.__file__).parent
# every module, so that every declaration has run (a module declares its kinds when it is imported)
for _m in pkgutil.walk_packages(custodes.__path__, "custodes."):
    if ".migrations" not in _m.name and not _m.name.endswith("__main__"):
        importlib.import_module(_m.name)
KIND = re.compile(r"^[a-z]+\.[a-z_]+$")


def _snapshot() -> str:
    lines = ["# kind: fields published in clear [coarse fields a profile may publish] (record family if shared)"]
    for kind, rule in sorted(declared().items()):
        if kind.startswith("test."):
            continue
        line = f"{kind}: {', '.join(sorted(rule.public))}"
        if rule.coarse:
            line += f" [coarse: {', '.join(sorted(rule.coarse))}]"
        if rule.record != kind:
            line += f" (record {rule.record})"
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_public_fields_match_the_reviewed_snapshot() -> None:
    now = _snapshot()
    if os.environ.get("CUSTODES_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(now, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == now, (
        "what a journal kind publishes changed; review it and regenerate tests/ledger/public_fields.txt")


def _journalled_literals() -> set[str]:
    """Kinds the source appends under a literal name: ``append("k.x", ...)``, ``PendingEntry("k.x", ...)``, and
    the values of the ``{action: kind}`` tables that some services journal through."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                value = node.args[0].value
                if name in {"append", "PendingEntry", "_save_site", "_journal"} and isinstance(value, str) \
                        and KIND.match(value):
                    found.add(value)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in {"_STEP_KIND", "_KINDS"}
                                                    for t in node.targets) and isinstance(node.value, ast.Dict):
                found |= {v.value for v in node.value.values if isinstance(v, ast.Constant)}
    return found


def test_every_kind_the_source_journals_is_declared() -> None:
    literals = _journalled_literals()
    assert len(literals) > 50
    assert sorted(literals - set(declared())) == []


def test_the_profile_may_seal_more_never_publish_more() -> None:
    rules = {"x.site": KindRule("x.site", frozenset({"id", "name"}), frozenset({"area_m2"}))}
    assert DisclosurePolicy(rules, sealed={"x.site": ["name"]}).of("x.site").public == {"id"}
    assert DisclosurePolicy(rules, coarse={"x.site": ["area_m2"]}).of("x.site").public == {"id", "name", "area_m2"}
    with pytest.raises(ConfigError, match="never publish more"):
        DisclosurePolicy(rules, coarse={"x.site": ["geometry"]})
    with pytest.raises(ConfigError, match="no journal kind or record family"):
        DisclosurePolicy(rules, delayed={"x.nothing": {"id": 3}})
    delayed = DisclosurePolicy(rules, delayed={"x.site": {"name": 30}}).of("x.site")
    assert delayed.public == {"id", "name"} and dict(delayed.delayed) == {"name": 30}


def test_the_ledger_page_lists_what_each_kind_publishes() -> None:
    page = Path(__file__).parents[2] / "docs" / "ledger.md"
    docs = page.read_text(encoding="utf-8")
    body = SNAPSHOT.read_text(encoding="utf-8").strip()
    if os.environ.get("CUSTODES_UPDATE_SNAPSHOT") == "1":
        marker = "What each kind publishes today (from `tests/ledger/public_fields.txt`):\n\n```\n"
        start = docs.index(marker) + len(marker)
        docs = docs[:start] + body + "\n" + docs[docs.index("```", start):]
        page.write_text(docs, encoding="utf-8")
    assert body in docs, "docs/ledger.md: paste tests/ledger/public_fields.txt into 'What each kind publishes'"
