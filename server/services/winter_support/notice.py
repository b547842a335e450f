"""The decision (seed 001: "Na het onderzoek krijgt u een brief van het OCMW. Daarin staat of u gratis
aardgas krijgt of niet.") told to the household: a notice in the app and, to a verified address, a mail
in its language; both in the transaction that records the decision, so a decision never goes untold
and is told once (the notice's UNIQUE (ean, kind, episode), the episode being the request). A grant
the organisation stops is told the same way."""

from __future__ import annotations

from typing import Any

from ...core.clock import to_brussels
from ...rules import alerts as alert_rules
from ...store import alerts as alert_store
from ...store import meters, outbox
from ...store import winter_support as store
from ...store.db import Transaction
from . import words


def _meter_for_notice(tx: Transaction, account_id: int, ean: str | None) -> dict[str, Any] | None:
    """A notice belongs to a meter: the grant's gas meter, else the household's gas meter, else any."""
    found = meters.for_account(tx, account_id)
    return next((m for m in found if m["ean"] == ean), None) or next(
        (m for m in found if m["energy"] == "gas"), found[0] if found else None)


def tell_decision(tx: Transaction, request_id: int, *, ean: str | None, now: int) -> None:
    facts = store.requests_by_id(tx, [request_id])[request_id]
    _tell(tx, facts, words.decision_kind(facts["status"] == "approved"), request_id, ean=ean, now=now)


def tell_stop(tx: Transaction, request_id: int, *, ean: str | None, now: int) -> None:
    """A grant stopped: the household hears it as it heard the decision (no new amounts; the prepared
    ones stay to load), with the reason the staff member wrote for it."""
    facts = store.requests_by_id(tx, [request_id])[request_id]
    _tell(tx, facts, words.STOPPED, request_id, ean=ean, now=now)


def _tell(tx: Transaction, facts: dict[str, Any], kind: str, request_id: int, *, ean: str | None, now: int) -> None:
    account_id = int(facts["account_id"])
    meter = _meter_for_notice(tx, account_id, ean)
    notification_id = None
    if meter is not None:
        ids = alert_store.insert_notifications(tx, [(
            account_id, meter["ean"], meter["energy"], kind, request_id, now, int(meter["balance_cents"]), None,
            facts["amount_cents"], None, None,
        )])
        notification_id = ids.get((meter["ean"], kind, request_id))
        if notification_id is None:
            return  # told already
    setting = alert_store.settings_of(tx, account_id)
    if setting is None or not setting["email"] or not setting["email_verified"]:
        return
    quiet = None if setting["quiet_start"] is None else (setting["quiet_start"], setting["quiet_end"])
    until = alert_rules.quiet_until(to_brussels(now), quiet)
    mail = words.decision_mail(facts["language"], facts, kind)
    # Worded now, in the household's language: the sender sends a worded mail as it is.
    outbox.enqueue(tx, purpose="alert", account_id=account_id, notification_id=notification_id,
                   to_address=setting["email"], subject=mail.subject, text_body=mail.text, html_body=mail.html,
                   now=now, not_before=int(until.timestamp()) if until else None)
