"""The frame of a staff member's screens: who is logged in for which organisation, the caseload, the
team (administrators), log out. Guards the staff session: without one, back to the log-in."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.ui.hooks import use_observable
from app.views.staff_setup import staff_of


@ft.component
def StaffShell():
    model = use_model(lambda m: m.language)
    t = model.t
    staff = use_observable(staff_of(model), lambda s: (s.stage, s.me))
    outlet = ft.use_route_outlet()
    location = ft.use_route_location()
    ft.use_effect(lambda: None if staff.stage == "signed_in" else go("/login"), [staff.stage])
    if staff.stage != "signed_in" or staff.me is None:
        return ft.Container(expand=True)

    async def logout(_=None):
        await staff.logout()
        go("/login")

    me = staff.me
    links = [
        ft.TextButton(
            t.gettext("Caseload"), icon=ft.Icons.PEOPLE_OUTLINE, on_click=lambda: go("/staff"),
            style=ft.ButtonStyle(color=ft.Colors.ON_SECONDARY_CONTAINER),
        )
    ]  # fmt: skip
    if me.is_admin:
        links.append(
            ft.TextButton(
                t.gettext("Team"), icon=ft.Icons.GROUP_ADD_OUTLINED, on_click=lambda: go("/staff/team"),
                style=ft.ButtonStyle(color=ft.Colors.ON_SECONDARY_CONTAINER),
            )
        )  # fmt: skip
    bar = ft.Container(
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        content=ft.Row(
            [
                ft.Icon(ft.Icons.SUPPORT_AGENT, color=ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(
                    f"{me.display_name} · {me.organisation}",
                    color=ft.Colors.ON_SECONDARY_CONTAINER,
                    weight=ft.FontWeight.W_600,
                    expand=True,
                    max_lines=1,
                    overflow=ft.TextOverflow.ELLIPSIS,
                ),
                *links,
                ft.IconButton(
                    # The icon's label names the button for screen readers (a tooltip does not: axe aria-command-name).
                    icon=ft.Icon(ft.Icons.LOGOUT, semantics_label=t.gettext("Log out"), color=ft.Colors.ON_SECONDARY_CONTAINER),
                    tooltip=t.gettext("Log out"),
                    on_click=logout,
                ),
            ],
            wrap=False,
        ),
    )
    del location
    return ft.SafeArea(expand=True, content=ft.Column([bar, ft.Container(content=outlet, expand=True)], expand=True, spacing=0))
