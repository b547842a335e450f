"""The mail a staff member gets at once for a new signal (immediate_signals): who and what, nothing
more (the meter's details stay behind the staff log-in)."""

from __future__ import annotations

from ..alerts import words
from ..alerts.mail import Mail, _html


def staff_signal_mail(language: str, *, name: str, client: str, kind: str, energy: str) -> Mail:
    language = words.language_of(language)
    values = words.alert_values(language, energy=energy, balance_cents=0, days_left=None, amount_cents=None)
    kind_title = words.title(language, kind, values)
    subject = words.word(language, "staff.subject", client=client, kind_title=kind_title)
    paragraphs = [words.word(language, "staff.body", name=name, client=client, kind_title=kind_title)]
    return Mail(subject=subject, text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))
