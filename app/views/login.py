"""Log in: Prepaid-code + postcode (Prepaid-basic) or username + password; optionally as a helper.

Seed 000, Vraag 8: a helper logs in with the client's Prepaid-code. Vraag 12: part of the code is
hidden for privacy, so the code field is masked by default with a show/hide toggle.
"""

from __future__ import annotations

import flet as ft

from app.widgets.password_field import PasswordField
from app.api.models import HelperIdentity
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, switched, use_typed
from app.ui.server_mail import open_mailbox, use_server_mail
from app.widgets.notice import notice
from app.views.staff_login import StaffLoginForm
from app.words.messages import error_text, storage_problem_text
from app.state.inputs import format_prepaid_code_as_typed, is_valid_postcode, prepaid_code_digits
from app.widgets.heading import heading
from app.widgets.labelled_switch import labelled_switch
from app.widgets.live import announced


@ft.component
def LoginView():
    model = use_model()
    t = model.t
    session = model.session
    mail = use_server_mail(model)
    pending = session.current if session.auth in ("login_required", "session_expired") else None
    known = session.helper_identity
    # Back from a helper's set-up: their own way in stays chosen (it says what to do next).
    staff = model.staff
    method = use_typed("staff" if staff.setup_finished or staff.ended_by_server else "prepaid")
    code = use_typed("")
    show_code, set_show_code = ft.use_state(False)
    postcode = use_typed(pending.postal_code if pending else "")
    username = use_typed("")
    password = use_typed("")
    remember = use_typed(model.remember_default)
    as_helper = use_typed(bool(model.helper_profiles) or bool(pending and pending.helper_name))
    helper_name = use_typed(known.name if known else "")
    helper_org = use_typed(known.organisation if known else "")
    tried, set_tried = ft.use_state(False)

    digits = prepaid_code_digits(code.value)
    code_error = None
    if method.value == "prepaid" and code.value and (tried or len(digits) == 10) and len(digits) != 10:
        code_error = t.gettext("A Prepaid-code has 10 digits.")
    postcode_error = None
    if postcode.value and (tried or len(postcode.value) == 4) and not is_valid_postcode(postcode.value):
        postcode_error = t.gettext("A postcode has 4 digits, for example 9000.")
    helper_error = None
    if as_helper.value and tried and not (helper_name.value.strip() and helper_org.value.strip()):
        helper_error = t.gettext("Enter your name and organisation.")

    async def submit(_=None):
        set_tried(True)
        helper = None
        if as_helper.value:
            if not (helper_name.value.strip() and helper_org.value.strip()):
                return
            helper = HelperIdentity(name=helper_name.value.strip(), organisation=helper_org.value.strip())
        if method.value == "prepaid":
            ok = await model.login("prepaid", code.value, postcode.value, remember=remember.value, helper=helper)
        else:
            ok = await model.login("password", username.value, password.value, remember=remember.value, helper=helper)
        if ok:
            code.set("")
            password.set("")
            go("/")

    def on_code(e: ft.Event[ft.TextField]):
        code.set(format_prepaid_code_as_typed(sent_value(e)))

    def on_postcode(e: ft.Event[ft.TextField]):
        postcode.set("".join(ch for ch in sent_value(e) if ch.isdigit())[:4])

    title = ft.Column(
        [
            ft.Icon(ft.Icons.ELECTRIC_METER, size=48, color=ft.Colors.PRIMARY, semantics_label=t.gettext("Budget meter")),
            heading(t.gettext("Budget meter"), style=ft.TextThemeStyle.HEADLINE_MEDIUM),
            ft.Text(
                t.gettext("Check your balance and top up your budget meter."),
                theme_style=ft.TextThemeStyle.BODY_LARGE,
                color=ft.Colors.ON_SURFACE_VARIANT,
                text_align=ft.TextAlign.CENTER,
            ),
        ],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        spacing=8,
    )

    method_picker = ft.SegmentedButton(
        selected=[method.value],
        allow_empty_selection=False,
        allow_multiple_selection=False,
        segments=[
            ft.Segment(value="prepaid", label=ft.Text(t.gettext("Prepaid-code")), icon=ft.Icon(ft.Icons.PIN)),
            ft.Segment(value="password", label=ft.Text(t.gettext("Username")), icon=ft.Icon(ft.Icons.PERSON)),
            # Helpers with their own account (issue 10): username, password and authenticator code.
            ft.Segment(value="staff", label=ft.Text(t.gettext("Helper account")), icon=ft.Icon(ft.Icons.SUPPORT_AGENT)),
        ],
        on_change=lambda e: method.set(list(e.control.selected)[0]),
        # One way in per line: side by side, "Gebruikersnaam" or "Nom d'utilisateur" broke mid-word in
        # the form's width (412 px on a phone, about as narrow beside a desktop's margins), at 200 % text
        # all three did.
        direction=ft.Axis.VERTICAL,
        style=ft.ButtonStyle(shape=ft.RoundedRectangleBorder(radius=12)),  # a stadium round a column looks bloated
    )

    if method.value == "prepaid":
        fields: list[ft.Control] = [
            ft.TextField(
                label=t.gettext("Prepaid-code"),
                hint_text="1234 5678 90",
                helper=t.gettext("10 digits, on your letter from Fluvius"),
                helper_max_lines=3,  # one line is cut off at 200 % text
                value=code.value,
                password=not show_code,
                keyboard_type=ft.KeyboardType.NUMBER,
                prefix_icon=ft.Icons.PIN_OUTLINED,
                error=code_error,
                
                on_change=on_code,
                on_submit=submit,
                suffix=ft.TextButton(
                    t.gettext("Hide code") if show_code else t.gettext("Show code"),
                    icon=ft.Icons.VISIBILITY_OFF if show_code else ft.Icons.VISIBILITY,
                    on_click=lambda: set_show_code(not show_code),
                ),
            ),
            ft.TextField(
                label=t.gettext("Postcode"),
                hint_text="9000",
                value=postcode.value,
                keyboard_type=ft.KeyboardType.NUMBER,
                prefix_icon=ft.Icons.LOCATION_ON_OUTLINED,
                max_length=4,
                error=postcode_error,
                on_change=on_postcode,
                on_submit=submit,
            ),
        ]
    else:
        fields = [
            ft.TextField(
                label=t.gettext("Username"),
                value=username.value,
                prefix_icon=ft.Icons.PERSON_OUTLINE,
                autofocus=True,
                on_change=lambda e: username.set(sent_value(e)),
                on_submit=submit,
            ),
            # The show/hide button named (issue 20), not Flet's unnamed can_reveal_password.
            PasswordField(
                t,
                label=t.gettext("Password"),
                value=password.value,
                prefix_icon=ft.Icons.LOCK_OUTLINE,
                on_change=lambda e: password.set(sent_value(e)),
                on_submit=submit,
            ),
        ]

    helper_fields: list[ft.Control] = []
    if as_helper.value:
        helper_fields = [
            ft.TextField(
                label=t.gettext("Your name"),
                value=helper_name.value,
                prefix_icon=ft.Icons.BADGE_OUTLINED,
                on_change=lambda e: helper_name.set(sent_value(e)),
            ),
            ft.TextField(
                label=t.gettext("Your organisation"),
                hint_text=t.gettext("e.g. OCMW Gent"),
                value=helper_org.value,
                prefix_icon=ft.Icons.APARTMENT,
                error=helper_error,
                on_change=lambda e: helper_org.set(sent_value(e)),
            ),
        ]

    error = error_text(t, session.last_error, login_method=model.login_method) if not model.logged_in else ""
    error_box = (
        announced(ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER,
            border_radius=12,
            padding=12,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.ON_ERROR_CONTAINER),
                    ft.Text(error, color=ft.Colors.ON_ERROR_CONTAINER, expand=True, semantics_label=error),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        ))
        if error
        else None
    )

    storage = notice(storage_problem_text(t, model.storage_problem), icon=ft.Icons.SD_CARD_ALERT)
    notes: list[ft.Control] = []
    if model.secrets_in_memory_only and remember.value:
        notes.append(
            ft.Text(
                t.gettext("This device has no secure storage: your login is kept in memory only, until you close the app."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                color=ft.Colors.ON_SURFACE_VARIANT,
            )
        )

    button = ft.FilledButton(
        t.gettext("Log in"),
        icon=ft.Icons.LOGIN,
        disabled=session.loading,
        on_click=submit,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=18)),
        expand=True,
    )

    back = None
    if model.logged_in and model.helper_profiles:
        back = ft.TextButton(t.gettext("Back to my clients"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/clients"))

    way_in: list[ft.Control] = [
        *fields,
        labelled_switch(t.gettext("Remember me on this device"), value=remember.value, on_change=lambda e: remember.set(switched(e))),
        *notes,
        labelled_switch(t.gettext("I log in as a helper"), value=as_helper.value, on_change=lambda e: as_helper.set(switched(e))),
        *helper_fields,
        *([error_box] if error_box else []),
        *([storage] if storage else []),
        ft.Row([button]),
        *([ft.ProgressBar(semantics_label=t.gettext("Logging in"))] if session.loading else []),
        *([back] if back else []),
    ]
    if method.value == "staff":
        way_in = [StaffLoginForm()]
    form = ft.Column(
        [
            title,
            ft.Container(height=8),
            method_picker,
            *way_in,
            ft.Divider(),
            ft.Text(t.gettext("No login needed:"), color=ft.Colors.ON_SURFACE_VARIANT),
            ft.OutlinedButton(t.gettext("Find a top-up point"), icon=ft.Icons.PLACE_OUTLINED, on_click=lambda: go("/topup-points")),
            ft.OutlinedButton(
                t.gettext("Am I eligible for the social tariff?"), icon=ft.Icons.HELP_OUTLINE, on_click=lambda: go("/eligibility")
            ),
            ft.OutlinedButton(t.gettext("Know your meter"), icon=ft.Icons.MENU_BOOK, on_click=lambda: go("/know")),
            # Only on a demo server (issue 20): the mail it would have sent, codes too.
            *([ft.OutlinedButton(t.gettext("Demo mailbox"), icon=ft.Icons.INBOX_OUTLINED,
                                 on_click=lambda: open_mailbox(model, "/login"))] if mail.demo else []),
            ft.TextButton(t.gettext("Accessibility"), icon=ft.Icons.ACCESSIBILITY_NEW, on_click=lambda: go("/accessibility")),
        ],
        spacing=16,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    return ft.SafeArea(
        expand=True,
        content=ft.ListView(
            expand=True,
            padding=ft.Padding.symmetric(horizontal=20, vertical=24),
            controls=[
                ft.ResponsiveRow(
                    [ft.Container(content=form, padding=8, col={"xs": 12, "sm": 10, "md": 7, "lg": 5, "xl": 4})],
                    alignment=ft.MainAxisAlignment.CENTER,
                )
            ],
        ),
    )
