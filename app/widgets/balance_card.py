"""One meter's balance: big number, status in words with an icon, emergency credit, days left."""

from __future__ import annotations

from datetime import datetime

import flet as ft

from app.api.models import Balance
from app.i18n import Translator

from app.words.energy import energy_icon, energy_name
from app.words.balance import days_before_emergency_credit, days_text, topup_needed_text
from app.words.messages import status_icon, status_text
from app.ui.theme import STATUS_COLOURS
from app.widgets.heading import heading

FEW_DAYS = 3


def status_chip(t: Translator, balance: Balance) -> ft.Control:
    bg, fg = STATUS_COLOURS.get(balance.status, STATUS_COLOURS["interrupted"])
    label = status_text(t, balance.status, balance.minimum_supply.max_current_a)
    return ft.Container(
        bgcolor=bg,
        border_radius=20,
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        content=ft.Row(
            [ft.Icon(status_icon(balance.status), color=fg, size=18), ft.Text(label, color=fg, weight=ft.FontWeight.W_600)],
            spacing=6,
            tight=True,
        ),
    )


def detail_row(icon: ft.IconData, text: str, *, strong: bool = False) -> ft.Control:
    return ft.Row(
        [
            ft.Icon(icon, size=20, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(text, expand=True, weight=ft.FontWeight.W_600 if strong else None),
        ],
        spacing=10,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def balance_details(t: Translator, b: Balance) -> list[ft.Control]:
    rows: list[ft.Control] = []
    ec = b.emergency_credit
    if ec.limit_cents:
        if ec.in_use:
            rows.append(
                detail_row(
                    ft.Icons.SAVINGS_OUTLINED,
                    t.gettext("Emergency credit in use: {available} of {limit} left").format(
                        available=t.money(ec.available_cents), limit=t.money(ec.limit_cents)
                    ),
                    strong=True,
                )
            )
        else:
            rows.append(
                detail_row(
                    ft.Icons.SAVINGS_OUTLINED,
                    t.gettext("Emergency credit available: {available}").format(available=t.money(ec.available_cents)),
                )
            )
    if b.negative_credit_limit_cents:
        rows.append(
            detail_row(
                ft.Icons.TRENDING_DOWN,
                t.gettext("Negative credit limit: {amount}").format(amount=t.money(b.negative_credit_limit_cents)),
            )
        )
    if b.minimum_supply.active and b.energy == "electricity":
        rows.append(
            detail_row(
                ft.Icons.SPEED,
                t.gettext("Power limited to {amps} A (about {watts} W)").format(
                    amps=b.minimum_supply.max_current_a or 10, watts=t.number((b.minimum_supply.max_current_a or 10) * 230)
                ),
            )
        )
    days = days_text(t, b)
    if days is not None:
        rows.append(detail_row(ft.Icons.CALENDAR_TODAY_OUTLINED, days, strong=days_before_emergency_credit(b) <= FEW_DAYS))
    return rows


def warning_text(t: Translator, b: Balance, *, staff: bool = False) -> str | None:
    """What the meter's state asks for now, or None. ``staff``: said to a social worker about the
    household's meter ("Deze meter gebruikt noodkrediet"), never as if to the household (issue 20)."""
    # "Top up soon" judges the household's own money, before the emergency credit (issue 20).
    own = days_before_emergency_credit(b)
    # Off supplying, how much brings full supply back (issue 20) is on a line of its own.
    needed = topup_needed_text(t, b, staff=staff) is not None
    if b.status == "interrupted":
        if staff or needed:
            return t.gettext("The supply is interrupted.")
        return t.gettext("The supply is interrupted. Top up to get it back.")
    if b.status == "minimum_supply":
        if staff:
            return t.gettext("This meter is on minimum supply.")
        return t.gettext("You are on minimum supply.") if needed else t.gettext("You are on minimum supply. Top up to get full supply again.")
    if b.status == "emergency_credit":
        if staff:
            return t.gettext("This meter is using emergency credit. The next top-up first repays it.")
        return t.gettext("You are using emergency credit. Your next top-up first repays it.")
    if own <= 0 and b.average_daily_cost_cents > 0:
        if staff:
            return t.gettext("Less than a day left on this meter. It needs a top-up soon.")
        return t.gettext("Less than a day left. Top up soon.")
    if own <= FEW_DAYS and b.average_daily_cost_cents > 0:
        if staff:
            return t.ngettext("Only {n} day left on this meter. It needs a top-up soon.",
                              "Only {n} days left on this meter. It needs a top-up soon.", own).format(n=own)
        return t.ngettext("Only {n} day left. Top up soon.", "Only {n} days left. Top up soon.", own).format(n=own)
    return None


def warning_box(t: Translator, b: Balance, *, staff: bool = False) -> ft.Control | None:
    text = warning_text(t, b, staff=staff)
    if text is None:
        return None
    needed = topup_needed_text(t, b, staff=staff)
    lines = [ft.Text(text, color=ft.Colors.ON_TERTIARY_CONTAINER)]
    if needed is not None:
        lines.append(ft.Text(needed, color=ft.Colors.ON_TERTIARY_CONTAINER, weight=ft.FontWeight.W_600))
    return ft.Container(
        bgcolor=ft.Colors.TERTIARY_CONTAINER,
        border_radius=12,
        padding=12,
        content=ft.Row(
            [
                ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.ON_TERTIARY_CONTAINER),
                ft.Column(lines, spacing=4, expand=True),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def balance_card(
    t: Translator,
    b: Balance,
    *,
    fetched_at: datetime | None,
    now: datetime,
    on_details=None,
    on_top_up=None,
    col=None,
    staff: bool = False,
) -> ft.Control:
    """``staff``: the card in a client's file, its words about the household's meter (issue 20)."""
    name = energy_name(t, b.energy)
    money = t.money(b.balance_cents)
    header = ft.Row(
        [
            ft.Container(
                bgcolor=ft.Colors.PRIMARY_CONTAINER,
                border_radius=12,
                padding=8,
                content=ft.Icon(energy_icon(b.energy), color=ft.Colors.ON_PRIMARY_CONTAINER),
            ),
            heading(name, 2, style=ft.TextThemeStyle.TITLE_LARGE, expand=True),
        ],
        spacing=12,
    )
    amount = ft.Column(
        [
            ft.Text(t.gettext("Balance"), theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(
                money,
                theme_style=ft.TextThemeStyle.DISPLAY_SMALL,
                weight=ft.FontWeight.W_700,
                color=ft.Colors.ERROR if b.balance_cents < 0 else ft.Colors.ON_SURFACE,
            ),
        ],
        spacing=2,
    )
    updated = ft.Text(
        t.gettext("Meter read {age}").format(age=t.age(b.updated_at, now)),
        theme_style=ft.TextThemeStyle.BODY_SMALL,
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    warning = warning_box(t, b, staff=staff)
    # No details screen (a client's file seen by staff): no button that would do nothing.
    details = [ft.OutlinedButton(t.gettext("Details"), icon=ft.Icons.INFO_OUTLINE, on_click=on_details)] if on_details else []
    actions = ft.Row(
        [
            *details,
            ft.FilledButton(t.gettext("Top up"), icon=ft.Icons.EURO, on_click=on_top_up),
        ],
        alignment=ft.MainAxisAlignment.END,
    )
    return ft.Card(
        col=col,
        content=ft.Container(
            padding=20,
            content=ft.Column(
                [header, ft.Row([status_chip(t, b)]), amount, *balance_details(t, b), *([warning] if warning else []), updated, actions],
                spacing=14,
            ),
        ),
    )
