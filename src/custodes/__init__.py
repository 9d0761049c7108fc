"""Custodes: runs a stabilisation mission and keeps it accountable in a public, verifiable Merkle log.

The public Python surface is listed in ``__all__`` (sorted; a test checks it).
"""

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
