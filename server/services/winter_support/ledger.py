"""The OCMW's ledger of a season (issue 21): per grant and due date, what was prepared and loaded, and
the season's totals; as JSON and as a CSV a Belgian spreadsheet opens as it is.

seed 000, Vraag 14: "Het is dus zeker belangrijk om deze klaar te zetten in de Atos CRM-tool met
betrekking tot de terugbetaling." The ledger is what the OCMW accounts for: each due date of its
grants with the pending top-up made for it and when the back office loaded it."""

from __future__ import annotations

import csv
import io
from datetime import date

from ...core.clock import to_brussels
from ..caseload_sheet import formula_safe as spreadsheet_text  # the one formula-injection rule of our CSVs
from ...rules import winter_support as rules
from ...contract.winter_support import LedgerRow, LedgerTotals, WinterLedger
from ...store import winter_support as store
from ...store.db import Transaction


def ledger(tx: Transaction, organisation_id: int, season: int) -> WinterLedger:
    """Every due date of the season of the organisation's grants: `loaded`, `prepared` (a pending
    top-up waits for the back office) or `scheduled` (not prepared yet). A stopped grant's dates that
    were not prepared before the stop are not owed, so not listed."""
    first_day, last_day = rules.season_bounds(season)
    grants = store.grants_of_organisation_between(tx, organisation_id, first=first_day.isoformat(), last=last_day.isoformat())
    preparations = store.preparations_of(tx, [int(g["id"]) for g in grants])
    items: list[LedgerRow] = []
    for g in grants:
        prepared = {p["due_date"]: p for p in preparations[int(g["id"])] if p["pending_topup_id"] is not None}
        days = rules.due_dates(date.fromisoformat(g["first_date"]), date.fromisoformat(g["last_date"]), int(g["every_days"]))
        for day in days:
            if rules.season_of(day) != season:
                continue
            p = prepared.get(day.isoformat())
            if p is None and g["stopped_at"] is not None:
                continue
            items.append(LedgerRow(
                grant_id=int(g["id"]), client_id=int(g["account_id"]), display_name=g["display_name"], ean=g["ean"],
                due_date=day, amount_cents=int(p["amount_cents"]) if p else int(g["amount_cents"]),
                prepared_at=to_brussels(int(p["prepared_at"])) if p else None,
                loaded_at=to_brussels(int(p["loaded_at"])) if p and p["loaded_at"] is not None else None,
                status="scheduled" if p is None else ("loaded" if p["status"] == "loaded" else "prepared"),
                pending_topup_id=int(p["pending_topup_id"]) if p else None,
            ))
    items.sort(key=lambda r: (r.due_date, r.grant_id))

    def total(status: str) -> int:
        return sum(r.amount_cents for r in items if r.status == status)

    totals = LedgerTotals(due_dates=len(items), scheduled_cents=total("scheduled"), prepared_cents=total("prepared"),
                          loaded_cents=total("loaded"), total_cents=sum(r.amount_cents for r in items))
    return WinterLedger(season=season, first_day=first_day, last_day=last_day, items=items, totals=totals)


CSV_COLUMNS = ("season", "grant_id", "client_id", "display_name", "ean", "due_date", "amount_cents", "amount_eur",
               "prepared_at", "loaded_at", "status")


def _euro(cents: int) -> str:
    # Belgian spreadsheets read a decimal comma ("25,00"); the separator is ";" so it needs no quotes.
    return f"{cents // 100},{cents % 100:02d}" if cents >= 0 else "-" + _euro(-cents)


def _ean(ean: str) -> str:
    # In groups of six: 18 digits are more than the 15 a spreadsheet number keeps, and a spreadsheet
    # would show 5,41449E+17; with spaces it stays the text it is.
    return " ".join(ean[i : i + 6] for i in range(0, len(ean), 6))


def _local(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""


def ledger_csv(book: WinterLedger) -> bytes:
    """UTF-8 with a byte order mark (so a spreadsheet reads é as é), ";" between fields as Belgian
    spreadsheets expect, Brussels times as "YYYY-MM-DD HH:MM", names escaped against formula injection;
    after the rows, one line per total."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in book.items:
        writer.writerow([book.season, r.grant_id, r.client_id, spreadsheet_text(r.display_name), _ean(r.ean),
                         r.due_date.isoformat(), r.amount_cents, _euro(r.amount_cents), _local(r.prepared_at),
                         _local(r.loaded_at), r.status])
    t = book.totals
    for status, cents in (("scheduled", t.scheduled_cents), ("prepared", t.prepared_cents), ("loaded", t.loaded_cents),
                          ("total", t.total_cents)):
        writer.writerow([book.season, "", "", "total", "", "", cents, _euro(cents), "", "", status])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
