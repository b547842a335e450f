"""The top-up points screen's results: the list and the map. On a wide window side by side; on a phone
a list/map switch (the list first: it is the main way and works alone, the map adds where)."""

from __future__ import annotations

import flet as ft

from app.state.points_map import MapPane, search_map_data
from app.state.topup_search import TopupSearch
from app.ui.context import go
from app.ui.hooks import use_observable
from app.ui.theme import WIDE
from app.widgets.points_map import points_map

MAP_HEIGHT_WIDE = 480
MAP_HEIGHT_PHONE = 460

#: Semantics identifiers of the two layouts of the results (``flt-semantics-identifier`` in the web
#: client's DOM). Like the navigations (app/views/shell.py), the layout follows a resize only when the
#: server's answer arrives, a round trip later; tests wait for the stale one to go before they click.
POINTS_WIDE = "points-wide"
POINTS_NARROW = "points-narrow"


def _layout(identifier: str, control: ft.Control) -> ft.Control:
    # Keyed by the identifier: a new node for a new layout (the web client does not rewrite the
    # identifier of a semantics node it keeps).
    return ft.Semantics(key=identifier, identifier=identifier, container=True, content=control)


def use_map_pane(model) -> MapPane:
    return use_observable(model.points_map)


def results_and_map(t, search: TopupSearch, pane: MapPane, cards: list[ft.Control], settings, width: float) -> ft.Control:
    data = search_map_data(search)
    wide = width >= WIDE

    def the_map(height: float) -> ft.Control:
        return points_map(
            t,
            data,
            settings,
            tiles_failed=pane.tiles_failed,
            on_tile_error=pane.tile_failed,
            on_open=lambda point_id: go(f"/topup-points/{point_id}"),
            height=height,
        )

    if data is None:
        return ft.ResponsiveRow(cards, spacing=12, run_spacing=12)
    if wide:
        listed = ft.Column(cards, spacing=12)  # one card per row beside the map
        return _layout(
            POINTS_WIDE,
            ft.ResponsiveRow(
                [
                    ft.Column([listed], col={"xs": 12, "md": 7}),
                    ft.Column([the_map(MAP_HEIGHT_WIDE)], col={"xs": 12, "md": 5}),
                ],
                spacing=16,
                run_spacing=16,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        )
    switch = ft.SegmentedButton(
        segments=[
            ft.Segment(value="list", label=t.gettext("List"), icon=ft.Icons.LIST),
            ft.Segment(value="map", label=t.gettext("Map"), icon=ft.Icons.MAP_OUTLINED),
        ],
        selected=[pane.show],
        show_selected_icon=False,
        on_change=lambda e: pane.switch((e.control.selected or ["list"])[0]),
    )
    shown = the_map(MAP_HEIGHT_PHONE) if pane.show == "map" else ft.ResponsiveRow(cards, spacing=12, run_spacing=12)
    return _layout(POINTS_NARROW, ft.Column([switch, shown], spacing=12))
