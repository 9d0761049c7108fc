"""Deterministic ACLED-format sample rows (for tests, the benchmark and the docs); labelled as samples.

Events are generated, not real: actors are neutral placeholders and notes say "generated sample".
Places are real Gaza localities with approximate coordinates, as ACLED codes events at named places.
"""

from __future__ import annotations

import datetime as dt
import random

from custodes.incidents.acled import COLUMNS
from custodes.incidents.model import ACTOR_TYPES, EVENT_TYPES, disorder_type, interaction

__all__ = ["PLACES", "sample_rows"]

#: (location, lat, lon, admin2 as ACLED writes it) - approximate centres of Gaza localities
PLACES: tuple[tuple[str, float, float], ...] = (
    ("Gaza City", 31.5017, 34.4668), ("Shujaiyya", 31.4960, 34.4870), ("Zeitoun", 31.4880, 34.4500),
    ("Tal al-Hawa", 31.5050, 34.4390), ("Jabalya", 31.5272, 34.4831), ("Beit Lahia", 31.5464, 34.4951),
    ("Beit Hanoun", 31.5369, 34.5350), ("Deir al-Balah", 31.4180, 34.3500), ("Nuseirat", 31.4497, 34.3925),
    ("Bureij", 31.4397, 34.4039), ("Maghazi", 31.4206, 34.3836), ("Khan Younis", 31.3462, 34.3063),
    ("Bani Suheila", 31.3433, 34.3256), ("Abasan al-Kabira", 31.3225, 34.3447), ("Rafah", 31.2969, 34.2436),
    ("Tal as-Sultan", 31.3110, 34.2350),
)


def sample_rows(n: int, seed: int = 2803, start: dt.date = dt.date(2025, 11, 17), days: int = 365,
                prefix: str = "SMP") -> list[list[str]]:
    """``n`` ACLED rows (no header), the same for the same arguments; admin fields left blank to be filled."""
    rng = random.Random(seed)
    types = [(e, s) for e, subs in EVENT_TYPES.items() for s in subs]
    rows: list[list[str]] = []
    for i in range(n):
        et, sub = rng.choice(types)
        i1 = rng.choice(list(ACTOR_TYPES))
        i2 = rng.choice([None, *ACTOR_TYPES])
        day = start + dt.timedelta(days=rng.randrange(days))
        place, lat, lon = rng.choice(PLACES)
        vals = {
            "event_id_cnty": f"{prefix}{i + 1}", "event_date": day.isoformat(), "year": str(day.year),
            "time_precision": str(rng.choice((1, 1, 1, 2))), "disorder_type": disorder_type(et, sub),
            "event_type": et, "sub_event_type": sub, "actor1": f"Sample actor {ACTOR_TYPES[i1]}",
            "assoc_actor_1": "", "inter1": str(i1), "actor2": "" if i2 is None else f"Sample actor {ACTOR_TYPES[i2]} B",
            "assoc_actor_2": "", "inter2": "" if i2 is None else str(i2), "interaction": str(interaction(i1, i2)),
            "civilian_targeting": "Civilian targeting" if et == "Violence against civilians" else "",
            "iso": "275", "region": "Middle East", "country": "Palestine", "admin1": "", "admin2": "", "admin3": "",
            "location": place, "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
            "geo_precision": str(rng.choice((1, 1, 2))), "source": "Generated sample", "source_scale": "Other",
            "notes": f"Generated sample event {i + 1}; not a real event.",
            "fatalities": str(rng.choice((0, 0, 0, 1, 2))),
            "tags": "sample", "timestamp": "1764000000",
        }
        rows.append([vals[c] for c in COLUMNS])
    return rows
