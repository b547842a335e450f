"""Settings, "Alerts" section: when to warn (balance below, days left, emergency credit, minimum
supply, a loaded top-up), quiet hours for mail, and the address with its verification code. The
defaults are the server's (README, "Alerts": below € 5,00, 3 days left, all events on, quiet 22:00-07:00)."""

from __future__ import annotations

import flet as ft

from app.api.errors import ApiError
from app.state.alert_form import check_alert_form
from app.ui.alerts import use_alerts
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, switched, use_typed
from app.ui.server_mail import use_server_mail, where_mail_goes
from app.widgets.clock_time_field import clock_time_field
from app.widgets.mail_address import MailAddress
from app.widgets.page_frame import page_frame, section
from app.words.mail import code_sent_text
from app.words.messages import error_text

DAYS = (0, 1, 2, 3, 5, 7, 10, 14)


def settings_error_text(t, error: ApiError | None) -> str:
    if error is None:
        return ""
    if error.code == "validation_error":
        return t.gettext("That is not an email address we can use.")
    return error_text(t, error)


def outcome_text(t, outcome: str | None, mail_mode: str | None = None) -> str:
    return {
        "saved": t.gettext("Alert settings saved."),
        "code_sent": code_sent_text(
            t, mail_mode, t.gettext("We mailed you a code of 6 digits. Enter it below to receive alerts by mail.")
        ),
        "verified": t.gettext("Your address is verified: alerts now also come by mail."),
    }.get(outcome or "", "")


@ft.component
def AlertSettingsSection(model, came_from: str = "/settings"):
    t = model.t
    alerts = use_alerts(model)
    mail = use_server_mail(model)
    stored = alerts.settings
    # What the person typed and picked, read by save() as of the last keystroke (app/ui/hooks.py).
    typed = use_typed(None)

    def load():
        ft.context.page.run_task(alerts.load_settings)

    ft.use_effect(load, [])
    if stored is not None and typed.value is None:
        typed.value = {  # the saved settings, drawn as they are: nothing to redraw
            "email": stored.email or "",
            "balance": t.number(stored.rules.balance_below_cents / 100, "#,##0.00"),
            "days": stored.rules.days_left_at_most,
            "emergency_credit": stored.rules.emergency_credit,
            "minimum_supply": stored.rules.minimum_supply,
            "topup_loaded": stored.rules.topup_loaded,
            "quiet": stored.quiet_hours is not None,
            "quiet_start": stored.quiet_hours.start if stored.quiet_hours else "22:00",
            "quiet_end": stored.quiet_hours.end if stored.quiet_hours else "07:00",
        }
    form = typed.value
    if form is None:
        rows: list[ft.Control] = [ft.ProgressBar(semantics_label=t.gettext("Loading"))]
        if alerts.settings_error is not None:
            rows = [ft.Text(error_text(t, alerts.settings_error), color=ft.Colors.ERROR)]
        return section(t.gettext("Alerts"), rows, icon=ft.Icons.NOTIFICATIONS_OUTLINED)

    def change(key: str, value) -> None:
        typed.set({**typed.value, key: value})

    checked = check_alert_form(form)
    balance_problem, quiet_start, quiet_end = checked.balance_problem, checked.quiet_start, checked.quiet_end

    async def save(_=None):
        new = check_alert_form(typed.value).settings()
        if new is not None:
            await alerts.save_settings(new)

    def days_text(n: int) -> str:
        return t.gettext("Off") if n == 0 else t.ngettext("{n} day or less", "{n} days or less", n).format(n=n)

    not_a_time = t.gettext("Type a time such as 22:00")
    rows = [
        ft.Text(
            t.gettext("We warn you in the app, and by mail once your address is verified. Each warning comes once, "
                      "until the situation is over."),
            color=ft.Colors.ON_SURFACE_VARIANT,
        ),
        ft.TextField(
            label=t.gettext("Warn me when the balance is below"),
            value=form["balance"],
            prefix=ft.Text("€ "),
            keyboard_type=ft.KeyboardType.NUMBER,
            helper=t.gettext("0 turns this warning off"),
            error=error_text(t, balance_problem) if balance_problem else None,
            on_change=lambda e: change("balance", sent_value(e)),
            width=320,
        ),
        # Radio buttons rather than a dropdown: each choice is named for screen readers (Flutter's
        # dropdown button reached the semantics tree without a name: axe aria-command-name).
        ft.Text(t.gettext("Warn me when the days left are")),
        ft.RadioGroup(
            value=str(form["days"]),
            on_change=lambda e: change("days", int(sent_value(e) or 0)),
            content=ft.Row([ft.Radio(value=str(n), label=days_text(n)) for n in DAYS], wrap=True, spacing=4),
        ),
        ft.Switch(label=t.gettext("When emergency credit starts"), value=form["emergency_credit"],
                  on_change=lambda e: change("emergency_credit", switched(e))),
        ft.Switch(label=t.gettext("When minimum supply starts"), value=form["minimum_supply"],
                  on_change=lambda e: change("minimum_supply", switched(e))),
        ft.Switch(label=t.gettext("When a top-up is on my meter"), value=form["topup_loaded"],
                  on_change=lambda e: change("topup_loaded", switched(e))),
        ft.Divider(),
        ft.Switch(label=t.gettext("Quiet hours: no mail at night"), value=form["quiet"],
                  on_change=lambda e: change("quiet", switched(e))),
    ]
    if form["quiet"]:
        # Named time fields rather than dropdowns of hours (an unnamed dropdown for screen readers:
        # axe aria-command-name); any minute can be typed, or picked with the clock button.
        rows.append(
            ft.Row(
                [
                    clock_time_field(t, label=t.gettext("Quiet from"), value=form["quiet_start"],
                                     on_change=lambda v: change("quiet_start", v),
                                     error=not_a_time if quiet_start is None else None),
                    clock_time_field(t, label=t.gettext("Quiet until"), value=form["quiet_end"],
                                     on_change=lambda v: change("quiet_end", v),
                                     error=not_a_time if quiet_end is None else None),
                ],
                wrap=True,
                spacing=16,
            )
        )
        rows.append(ft.Text(t.gettext("Mail waits until the quiet hours are over; the app shows the warning at once."),
                            theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT))
    rows += [
        ft.Divider(),
        # Issue 20: "we mailed you" only when mail leaves; a demo shows its mail in its mailbox.
        *where_mail_goes(model, mail, came_from),
        MailAddress(t, alerts, label=t.gettext("Email address for alerts"), address=form["email"],
                    helper=t.gettext("Leave empty for warnings in the app only"), busy=alerts.saving, words=error_text,
                    verified_text=t.gettext("Verified: alerts also come by mail."), on_address_change=lambda v: change("email", v),
                    mail_mode=mail.mode),
    ]  # fmt: skip
    message = outcome_text(t, alerts.outcome, mail.mode)
    problem = settings_error_text(t, alerts.settings_error)
    rows += [
        *([ft.Text(problem, color=ft.Colors.ERROR)] if problem else []),
        *([ft.Text(message, color=ft.Colors.PRIMARY)] if message else []),
        ft.FilledButton(t.gettext("Save alert settings"), icon=ft.Icons.SAVE_OUTLINED, on_click=save,
                        disabled=alerts.saving or not checked.ok),
    ]
    return section(t.gettext("Alerts"), rows, icon=ft.Icons.NOTIFICATIONS_OUTLINED)


#: The alert settings on their own, where "Alert settings" leads (issue 20: it opened Settings at the
#: top, the alerts far below the language and the theme).
ROUTE = "/settings/alerts"


@ft.component
def AlertSettingsView():
    model = use_model()
    t = model.t
    return page_frame(
        [
            ft.Row([ft.TextButton(t.gettext("Settings"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/settings"))]),
            ft.ResponsiveRow([ft.Column([AlertSettingsSection(model, ROUTE)], col={"xs": 12, "md": 8, "lg": 6})]),
        ]
    )
