"""Find a top-up point: by postcode or municipality, or near the device's position (when the
geolocator extension is there; else the postcode), open now or at a chosen time, nearest first.

Seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op het moment dat u het wenst."

No map: flet-map is not installed and its tiles need the internet; the list stands on its own.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import flet as ft

from app.ui.context import go, use_model
from app.words.messages import error_text
from app.ui.hooks import per_session, use_observable
from app.widgets.opening_chip import opening_chip
from app.words.opening import at_text, distance, kind_icon, kind_name
from app.widgets.page_frame import PageFrame
from app.clock import (
    combine,
    format_date_field,
    format_time_field,
    next_weekday_at,
    now_brussels,
    parse_date,
    parse_time,
    tomorrow_at,
)
from app.state.topup_search import TopupSearch

log = logging.getLogger("budgetmeter.ui")

try:  # optional extension: the device's position
    import flet_geolocator as ftg
except ImportError:  # pragma: no cover - depends on what is installed
    ftg = None

SATURDAY = 5


def use_search(model) -> TopupSearch:
    search = per_session(model, "topup_search", lambda: TopupSearch(model.api, language=model.t.language))
    search.set_language(model.t.language)
    use_observable(search)
    return search


def _search_error(t, search: TopupSearch) -> str:
    error = search.last_error
    if error is None:
        return ""
    if error.code == "unknown_place":
        return t.gettext("We do not know that place. Enter a postcode (4 digits) or the name of a municipality.")
    if error.code == "position_unavailable":
        return t.gettext("Your position is not available. Enter a postcode or municipality instead.")
    if error.code == "validation_error" and getattr(error, "field", None) == "query":
        return t.gettext("Enter a postcode or the name of a municipality.")
    return error_text(t, error)


@ft.component
def TopupPointsView():
    model = use_model()
    t = model.t
    search = use_search(model)
    query, set_query = ft.use_state(search.query)
    date_text, set_date_text = ft.use_state(format_date_field(search.at.date()) if search.at else "")
    time_text, set_time_text = ft.use_state(format_time_field(search.at) if search.at else "")
    when_error, set_when_error = ft.use_state("")
    geolocator = ft.use_ref(None)

    def chosen_at() -> tuple[bool, datetime | None]:
        """(valid, moment): empty fields mean now."""
        if not date_text.strip() and not time_text.strip():
            return True, None
        day = parse_date(date_text) if date_text.strip() else now_brussels().date()
        at = parse_time(time_text) if time_text.strip() else None
        if day is None:
            set_when_error(t.gettext("Enter a date like 28/11/2026."))
            return False, None
        if at is None and time_text.strip():
            set_when_error(t.gettext("Enter a time like 10:00."))
            return False, None
        if at is None:
            at = parse_time("10:00")
        set_when_error("")
        return True, combine(day, at)

    async def run(text: str | None = None, at: datetime | None | bool = False):
        """Search ``text`` (default: the field) at ``at`` (False: the typed fields)."""
        text = query if text is None else text
        if at is False:
            ok, at = chosen_at()
            if not ok:
                return
        same_search = search.mode != "none" and text.strip() == search.query and search.mode != "position"
        if same_search:
            await search.set_at(at)
        else:
            search.at = at
            if search.mode == "position" and not text.strip():
                await search.refresh()
            else:
                await search.search_text(text)

    async def on_submit(_=None):
        await run()

    async def quick(at: datetime | None):
        set_date_text(format_date_field(at.date()) if at else "")
        set_time_text(format_time_field(at) if at else "")
        set_when_error("")
        if search.mode == "none" and not query.strip():
            await search.set_at(at)
            return
        await run(at=at)

    async def quick_now(_=None):
        await quick(None)

    async def quick_tomorrow(_=None):
        await quick(tomorrow_at(10, now_brussels()))

    async def quick_saturday(_=None):
        await quick(next_weekday_at(SATURDAY, 10, now_brussels()))

    async def on_open_only(e: ft.Event[ft.Switch]):
        await search.set_open_only(bool(e.control.value))

    async def locate() -> tuple[float, float] | None:
        if ftg is None:
            return None
        if geolocator.current is None:
            geolocator.current = ftg.Geolocator()
        geo = geolocator.current
        status = await asyncio.wait_for(geo.request_permission(), 20)
        if status not in (ftg.GeolocatorPermissionStatus.ALWAYS, ftg.GeolocatorPermissionStatus.WHILE_IN_USE):
            return None
        position = await asyncio.wait_for(geo.get_current_position(), 20)
        return position.latitude, position.longitude

    async def near_me(_=None):
        ok, at = chosen_at()
        if not ok:
            return
        search.at = at
        fallback = query.strip() or (model.session.me.postal_code if model.logged_in and model.session.me else None)
        await search.search_near_me(locate, fallback)
        if search.fell_back_to_postcode and search.place is not None:
            set_query(search.place.postal_code)

    async def pick_date(_=None):
        def on_change(e: ft.Event[ft.DatePicker]):
            value = e.control.value
            if value is not None:
                set_date_text(format_date_field(value.date() if isinstance(value, datetime) else value))
                if not time_text.strip():
                    set_time_text("10:00")

        ft.context.page.show_dialog(
            ft.DatePicker(
                value=parse_date(date_text) or now_brussels().date(),
                first_date=now_brussels().replace(year=now_brussels().year - 1),
                last_date=now_brussels().replace(year=now_brussels().year + 1),
                help_text=t.gettext("Open at"),
                on_change=on_change,
            )
        )

    async def pick_time(_=None):
        def on_change(e: ft.Event[ft.TimePicker]):
            value = e.control.value
            if value is not None:
                set_time_text(format_time_field(value))
                if not date_text.strip():
                    set_date_text(format_date_field(now_brussels().date()))

        ft.context.page.show_dialog(
            ft.TimePicker(
                value=parse_time(time_text) or parse_time("10:00"),
                help_text=t.gettext("Open at"),
                on_change=on_change,
            )
        )

    now = now_brussels()
    title = ft.Text(t.gettext("Find a top-up point"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600)
    intro = ft.Text(
        t.gettext("Top up your budget meter with a card at one of these places. Search near you, open now or at the time you want."),
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    search_field = ft.TextField(
        label=t.gettext("Postcode or municipality"),
        hint_text=t.gettext("e.g. 9000 or Gent"),
        value=query,
        prefix_icon=ft.Icons.SEARCH,
        on_change=lambda e: set_query(e.control.value or ""),
        on_submit=on_submit,
        col={"xs": 12, "md": 6},
    )
    buttons = [
        ft.FilledButton(t.gettext("Search"), icon=ft.Icons.SEARCH, on_click=on_submit, disabled=search.loading),
    ]
    if ftg is not None:
        buttons.append(
            ft.OutlinedButton(t.gettext("Near me"), icon=ft.Icons.MY_LOCATION, on_click=near_me, disabled=search.loading)
        )
    where = ft.ResponsiveRow(
        [
            search_field,
            ft.Row(buttons, col={"xs": 12, "md": 6}, wrap=True, spacing=8, run_spacing=8),
        ],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
        run_spacing=8,
    )

    tomorrow = tomorrow_at(10, now)
    saturday = next_weekday_at(SATURDAY, 10, now)
    chips = ft.Row(
        [
            ft.Chip(
                label=ft.Text(t.gettext("Now")),
                leading=ft.Icon(ft.Icons.SCHEDULE),
                selected=search.at is None,
                on_select=quick_now,
            ),
            ft.Chip(
                label=ft.Text(t.gettext("Tomorrow 10:00")),
                selected=search.at is not None and search.at == tomorrow,
                on_select=quick_tomorrow,
            ),
            ft.Chip(
                label=ft.Text(t.gettext("Saturday 10:00")),
                selected=search.at is not None and search.at == saturday,
                on_select=quick_saturday,
            ),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    typed = ft.Row(
        [
            ft.Row(
                [
                    ft.TextField(
                        label=t.gettext("Date"),
                        hint_text=t.gettext("dd/mm/yyyy"),
                        value=date_text,
                        keyboard_type=ft.KeyboardType.DATETIME,
                        on_change=lambda e: set_date_text(e.control.value or ""),
                        on_submit=on_submit,
                        width=170,
                    ),
                    ft.IconButton(ft.Icons.CALENDAR_MONTH, tooltip=t.gettext("Pick a date"), on_click=pick_date),
                ],
                spacing=4,
                tight=True,
            ),
            ft.Row(
                [
                    ft.TextField(
                        label=t.gettext("Time"),
                        hint_text="10:00",
                        value=time_text,
                        keyboard_type=ft.KeyboardType.DATETIME,
                        on_change=lambda e: set_time_text(e.control.value or ""),
                        on_submit=on_submit,
                        width=110,
                    ),
                    ft.IconButton(ft.Icons.ACCESS_TIME, tooltip=t.gettext("Pick a time"), on_click=pick_time),
                ],
                spacing=4,
                tight=True,
            ),
        ],
        wrap=True,
        spacing=12,
        run_spacing=8,
    )
    open_label = t.gettext("Open now") if search.at is None else t.gettext("Open at that time")
    when = ft.Column(
        [
            ft.Semantics(container=True, content=ft.Text(t.gettext("When"), theme_style=ft.TextThemeStyle.TITLE_SMALL)),
            chips,
            typed,
            *([ft.Text(when_error, color=ft.Colors.ERROR)] if when_error else []),
            ft.Switch(label=open_label, value=search.open_only, on_change=on_open_only),
        ],
        spacing=8,
    )
    form = ft.Card(content=ft.Container(padding=16, content=ft.Column([where, ft.Divider(height=1), when], spacing=12)))

    body: list[ft.Control] = [title, intro, form]
    if search.loading:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Searching")))
    message = _search_error(t, search)
    if message:
        body.append(ft.Text(message, color=ft.Colors.ERROR, semantics_label=message))
    if search.fell_back_to_postcode and search.place is not None:
        body.append(
            ft.Text(
                t.gettext("Your position is not available, so we searched from postcode {postcode}.").format(
                    postcode=search.place.postal_code
                ),
                color=ft.Colors.ON_SURFACE_VARIANT,
            )
        )
    if search.mode != "none" and not search.loading and search.last_error is None:
        if search.mode == "position":
            origin = t.gettext("your position")
        elif search.place is not None:
            origin = f"{search.place.postal_code} {search.place.municipality}"
        else:
            origin = search.query
        if search.at is None:
            summary = (
                t.gettext("Open now, nearest to {place} first").format(place=origin)
                if search.open_only
                else t.gettext("Nearest to {place} first, open or closed right now").format(place=origin)
            )
        else:
            moment = at_text(t, search.at)
            summary = (
                t.gettext("Open on {when}, nearest to {place} first").format(when=moment, place=origin)
                if search.open_only
                else t.gettext("Nearest to {place} first, open or closed on {when}").format(place=origin, when=moment)
            )
        body.append(ft.Text(summary, theme_style=ft.TextThemeStyle.TITLE_SMALL))
        if not search.results:
            body.append(
                ft.Text(
                    t.gettext("No top-up point is open at that time near this place. Try another time or switch off the filter."),
                    color=ft.Colors.ON_SURFACE_VARIANT,
                )
            )
        body.append(
            ft.ResponsiveRow(
                [PointCard(t, search, p) for p in search.results],
                spacing=12,
                run_spacing=12,
            )
        )
        body.append(
            ft.Text(
                t.gettext("No map here: maps need an internet connection. The list shows the nearest places first."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                color=ft.Colors.ON_SURFACE_VARIANT,
            )
        )
    return PageFrame(body)


def PointCard(t, search: TopupSearch, point) -> ft.Control:
    kind, data = search.describe(point)
    relative = search.at is None
    return ft.Card(
        col={"xs": 12, "md": 6, "xl": 4},
        content=ft.Container(
            padding=16,
            border_radius=12,
            on_click=lambda _: go(f"/topup-points/{point.id}"),
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Icon(kind_icon(point.kind), color=ft.Colors.PRIMARY),
                            ft.Text(point.name, weight=ft.FontWeight.W_600, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True),
                            ft.Text(distance(t, point.distance_km), color=ft.Colors.ON_SURFACE_VARIANT),
                        ],
                        vertical_alignment=ft.CrossAxisAlignment.START,
                    ),
                    ft.Text(kind_name(t, point.kind), color=ft.Colors.ON_SURFACE_VARIANT),
                    ft.Text(f"{point.address}, {point.postal_code} {point.municipality}"),
                    opening_chip(t, kind, data, relative=relative),
                    ft.Row(
                        [
                            ft.TextButton(
                                t.gettext("Opening hours and route"),
                                icon=ft.Icons.CHEVRON_RIGHT,
                                on_click=lambda _: go(f"/topup-points/{point.id}"),
                            )
                        ],
                        alignment=ft.MainAxisAlignment.END,
                    ),
                ],
                spacing=4,
            ),
        ),
    )
