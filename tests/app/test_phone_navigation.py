"""Which labels the phone's bottom bar draws (app/views/phone_navigation.py), from the words' sizes
the browser measured: widths as the web client drew them at 12 px with a line height of 1."""

from __future__ import annotations

import flet as ft

from app.views.phone_navigation import label_behavior

LABELS = ["Overzicht", "Opladen", "Oplaadpunten", "Tarief", "Instellingen"]
# Widths at 12 px (100 % text) as the web client measured them; the height is 12 px times the scale.
AT_12 = {"Overzicht": 51.2, "Opladen": 45.0, "Oplaadpunten": 76.1, "Tarief": 31.3, "Instellingen": 62.9}


def at(scale: float) -> dict[str, tuple[float, float]]:
    return {w: (x * scale, 12 * scale) for w, x in AT_12.items()}


def test_all_labels_while_every_word_fits_its_fifth_of_a_phone():
    assert label_behavior(LABELS, 0, 412, at(1)) == ft.NavigationBarLabelBehavior.ALWAYS_SHOW


def test_until_measured_all_labels_show():
    assert label_behavior(LABELS, 0, 412, {"Opladen": (45.0, 12.0)}) == ft.NavigationBarLabelBehavior.ALWAYS_SHOW


def test_at_200_percent_only_a_selected_label_that_fits():
    # Flutter draws the bar's labels at 1.3 times at most: "Oplaadpunten" needs 99 px of 78.
    assert label_behavior(LABELS, 1, 412, at(2)) == ft.NavigationBarLabelBehavior.ONLY_SHOW_SELECTED
    assert label_behavior(LABELS, 2, 412, at(2)) == ft.NavigationBarLabelBehavior.ALWAYS_HIDE
    assert label_behavior(LABELS, 4, 412, at(2)) == ft.NavigationBarLabelBehavior.ALWAYS_HIDE


def test_a_helpers_sixth_destination_leaves_less_room_even_at_100_percent():
    labels = [*LABELS[:4], "Cliënten", LABELS[4]]
    sizes = {**at(1), "Cliënten": (44.0, 12.0)}
    assert label_behavior(labels, 0, 412, sizes) == ft.NavigationBarLabelBehavior.ONLY_SHOW_SELECTED
    assert label_behavior(labels, 0, 600, sizes) == ft.NavigationBarLabelBehavior.ALWAYS_SHOW

