"""The mail a staff member gets at once for a new signal (immediate_signals, issue 21): who and what,
in words for a social worker (server.services.alerts.digest_words, as the digest names signals), nothing more:
no Prepaid-code, no EAN, no balance; the meter's details stay behind the staff log-in."""

from __future__ import annotations

from ..alerts import digest_words
from ..alerts.mail import Mail, _html
from ..alerts.words import language_of


def staff_signal_mail(language: str, *, name: str, client: str, kind: str, energy: str) -> Mail:
    language = language_of(language)
    w = digest_words.word
    values = {"name": name, "client": client, "kind": w(language, f"kind.{kind}"), "energy": w(language, f"energy.{energy}")}
    paragraphs = [w(language, "signal.body", **values)]
    return Mail(subject=w(language, "signal.subject", **values), text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))
