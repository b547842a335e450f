"""A top-up in the meter screen's history: its amount, and one line of when, how and where."""

from __future__ import annotations

from app.api.models import Topup
from app.i18n import N_, Translator

CHANNELS = {  # N_: translated where shown
    "terminal": N_("Top-up terminal"),
    "transfer": N_("Bank transfer"),
    "ocmw": N_("OCMW"),
    "online": N_("Online"),
    "other": N_("Other way"),
}


def channel_text(t: Translator, channel: str) -> str:
    return t.gettext(CHANNELS.get(channel, channel))


def topup_line(t: Translator, topup: Topup) -> str:
    """"27-11-2026 10:15 · Bank transfer · Gent · prepared in the app": the parts it has, in that order."""
    parts = (
        t.datetime(topup.at),
        channel_text(t, topup.channel),
        topup.location or "",
        t.gettext("prepared in the app") if topup.pending_topup_id is not None else "",
    )
    return " · ".join(part for part in parts if part)
