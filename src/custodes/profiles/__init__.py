"""Mission profiles: data file sets (not code) that describe a mission; ``unsc-2803-gaza`` ships by default."""

from custodes.profiles.loader import available_profiles, load_profile
from custodes.profiles.model import Profile

__all__ = ["Profile", "available_profiles", "load_profile"]
