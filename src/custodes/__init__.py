"""Custodes: runs a stabilisation mission and keeps it accountable in a public, verifiable Merkle log.

The public Python surface is listed in ``__all__`` (sorted; a test checks it). Importing the package is
light: each name is imported from its module on first use (PEP 562), so that a command that needs only a
few of them does not load the whole application (geometry, graphs, migrations, password hashing).
"""

import importlib
import typing

if typing.TYPE_CHECKING:
    from custodes.app import Custodes, InitResult
    from custodes.errors import (
        ConfigError,
        CustodesError,
        EncodingError,
        IllegalTransition,
        InputError,
        IntegrityError,
        NotFound,
        PermissionDenied,
        ProfileError,
    )
    from custodes.ledger.entry import Entry, encode
    from custodes.profiles import Profile, load_profile
    from custodes.settings import Settings

__all__ = [
    "ConfigError",
    "Custodes",
    "CustodesError",
    "EncodingError",
    "Entry",
    "IllegalTransition",
    "InitResult",
    "InputError",
    "IntegrityError",
    "NotFound",
    "PermissionDenied",
    "Profile",
    "ProfileError",
    "Settings",
    "__version__",
    "encode",
    "load_profile",
]

__version__ = "0.1.0"

#: where each public name lives; imported on first access
_EXPORTS: dict[str, str] = {
    "ConfigError": "custodes.errors",
    "Custodes": "custodes.app",
    "CustodesError": "custodes.errors",
    "EncodingError": "custodes.errors",
    "Entry": "custodes.ledger.entry",
    "IllegalTransition": "custodes.errors",
    "InitResult": "custodes.app",
    "InputError": "custodes.errors",
    "IntegrityError": "custodes.errors",
    "NotFound": "custodes.errors",
    "PermissionDenied": "custodes.errors",
    "Profile": "custodes.profiles",
    "ProfileError": "custodes.errors",
    "Settings": "custodes.settings",
    "encode": "custodes.ledger.entry",
    "load_profile": "custodes.profiles",
}


def __getattr__(name: str) -> typing.Any:
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'custodes' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
