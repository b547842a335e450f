"""The staff digest mail and the staff address code mail: subject, plain text and HTML, in the staff
member's language. A digest names clients (display name, postcode) with the supply signals (first)
and alerts they entered and their meters' status now; never a Prepaid-code, a token or an EAN."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from . import digest_words
from .mail import Mail
from .words import language_of


@dataclass
class DigestClient:
    display_name: str
    postal_code: str
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (kind, energy), in the order they began
    signals: list[tuple[str, str]] = field(default_factory=list)  # supply signals (issue 21), likewise
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (energy, status) per meter now


def _client_line(language: str, client: DigestClient) -> tuple[str, str]:
    w = digest_words.word
    seen: list[str] = []
    for kind, energy in [*client.signals, *client.alerts]:
        text = f"{w(language, 'kind.' + kind)} ({w(language, 'energy.' + energy)})"
        if text not in seen:
            seen.append(text)
    now = ", ".join(f"{w(language, 'energy.' + e)}: {w(language, 'status.' + s)}" for e, s in client.statuses)
    who = f"{client.display_name} ({client.postal_code})"
    what = "; ".join(seen) + (f" · {w(language, 'now')}: {now}" if now else "")
    return who, what


def digest_mail(language: str, *, name: str, clients: list[DigestClient]) -> Mail:
    language = language_of(language)
    w = digest_words.word
    n = len(clients)
    subject = w(language, "subject.one") if n == 1 else w(language, "subject.other", n=n)
    # Supply signals first (issue 21): a household that has gone without energy comes before one whose
    # balance ran low. A client with both is listed once, with the signals.
    sections = [
        (w(language, "signals_intro"), [_client_line(language, c) for c in clients if c.signals]),
        (w(language, "intro"), [_client_line(language, c) for c in clients if not c.signals]),
    ]
    sections = [(intro, lines) for intro, lines in sections if lines]
    text = "\n\n".join([
        w(language, "greeting", name=name),
        *(intro + "\n" + "\n".join(f"- {who}: {what}" for who, what in lines) for intro, lines in sections),
        w(language, "closing"),
    ]) + "\n"  # fmt: skip
    blocks = "\n".join(
        f"<p>{escape(intro)}</p>\n<ul>\n"
        + "\n".join(f"<li><strong>{escape(who)}</strong>: {escape(what)}</li>" for who, what in lines)
        + "\n</ul>"
        for intro, lines in sections
    )
    html = (
        f'<!DOCTYPE html>\n<html lang="{language}"><body style="font-family: sans-serif; line-height: 1.5">\n'
        f"<p>{escape(w(language, 'greeting', name=name))}</p>\n{blocks}\n"
        f"<p>{escape(w(language, 'closing'))}</p>\n</body></html>\n"
    )
    return Mail(subject=subject, text=text, html=html)


def staff_verification_mail(language: str, *, name: str, code: str) -> Mail:
    language = language_of(language)
    w = digest_words.word
    paragraphs = [w(language, "greeting", name=name), w(language, "verify.body", code=code), w(language, "verify.ignore")]
    html = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return Mail(
        subject=w(language, "verify.subject"),
        text="\n\n".join(paragraphs) + "\n",
        html=f'<!DOCTYPE html>\n<html lang="{language}"><body style="font-family: sans-serif; line-height: 1.5">\n{html}\n</body></html>\n',
    )
