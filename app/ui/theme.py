"""Material 3 theme: a calm teal seed, both light and dark; status colours that keep contrast."""

from __future__ import annotations

import flet as ft

SEED = "#00796B"  # teal 700: calm, "energy" without alarm


def _theme(brightness: ft.Brightness) -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=SEED,
        use_material3=True,
        visual_density=ft.VisualDensity.COMFORTABLE,
    )


def light_theme() -> ft.Theme:
    return _theme(ft.Brightness.LIGHT)


def dark_theme() -> ft.Theme:
    return _theme(ft.Brightness.DARK)


#: Status chip colours by meter status: container and on-container roles of the colour scheme, so
#: text keeps its contrast in both themes. Icons and words carry the meaning, never colour alone.
STATUS_COLOURS = {
    "supplying": (ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER),
    "emergency_credit": (ft.Colors.TERTIARY_CONTAINER, ft.Colors.ON_TERTIARY_CONTAINER),
    "minimum_supply": (ft.Colors.SECONDARY_CONTAINER, ft.Colors.ON_SECONDARY_CONTAINER),
    "interrupted": (ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER),
}

#: Width from which the app uses a navigation rail and more per row.
WIDE = 840
