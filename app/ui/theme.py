"""Material 3 theme: a calm teal, both light and dark; status colours that keep contrast.

The colour schemes are written out role by role (the Material 3 tonal palette of the teal seed)
instead of being left to Flutter's seed algorithm, so that the contrast of every text/background pair
can be checked from these very values (tests/app/test_contrast.py, WCAG 2.2 1.4.3 and 1.4.11), and the
install manifest, the loading screen and the icon use the same colours (assets/).
"""

from __future__ import annotations

import flet as ft

SEED = "#00796B"  # teal 700: calm, "energy" without alarm
BRAND = "#006A60"  # the light scheme's primary: icon background, browser theme colour

#: Colour roles of the light scheme (names as in ft.ColorScheme).
LIGHT = {
    "primary": "#006A60",
    "on_primary": "#FFFFFF",
    "primary_container": "#9EF2E4",
    "on_primary_container": "#00201C",
    "secondary": "#4A635F",
    "on_secondary": "#FFFFFF",
    "secondary_container": "#CCE8E2",
    "on_secondary_container": "#05201C",
    "tertiary": "#456179",
    "on_tertiary": "#FFFFFF",
    "tertiary_container": "#CCE5FF",
    "on_tertiary_container": "#001E31",
    "error": "#BA1A1A",
    "on_error": "#FFFFFF",
    "error_container": "#FFDAD6",
    "on_error_container": "#410002",
    "surface": "#F4FBF8",
    "on_surface": "#161D1C",
    "on_surface_variant": "#3F4947",
    "outline": "#6F7977",
    "outline_variant": "#BEC9C6",
    "surface_container_lowest": "#FFFFFF",
    "surface_container_low": "#EFF5F2",
    "surface_container": "#E9EFEC",
    "surface_container_high": "#E3EAE7",
    "surface_container_highest": "#DDE4E1",
    "inverse_surface": "#2B3230",
    "on_inverse_surface": "#ECF2EF",
    "inverse_primary": "#82D5C8",
}

#: Colour roles of the dark scheme.
DARK = {
    "primary": "#82D5C8",
    "on_primary": "#003731",
    "primary_container": "#005048",
    "on_primary_container": "#9EF2E4",
    "secondary": "#B1CCC6",
    "on_secondary": "#1C3531",
    "secondary_container": "#334B47",
    "on_secondary_container": "#CCE8E2",
    "tertiary": "#ADCAE6",
    "on_tertiary": "#153349",
    "tertiary_container": "#2D4960",
    "on_tertiary_container": "#CCE5FF",
    "error": "#FFB4AB",
    "on_error": "#690005",
    "error_container": "#93000A",
    "on_error_container": "#FFDAD6",
    "surface": "#0E1513",
    "on_surface": "#DDE4E1",
    "on_surface_variant": "#BEC9C6",
    "outline": "#899390",
    "outline_variant": "#3F4947",
    "surface_container_lowest": "#090F0E",
    "surface_container_low": "#161D1C",
    "surface_container": "#1A2120",
    "surface_container_high": "#252B2A",
    "surface_container_highest": "#303635",
    "inverse_surface": "#DDE4E1",
    "on_inverse_surface": "#2B3230",
    "inverse_primary": "#006A60",
}


def _theme(roles: dict[str, str]) -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=SEED,
        color_scheme=ft.ColorScheme(**roles),
        use_material3=True,
        visual_density=ft.VisualDensity.COMFORTABLE,
    )


def light_theme() -> ft.Theme:
    return _theme(LIGHT)


def dark_theme() -> ft.Theme:
    return _theme(DARK)


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
