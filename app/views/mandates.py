"""The household's "Who can see my account": the organisations with a mandate (since when, who looked
last, stop access with a confirmation), the helpers' recent visits, and "Give a helper access": a share
code, large and readable, with its expiry, to read out or copy.

seed 000, Vraag 8: households hand their log-in details to their OCMW today; a mandate is visible and
ends with one tap instead."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.ui.hooks import switched, use_observable, use_typed
from app.widgets.labelled_switch import labelled_switch
from app.widgets.confirm import confirmation
from app.widgets.page_frame import page_frame, section
from app.words.access import visit_text
from app.words.messages import error_text
from app.words.staff import permission_text


#: Semantics identifier of the share code on show (tests read it there).
SHARE_CODE = "share-code"



def stop_confirmation(t, organisation: str, *, on_stop, on_cancel) -> list[ft.Control]:
    """"Stop access" asked once more, in the organisation's card."""
    return confirmation(
        t,
        question=t.gettext("Stop access for {organisation}?").format(organisation=organisation),
        consequence=t.gettext("Their staff can no longer see your account. You can give access again later with a new code."),
        action=t.gettext("Stop access"),
        icon=ft.Icons.BLOCK,
        on_confirm=on_stop,
        on_cancel=on_cancel,
    )


@ft.component
def AccountAccessView():
    model = use_model(lambda m: (m.language, m.session.current.id if m.session.current else None))
    t = model.t
    access = use_observable(model.account_access)
    allow_prepare = use_typed(True)
    ft.use_effect(lambda: ft.context.page.run_task(access.load), [])

    # The mandate whose "Stop access" was tapped: the confirmation shows in its card, not in a dialog
    # (the route node Flutter writes around a dialog stayed without a name for screen readers, axe
    # aria-dialog-name, even with the dialog's semantics_label).
    confirming, set_confirming = ft.use_state(None)

    async def stop(mandate_id: int):
        set_confirming(None)
        await access.stop(mandate_id)

    async def make_code(_=None):
        await access.make_share_code(allow_prepare=allow_prepare.value)

    async def copy(_=None):
        if access.share_code is not None:
            await ft.Clipboard().set(access.share_code.share_code)
            ft.context.page.show_dialog(ft.SnackBar(ft.Text(t.gettext("{what} copied").format(what=t.gettext("Share code")))))

    rows: list[ft.Control] = []
    for m in access.mandates:
        last = (
            t.gettext("Last looked: {when} by {name}").format(when=t.datetime(m.last_access.at), name=m.last_access.staff_name)
            if m.last_access
            else t.gettext("Not looked yet")
        )
        rows.append(
            ft.Container(
                border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
                border_radius=12,
                padding=12,
                content=ft.Column(
                    [
                        ft.Text(m.organisation, weight=ft.FontWeight.W_600, size=16),
                        ft.Text(t.gettext("Since {date}").format(date=t.date(m.granted_at))),
                        ft.Text(permission_text(t, list(m.permissions))),
                        ft.Text(last, color=ft.Colors.ON_SURFACE_VARIANT),
                        *(
                            stop_confirmation(t, m.organisation, on_stop=lambda _e, i=m.mandate_id: ft.context.page.run_task(stop, i), on_cancel=lambda: set_confirming(None))
                            if confirming == m.mandate_id
                            else [
                                ft.OutlinedButton(
                                    t.gettext("Stop access"),
                                    icon=ft.Icons.BLOCK,
                                    style=ft.ButtonStyle(color=ft.Colors.ERROR),
                                    on_click=lambda _e, i=m.mandate_id: set_confirming(i),
                                )
                            ]
                        ),
                    ],
                    spacing=4,
                ),
            )
        )
    if not rows:
        rows.append(ft.Text(t.gettext("No organisation can see your account.")))
    lines = [visit_text(t, v) for v in access.visits]
    # Opening a file records each look (balances, payment details): the same minute, person and
    # organisation once.
    shown = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]][:10]
    visits = [ft.Text(line) for line in shown] or [ft.Text(t.gettext("No helper has used your account yet."))]

    share_rows: list[ft.Control] = [
        ft.Text(t.gettext("Give this code to your helper. It works once, for 24 hours.")),
        labelled_switch(  # wraps: Switch(label=) ran out of the card on a 412 px phone
            t.gettext("The helper may also prepare top-ups"), value=allow_prepare.value, on_change=lambda e: allow_prepare.set(switched(e))
        ),
        ft.FilledButton(t.gettext("Make a share code"), icon=ft.Icons.KEY, on_click=make_code, disabled=access.loading),
    ]
    if access.share_code is not None:
        code = access.share_code.share_code
        share_rows += [
            ft.Semantics(
                identifier=SHARE_CODE,
                container=True,
                # Read out character by character by a screen reader.
                label=t.gettext("Share code {code}").format(code=" ".join(code.replace("-", ""))),
                content=ft.Text(code, size=40, weight=ft.FontWeight.W_700, font_family="monospace", selectable=True),
            ),
            ft.Text(t.gettext("Valid until {when}").format(when=t.datetime(access.share_code.expires_at))),
            ft.OutlinedButton(t.gettext("Copy"), icon=ft.Icons.COPY, on_click=copy),
        ]
    error = error_text(t, access.error) if access.error else ""
    return page_frame(
        [
            ft.TextButton(t.gettext("Settings"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/settings")),
            ft.Text(t.gettext("Who can see my account"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
            *([ft.Text(error, color=ft.Colors.ERROR)] if error else []),
            ft.ResponsiveRow(
                [
                    ft.Column(
                        [
                            section(t.gettext("Organisations with access"), rows, icon=ft.Icons.APARTMENT),
                            section(t.gettext("Recent visits by helpers"), visits, icon=ft.Icons.HISTORY),
                        ],
                        col={"xs": 12, "md": 7},
                        spacing=16,
                    ),
                    section(t.gettext("Give a helper access"), share_rows, icon=ft.Icons.KEY, col={"xs": 12, "md": 5}),
                ],
                spacing=16,
                run_spacing=16,
            ),
        ]
    )
