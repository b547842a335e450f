"""Find a top-up point: by postcode or municipality, or near the device's position (when the
geolocator extension is there; else the postcode), open now or at a chosen time, nearest first.

Seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op het moment dat u het wenst."

The list is the main way and stands on its own; the map beside it (or behind a list/map switch on a
phone) is app/views/topup_points_map.py.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import flet as ft

from app.i18n import N_

from app.state.topup_search import TopupSearch
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, switched, use_observable
from app.widgets.date_time_field import DateTimeField
from app.views.topup_points_map import results_and_map, use_map_pane
from app.ui.theme import WIDE
from app.ui.viewport import use_page_width
from app.widgets.opening_chip import opening_chip
from app.widgets.page_frame import page_frame
from app.words.messages import error_text
from app.words.opening import at_text, distance, kind_icon, kind_name
from app.widgets.heading import heading
from app.widgets.labelled_switch import labelled_switch
from app.widgets.live import announced

log = logging.getLogger("budgetmeter.ui")

try:  # optional extension: the device's position
    import flet_geolocator as ftg
except ImportError:  # pragma: no cover - depends on what is installed
    ftg = None

WHEN_ERRORS = {
    "not_a_date": N_("Enter a date like 28/11/2026."),
    "not_a_time": N_("Enter a time like 10:00."),
}
MOMENT_NAMES = {
    "now": N_("Now"),
    "tomorrow": N_("Tomorrow 10:00"),
    "saturday": N_("Saturday 10:00"),
}


def use_search(model) -> TopupSearch:
    """This session's search, followed by the calling component."""
    return use_observable(model.topup_search)


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
    pane = use_map_pane(model)
    width = use_page_width(lambda w: w >= WIDE)  # redrawn when the list and map go side by side
    geolocator = ft.use_ref(None)

    async def on_submit(_=None):
        await search.submit()

    async def on_open_only(e: ft.Event[ft.Switch]):
        await search.set_open_only(switched(e))

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
        me = model.session.me if model.logged_in else None
        await search.near_me_form(locate, me.postal_code if me else None)

    today = search.now().date()
    title = heading(t.gettext("Find a top-up point"))
    intro = ft.Text(
        t.gettext("Top up your budget meter with a card at one of these places. Search near you, open now or at the time you want."),
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    search_field = ft.TextField(
        label=t.gettext("Postcode or municipality"),
        hint_text=t.gettext("e.g. 9000 or Gent"),
        value=search.query_text,
        prefix_icon=ft.Icons.SEARCH,
        on_change=lambda e: search.type_query(sent_value(e)),
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
            # Its own semantics node: without one Flutter merges the field into the card's node, and
            # the field's box (what a screen reader outlines and a click aims at) becomes the card.
            ft.Semantics(container=True, content=search_field, col=search_field.col),
            ft.Row(buttons, col={"xs": 12, "md": 6}, wrap=True, spacing=8, run_spacing=8),
        ],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
        run_spacing=8,
    )

    chosen = search.chosen_moment()

    def quick(choice: str):
        async def choose(_=None):
            await search.choose_moment(choice)

        return choose

    chips = ft.Row(
        [
            ft.Chip(
                label=ft.Text(t.gettext(MOMENT_NAMES[choice])),
                leading=ft.Icon(ft.Icons.SCHEDULE) if choice == "now" else None,
                selected=chosen == choice,
                on_select=quick(choice),
            )
            for choice in MOMENT_NAMES
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    typed = DateTimeField(
        t,
        date_text=search.date_text,
        on_date_text=search.type_date,
        on_pick_date=search.pick_date,
        first_date=today - timedelta(days=365),
        last_date=today + timedelta(days=365),
        time_text=search.time_text,
        on_time_text=search.type_time,
        on_pick_time=search.pick_time,
        on_submit=on_submit,
        help_text=t.gettext("Open at"),
    )
    open_label = t.gettext("Open now") if search.at is None else t.gettext("Open at that time")
    when = ft.Column(
        [
            ft.Semantics(container=True, content=ft.Text(t.gettext("When"), theme_style=ft.TextThemeStyle.TITLE_SMALL)),
            chips,
            typed,
            *([ft.Text(t.gettext(WHEN_ERRORS[search.when_error]), color=ft.Colors.ERROR)] if search.when_error else []),
            labelled_switch(open_label, value=search.open_only, on_change=on_open_only),
        ],
        spacing=8,
    )
    form = ft.Card(content=ft.Container(padding=16, content=ft.Column([where, ft.Divider(height=1), when], spacing=12)))

    body: list[ft.Control] = [title, intro, form]
    if search.loading:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Searching")))
    message = _search_error(t, search)
    if message:
        body.append(announced(ft.Text(message, color=ft.Colors.ERROR, semantics_label=message)))
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
        # The search's result, read out when it arrives (and a heading to jump to the list).
        body.append(announced(heading(summary, 2, style=ft.TextThemeStyle.TITLE_SMALL)))
        if not search.results:
            body.append(
                ft.Text(
                    t.gettext("No top-up point is open at that time near this place. Try another time or switch off the filter."),
                    color=ft.Colors.ON_SURFACE_VARIANT,
                )
            )
        cards = [point_card(t, search, p) for p in search.results]
        body.append(results_and_map(t, search, pane, cards, model.settings, width))
    return page_frame(body)


def point_card(t, search: TopupSearch, point) -> ft.Control:
    kind, data = search.describe(point)
    relative = search.at is None
    return ft.Card(
        col={"xs": 12, "md": 6, "xl": 4},
        content=ft.Container(
            padding=16,
            border_radius=12,
            # One way in, the button below: a tappable card around a button nests two controls,
            # which screen readers cannot tell apart (axe: nested-interactive).
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Icon(kind_icon(point.kind), color=ft.Colors.PRIMARY),
                            heading(point.name, 3, expand=True),
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
