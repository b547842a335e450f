"""A click right behind the last keystroke sees that keystroke (app/ui/hooks.py, ``use_typed``).

Flet runs each event from the browser as a task of its own and redraws later, from a scheduler: a click
that arrives before the redraw runs the handler of the previous drawing. CI saw it once: an
authenticator code confirmed as five digits under a field that showed all six. These tests send the
keystroke and the click together, as a fast typist or a loaded machine does, through Flet's own session.
"""

from __future__ import annotations

import asyncio

import flet as ft
import pytest

from app.ui.hooks import use_typed

from .test_redraw import flet_page, settle

pytestmark = pytest.mark.anyio


def controls_of(session, kind: type) -> list:
    return [c for c in session._Session__index.values() if isinstance(c, kind)]


async def type_then_click(session, typed: str) -> None:
    field = controls_of(session, ft.TextField)[0]
    button = controls_of(session, ft.Button)[0]
    session.apply_patch(field._i, {"value": typed})  # what the browser sends before its change event
    await asyncio.gather(
        session.dispatch_event(field._i, "change", typed),
        session.dispatch_event(button._i, "click", None),
    )
    await settle()


async def test_the_click_sees_the_code_typed_just_before() -> None:
    confirmed: list[str] = []

    @ft.component
    def Confirm():
        code = use_typed("")

        async def confirm(_=None):
            confirmed.append(code.value)

        return ft.Column(
            [
                ft.TextField(label="Code", value=code.value, on_change=lambda e: code.set(e.control.value or "")),
                ft.FilledButton("Confirm", on_click=confirm),
            ]
        )

    page, session, _conn = flet_page()
    page.render(Confirm)
    session.get_page_patch()
    await settle()
    await type_then_click(session, "03874")
    await type_then_click(session, "038749")
    assert confirmed == ["03874", "038749"]
    # The field is drawn with what was typed, after the redraw.
    assert controls_of(session, ft.TextField)[0].value == "038749"


async def test_flets_own_state_would_have_confirmed_the_digit_before() -> None:
    """Why ``use_typed`` exists: the same screen on ``ft.use_state`` confirms what the previous drawing
    held (if Flet ever redraws before the next event, this test tells us, and the hook can go)."""
    confirmed: list[str] = []

    @ft.component
    def Confirm():
        code, set_code = ft.use_state("")

        async def confirm(_=None):
            confirmed.append(code)

        return ft.Column(
            [
                ft.TextField(label="Code", value=code, on_change=lambda e: set_code(e.control.value or "")),
                ft.FilledButton("Confirm", on_click=confirm),
            ]
        )

    page, session, _conn = flet_page()
    page.render(Confirm)
    session.get_page_patch()
    await settle()
    await type_then_click(session, "03874")
    await type_then_click(session, "038749")
    assert confirmed == ["", "03874"]
