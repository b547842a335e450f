"""Share codes: what a household reads out or types to a helper, so it must survive both.

8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V), shown as
XXXX-XXXX. Case, spaces and dashes do not matter when it is typed back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ALPHABET = "ACDEFGHJKMNPQRTWXY3469"
LENGTH = 8
VALIDITY_SECONDS = 24 * 60 * 60
PERMISSIONS = ("view", "prepare_topups")
_SEPARATORS = re.compile(r"[\s\-]+")


def display(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"


def normalise(typed: str) -> str | None:
    """'acde fghj', 'ACDE-FGHJ' -> 'ACDEFGHJ'; None when it cannot be a share code."""
    compact = _SEPARATORS.sub("", typed or "").upper()
    if len(compact) != LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def permissions_text(permissions: Iterable[str]) -> str:
    """Stored form: the known permissions in a fixed order, 'view' always included (a mandate that
    cannot see the account has no use)."""
    chosen = set(permissions) | {"view"}
    return ",".join(p for p in PERMISSIONS if p in chosen)


def permissions_list(text: str) -> list[str]:
    return [p for p in text.split(",") if p]
