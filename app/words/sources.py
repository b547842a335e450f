"""The seed documents the app quotes, named by what they are (issue 20: "Bron: document 003" told a
reader nothing). The documents are public and Dutch; each quote beside a line is one of their
sentences."""

from __future__ import annotations

from app.i18n import N_, Translator

TITLES = {
    "000": N_("Fluvius, questions and answers for OCMW social workers"),
    "001": N_("a municipality's page on the budget meter"),
    "002": N_("ORES, support measures during the lockdown"),
    "003": N_("FPS Economy, the social tariff for energy"),
    "004": N_("Infrax, the protected customer"),
}


def source_title(t: Translator, seed: str) -> str:
    """The document's title; an unknown number stays a number rather than a made-up name."""
    title = TITLES.get(seed)
    return t.gettext(title) if title else t.gettext("document {seed}").format(seed=seed)
