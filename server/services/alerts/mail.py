"""Alert and verification mails: subject, plain text and HTML, in the account's language.

What a mail holds: the balance, what it means in plain words, and where to top up. Never a
Prepaid-code, a token or the meter's full EAN: a mailbox is read on shared computers and phones.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ...rules.alerts import DEFAULT_RULES
from . import words


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def _html(paragraphs: list[str]) -> str:
    inner = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f'<!DOCTYPE html>\n<html><body style="font-family: sans-serif; line-height: 1.5">\n{inner}\n</body></html>\n'


def alert_mail(language: str, *, name: str, kind: str, energy: str, balance_cents: int, days_left: int | None,
               amount_cents: int | None, threshold_cents: int | None, topup_info_url: str = "",
               days_until_emergency_credit: int | None = None, topup_needed_cents: int | None = None) -> Mail:
    language = words.language_of(language)
    values = words.alert_values(language, energy=energy, balance_cents=balance_cents, days_left=days_left,
                                amount_cents=amount_cents, threshold_cents=threshold_cents,
                                days_until_emergency_credit=days_until_emergency_credit,
                                topup_needed_cents=topup_needed_cents)
    subject = words.title(language, kind, values)
    paragraphs = [words.word(language, "greeting", name=name), words.body(language, kind, values)]
    if kind != "topup_loaded":
        paragraphs.append(words.word(language, "topup_where"))
        if topup_info_url:
            paragraphs.append(words.word(language, "topup_url", url=topup_info_url))
    paragraphs.append(words.word(language, "closing"))
    return Mail(subject=subject, text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))


def alert_mail_of(facts: dict[str, Any], *, topup_info_url: str = "") -> Mail:
    """The alert mail of a notification, from server.store.alerts.mail_facts."""
    threshold = facts["balance_below_cents"]
    return alert_mail(
        facts["language"], name=facts["display_name"], kind=facts["kind"], energy=facts["energy"],
        balance_cents=int(facts["balance_cents"]), days_left=facts["days_left"], amount_cents=facts["amount_cents"],
        threshold_cents=int(threshold) if threshold is not None else DEFAULT_RULES.balance_below_cents,
        topup_info_url=topup_info_url, days_until_emergency_credit=facts["days_until_emergency_credit"],
        topup_needed_cents=facts["topup_needed_cents"],
    )


def verification_mail(language: str, *, name: str, code: str) -> Mail:
    language = words.language_of(language)
    paragraphs = [
        words.word(language, "greeting", name=name),
        words.word(language, "verify.body", code=code),
        words.word(language, "verify.ignore"),
    ]
    return Mail(subject=words.word(language, "verify.subject"), text="\n\n".join(paragraphs) + "\n",
                html=_html(paragraphs))
