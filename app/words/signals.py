"""Supply signals in words for staff (issue 21): what each kind means, and where a signal stands.

The kinds, as the server judges them: interrupted (seed 002: "Als ook dit laatste krediet uitgeput is,
wordt uw meter afgesloten en krijgt u geen energie meer geleverd."), electricity held at 10 A (seed
001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde elektriciteit slechts
10 ampère is."), emergency credit without a top-up, and in the winter period a gas meter whose use
dropped while little money is left. No hours or days here: those are the server's settings.
"""

from __future__ import annotations

import flet as ft

from app.i18n import N_, Translator

#: kind -> (short name, what it means, icon)
KINDS: dict[str, tuple[str, str, ft.IconData]] = {
    "off_supply": (
        N_("Off supply"),
        N_("The meter has been cut off for hours: no energy at all."),
        ft.Icons.POWER_OFF,
    ),
    "limited_supply_long": (
        N_("Minimum supply for days"),
        N_("The electricity has been limited to 10 A for days."),
        ft.Icons.ELECTRIC_METER,
    ),
    "emergency_credit_long": (
        N_("Emergency credit for days"),
        N_("On emergency credit for days without a top-up."),
        ft.Icons.RUNNING_WITH_ERRORS,
    ),
    "heating_dropped": (
        N_("Heating dropped"),
        N_("In the winter period the gas use dropped sharply while little money is left."),
        ft.Icons.AC_UNIT,
    ),
}

STATUSES: dict[str, str] = {
    "open": N_("Open"),
    "acknowledged": N_("Acknowledged"),
    "resolved": N_("Resolved"),
}


def kind_text(t: Translator, kind: str) -> str:
    return t.gettext(KINDS[kind][0]) if kind in KINDS else kind


def kind_explanation(t: Translator, kind: str) -> str:
    return t.gettext(KINDS[kind][1]) if kind in KINDS else ""


def kind_icon(kind: str) -> ft.IconData:
    return KINDS[kind][2] if kind in KINDS else ft.Icons.REPORT_PROBLEM_OUTLINED


def status_word(t: Translator, status: str) -> str:
    return t.gettext(STATUSES[status]) if status in STATUSES else status
