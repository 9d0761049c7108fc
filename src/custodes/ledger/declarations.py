"""The disclosure policy of a mission: what every journal kind publishes (the declarations of the modules that
journal it, :func:`custodes.ledger.disclosure.publishes`) with the profile's sealed, delayed and coarse fields."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from custodes.ledger.disclosure import DisclosurePolicy
from custodes.profiles.model import Profile

__all__ = ["disclosure_policy", "load_declarations"]

#: packages whose modules never declare a journal kind (the edges, and migrations that alembic loads itself)
_NOT_DECLARING = ("custodes.web", "custodes.cli", "custodes.storage.migrations", "custodes.__main__")
_PACKAGE = Path(__file__).resolve().parents[1]


def load_declarations() -> None:
    """Import every module that may declare what a journal kind publishes (all but the web, the CLI and the
    migrations), so that the policy knows every kind before anything is journalled."""
    for module in pkgutil.walk_packages([str(_PACKAGE)], "custodes."):
        if not module.name.startswith(_NOT_DECLARING):
            importlib.import_module(module.name)


def disclosure_policy(profile: Profile) -> DisclosurePolicy:
    """What each journal kind publishes: every module's declarations (:func:`load_declarations`), with the
    profile's sealed, delayed and coarse fields."""
    load_declarations()
    return DisclosurePolicy(sealed=profile.sensitive, coarse=profile.coarse, delayed=profile.delayed)
