"""Who used the household's account, in plain words (the access log on the Access screen).

Staff are named as the server knows them. The v1 helper log-in (seed 000, Vraag 8: "Via Prepaid-basic
kunnen hulpverleners aan de hand van zijn Prepaid-code inloggen") is anyone who has the code and typed
a name: it reads as that, "Iemand met uw Prepaid-code (noemde zich ...)", never like a staff member
(issue 20).
"""

from __future__ import annotations

from app.api.models import AccessLogEntry
from app.i18n import Translator


def visit_text(t: Translator, v: AccessLogEntry) -> str:
    when = t.datetime(v.at)
    if not v.verified or v.actor == "prepaid_code":
        said = v.said_to_be
        return t.gettext("{when}: Someone with your Prepaid-code (called themselves {name}, {organisation})").format(
            when=when, name=said.name if said else "?", organisation=said.organisation if said else "?"
        )
    name, organisation = v.helper_name or "?", v.helper_organisation or "?"
    # A staff member followed up a supply signal about the household (issue 21): who, and their note.
    if v.method == "signal_acknowledged":
        text = t.gettext("{when}: {name} ({organisation}) saw the warning about your meter and is following it up")
    elif v.method == "signal_resolved":
        text = t.gettext("{when}: {name} ({organisation}) marked the warning about your meter as dealt with")
    else:
        text = t.gettext("{when}: {name} ({organisation})")
    text = text.format(when=when, name=name, organisation=organisation)
    if v.note and v.method in ("signal_acknowledged", "signal_resolved"):
        text += " " + t.gettext("(note: “{note}”)").format(note=v.note)
    return text
