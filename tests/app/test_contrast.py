"""Contrast of every text/background pair the app uses, in the light and the dark theme, computed from
the theme's own colours (app/ui/theme.py) with WCAG 2.2's formula: >= 4.5:1 for text (1.4.3), >= 3:1
for icons, field borders and large text (1.4.11). axe cannot judge it: Flutter paints text on a canvas."""

from __future__ import annotations

import pytest

from app.ui.theme import DARK, LIGHT, STATUS_COLOURS

SURFACES = [
    "surface",
    "surface_container_lowest",
    "surface_container_low",
    "surface_container",
    "surface_container_high",
    "surface_container_highest",
]
#: Colours used for text on any surface (views: ON_SURFACE_VARIANT for secondary text, PRIMARY for
#: text buttons and highlighted words, ERROR for error sentences).
TEXT_ON_SURFACES = ["on_surface", "on_surface_variant", "primary", "secondary", "tertiary", "error"]
#: Filled roles and the text on them (buttons, chips, banners, badges).
FILLED = [
    ("on_primary", "primary"),
    ("on_secondary", "secondary"),
    ("on_tertiary", "tertiary"),
    ("on_error", "error"),
    ("on_primary_container", "primary_container"),
    ("on_secondary_container", "secondary_container"),
    ("on_tertiary_container", "tertiary_container"),
    ("on_error_container", "error_container"),
    ("on_inverse_surface", "inverse_surface"),  # snack bars
    ("inverse_primary", "inverse_surface"),  # a snack bar's action
]
#: Non-text: outlines of fields and buttons, icons (WCAG 1.4.11).
NON_TEXT_ON_SURFACES = ["outline", "primary", "on_surface_variant"]


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.2, definition)."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_formula():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey


THEMES = {"light": LIGHT, "dark": DARK}


def text_pairs():
    for theme in THEMES:
        for surface in SURFACES:
            for fg in TEXT_ON_SURFACES:
                yield theme, fg, surface
        for fg, bg in FILLED:
            yield theme, fg, bg
        for bg, fg in STATUS_COLOURS.values():
            # ft.Colors.ON_PRIMARY_CONTAINER -> the table's "on_primary_container"
            yield theme, fg.name.lower(), bg.name.lower()


@pytest.mark.parametrize("theme,fg,bg", list(text_pairs()))
def test_text_contrast_at_least_4_5(theme, fg, bg):
    roles = THEMES[theme]
    ratio = contrast(roles[fg], roles[bg])
    assert ratio >= 4.5, f"{theme}: {fg} {roles[fg]} on {bg} {roles[bg]} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("fg", NON_TEXT_ON_SURFACES)
def test_icons_and_borders_at_least_3(theme, surface, fg):
    roles = THEMES[theme]
    ratio = contrast(roles[fg], roles[surface])
    assert ratio >= 3.0, f"{theme}: {fg} {roles[fg]} on {surface} {roles[surface]} is {ratio:.2f}:1"


def test_both_themes_define_the_same_roles():
    assert set(LIGHT) == set(DARK)


def test_the_page_and_manifest_use_the_theme():
    """The loading screen (app/web/index.html) draws on_surface on surface: covered above; its colours
    are the theme's because the page is made from these tables (app/web/site.py)."""
    from app.web.site import theme_colours

    colours = theme_colours()
    assert colours["@LIGHT_SURFACE@"] == LIGHT["surface"] and colours["@DARK_ON_SURFACE@"] == DARK["on_surface"]


@pytest.mark.parametrize("theme", THEMES)
def test_chart_tooltips_read_in_both_themes(theme):
    """Issue 20: the charts' tooltips were dark on dark (the library's blue-grey under the line's own
    colour). Every tooltip of a drawn chart names its background and text colours, a pair of the theme
    at 4.5:1 or more."""
    from app.i18n import Translator
    from app.state.balance_history import chart_series
    from app.widgets.balance_chart import balance_line_chart, cost_bar_chart

    from .test_balance_history import steady

    series = chart_series(steady(30, topups={10: 2000}))
    t = Translator("nl")
    line, bars = balance_line_chart(t, series), cost_bar_chart(t, series)
    roles = THEMES[theme]
    tips = [p.tooltip for d in line.data_series for p in d.points if p.show_tooltip]
    tips += [r.tooltip for g in bars.groups for r in g.rods if r.show_tooltip]
    assert tips
    for chart in (line, bars):
        bg = chart.tooltip.bgcolor
        for tip in tips:
            fg = tip.text_style.color
            ratio = contrast(roles[fg.name.lower()], roles[bg.name.lower()])
            assert ratio >= 4.5, f"{theme}: tooltip {fg} on {bg} is {ratio:.2f}:1"
