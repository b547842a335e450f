"""The household's "Winter support" (issue 21): ask an organisation that holds its mandate for free
gas, see the documents to bring, then the decision (the OCMW's "brief") and every next amount.

seed 001: "U kunt gratis aardgas aanvragen wanneer uw budgetmeterkaart voor aardgas (gele kaart) is
opgebruikt en u niet de financiële middelen heeft om deze aan te vullen." Without an organisation
holding its mandate, the screen says how to give one (a share code)."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.widgets.heading import heading
from app.widgets.live import announced
from app.widgets.page_frame import page_frame, section
from app.words.winter_support import (
    grant_state_text,
    grant_terms_text,
    preparation_text,
    request_status_text,
    winter_error_text,
)

#: Semantics identifiers tests look for.
CHECKLIST = "winter-checklist"
NO_MANDATE = "winter-no-mandate"



@ft.component
def AskForm(t, winter: WinterSupport):
    """Which organisation, how many people, a message: what the request holds."""
    choices = [m for m in winter.mandates if not winter.waiting_at(m.organisation_id)]  # type: ignore[arg-type]
    chosen = use_typed(str(choices[0].organisation_id) if len(choices) == 1 else "")
    size = use_typed("")
    message = use_typed("")

    async def ask(_=None):
        picked = int(chosen.value) if chosen.value.isdigit() else None
        if await winter.ask(picked, size.value, message.value):
            message.set("")

    if not choices:
        return ft.Text(t.gettext("Your request waits for its decision. You see it below."))
    error = winter_error_text(t, winter.error) if winter.error else ""
    return ft.Column(
        [
            ft.Text(t.gettext("Ask the organisation that helps you")),
            ft.RadioGroup(
                value=chosen.value,
                on_change=lambda e: chosen.set(sent_value(e)),
                content=ft.Column([ft.Radio(value=str(m.organisation_id), label=m.organisation) for m in choices], spacing=0),
            ),
            ft.TextField(
                label=t.gettext("People in your household"), value=size.value, width=260,
                keyboard_type=ft.KeyboardType.NUMBER, on_change=lambda e: size.set(sent_value(e)), on_submit=ask,
            ),
            ft.TextField(
                label=t.gettext("Message for your social worker (optional)"), value=message.value, multiline=True,
                max_length=1000, on_change=lambda e: message.set(sent_value(e)),
            ),
            ft.FilledButton(t.gettext("Ask for winter support"), icon=ft.Icons.SEND, on_click=ask, disabled=winter.loading),
            *([announced(ft.Text(error, color=ft.Colors.ERROR))] if error else []),
        ],
        spacing=12,
    )  # fmt: skip


def _no_mandate(t) -> list[ft.Control]:
    return [
        ft.Semantics(identifier=NO_MANDATE, container=True, content=ft.Text(t.gettext(
            "No organisation can see your account yet. To ask for winter support, first give your OCMW access: "
            "make a share code under \"Who can see my account\" and give it to your social worker."))),
        ft.OutlinedButton(t.gettext("Who can see my account"), icon=ft.Icons.VISIBILITY_OUTLINED,
                          on_click=lambda: go("/account-access")),
    ]  # fmt: skip


def _requests(t, winter: WinterSupport) -> list[ft.Control]:
    grants = {g.request_id: g for g in winter.grants}
    cards: list[ft.Control] = []
    for r in winter.requests:
        lines: list[ft.Control] = [
            ft.Text(f"{r.organisation} · {request_status_text(t, r)}", weight=ft.FontWeight.W_600),
            ft.Text(t.gettext("Asked on {day}").format(day=t.date(r.created_at))),
        ]
        if r.decided_at is not None:
            lines.append(ft.Text(t.gettext("Decided on {day} by {name}").format(day=t.date(r.decided_at), name=r.decided_by or "")))
        if r.reason:
            lines.append(ft.Text(t.gettext("Reason: {reason}").format(reason=r.reason)))
        grant = grants.get(r.request_id)
        if grant is not None:
            lines += [ft.Text(grant_terms_text(t, grant)), ft.Text(grant_state_text(t, grant), weight=ft.FontWeight.W_600)]
            if grant.stop_reason:
                lines.append(ft.Text(t.gettext("Reason: {reason}").format(reason=grant.stop_reason)))
            lines += [ft.Text(preparation_text(t, p.status, p.amount_cents, p.due_date)) for p in reversed(grant.preparations)]
        cards.append(ft.Container(border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12,
                                  content=ft.Column(lines, spacing=4)))
    return cards


@ft.component
def WinterSupportView():
    model = use_model(lambda m: (m.language, m.session.current.id if m.session.current else None))
    t = model.t
    winter = use_observable(model.winter_support)
    ft.use_effect(lambda: ft.context.page.run_task(winter.load), [])

    intro = ft.Text(t.gettext(
        "Is your gas card empty and can you not top it up? Your OCMW can give you free gas. Ask here; your social "
        "worker invites you, looks at your situation and lets you know the decision."))
    body: list[ft.Control] = [heading(t.gettext("Winter support")), intro]
    if not winter.loaded:
        error = winter_error_text(t, winter.error) if winter.error else ""
        body.append(announced(ft.Text(error or t.gettext("Loading"), color=ft.Colors.ERROR if error else None)))
        return page_frame(body)
    ask = _no_mandate(t) if not winter.mandates else [AskForm(t, winter)]
    body.append(section(t.gettext("Ask for free gas"), ask, icon=ft.Icons.LOCAL_FIRE_DEPARTMENT_OUTLINED))
    if winter.requests:
        checklist = ft.Semantics(identifier=CHECKLIST, container=True, content=ft.Column(
            # A document icon, not a check box: nothing here is ticked off.
            [ft.Row([ft.Icon(ft.Icons.DESCRIPTION_OUTLINED, size=20), ft.Text(item.text, expand=True)],
                    vertical_alignment=ft.CrossAxisAlignment.START) for item in winter.checklist], spacing=8))
        body.append(section(t.gettext("Documents to bring to your appointment"), [checklist], icon=ft.Icons.FOLDER_OPEN))
        # Refresh: the decision and each amount arrive while the screen is open. (Also the screen's one
        # control once asked: a scrolled region needs something to focus, axe scrollable-region-focusable.)
        refresh = ft.OutlinedButton(t.gettext("Refresh"), icon=ft.Icons.REFRESH, disabled=winter.loading,
                                    on_click=lambda: ft.context.page.run_task(winter.load))
        body.append(section(t.gettext("Your requests"), [*_requests(t, winter), refresh], icon=ft.Icons.MARK_EMAIL_READ_OUTLINED))
    return page_frame(body)
