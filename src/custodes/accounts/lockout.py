"""The wrong-password lockout's rules, pure: growing delays per (user name, client address).

Every sign-in attempt is counted *before* its password is checked; once ``threshold`` attempts have been
counted without a success, the next one waits 30 s, then 60 s, 120 s... up to ``cap``. A success clears
the count. The key is the user name *and* the client address, so a stranger elsewhere cannot lock
someone out; a second, looser count per address alone (``per_address``) stops one address spraying
guesses over many names. IPv6 addresses count per /64 (one host usually holds a whole /64).

>>> rule = Lockout(threshold=5, base_seconds=30, cap_seconds=3600)
>>> [rule.delay(n) for n in (1, 4, 5, 6, 7, 20)]
[0, 0, 30, 60, 120, 3600]
>>> address_key("2001:db8:1:2:3:4:5:6"), address_key("10.0.0.7"), address_key("testclient")
('2001:db8:1:2::/64', '10.0.0.7', 'testclient')
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["ADDRESS_WIDE", "Lockout", "address_key"]

#: the user name of the per-address count (a real user name has at least 3 characters)
ADDRESS_WIDE = ""


@dataclass(frozen=True, slots=True)
class Lockout:
    threshold: int = 5  # attempts counted without a success before the first delay
    base_seconds: int = 30  # the first delay; each further failure doubles it
    cap_seconds: int = 3600  # the longest delay
    per_address: int = 30  # the same rule for all names from one address, with this threshold
    forget_seconds: int = 86_400  # a count untouched this long starts again from zero

    def __post_init__(self) -> None:
        if min(self.threshold, self.base_seconds, self.cap_seconds, self.per_address, self.forget_seconds) < 1:
            raise ValueError("every lockout setting is a positive number")

    def delay(self, attempts: int, *, threshold: int | None = None) -> int:
        """Seconds to wait after ``attempts`` counted attempts (0: the next one may go ahead)."""
        over = attempts - (self.threshold if threshold is None else threshold)
        if over < 0:
            return 0
        return int(min(self.cap_seconds, self.base_seconds << min(over, 40)))


def address_key(address: str) -> str:
    """The client address as the lockout counts it: IPv4 as is, IPv6 by its /64, anything else as given."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
