"""The accessibility statement (app/words/accessibility.py), a public screen: reachable from the login
screen and from Settings. Where to report a problem is the operator's setting
BUDGETMETER_ACCESSIBILITY_CONTACT (an e-mail address or a web page)."""

from __future__ import annotations

from functools import lru_cache

import flet as ft

from app.settings import load_settings
from app.ui.context import go, use_model
from app.widgets.heading import heading
from app.widgets.page_frame import page_frame, section
from app.words import accessibility as words


@lru_cache(maxsize=1)
def report_contact() -> str | None:
    return load_settings().accessibility_contact


def bullets(t, lines) -> list[ft.Control]:
    return [
        ft.Row(
            # An icon without a label: seen, not read out.
            [ft.Container(ft.Icon(ft.Icons.CIRCLE, size=8), padding=ft.Padding.only(top=7)), ft.Text(t.gettext(line), expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        for line in lines
    ]


@ft.component
def AccessibilityView():
    model = use_model()
    t = model.t
    contact = report_contact()
    back_to = "/settings" if model.logged_in else "/login"
    back = ft.Row(
        [
            ft.TextButton(
                t.gettext("Settings") if model.logged_in else t.gettext("Log in"),
                icon=ft.Icons.ARROW_BACK,
                on_click=lambda: go(back_to),
            )
        ]
    )
    report = [ft.Text(t.gettext(words.REPORT))]
    if contact:
        report.append(ft.Text(t.gettext(words.REPORT_TO).format(contact=contact), weight=ft.FontWeight.W_600))
    else:
        report.append(ft.Text(t.gettext(words.REPORT_NO_CONTACT)))
    report.append(ft.Text(t.gettext(words.ENFORCEMENT)))
    return page_frame(
        [
            back,
            heading(t.gettext(words.TITLE)),
            ft.Text(t.gettext(words.INTRO)),
            section(t.gettext(words.STATUS_TITLE), [ft.Text(t.gettext(words.STATUS))], icon=ft.Icons.ACCESSIBILITY_NEW),
            section(t.gettext(words.WORKS_TITLE), bullets(t, words.WORKS), icon=ft.Icons.CHECK_CIRCLE_OUTLINE),
            section(t.gettext(words.NOT_YET_TITLE), bullets(t, words.NOT_YET), icon=ft.Icons.CONSTRUCTION),
            section(t.gettext(words.CHECKED_TITLE), [ft.Text(t.gettext(words.CHECKED))], icon=ft.Icons.FACT_CHECK_OUTLINED),
            section(t.gettext(words.REPORT_TITLE), report, icon=ft.Icons.FEEDBACK_OUTLINED),
        ]
    )
