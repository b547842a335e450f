"""Judging supply signals: which meters have been in a state long enough (server.rules.signals), and
writing each new signal with the household's notice, its mail and the staff's immediate mail, all in
the caller's transaction.

Two callers: the transaction that applies readings (server.services.ingest.readings: a reading that shows a
state that has lasted), and the sweep (server.services.signals.sweep: time passing without a reading, the case
that matters). Both read the meters that could qualify in one query (server.store.signals.candidates)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from .. import history
from ...core.clock import to_brussels
from ...core.settings import Settings
from ...rules import alerts as alert_rules
from ...rules import history as history_rules
from ...rules import signals as rules
from ...rules.balance import reported_status, topup_needed_cents
from ...rules.winter import in_winter_period
from ...store import alerts as alert_store
from ...store import outbox
from ...store import signals as store
from ...store.db import Transaction
from .staff_mail import staff_signal_mail


def thresholds(settings: Settings) -> rules.Thresholds:
    return rules.Thresholds(
        off_supply_seconds=int(settings.signal_off_supply_hours * 3600),
        limited_supply_seconds=int(settings.signal_limited_supply_hours * 3600),
        emergency_credit_seconds=int(settings.signal_emergency_credit_days * 86400),
        heating_days=settings.signal_heating_days,
        heating_baseline_days=settings.signal_heating_baseline_days,
        heating_percent=settings.signal_heating_percent,
        heating_balance_below_cents=settings.signal_heating_balance_below_cents,
    )


def _days_by_meter(tx: Transaction, meters: list[dict[str, Any]], *, now: int, t: rules.Thresholds) -> dict[str, list]:
    """Each gas candidate's daily costs over the window heating_dropped compares, read for all of them
    at once (two queries, not one per meter)."""
    today = history.today(now)
    first_day = today - timedelta(days=t.heating_days + t.heating_baseline_days + 1)
    readings, topups = store.history_of(tx, [m["ean"] for m in meters], start=history.midnight(first_day))
    by_reading: dict[str, list] = defaultdict(list)
    for r in readings:
        by_reading[r["ean"]].append((to_brussels(r["read_at"]).date(), int(r["balance_cents"])))
    by_topup: dict[str, dict] = defaultdict(dict)
    for r in topups:
        day = to_brussels(r["at"]).date()
        by_topup[r["ean"]][day] = by_topup[r["ean"]].get(day, 0) + int(r["amount_cents"])
    days: dict[str, list] = {}
    for m in meters:
        rows = by_reading.get(m["ean"])
        if rows:
            days[m["ean"]] = history_rules.daily(previous_balance=None, readings=rows, topups=by_topup[m["ean"]],
                                                 first_day=rows[0][0], today=today, current_balance=int(m["balance_cents"]))
    return days


def judge(tx: Transaction, settings: Settings, *, now: int, eans: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Writes the signals that are due now (of `eans` only, when given); returns the new ones."""
    t = thresholds(settings)
    winter = in_winter_period(history.today(now))
    if eans is None:  # the sweep: episodes of heating that ended re-arm
        store.end_heating_dropped(tx, winter=winter, balance_below=t.heating_balance_below_cents)
    found = store.candidates(
        tx, off_before=now - t.off_supply_seconds, limited_before=now - t.limited_supply_seconds,
        credit_before=now - t.emergency_credit_seconds, winter=winter and eans is None,
        heating_balance_below=t.heating_balance_below_cents, eans=eans,
    )
    due: list[tuple] = []
    gas = []
    for m in found:
        for kind, episode in (
            ("off_supply", rules.off_supply(m["interrupted_since"], now, t)),
            ("limited_supply_long", rules.limited_supply_long(m["energy"], m["minimum_supply_since"], now, t)),
            ("emergency_credit_long", rules.emergency_credit_long(m["emergency_credit_since"], m["last_topup_at"], now, t)),
        ):
            if episode is not None:
                due.append((m, kind, episode, episode))
        if winter and eans is None and m["energy"] == "gas" and m["heating_dropped_since"] is None:
            gas.append(m)
    if gas:
        days = _days_by_meter(tx, gas, now=now, t=t)
        for m in gas:
            first_low_day = rules.heating_dropped(
                "gas", days.get(m["ean"], []), history.today(now), balance_cents=int(m["balance_cents"]),
                emergency_credit_in_use=bool(m["emergency_credit_in_use"]), t=t)
            if first_low_day is not None and store.claim_heating_dropped(tx, m["ean"], now=now):
                due.append((m, "heating_dropped", now, history.midnight(first_low_day)))
    if not due:
        return []
    new = store.insert(tx, [(int(m["account_id"]), m["ean"], m["energy"], kind, episode, since, now)
                        for m, kind, episode, since in due])
    _tell(tx, new, {m["ean"]: m for m, *_ in due}, now=now)
    return new


def _tell(tx: Transaction, new: list[dict[str, Any]], meters: dict[str, dict[str, Any]], *, now: int) -> None:
    """The household's notice (a notification of the signal's kind, one per episode like alerts), its
    mail (verified address; quiet hours delay it, as alerts'), and the mail at once to staff who asked."""
    if not new:
        return
    rows = []
    for s in new:
        m = meters[s["ean"]]
        status = reported_status(int(m["balance_cents"]), m["negative_credit_limit_cents"],
                                 int(m["emergency_credit_available_cents"] or 0), bool(m["emergency_credit_in_use"]),
                                 bool(m["minimum_supply_active"]))
        rows.append((int(s["account_id"]), s["ean"], s["energy"], s["kind"], int(s["episode"]), now,
                     int(m["balance_cents"]), None, None, None, topup_needed_cents(status, int(m["balance_cents"]))))
    ids = alert_store.insert_notifications(tx, rows)
    settings = alert_store.settings_of_accounts(tx, [int(s["account_id"]) for s in new])
    mails = []
    local_now = to_brussels(now)
    for s in new:
        notification_id = ids.get((s["ean"], s["kind"], int(s["episode"])))
        setting = settings.get(int(s["account_id"]))
        if notification_id is None or setting is None or not setting["email"] or not setting["email_verified"]:
            continue
        quiet = None if setting["quiet_start"] is None else (setting["quiet_start"], setting["quiet_end"])
        until = alert_rules.quiet_until(local_now, quiet)
        mails.append((int(s["account_id"]), notification_id, setting["email"], int(until.timestamp()) if until else None))
    outbox.enqueue_alerts(tx, mails, now=now)
    names = {int(r["id"]): r["display_name"] for r in tx.all(
        "SELECT id, display_name FROM accounts WHERE id IN (" + ", ".join("?" for _ in new) + ")",
        [int(s["account_id"]) for s in new])}
    for member in store.staff_to_mail_at_once(tx, [int(s["account_id"]) for s in new]):
        for s in new:
            if int(s["account_id"]) == int(member["account_id"]):
                mail = staff_signal_mail(member["language"], name=member["display_name"],
                                         client=names.get(int(s["account_id"]), ""), kind=s["kind"], energy=s["energy"])
                outbox.enqueue(tx, purpose="digest", staff_id=int(member["staff_id"]), to_address=member["email"],
                               subject=mail.subject, text_body=mail.text, html_body=mail.html, now=now)
