"""Settings: language, light/dark, remember me, log out (and forget this client); alerts
(app/views/alert_settings.py)."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.widgets.page_frame import page_frame, section
from app.i18n import LANGUAGE_NAMES
from app.views.alert_settings import AlertSettingsSection
from app.widgets.heading import heading
from app.widgets.labelled_switch import labelled_switch
from app.ui.hooks import sent_value, switched


@ft.component
def SettingsView():
    model = use_model()
    t = model.t
    session = model.session
    profile = session.current

    async def on_language(e: ft.Event[ft.RadioGroup]):
        value = sent_value(e)
        await session.set_language(None if value in (None, "auto") else value)

    async def on_theme(e: ft.Event[ft.SegmentedButton]):
        await model.set_theme(list(e.control.selected)[0])

    async def on_remember(e: ft.Event[ft.Switch]):
        await model.set_remember_current(switched(e))

    async def logout(_=None):
        await session.logout()
        go("/clients" if model.logged_in else "/login")

    async def forget(_=None):
        await session.logout(forget=True)
        go("/login")

    language = section(
        t.gettext("Language"),
        [
            # Radio buttons rather than a dropdown: each choice is named and reachable by keyboard
            # (Flutter's dropdown button reached the semantics tree without a name: axe
            # aria-command-name).
            ft.RadioGroup(
                value=session.language_choice or "auto",
                on_change=on_language,
                content=ft.Column(
                    [ft.Radio(value="auto", label=t.gettext("Automatic (account or device)"))]
                    + [ft.Radio(value=code, label=name) for code, name in LANGUAGE_NAMES.items()],
                    spacing=0,
                ),
            )
        ],
        icon=ft.Icons.LANGUAGE,
    )
    theme = section(
        t.gettext("Appearance"),
        [
            ft.SegmentedButton(
                selected=[model.theme],
                allow_empty_selection=False,
                segments=[
                    ft.Segment(value="light", label=ft.Text(t.gettext("Light")), icon=ft.Icon(ft.Icons.LIGHT_MODE)),
                    ft.Segment(value="dark", label=ft.Text(t.gettext("Dark")), icon=ft.Icon(ft.Icons.DARK_MODE)),
                    ft.Segment(value="system", label=ft.Text(t.gettext("System")), icon=ft.Icon(ft.Icons.BRIGHTNESS_AUTO)),
                ],
                on_change=on_theme,
            )
        ],
        icon=ft.Icons.PALETTE_OUTLINED,
    )
    storage_note = (
        t.gettext("This device has no secure storage: your login is kept in memory only, until you close the app.")
        if model.secrets_in_memory_only
        else t.gettext("Your login is kept in this device's secure storage, never on the server.")
    )
    account_rows: list[ft.Control] = []
    if profile is not None:
        account_rows.append(
            ft.Text(
                t.gettext("Logged in for {name} (Prepaid-code {code})").format(
                    name=profile.display_name, code=profile.prepaid_code_masked
                )
            )
        )
    account_rows += [
        labelled_switch(t.gettext("Remember me on this device"), value=bool(profile and profile.remember), on_change=on_remember),
        ft.Text(storage_note, theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row(
            [
                ft.OutlinedButton(t.gettext("Log out"), icon=ft.Icons.LOGOUT, on_click=logout),
                ft.TextButton(
                    t.gettext("Log out and forget this client"),
                    icon=ft.Icons.DELETE_OUTLINE,
                    on_click=forget,
                    style=ft.ButtonStyle(color=ft.Colors.ERROR),
                ),
            ],
            wrap=True,
        ),
    ]
    account = section(t.gettext("Account"), account_rows, icon=ft.Icons.PERSON_OUTLINE)
    helpers = section(
        t.gettext("Who can see my account"),
        [
            ft.Text(t.gettext("Organisations that help you, and a code to give a helper access.")),
            ft.OutlinedButton(t.gettext("Who can see my account"), icon=ft.Icons.VISIBILITY_OUTLINED, on_click=lambda: go("/account-access")),
        ],
        icon=ft.Icons.SUPPORT_AGENT,
    )
    winter = section(
        t.gettext("Winter support"),
        [
            ft.Text(t.gettext("Gas card empty and no money to top up? Ask your OCMW for free gas.")),
            ft.OutlinedButton(t.gettext("Winter support"), icon=ft.Icons.LOCAL_FIRE_DEPARTMENT_OUTLINED, on_click=lambda: go("/winter-support")),
        ],
        icon=ft.Icons.AC_UNIT,
    )
    accessibility = ft.Row(
        [ft.TextButton(t.gettext("Accessibility statement"), icon=ft.Icons.ACCESSIBILITY_NEW, on_click=lambda: go("/accessibility"))]
    )
    return page_frame(
        [
            heading(t.gettext("Settings")),
            ft.ResponsiveRow(
                [
                    ft.Column([language, theme], col={"xs": 12, "md": 6}, spacing=16),
                    ft.Column([account, helpers, winter, accessibility], col={"xs": 12, "md": 6}, spacing=16),
                    ft.Column([AlertSettingsSection(model)], col={"xs": 12, "md": 6}),
                ],
                spacing=16,
                run_spacing=16,
            ),
        ]
    )
