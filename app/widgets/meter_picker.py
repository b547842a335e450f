"""Which of a household's meters a top-up is for: one radio button per meter, named by its energy.

Radio buttons in a wrapping row rather than a segmented button: a segment takes half of the row
whatever its name needs, and at 200 % text on a phone Flutter broke "Elektriciteit" mid-word
("Elektricitei|t") inside its half. A radio button is as wide as its name, goes to the next line when
the row is full, and tells a screen reader it is one choice of a group."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from app.words.energy import energy_name


def meter_picker(t, meters: Sequence, selected: str | None, on_choose: Callable[[str], None]) -> ft.Control:
    """``meters`` have ``ean`` and ``energy``; ``on_choose(ean)`` when another one is chosen."""
    return ft.RadioGroup(
        value=selected,
        on_change=lambda e: on_choose(e.control.value) if e.control.value else None,
        content=ft.Row(
            [ft.Radio(value=m.ean, label=energy_name(t, m.energy)) for m in meters],
            wrap=True,
            spacing=16,
            run_spacing=0,
        ),
    )
