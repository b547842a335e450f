"""The map of top-up points (flet-map): a numbered marker per result (the list's numbers), the searched
place or the device's position, tiles from ``BUDGETMETER_TILE_URL`` with their attribution.

Tiles in the web client, and Flet's ``Cross-Origin-Embedder-Policy: require-corp``: flutter_map's
network images are fetched by the browser in CORS mode (CanvasKit decodes them from the fetched bytes),
so a cross-origin tile loads when the tile server answers with ``Access-Control-Allow-Origin`` (OSM's
tile servers send ``*``); COEP require-corp accepts a CORS-approved answer without a
``Cross-Origin-Resource-Policy`` header. A tile server without CORS headers is refused by the browser
whatever COEP says; then ``on_image_error`` fires, the tile layer is dropped and the markers stay on a
plain background with one sentence (tests/e2e/test_charts_map.py shows both).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft
import flet_map as fm

from app.settings import TILE_USER_AGENT_PACKAGE, AppSettings
from app.state.points_map import MapPoint, PointsMapData

MARKER_SIZE = 34


def _ll(spot: tuple[float, float]) -> fm.MapLatitudeLongitude:
    return fm.MapLatitudeLongitude(spot[0], spot[1])


def _point_marker(t, point: MapPoint, on_open: Callable[[str], Any]) -> fm.Marker:
    color = ft.Colors.PRIMARY if point.open else ft.Colors.OUTLINE
    return fm.Marker(
        coordinates=fm.MapLatitudeLongitude(point.lat, point.lon),
        width=MARKER_SIZE,
        height=MARKER_SIZE,
        # One name for screen readers ("1. Sociaal Huis Gent Noord on the map"), not the number again.
        content=ft.Semantics(
            button=True,
            label=t.gettext("{rank}. {name} on the map").format(rank=point.rank, name=point.name),
            exclude_semantics=True,
            on_tap=lambda _: on_open(point.id),
            content=ft.Container(
                width=MARKER_SIZE,
                height=MARKER_SIZE,
                border_radius=MARKER_SIZE / 2,
                bgcolor=color,
                border=ft.Border.all(2, ft.Colors.SURFACE),
                alignment=ft.Alignment.CENTER,
                on_click=lambda _: on_open(point.id),
                content=ft.Text(str(point.rank), color=ft.Colors.ON_PRIMARY, weight=ft.FontWeight.W_700, size=13),
            ),
        ),
    )


def _origin_marker(t, data: PointsMapData) -> fm.Marker:
    if data.origin_kind == "position":
        icon, label = ft.Icons.MY_LOCATION, t.gettext("Your position")
    else:
        icon, label = ft.Icons.PLACE, t.gettext("The place you searched")
    return fm.Marker(
        coordinates=_ll(data.origin),
        width=MARKER_SIZE,
        height=MARKER_SIZE,
        content=ft.Semantics(label=label, exclude_semantics=True, content=ft.Icon(icon, color=ft.Colors.TERTIARY, size=MARKER_SIZE)),
    )


def _legend_dot(color: str, text: str) -> ft.Control:
    return ft.Row(
        [
            ft.Container(width=14, height=14, border_radius=7, bgcolor=color, border=ft.Border.all(2, ft.Colors.SURFACE)),
            ft.Text(text, theme_style=ft.TextThemeStyle.BODY_SMALL),
        ],
        spacing=6,
        tight=True,
    )


def _legend(t, data: PointsMapData) -> ft.Control:
    """What the markers mean, under the map: the colours alone would not say it."""
    entries = [
        _legend_dot(ft.Colors.PRIMARY, t.gettext("Open at the time you chose")),
        _legend_dot(ft.Colors.OUTLINE, t.gettext("Closed at that time")),
    ]
    if data.origin is not None:
        icon, label = (ft.Icons.MY_LOCATION, t.gettext("Your position")) if data.origin_kind == "position" else (
            ft.Icons.PLACE, t.gettext("The place you searched"))
        entries.append(ft.Row([ft.Icon(icon, color=ft.Colors.TERTIARY, size=16), ft.Text(label, theme_style=ft.TextThemeStyle.BODY_SMALL)],
                              spacing=6, tight=True))
    entries.append(ft.Text(t.gettext("The numbers are those of the list."), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return ft.Row(entries, wrap=True, spacing=16, run_spacing=4)


def points_map(
    t,
    data: PointsMapData,
    settings: AppSettings,
    *,
    tiles_failed: bool,
    on_tile_error: Callable[[], Any],
    on_open: Callable[[str], Any],
    height: float | None = None,
    expand: bool | int = False,
) -> ft.Control:
    # Drawn in order: the nearest last, so it lies on top where markers overlap.
    markers = [_point_marker(t, p, on_open) for p in reversed(data.points)]
    if data.origin is not None:
        markers.insert(0, _origin_marker(t, data))

    async def open_attribution(_=None):
        await ft.UrlLauncher().launch_url(settings.tile_attribution_url)

    layers: list[fm.MapLayer] = []
    if not tiles_failed:
        layers.append(
            fm.TileLayer(
                url_template=settings.tile_url,
                user_agent_package_name=TILE_USER_AGENT_PACKAGE,
                max_native_zoom=19,
                on_image_error=lambda _: on_tile_error(),
            )
        )
    layers.append(fm.MarkerLayer(markers=markers))
    if not tiles_failed:
        layers.append(
            fm.SimpleAttribution(
                text=settings.tile_attribution,  # the widget writes "©" before it
                text_style=ft.TextStyle(size=11, decoration=ft.TextDecoration.UNDERLINE),
                on_click=open_attribution,
            )
        )
    sw, ne = data.south_west, data.north_east
    single = sw == ne
    the_map = fm.Map(
        layers=layers,
        initial_center=_ll(sw) if single else fm.MapLatitudeLongitude((sw[0] + ne[0]) / 2, (sw[1] + ne[1]) / 2),
        initial_zoom=15,
        initial_camera_fit=None
        if single
        else fm.CameraFit(
            bounds=fm.MapLatitudeLongitudeBounds(_ll(sw), _ll(ne)), padding=ft.Padding.all(40), max_zoom=16
        ),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        min_zoom=6,
        max_zoom=19,
        height=height,
        expand=expand,
    )
    parts: list[ft.Control] = [
        ft.Semantics(
            container=True,
            label=t.gettext("Map of the top-up points"),
            content=ft.Container(
                content=the_map, border_radius=12, clip_behavior=ft.ClipBehavior.ANTI_ALIAS, height=height, expand=expand
            ),
        )
    ]
    parts.append(_legend(t, data))
    if tiles_failed:
        parts.append(
            ft.Text(
                t.gettext("The map itself could not be loaded; the numbered dots show where the points are."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                color=ft.Colors.ON_SURFACE_VARIANT,
            )
        )
    return ft.Column(parts, spacing=6, expand=expand)


__all__ = ["points_map"]
