"""Words for a top-up point: its kind, its open state ("open until 17:00", "closed, opens Monday
09:00", "closed: Christmas"), its distance, and the week's opening hours as a table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import flet as ft
from babel.dates import format_date, get_day_names

from app.i18n import N_, Translator

#: The kinds of top-up points the server sends: code -> (name, icon).
KINDS: dict[str, tuple[str, ft.IconData]] = {
    "ocmw": (N_("OCMW (social welfare office)"), ft.Icons.ACCOUNT_BALANCE),
    "fluvius_office": (N_("Fluvius office"), ft.Icons.ELECTRIC_METER),
    "shop_terminal": (N_("Shop with a top-up terminal"), ft.Icons.STOREFRONT),
    "post_office": (N_("Post office"), ft.Icons.LOCAL_POST_OFFICE),
}


def kind_name(t: Translator, kind: str) -> str:
    return t.gettext(KINDS[kind][0]) if kind in KINDS else kind


def kind_icon(kind: str) -> ft.IconData:
    return KINDS[kind][1] if kind in KINDS else ft.Icons.PLACE


def weekday_name(t: Translator, weekday: int) -> str:
    return get_day_names("wide", locale=t.locale)[weekday]


def distance(t: Translator, km: float) -> str:
    if km < 1:
        return t.gettext("{n} m").format(n=t.number(round(km * 1000 / 10) * 10))
    return t.gettext("{n} km").format(n=t.number(km, "#,##0.0"))


def _when(t: Translator, data: dict[str, Any], relative: bool) -> str:
    """"today 13:00", "tomorrow 09:00", "Monday 09:00", "2 January 09:00" (relative words only when the
    search is about now: for a picked time "today" would be ambiguous)."""
    day, time = data.get("day"), data.get("time")
    if relative and day == "today":
        return t.gettext("today {time}").format(time=time)
    if relative and day == "tomorrow":
        return t.gettext("tomorrow {time}").format(time=time)
    if day in ("today", "tomorrow", "weekday"):
        return t.gettext("{day} {time}").format(day=weekday_name(t, data["weekday"]), time=time)
    when: date = data["date"]
    return t.gettext("{day} {time}").format(day=format_date(when, "EEEE d MMMM", locale=t.locale), time=time)


def opening_text(t: Translator, kind: str, data: dict[str, Any], *, relative: bool = True) -> str:
    """The sentence for :func:`app.state.topup_search.describe_opening`'s (kind, data)."""
    holiday = data.get("holiday")
    if kind == "open_24h":
        text = t.gettext("Open day and night")
    elif kind == "open_until":
        if data.get("day") == "today":
            text = t.gettext("Open until {time}").format(time=data["time"])
        else:
            text = t.gettext("Open until {when}").format(when=_when(t, data, relative))
    elif kind == "closed_holiday":
        if data.get("time"):
            return t.gettext("Closed: {holiday} (public holiday). Opens {when}").format(
                holiday=holiday, when=_when(t, data, relative)
            )
        return t.gettext("Closed: {holiday} (public holiday)").format(holiday=holiday)
    elif kind == "closed_opens":
        return t.gettext("Closed, opens {when}").format(when=_when(t, data, relative))
    else:
        return t.gettext("Closed")
    if holiday:
        text += " · " + t.gettext("{holiday}: public holiday hours").format(holiday=holiday)
    return text


def is_open(kind: str) -> bool:
    return kind in ("open_24h", "open_until")


def at_text(t: Translator, at: datetime) -> str:
    """"Saturday 28 November, 10:00"."""
    return t.gettext("{day}, {time}").format(
        day=format_date(at.date(), "EEEE d MMMM", locale=t.locale), time=f"{at.hour:02d}:{at.minute:02d}"
    )


def intervals_text(t: Translator, intervals) -> str:
    """"09:00–12:00, 13:00–17:00", or "Closed"."""
    if not intervals:
        return t.gettext("Closed")
    return ", ".join(f"{i.open}–{i.close}" for i in intervals)


def holiday_rule_text(t: Translator, holiday_rule: str, holiday_hours) -> str:
    """What a point does on public holidays (the detail's ``holiday_rule``)."""
    if holiday_rule == "closed":
        return t.gettext("Closed on public holidays.")
    if holiday_rule == "special_hours":
        return t.gettext("On public holidays: {hours}.").format(hours=intervals_text(t, holiday_hours))
    return t.gettext("Open as usual on public holidays.")
