"""A staff member's Settings: the daily digest by mail of the clients who entered an alert state
(README, "Alerts"), with its address, verified by a 6-digit code, and its time, or off; and a mail
at once for a client's new supply signal (issue 21). The mail
comes in the app's language at the moment of saving."""

from __future__ import annotations

import flet as ft

from app.api.errors import ApiError
from app.clock import normalise_clock_time
from app.i18n import LANGUAGE_NAMES
from app.ui.context import use_model
from app.ui.hooks import switched, use_observable, use_typed
from app.ui.server_mail import use_server_mail, where_mail_goes
from app.widgets.clock_time_field import clock_time_field
from app.widgets.heading import heading
from app.widgets.labelled_switch import labelled_switch
from app.widgets.mail_address import MailAddress
from app.widgets.page_frame import page_frame, section
from app.words.mail import code_sent_text
from app.words.staff import staff_error_text



def digest_error_text(t, error: ApiError | None) -> str:
    if error is None:
        return ""
    field = getattr(error, "field", None)
    if field == "digest_time":
        return t.gettext("Type a time such as 08:00")
    if field == "email":
        return t.gettext("A daily digest needs an email address.")
    if error.code == "validation_error":
        return t.gettext("That is not an email address we can use.")
    return staff_error_text(t, error)


def outcome_text(t, outcome: str | None, mail_mode: str | None = None) -> str:
    return {
        "saved": t.gettext("Digest settings saved."),
        "off": t.gettext("Digest settings saved: no daily digest."),
        "code_sent": code_sent_text(
            t, mail_mode,
            t.gettext("We mailed you a code of 6 digits. Enter it below; the digest starts once the address is verified."),
        ),
        "verified": t.gettext("Your address is verified: the daily digest comes by mail."),
    }.get(outcome or "", "")


@ft.component
def StaffSettingsView():
    model = use_model(lambda m: m.language)
    t = model.t
    digest = use_observable(model.member.digest)
    mail = use_server_mail(model)
    # What the member typed and picked, read by save() as of the last keystroke (app/ui/hooks.py).
    typed = use_typed(None)
    ft.use_effect(lambda: ft.context.page.run_task(digest.load), [])

    stored = digest.settings
    if stored is not None and typed.value is None:  # the saved settings, drawn as they are
        typed.value = {"email": stored.email or "", "on": stored.digest_time is not None, "time": stored.digest_time or "08:00",
                       "signals": stored.immediate_signals}
    form = typed.value
    title = heading(t.gettext("Settings"))
    if form is None:
        rows: list[ft.Control] = [ft.ProgressBar(semantics_label=t.gettext("Loading"))]
        if digest.error is not None:
            rows = [ft.Text(staff_error_text(t, digest.error), color=ft.Colors.ERROR)]
        return page_frame([title, section(t.gettext("Daily digest by mail"), rows, icon=ft.Icons.MARK_EMAIL_UNREAD_OUTLINED)])

    def change(key: str, value) -> None:
        typed.set({**typed.value, key: value})

    time_ok = normalise_clock_time(form["time"]) is not None

    async def save(_=None):
        f = typed.value
        if await digest.save(f["email"], f["time"] if f["on"] else None, language=model.language,
                             immediate_signals=f["signals"]):
            # Show the time as saved ("7u45" becomes "07:45").
            typed.set({**typed.value, "time": normalise_clock_time(f["time"]) or f["time"]})

    rows = [
        ft.Text(
            t.gettext("Once a day, a mail with the clients of your organisation who entered an alert state since the "
                      "previous one: their names, postcodes and what happened. Never a Prepaid-code. No mail on a day "
                      "without anything new."),
            color=ft.Colors.ON_SURFACE_VARIANT,
        ),
        labelled_switch(t.gettext("Send me a daily digest"), value=form["on"], on_change=lambda e: change("on", switched(e))),
    ]
    if form["on"]:
        rows.append(
            # Short labels: a floating label that does not fit the field wraps over its border (at 200 %
            # text "Dagelijks om (Belgische tijd)" did in a 200 px field); the rest goes under it.
            clock_time_field(t, label=t.gettext("Daily at"), helper=t.gettext("Belgian time"), value=form["time"],
                             on_change=lambda v: change("time", v),
                             error=None if time_ok else t.gettext("Type a time such as 08:00"), width=200)
        )
    # Issue 20: "we mailed you" only when mail leaves; a demo shows its mail in its mailbox.
    rows += where_mail_goes(model, mail, "/staff/settings")
    rows.append(
        # Issue 21: a household gone without energy should not wait for tomorrow's digest.
        labelled_switch(t.gettext("Mail me at once when a client gets a signal (without energy, or with too little, for long)"),
                        value=form["signals"], on_change=lambda e: change("signals", switched(e)))
    )
    rows.append(
        MailAddress(t, digest, label=t.gettext("Email address"), address=form["email"],
                    helper=t.gettext("The digest comes to this address."),
                    on_address_change=lambda v: change("email", v), words=staff_error_text, busy=digest.loading,
                    verified_text=t.gettext("Verified: the digest comes to this address."),
                    mail_mode=mail.mode)
    )  # fmt: skip
    rows.append(
        ft.Text(t.gettext("The digest comes in the language of the app when you save: {language}.").format(
            language=LANGUAGE_NAMES.get(model.language, model.language)),
            theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT)
    )  # fmt: skip
    problem = digest_error_text(t, digest.error)
    message = outcome_text(t, digest.outcome, mail.mode)
    rows += [
        *([ft.Text(problem, color=ft.Colors.ERROR)] if problem else []),
        *([ft.Text(message, color=ft.Colors.PRIMARY)] if message else []),
        ft.FilledButton(t.gettext("Save digest settings"), icon=ft.Icons.SAVE_OUTLINED, on_click=save,
                        disabled=digest.loading or (form["on"] and not time_ok)),
    ]
    return page_frame(
        [
            title,
            ft.ResponsiveRow(
                [section(t.gettext("Daily digest by mail"), rows, icon=ft.Icons.MARK_EMAIL_UNREAD_OUTLINED,
                         col={"xs": 12, "md": 8, "lg": 6})],
            ),
        ]
    )
