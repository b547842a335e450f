"""The caseload export's two forms. The machine form: commas, English column names, cents. The
spreadsheet form beside it (issue 20: opened in a Belgian
spreadsheet, the machine form's commas, English headers and cents made one column of numbers nobody
reads). Semicolons between fields and a UTF-8 byte order mark, as a spreadsheet in nl_BE, fr_BE and de_BE
expects; euros with a decimal comma; headers and words in the member's language (nl, fr, de, en).

Same rows in the same order as the machine form (GET /api/v1/caseload/export.csv); only the form
differs. The words of statuses and energies are the staff digest's (server.services.alerts.digest_words)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from .alerts.digest_words import WORDS as DIGEST_WORDS
from .alerts.words import language_of
from .caseload import CaseloadHousehold
from ..core.clock import to_brussels

BOM = "\ufeff"

MACHINE_COLUMNS = (
    "client_id", "display_name", "postal_code", "prepaid_code_masked", "urgency", "open_pending_topups",
    "ean", "energy", "balance_cents", "status", "estimated_days_left", "updated_at", "signals",
)  # fmt: skip

#: A meter's supply signals not resolved yet (issue 21), by kind: signal_kinds(client_id, ean).
SignalKinds = Callable[[int, str], list[str]]

# In the order of the machine form's columns (MACHINE_COLUMNS). The days are the
# v1 `estimated_days_left`: until the meter is cut off, emergency credit included, and the header says so.
HEADERS: dict[str, tuple[str, ...]] = {
    "nl": (
        "Cliëntnummer", "Naam", "Postcode", "Prepaid-code", "Dringendste toestand", "Klaargezette bedragen (open)",
        "EAN", "Energie", "Saldo (€)", "Toestand", "Dagen tot onderbreking (noodkrediet inbegrepen)", "Bijgewerkt", "Signalen",
    ),
    "fr": (
        "N° de client", "Nom", "Code postal", "Code Prepaid", "Situation la plus urgente", "Montants préparés (en attente)",
        "EAN", "Énergie", "Solde (€)", "État", "Jours avant interruption (crédit de secours compris)", "Mis à jour", "Signaux",
    ),
    "de": (
        "Klientennummer", "Name", "Postleitzahl", "Prepaid-Code", "Dringendster Stand", "Vorbereitete Beträge (offen)",
        "EAN", "Energie", "Guthaben (€)", "Stand", "Tage bis zur Unterbrechung (Notkredit eingerechnet)", "Aktualisiert", "Signale",
    ),
    "en": (
        "Client number", "Name", "Postcode", "Prepaid code", "Most urgent status", "Prepared top-ups (open)",
        "EAN", "Energy", "Balance (€)", "Status", "Days until cut-off (emergency credit included)", "Updated", "Signals",
    ),
}  # fmt: skip


def formula_safe(value: str) -> str:
    """A text that a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return)
    would run as a formula (CSV injection), so it gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def euros(cents: int) -> str:
    """-320 -> "-3,20": a number a Belgian spreadsheet reads as one (decimal comma, no thousands
    separator, no currency sign: the header says euro)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole},{rest:02d}"


def ean_text(ean: str) -> str:
    """An EAN as text: read as a number, its 18 digits would become 5,41449E+17 (a spreadsheet keeps 15
    significant digits) and the last ones would be lost. The formula is ours, of 18 checked digits."""
    return f'="{ean}"'


def _word(language: str, key: str | None) -> str:
    return DIGEST_WORDS[language].get(key, "") if key else ""


def machine_csv(clients: Sequence[CaseloadHousehold], pending: dict[int, int], signal_kinds: SignalKinds) -> str:
    """One row per meter (a household without meters: one row, meter cells empty), in the order of
    `clients`; the meter's signals space-separated in one cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MACHINE_COLUMNS)
    for c in clients:
        head = [c.client_id, formula_safe(c.display_name), c.postal_code, c.prepaid_code_masked, c.urgency or "", pending.get(c.client_id, 0)]
        if not c.meters:
            writer.writerow(head + ["", "", "", "", "", "", ""])
        for m in c.meters:
            kinds = " ".join(signal_kinds(c.client_id, m.ean))
            writer.writerow(
                head + [m.ean, m.energy, m.balance_cents, m.status, m.estimated_days_left, to_brussels(m.updated_at).isoformat(), kinds]
            )
    return out.getvalue()


def spreadsheet_csv(clients: Sequence[CaseloadHousehold], pending: dict[int, int], language: str,
                    signal_kinds: SignalKinds) -> bytes:
    """The rows of the machine form, one per meter (a household without meters: one row, meter cells
    empty), for a spreadsheet in `language`. `signal_kinds(client_id, ean)`: the meter's supply signals
    not resolved yet (issue 21), in words, comma-separated in one cell."""
    language = language_of(language)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS[language])
    for c in clients:
        head = [
            c.client_id, formula_safe(c.display_name), c.postal_code, c.prepaid_code_masked,
            _word(language, c.urgency and f"status.{c.urgency}"), pending.get(c.client_id, 0),
        ]  # fmt: skip
        if not c.meters:
            writer.writerow(head + ["", "", "", "", "", "", ""])
        for m in c.meters:
            writer.writerow(head + [
                ean_text(m.ean), _word(language, f"energy.{m.energy}"), euros(m.balance_cents),
                _word(language, f"status.{m.status}"), m.estimated_days_left,
                to_brussels(m.updated_at).strftime("%Y-%m-%d %H:%M"),
                ", ".join(_word(language, f"kind.{kind}") for kind in signal_kinds(c.client_id, m.ean)),
            ])  # fmt: skip
    return out.getvalue().encode("utf-8")
