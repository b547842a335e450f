"""The frame of a staff member's screens: who is logged in for which organisation, the caseload, the
supply signals (issue 21), the team (administrators), their settings (the daily digest), log out. Guards the staff session: without one, back to the log-in."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.ui.hooks import use_observable
from app.ui.theme import WIDE
from app.ui.viewport import use_page_width


#: Semantics identifiers of the header's two layouts.
STAFF_HEADER_WIDE = "staff-header-wide"
STAFF_HEADER_NARROW = "staff-header-narrow"


@ft.component
def StaffShell():
    model = use_model(lambda m: m.language)
    t = model.t
    staff = use_observable(model.staff, lambda s: (s.stage, s.me))
    outlet = ft.use_route_outlet()
    location = ft.use_route_location()
    wide = use_page_width(lambda w: w >= WIDE) >= WIDE
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
        ),
        ft.TextButton(
            t.gettext("Signals"), icon=ft.Icons.CRISIS_ALERT, on_click=lambda: go("/staff/signals"),
            style=ft.ButtonStyle(color=ft.Colors.ON_SECONDARY_CONTAINER),
        ),
    ]  # fmt: skip
    links.append(
        ft.TextButton(
            t.gettext("Winter support"), icon=ft.Icons.LOCAL_FIRE_DEPARTMENT_OUTLINED, on_click=lambda: go("/staff/winter-support"),
            style=ft.ButtonStyle(color=ft.Colors.ON_SECONDARY_CONTAINER),
        )
    )  # fmt: skip
    if me.is_admin:
        links.append(
            ft.TextButton(
                t.gettext("Team"), icon=ft.Icons.GROUP_ADD_OUTLINED, on_click=lambda: go("/staff/team"),
                style=ft.ButtonStyle(color=ft.Colors.ON_SECONDARY_CONTAINER),
            )
        )  # fmt: skip
    who = ft.Text(
        f"{me.display_name} · {me.organisation}",
        color=ft.Colors.ON_SECONDARY_CONTAINER,
        weight=ft.FontWeight.W_600,
        expand=True,
        # Wide: one line beside the links (there is room for it). Narrow: its own line, wrapped at
        # spaces: beside the links a phone had room for "Ilse …", at 200 % text for nothing at all.
        **({"max_lines": 1, "overflow": ft.TextOverflow.ELLIPSIS} if wide else {}),
    )
    actions = [
        *links,
        # Icons named on the icon itself: a tooltip alone names a node around an unnamed button
        # (axe button-name). Icons, as the bar has no room for more words on a phone.
        ft.IconButton(
            ft.Icon(ft.Icons.SETTINGS_OUTLINED, semantics_label=t.gettext("Settings"), color=ft.Colors.ON_SECONDARY_CONTAINER),
            tooltip=t.gettext("Settings"), on_click=lambda: go("/staff/settings"),
        ),
        ft.IconButton(
            ft.Icon(ft.Icons.LOGOUT, semantics_label=t.gettext("Log out"), color=ft.Colors.ON_SECONDARY_CONTAINER),
            tooltip=t.gettext("Log out"), on_click=logout,
        ),
    ]  # fmt: skip
    # The badge names the layout drawn (one row, or two on a phone) for tests: it follows a resize a
    # round trip late, like the navigations (tests/e2e/harness.py resize). On the badge, which has no
    # words of its own, so that nothing is read differently; keyed by the layout, as the web client does
    # not rewrite the identifier of a semantics node it keeps.
    layout = STAFF_HEADER_WIDE if wide else STAFF_HEADER_NARROW
    badge = ft.Semantics(
        key=layout, identifier=layout, container=True,
        content=ft.Icon(ft.Icons.SUPPORT_AGENT, color=ft.Colors.ON_SECONDARY_CONTAINER),
    )  # fmt: skip
    if wide:
        content: ft.Control = ft.Row([badge, who, *actions], wrap=False)
    else:
        content = ft.Column(
            [
                ft.Row([badge, who], vertical_alignment=ft.CrossAxisAlignment.START),
                ft.Row(actions, wrap=True, spacing=0, run_spacing=0, alignment=ft.MainAxisAlignment.END),
            ],
            spacing=0,
        )
    bar = ft.Container(
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        content=content,
    )
    del location
    return ft.SafeArea(expand=True, content=ft.Column([bar, ft.Container(content=outlet, expand=True)], expand=True, spacing=0))
