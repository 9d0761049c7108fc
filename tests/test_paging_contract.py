"""The one paging contract (docs/architecture.md, Layers): a use case that takes ``limit`` and ``offset`` returns a
``custodes.paging.Page``, its total counted by the database; nobody fetches everything to slice a page."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select

from custodes.errors import InputError
from custodes.paging import Page
from custodes.storage.paging import fetch_page

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "custodes"
#: a page cut from a list the use case folds in memory from a handful of profile records (one per mandated body)
FOLDED = {("council/service.py", "mandates")}


def _paged_functions() -> list[tuple[str, str, str]]:
    out = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("web/", "cli/", "storage/migrations/")) or rel == "paging.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                names = {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
                if {"limit", "offset"} <= names:
                    out.append((rel, node.name, ast.unparse(node.returns) if node.returns else ""))
    return out


def test_every_paged_use_case_returns_a_page() -> None:
    found = _paged_functions()
    assert len(found) > 20  # the scan sees the use cases
    wrong = [f"{rel}:{name} -> {ret or '?'}" for rel, name, ret in found if not ret.startswith("Page[")]
    assert not wrong, "a use case taking limit and offset returns custodes.paging.Page:\n" + "\n".join(wrong)


def test_no_page_is_cut_from_everything() -> None:
    """No huge limit to fetch all, and no slicing by offset outside the folded lists named above."""
    bad = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        if re.search(r"limit=(10\*\*\d|2\*\*\d\d)", text):
            bad.append(f"{rel}: a limit meant to fetch everything")
        if re.search(r"\[\s*(page\.)?offset\s*:", text) and not any(rel == f for f, _ in FOLDED):
            bad.append(f"{rel}: a page sliced from a list")
    assert not bad, "\n".join(bad)


@pytest.fixture
def numbers() -> tuple[Table, object]:
    engine = create_engine("sqlite://")
    t = Table("n", MetaData(), Column("i", Integer, primary_key=True), Column("odd", Integer))
    t.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(t), [{"i": i, "odd": i % 2} for i in range(1, 108)])
    return t, engine


def test_fetch_page_counts_in_the_database(numbers: tuple[Table, object]) -> None:
    t, engine = numbers
    with engine.connect() as conn:  # type: ignore[attr-defined]
        q = select(t.c.i).where(t.c.odd == 1).order_by(t.c.i)
        first = fetch_page(conn, q, limit=10, offset=0)
        last = fetch_page(conn, q, limit=10, offset=50)
        whole = fetch_page(conn, q, limit=100, offset=0)
    assert [r.i for r in first] == list(range(1, 21, 2)) and first.total == 54
    assert [r.i for r in last] == [101, 103, 105, 107] and last.total == 54
    assert len(whole) == whole.total == 54  # one query when the whole list fits
    assert isinstance(first.map(lambda r: r.i), Page) and first.map(lambda r: r.i).items[0] == 1


@pytest.mark.parametrize(("limit", "offset", "field"), [(0, 0, "limit"), (10_001, 0, "limit"), (5, -1, "offset")])
def test_a_wrong_window_names_its_parameter(numbers: tuple[Table, object], limit: int, offset: int,
                                            field: str) -> None:
    t, engine = numbers
    with engine.connect() as conn, pytest.raises(InputError) as refused:  # type: ignore[attr-defined]
        fetch_page(conn, select(t.c.i).order_by(t.c.i), limit=limit, offset=offset)
    assert refused.value.field == field
