"""The seed sentence a line follows, in Dutch, labelled as its source."""

from __future__ import annotations

import flet as ft

from app.i18n import Translator
from app.words.sources import source_title


def source_box(t: Translator, seed: str, quote: str) -> ft.Control:
    """The seed sentence a line follows, in Dutch, labelled as the source."""
    # The document named by its title, not its number (issue 20).
    label = t.gettext("Source: {title} (in Dutch)").format(title=source_title(t, seed))
    return ft.Container(
        border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.OUTLINE_VARIANT)),
        padding=ft.Padding.only(left=10, top=2, bottom=2),
        content=ft.Column(
            [
                ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_SMALL, color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(f"“{quote}”", italic=True, theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT),
            ],
            spacing=2,
        ),
    )
