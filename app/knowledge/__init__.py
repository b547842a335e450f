"""Know your meter: short pages drawn from the seed documents, translated (gettext domain ``knowledge``).

The pages (text, sources, icon) are data in :mod:`app.knowledge.pages`; this module translates them.

    for page in pages("fr"):                         # in the home screen's order
        page.title, page.summary
        for block in page.blocks:                     # kind "paragraph" / "bullets" / "steps"
            block.heading, block.items, block.ours    # ours: label it "our example"
        for source in page.sources:                   # seed number + the Dutch sentence, untranslated
            source.seed, source.where, source.quote
    page("minimum_supply", "de")
    for_meter("emergency_credit", "electricity")      # page ids to link from a meter's detail

The catalogs are ``locales/<lang>/LC_MESSAGES/knowledge.mo`` beside ``app/``, found relative to this
file (never the working directory), so they are found in a ``flet build`` bundle too. The source strings
are Dutch: an unsupported language, or a missing catalog, gives the Dutch text.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.state.language import DEFAULT, SUPPORTED

from .model import Block, PageSpec, Source
from .pages import FOR_METER, PAGE_IDS, PAGES

DOMAIN = "knowledge"
#: The top-level ``locales/`` folder beside ``app/``.
LOCALES_DIR = Path(__file__).resolve().parent.parent.parent / "locales"


@dataclass(frozen=True)
class Page:
    id: str
    #: A Material icon by name (``ft.Icons.<icon>``).
    icon: str
    language: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    #: Untranslated: the seed sentences the page follows (Dutch).
    sources: tuple[Source, ...]


@lru_cache(maxsize=None)
def catalog(language: str) -> gettext.NullTranslations:
    """The "knowledge" catalog of a language; Dutch (the source strings) when there is none."""
    if language not in SUPPORTED:
        language = DEFAULT
    try:
        return gettext.translation(DOMAIN, localedir=str(LOCALES_DIR), languages=[language])
    except OSError:
        return gettext.NullTranslations()


def _translate(spec: PageSpec, language: str) -> Page:
    tr = catalog(language).gettext
    return Page(
        id=spec.id,
        icon=spec.icon,
        language=language if language in SUPPORTED else DEFAULT,
        title=tr(spec.title),
        summary=tr(spec.summary),
        blocks=tuple(
            Block(b.kind, tuple(tr(item) for item in b.items), tr(b.heading) if b.heading else None, b.ours)
            for b in spec.blocks
        ),
        sources=spec.sources,
    )


@lru_cache(maxsize=None)
def _pages(language: str) -> tuple[Page, ...]:
    return tuple(_translate(spec, language) for spec in PAGES)


def pages(language: str = DEFAULT) -> list[Page]:
    """Every page in ``language`` (nl, fr, de, en; anything else: nl), in the home screen's order."""
    return list(_pages(language if language in SUPPORTED else DEFAULT))


def page(page_id: str, language: str = DEFAULT) -> Page:
    """One page; KeyError for an unknown id."""
    for p in pages(language):
        if p.id == page_id:
            return p
    raise KeyError(page_id)


def for_meter(status: str, energy: str) -> tuple[str, ...]:
    """Page ids to link from a meter's detail, most relevant first (meter status as the API gives it)."""
    return FOR_METER.get((status, energy), ("paying", "emergency_credit"))


__all__ = ["DOMAIN", "FOR_METER", "LOCALES_DIR", "PAGES", "PAGE_IDS", "Block", "Page", "Source", "catalog", "for_meter", "page", "pages"]
