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

from .rendering import flet_page, settle

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


def two_field_form(submitted: list[tuple[str, str]], read):
    @ft.component
    def Form():
        code = use_typed("")
        postcode = use_typed("")

        async def submit(_=None):
            submitted.append((code.value, postcode.value))

        return ft.Column([
            ft.TextField(label="Prepaid-code", value=code.value, on_change=lambda e: code.set(read(e))),
            ft.TextField(label="Postcode", value=postcode.value, on_change=lambda e: postcode.set(read(e))),
            ft.FilledButton("Log in", on_click=submit),
        ])  # fmt: skip

    return Form


async def redraw_between_value_and_change(Form) -> None:
    """The browser's property update for the postcode, then a redraw (another field's change), then
    the postcode's change event, then the click: what bench.web_sessions saw on a busy web process."""
    page, session, _conn = flet_page()
    page.render(Form)
    session.get_page_patch()
    await settle()
    code_field, postcode_field = controls_of(session, ft.TextField)
    session.apply_patch(postcode_field._i, {"value": "1640"})
    session.apply_patch(code_field._i, {"value": "1111222233"})
    await session.dispatch_event(code_field._i, "change", "1111222233")
    await settle()
    await session.dispatch_event(postcode_field._i, "change", "1640")
    await settle()
    await session.dispatch_event(controls_of(session, ft.FilledButton)[0]._i, "click", None)
    await settle()


async def test_a_redraw_between_a_fields_value_and_its_change_event_loses_nothing() -> None:
    from app.ui.hooks import sent_value

    submitted: list[tuple[str, str]] = []
    await redraw_between_value_and_change(two_field_form(submitted, sent_value))
    assert submitted == [("1111222233", "1640")]


async def test_the_controls_value_would_have_lost_the_postcode() -> None:
    """Why ``sent_value`` exists: the redraw drew the postcode field with the state before the keystroke,
    so the control's value was empty when its change event ran (if Flet ever stops resetting it, this
    test tells us)."""
    submitted: list[tuple[str, str]] = []
    await redraw_between_value_and_change(two_field_form(submitted, lambda e: e.control.value or ""))
    assert submitted == [("1111222233", "")]


def test_no_change_handler_reads_the_controls_value() -> None:
    # Every form field's change handler takes what was typed from the event (sent_value / switched).
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        if path != root / "ui" / "hooks.py"  # sent_value's own fallback, for events without data
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"on_change=lambda e: .*e\.control\.value|e\.control\.value or \"\"|bool\(e\.control\.value\)", line)
    ]
    assert not found, found
