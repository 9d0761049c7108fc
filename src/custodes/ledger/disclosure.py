"""What each journal entry kind publishes in clear; everything else is sealed (pure).

The public log is built from an allowlist. Each kind declares, next to the use case that journals it, the
fields it publishes (:func:`publishes`); every other field of its record enters the log only as a salted
commitment ``{"commit": "sha256:<hex>"}``, an empty field included, so that absence is not visible. A kind
nobody declared publishes nothing. The profile may seal more (``disclosure.sealed``), delay a declared field
(``disclosure.delayed``: committed now, revealed after N days by a ``ledger.field_revealed`` entry), or publish a
field the code names as a deliberate coarse figure (``disclosure.coarse``); it can never publish anything else.

Paths name fields: ``name`` is a top-level field with all it holds, ``name.en`` a field inside a mapping,
``rows[]`` every item of a list and ``rows[].date`` a field inside each item.

>>> rule = KindRule("x.filed", frozenset({"id", "place.pcode"}))
>>> policy = DisclosurePolicy({"x.filed": rule})
>>> d = policy.of("x.filed")
>>> sorted(d.public), dict(d.delayed)
(['id', 'place.pcode'], {})
>>> policy.of("x.unknown").public
frozenset()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from custodes.errors import ConfigError

__all__ = [
    "REVEAL_KIND",
    "Disclosure",
    "DisclosurePolicy",
    "KindRule",
    "declared",
    "public_tree",
    "publishes",
]

#: the entry that opens a delayed field's commitment (its value and salt), written once its days have passed
REVEAL_KIND = "ledger.field_revealed"


@dataclass(frozen=True, slots=True)
class KindRule:
    """A kind's declaration: the paths it publishes, those it may publish as coarse figures if a profile says
    so, the record family it describes (kinds of one family share delayed fields), and the public fields computed
    from the whole record (a row hash), which are sealed as soon as the profile seals or delays any field."""

    kind: str
    public: frozenset[str]
    coarse: frozenset[str] = frozenset()
    record: str = ""
    derived: frozenset[str] = frozenset()


_RULES: dict[str, KindRule] = {}


def publishes(kind: str, *public: str, coarse: Iterable[str] = (), record: str = "",
              derived: Iterable[str] = ()) -> str:
    """Declare the fields ``kind`` publishes in clear; returns ``kind`` (so a module can name it once).

    Declaring one kind twice with different fields is a programming error, refused at import."""
    rule = KindRule(kind, frozenset(public) | frozenset(derived), frozenset(coarse), record or kind,
                    frozenset(derived))
    old = _RULES.get(kind)
    if old is not None and old != rule:
        raise ConfigError(f"journal kind {kind!r} is declared twice with different public fields")
    _RULES[kind] = rule
    return kind


def declared() -> Mapping[str, KindRule]:
    """Every kind declared so far (the modules that journal them must have been imported)."""
    return MappingProxyType(_RULES)





@dataclass(frozen=True, slots=True)
class Disclosure:
    """One kind's rule once the profile is applied: the paths published now, and the public paths that are
    sealed now and revealed after a number of days."""

    public: frozenset[str]
    delayed: Mapping[str, int] = field(default_factory=dict)


def _under(path: str, paths: Iterable[str]) -> bool:
    """``path`` is one of ``paths`` or lies inside one of them."""
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[]") for p in paths)


def _without(public: frozenset[str], sealed: Iterable[str], kind: str) -> frozenset[str]:
    """``public`` less the paths at or under each of ``sealed``; a sealed path strictly inside a public one
    cannot be carved out of it, and is refused."""
    sealed = tuple(sealed)
    for s in sealed:
        outer = [p for p in public if s != p and _under(s, [p])]
        if outer:
            raise ConfigError(f"{kind}: {s} lies inside the public field {outer[0]}; seal {outer[0]} as a whole")
    return frozenset(p for p in public if not _under(p, sealed))


class DisclosurePolicy:
    """The code's declarations with the profile's additions (more sealed, delayed or coarse fields)."""

    def __init__(self, rules: Mapping[str, KindRule] | None = None, *,
                 sealed: Mapping[str, Iterable[str]] | None = None,
                 coarse: Mapping[str, Iterable[str]] | None = None,
                 delayed: Mapping[str, Mapping[str, int]] | None = None) -> None:
        self.rules = _RULES if rules is None else dict(rules)  # the live registry by default
        self.sealed = {k: frozenset(v) for k, v in (sealed or {}).items()}
        self.coarse = {k: frozenset(v) for k, v in (coarse or {}).items()}
        self.delayed = {k: dict(v) for k, v in (delayed or {}).items()}
        for kind, paths in self.coarse.items():
            allowed = self.rules[kind].coarse if kind in self.rules else frozenset()
            extra = sorted(set(paths) - allowed)
            if extra:
                raise ConfigError(f"disclosure.coarse.{kind}: {', '.join(extra)} is not a coarse field the code "
                                  f"declares for {kind} ({', '.join(sorted(allowed)) or 'none'}); a profile may "
                                  "seal more, never publish more")
        families = {r.record for r in self.rules.values()} | set(self.rules)
        for key, fields in self.delayed.items():
            if key not in families:
                raise ConfigError(f"disclosure.delayed.{key}: no journal kind or record family of that name")
            for name, days in fields.items():
                if not isinstance(days, int) or isinstance(days, bool) or days < 1:
                    raise ConfigError(f"disclosure.delayed.{key}.{name}: give a whole number of days (1 or more)")
        self._cache: dict[str, Disclosure] = {}
        self._trees: dict[tuple[str, frozenset[str]], Any] = {}

    def of(self, kind: str) -> Disclosure:
        """The rule for ``kind`` (unknown kinds publish nothing)."""
        got = self._cache.get(kind)
        if got is not None:
            return got
        rule = self.rules.get(kind)
        if rule is None:
            got = Disclosure(frozenset())
        else:
            public = rule.public | self.coarse.get(kind, frozenset())
            public = _without(public, self.sealed.get(kind, frozenset()), kind)
            delays = {**self.delayed.get(rule.record, {}), **self.delayed.get(kind, {})}
            delayed = {p: d for p, d in delays.items() if p in public}
            if self.sealed.get(kind) or delayed:  # a hash of the whole record would expose what is sealed
                public = public - rule.derived
            got = Disclosure(public, MappingProxyType(delayed))
        self._cache[kind] = got
        return got

    def tree(self, kind: str, extra: frozenset[str] = frozenset()) -> Any:
        """The compiled allowlist an entry of ``kind`` is sealed with now: its public paths less the delayed
        ones and ``extra`` (fields a call seals besides)."""
        key = (kind, extra)
        got = self._trees.get(key)
        if got is None:
            d = self.of(kind)
            got = public_tree(_without(_without(d.public, d.delayed, kind), extra, kind))
            if len(self._trees) < 4096:
                self._trees[key] = got
        return got

    def extra_sealed(self, kind: str) -> frozenset[str]:
        """The profile's own additions to what ``kind`` seals."""
        return self.sealed.get(kind, frozenset())


#: a compiled allowlist: a mapping from a key (or ``[]``) to the subtree below it; ``True`` is "all public"
Tree = Mapping[str, "Tree | bool"]


def public_tree(paths: Iterable[str]) -> dict[str, Any]:
    """Compile paths into a tree for :func:`custodes.ledger.entry.seal_allowlist`.

    >>> public_tree(["id", "rows[].date", "name.en"])
    {'id': True, 'name': {'en': True}, 'rows': {'[]': {'date': True}}}
    """
    root: dict[str, Any] = {}
    for path in sorted(paths):
        node = root
        parts = [p for p in path.replace("[]", ".[]").split(".") if p]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            cur = node.get(part)
            if cur is True:
                break
            if last:
                node[part] = True
            else:
                node = node.setdefault(part, {})
    return dict(sorted(root.items()))
