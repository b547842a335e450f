"""The organisation's team, for its administrators: add a member (their initial password is shown
once), reset a member (a new initial password; they set up again), remove a member (their sessions
stop at once). seed 000, Vraag 19 and 23."""

from __future__ import annotations

import flet as ft

from app.ui.context import use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.widgets.confirm import confirmation
from app.widgets.page_frame import page_frame, section
from app.words.staff import staff_error_text


#: Semantics identifier of the initial password shown once (tests read it there).
INITIAL_PASSWORD = "initial-password"



@ft.component
def TeamView():
    model = use_model(lambda m: m.language)
    t = model.t
    team = use_observable(model.member.team)
    username = use_typed("")
    name = use_typed("")
    ft.use_effect(lambda: ft.context.page.run_task(team.load), [])

    async def add(_=None):
        if await team.add(username.value, name.value):
            username.set("")
            name.set("")

    # The member whose "Remove" was tapped: asked once more in their row (app/widgets/confirm.py).
    confirming, set_confirming = ft.use_state(None)

    async def remove(member_username: str):
        set_confirming(None)
        await team.remove(member_username)

    handed = []
    if team.handed_over is not None:
        handed = [
            ft.Container(
                bgcolor=ft.Colors.TERTIARY_CONTAINER,
                border_radius=12,
                padding=16,
                content=ft.Column(
                    [
                        ft.Text(
                            t.gettext("Initial password for {name} ({username}). It is shown only now: hand it over in person.").format(
                                name=team.handed_over.display_name, username=team.handed_over.username
                            ),
                            color=ft.Colors.ON_TERTIARY_CONTAINER,
                        ),
                        ft.Semantics(
                            identifier=INITIAL_PASSWORD,
                            container=True,
                            # Selectable text is not in the semantics tree by itself: say it.
                            label=team.handed_over.initial_password,
                            content=ft.Text(
                                team.handed_over.initial_password, selectable=True, size=24, weight=ft.FontWeight.W_700,
                                font_family="monospace", color=ft.Colors.ON_TERTIARY_CONTAINER,
                            ),
                        ),
                        ft.TextButton(t.gettext("Done"), on_click=lambda: team.dismiss_password()),
                    ],
                    spacing=8,
                ),
            )
        ]  # fmt: skip
    rows = []
    for member in team.members:
        state = t.gettext("Set up") if member.set_up else t.gettext("Not set up yet")
        role = t.gettext("Administrator") if member.is_admin else t.gettext("Staff member")
        rows.append(
            ft.ListTile(
                title=ft.Text(member.display_name),
                subtitle=ft.Text(f"{member.username} · {role} · {state}"),
                trailing=ft.Row(
                    [
                        ft.IconButton(
                            # The icon's label names the button for screen readers (a tooltip does not).
                            icon=ft.Icon(ft.Icons.LOCK_RESET, semantics_label=t.gettext("Reset {name}").format(name=member.display_name)),
                            tooltip=t.gettext("Reset {name}").format(name=member.display_name),
                            on_click=lambda _e, u=member.username: ft.context.page.run_task(team.reset, u),
                        ),
                        *([ft.IconButton(
                            # The icon's label names the button for screen readers (a tooltip does not).
                            icon=ft.Icon(ft.Icons.PERSON_REMOVE, semantics_label=t.gettext("Remove {name}").format(name=member.display_name)),
                            tooltip=t.gettext("Remove {name}").format(name=member.display_name),
                            on_click=lambda _e, u=member.username: set_confirming(u),
                        )] if team.can_remove(member) else []),
                    ],
                    tight=True,
                ),
            )
        )  # fmt: skip
        if confirming == member.username:
            rows.extend(
                confirmation(
                    t,
                    question=t.gettext("Remove {name}?").format(name=member.display_name),
                    consequence=t.gettext("They are logged out at once and can no longer log in."),
                    action=t.gettext("Remove"),
                    icon=ft.Icons.PERSON_REMOVE,
                    on_confirm=lambda _e, u=member.username: ft.context.page.run_task(remove, u),
                    on_cancel=lambda: set_confirming(None),
                )
            )
    error = staff_error_text(t, team.error) if team.error else ""
    add_section = section(
        t.gettext("Add a staff member"),
        [
            ft.TextField(label=t.gettext("Username"), value=username.value, on_change=lambda e: username.set(sent_value(e))),
            ft.TextField(label=t.gettext("Name as clients see it"), value=name.value, on_change=lambda e: name.set(sent_value(e)), on_submit=add),
            ft.FilledButton(t.gettext("Add"), icon=ft.Icons.PERSON_ADD, on_click=add, disabled=team.loading),
            *([ft.Text(error, color=ft.Colors.ERROR)] if error else []),
        ],
        icon=ft.Icons.PERSON_ADD_ALT,
        col={"xs": 12, "md": 5},
    )
    members = section(t.gettext("Team"), rows or [ft.Text(t.gettext("Loading"))], icon=ft.Icons.GROUPS, col={"xs": 12, "md": 7})
    return page_frame(
        [
            ft.Text(t.gettext("Team"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
            *handed,
            ft.ResponsiveRow([add_section, members], spacing=16, run_spacing=16),
        ]
    )
