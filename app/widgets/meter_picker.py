"""Which of a household's meters a top-up is for: one radio button per meter, named by its energy.

A list of radio buttons rather than a segmented button: a segment takes half of the row whatever its
name needs, and at 200 % text on a phone Flutter broke "Elektriciteit" mid-word ("Elektricitei|t")
inside its half. Each radio button has a line of its own, as wide as the section, and tells a screen
reader it is one choice of a group."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from app.words.energy import energy_name
from app.ui.hooks import sent_value


def meter_picker(t, meters: Sequence, selected: str | None, on_choose: Callable[[str], None]) -> ft.Control:
    """``meters`` have ``ean`` and ``energy``; ``on_choose(ean)`` when another one is chosen."""
    return ft.RadioGroup(
        value=selected,
        on_change=lambda e: on_choose(sent_value(e)) if sent_value(e) else None,
        content=ft.Column([ft.Radio(value=m.ean, label=energy_name(t, m.energy)) for m in meters], spacing=0),
    )
