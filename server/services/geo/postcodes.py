"""Belgian postcodes: coordinates and municipality names (nl/fr/de), from server/data/be_postcodes.csv.

The file is derived by scripts/derive_be_postcodes.py (sources and licences in server/data/README.md)
and read relative to this package, never the working directory.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Mapping

LANGUAGES = ("nl", "fr", "de")


@dataclass(frozen=True)
class Postcode:
    postal_code: str
    lat: float
    lon: float
    names: Mapping[str, str] = field(hash=False)  # municipality name by language ("nl", "fr", "de" when known)
    locality: str = ""  # the locality the source names for this code (e.g. "Mariakerke" for 9030)
    municipality_nis: str = ""  # REFNIS code of the municipality
    region: str = ""  # "flanders", "wallonia" or "brussels"
    _folded: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def name(self, language: str = "nl") -> str:
        """The municipality name in a language, falling back to nl, then fr."""
        return self.names.get(language) or self.names.get("nl") or self.names.get("fr") or self.locality


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Rhode-Saint-Genèse' -> 'rhode saint genese'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace("-", " ").replace("'", " ").replace("’", " ").split())


def is_postcode_format(code: str) -> bool:
    """Exactly four ASCII digits, 1000-9999."""
    return (
        isinstance(code, str)
        and len(code) == 4
        and code.isascii()
        and code.isdigit()
        and code[0] != "0"
    )


@functools.cache
def load_postcodes() -> dict[str, Postcode]:
    """Every Belgian postcode with coordinates, by code (read once and cached: do not mutate)."""
    text = resources.files("server").joinpath("data/be_postcodes.csv").read_text(encoding="utf-8")
    result: dict[str, Postcode] = {}
    for row in csv.DictReader(io.StringIO(text)):
        names = {lang: row[f"municipality_{lang}"] for lang in LANGUAGES if row.get(f"municipality_{lang}")}
        locality = row.get("locality", "")
        folded = tuple(dict.fromkeys(_fold(n) for n in (*names.values(), locality) if n))
        result[row["postal_code"]] = Postcode(
            postal_code=row["postal_code"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            names=MappingProxyType(names),
            locality=locality,
            municipality_nis=row.get("municipality_nis", ""),
            region=row.get("region", ""),
            _folded=folded,
        )
    return result


def lookup_postcode(code: str) -> Postcode | None:
    """The postcode, or None when it is malformed or unknown."""
    if not isinstance(code, str):
        return None
    code = code.strip()
    if not is_postcode_format(code):
        return None
    return load_postcodes().get(code)


@dataclass(frozen=True)
class _SearchTable:
    """Every postcode's folded names in one text, postcode after postcode: a query's occurrences are
    found by str.find (in C) and each is mapped to its postcode by the offsets, so a search ranks the
    few postcodes whose names hold the query instead of looking at every name of every postcode."""

    entries: tuple[tuple[str, Postcode], ...]
    text: str  # the names of entry i from starts[i], "\n" between names and between postcodes
    starts: tuple[int, ...]

    def holding(self, q: str) -> list[int]:
        """Indices of the entries one of whose names holds `q` (which holds no newline)."""
        found: list[int] = []
        text, starts = self.text, self.starts
        pos = text.find(q)
        while pos != -1:
            i = bisect.bisect_right(starts, pos) - 1
            found.append(i)
            pos = text.find(q, starts[i + 1]) if i + 1 < len(starts) else -1
        return found


@functools.cache
def _search_table() -> _SearchTable:
    entries = tuple(load_postcodes().items())
    starts, parts, offset = [], [], 0
    for _code, pc in entries:
        part = "\n".join(pc._folded) + "\n"
        starts.append(offset)
        parts.append(part)
        offset += len(part)
    return _SearchTable(entries, "".join(parts), tuple(starts))


def search_municipality(query: str, limit: int = 10) -> list[Postcode]:
    """Postcodes whose municipality (any language) or locality name matches `query`.

    Case- and accent-insensitive. Exact name matches first, then names starting with the query,
    then names holding it elsewhere; within each group by postcode. A 4-digit query is also
    matched as a postcode prefix.
    """
    q = _fold(query or "")
    if not q or limit <= 0:
        return []
    digits = query.strip()
    table = _search_table()
    # Every way a name can match holds `q` somewhere in it; a number also matches postcodes.
    candidates = set(table.holding(q))
    if digits.isdigit():
        candidates.update(i for i, (code, _pc) in enumerate(table.entries) if code.startswith(digits))
    ranked: list[tuple[int, str, Postcode]] = []
    for i in candidates:
        code, pc = table.entries[i]
        rank = (0 if code == digits else 1) if digits.isdigit() and code.startswith(digits) else None
        for name in pc._folded:
            if name == q:
                r = 0
            elif name.startswith(q) or any(word.startswith(q) for word in name.split()):
                r = 1 if name.startswith(q) else 2
            elif q in name:
                r = 3
            else:
                continue
            rank = r if rank is None else min(rank, r)
        if rank is not None:
            ranked.append((rank, code, pc))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [pc for _, _, pc in ranked[:limit]]
