"""The shape of a Know-your-meter page (no Flet): blocks of Dutch text marked ``K_`` for the
"knowledge" catalog, the seed sentences it follows, and the name of its icon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "bullets", "steps"]


def K_(message: str) -> str:
    """Marks a Dutch source string of the "knowledge" domain; translated later, when a page is built."""
    return message


@dataclass(frozen=True)
class Source:
    seed: str  # "000".."004": the seed document <seed>_*.txt
    quote: str  # a sentence of that document, verbatim (Dutch)
    where: str = ""  # a place in the document, e.g. "Vraag 6"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    items: tuple[str, ...]  # one item for a paragraph
    heading: str | None = None
    #: Our own example, not from the seed: the UI labels it ("our example").
    ours: bool = False


@dataclass(frozen=True)
class PageSpec:
    id: str
    #: A Material icon by name (``ft.Icons.<icon>``): the data stays free of Flet; a test checks it exists.
    icon: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]


def p(text: str, *, ours: bool = False) -> Block:
    return Block("paragraph", (text,), ours=ours)


def bullets(*items: str, heading: str | None = None, ours: bool = False) -> Block:
    return Block("bullets", tuple(items), heading, ours)


def steps(*items: str, heading: str | None = None) -> Block:
    return Block("steps", tuple(items), heading)


__all__ = ["K_", "Block", "BlockKind", "PageSpec", "Source", "bullets", "p", "steps"]
