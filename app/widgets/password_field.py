"""A password field whose show/hide button has a name (issue 20).

Flet's ``can_reveal_password`` draws Flutter's eye button without any name: a screen reader announced
an unnamed button beside every password. Here the button is ours, named by its icon's semantics label
and its tooltip ("Show password" / "Hide password"), as the Prepaid-code field names its own toggle.
Whether the password shows is the field's own state; the typed value stays the caller's (``use_typed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from app.i18n import Translator


def reveal_label(t: Translator, shown: bool, *, code: bool = False) -> str:
    """The button's name: for a password, or (``code``) for a Prepaid-code typed by a helper."""
    if code:
        return t.gettext("Hide code") if shown else t.gettext("Show code")
    return t.gettext("Hide password") if shown else t.gettext("Show password")


@ft.component
def PasswordField(
    t: Translator,
    *,
    label: str,
    value: str,
    on_change: Callable[[Any], None],
    on_submit: Callable[..., Any] | None = None,
    helper: str | None = None,
    prefix_icon: ft.IconData | None = None,
    field_key: str | None = None,
    code: bool = False,
    keyboard_type: ft.KeyboardType | None = None,
    autofocus: bool = False,
) -> ft.Control:
    shown, set_shown = ft.use_state(False)
    name = reveal_label(t, shown, code=code)
    return ft.TextField(
        key=field_key,
        keyboard_type=keyboard_type,
        autofocus=autofocus,
        label=label,
        value=value,
        password=not shown,
        helper=helper,
        helper_max_lines=3 if helper else None,
        prefix_icon=prefix_icon,
        on_change=on_change,
        on_submit=on_submit,
        suffix_icon=ft.IconButton(
            icon=ft.Icon(ft.Icons.VISIBILITY_OFF if shown else ft.Icons.VISIBILITY, semantics_label=name),
            tooltip=name,
            on_click=lambda: set_shown(not shown),
        ),
    )
