"""The organisation's winter support (issue 21): the households' requests, a decision form (amount, every
N days, first and last date, reason; the dates default to the winter period), and each grant with its
next preparation and a stop.

seed 001: "De maatschappelijk werker onderzoekt of u recht heeft op gratis aardgas. Na het onderzoek
krijgt u een brief van het OCMW." seed 000, Vraag 14: "De bedragen moeten wel degelijk klaargezet
worden": the server prepares each amount on its date; staff decide once."""

from __future__ import annotations

import flet as ft

from app.api.winter_models import OrganisationWinterRequest, WinterGrant
from app.ui.context import use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.widgets.confirm import confirmation
from app.widgets.heading import heading
from app.widgets.live import announced
from app.widgets.page_frame import page_frame, section
from app.words.winter_support import grant_state_text, grant_terms_text, request_status_text, winter_error_text

#: Semantics identifier of the confirmation after a decision or a stop (tests read it there).
WINTER_DONE = "winter-done"
FILTERS = ("requested", "approved", "refused", "all")



@ft.component
def DecisionForm(t, desk: WinterDesk, request: OrganisationWinterRequest):
    amount = use_typed("")
    every = use_typed("14")
    first = use_typed("")
    last = use_typed("")
    reason = use_typed("")

    async def decide(approved: bool):
        await desk.decide(request.request_id, approved=approved, amount=amount.value, every_days=every.value,
                          first_date=first.value, last_date=last.value, reason=reason.value)

    def field(label: str, typed, **extra) -> ft.TextField:
        return ft.TextField(label=label, value=typed.value, on_change=lambda e: typed.set(sent_value(e)), **extra)

    error = winter_error_text(t, desk.error) if desk.error else ""
    return ft.Column(
        [
            ft.ResponsiveRow(
                [
                    ft.Container(field(t.gettext("Amount in euro"), amount, keyboard_type=ft.KeyboardType.NUMBER), col={"xs": 12, "sm": 6}),
                    ft.Container(field(t.gettext("Every how many days (7 to 31)"), every, keyboard_type=ft.KeyboardType.NUMBER), col={"xs": 12, "sm": 6}),
                    ft.Container(field(t.gettext("First date (dd/mm/yyyy)"), first, hint_text=t.gettext("Empty: the winter period")), col={"xs": 12, "sm": 6}),
                    ft.Container(field(t.gettext("Last date (dd/mm/yyyy)"), last, hint_text=t.gettext("Empty: the winter period")), col={"xs": 12, "sm": 6}),
                ],
                spacing=12, run_spacing=12,
            ),
            field(t.gettext("Reason (the household reads it)"), reason, multiline=True, max_length=1000),
            ft.Row(
                [
                    ft.TextButton(t.gettext("Cancel"), on_click=lambda: desk.open_decision(None)),
                    ft.OutlinedButton(t.gettext("Refuse"), icon=ft.Icons.CLOSE, on_click=lambda: ft.context.page.run_task(decide, False),
                                      disabled=desk.loading),
                    ft.FilledButton(t.gettext("Approve"), icon=ft.Icons.CHECK, on_click=lambda: ft.context.page.run_task(decide, True),
                                    disabled=desk.loading),
                ],
                wrap=True,
            ),
            *([announced(ft.Text(error, color=ft.Colors.ERROR))] if error else []),
        ],
        spacing=12,
    )  # fmt: skip


@ft.component
def GrantRow(t, desk: WinterDesk, grant: WinterGrant, name: str):
    reason = use_typed("")
    confirming, set_confirming = ft.use_state(False)

    async def stop(_=None):
        set_confirming(False)
        await desk.stop(grant.grant_id, reason.value)

    rows: list[ft.Control] = [ft.Text(grant_terms_text(t, grant)), ft.Text(grant_state_text(t, grant), weight=ft.FontWeight.W_600)]
    rows.append(ft.Text(t.gettext("Prepared: {prepared} · loaded: {loaded}").format(
        prepared=len(grant.preparations), loaded=sum(1 for p in grant.preparations if p.status == "loaded"))))
    if grant.status == "active":
        if confirming:
            rows.append(ft.TextField(label=t.gettext("Why stop (the household reads it)"), value=reason.value,
                                     on_change=lambda e: reason.set(sent_value(e)), max_length=1000))
            rows += confirmation(
                t, question=t.gettext("Stop the free gas for {name}?").format(name=name),
                consequence=t.gettext("No further amounts are prepared. Amounts prepared already stay."),
                action=t.gettext("Stop"), icon=ft.Icons.STOP_CIRCLE_OUTLINED,
                on_confirm=lambda: ft.context.page.run_task(stop), on_cancel=lambda: set_confirming(False),
            )
        else:
            rows.append(ft.OutlinedButton(t.gettext("Stop the grant for {name}").format(name=name), icon=ft.Icons.STOP_CIRCLE_OUTLINED,
                                          on_click=lambda: set_confirming(True)))
    return ft.Column(rows, spacing=6)  # fmt: skip


def _request_card(t, desk: WinterDesk, r: OrganisationWinterRequest) -> ft.Control:
    lines: list[ft.Control] = [
        heading(r.display_name, 3),
        ft.Text(f"{request_status_text(t, r)} · " + t.gettext("asked on {day}").format(day=t.date(r.created_at))),
        ft.Text(t.ngettext("{n} person in the household", "{n} people in the household", r.household_size).format(n=r.household_size)),
    ]
    if r.message:
        lines.append(ft.Text(t.gettext("Message: {message}").format(message=r.message)))
    if not r.has_gas_meter:
        lines.append(ft.Text(t.gettext("No gas meter known for this household."), color=ft.Colors.ERROR))
    if r.reason:
        lines.append(ft.Text(t.gettext("Reason: {reason}").format(reason=r.reason)))
    if r.grant is not None:
        lines.append(GrantRow(t, desk, r.grant, r.display_name, key=f"grant-{r.grant.grant_id}"))
    if r.status == "requested":
        if desk.deciding == r.request_id:
            lines.append(DecisionForm(t, desk, r, key=f"decide-{r.request_id}"))
        else:
            lines.append(ft.FilledButton(t.gettext("Decide for {name}").format(name=r.display_name), icon=ft.Icons.GAVEL,
                                         on_click=lambda: desk.open_decision(r.request_id)))
    return ft.Container(border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12,
                        content=ft.Column(lines, spacing=6))  # fmt: skip


def _done_text(t, desk: WinterDesk) -> str:
    done = desk.done
    if isinstance(done, OrganisationWinterRequest):
        return t.gettext("Decision saved for {name}: the household gets it in the app and by mail.").format(name=done.display_name)
    if isinstance(done, WinterGrant):
        return t.gettext("The grant is stopped.")
    return ""


@ft.component
def StaffWinterView():
    model = use_model(lambda m: m.language)
    t = model.t
    desk = use_observable(model.member.winter_desk)
    ft.use_effect(lambda: ft.context.page.run_task(desk.load), [])

    async def on_filter(e: ft.Event[ft.SegmentedButton]):
        chosen = list(e.control.selected)[0]
        await desk.load(None if chosen == "all" else chosen)

    labels = {"requested": t.gettext("Waiting"), "approved": t.gettext("Approved"), "refused": t.gettext("Refused"),
              "all": t.gettext("All")}
    filters = ft.SegmentedButton(
        selected=[desk.status_filter or "all"], allow_empty_selection=False, on_change=on_filter,
        segments=[ft.Segment(value=f, label=ft.Text(labels[f])) for f in FILTERS],
    )  # fmt: skip
    done = _done_text(t, desk)
    error = winter_error_text(t, desk.error) if desk.error and desk.deciding is None else ""
    cards = [_request_card(t, desk, r) for r in desk.requests]
    if not cards:
        cards = [ft.Text(t.gettext("Loading") if desk.loading else t.gettext("No requests here."))]
    return page_frame(
        [
            heading(t.gettext("Winter support")),
            ft.Text(t.gettext("Households ask for free gas. Decide, and the amounts are prepared for the back office on "
                              "each date at 8:00.")),
            *([announced(ft.Semantics(identifier=WINTER_DONE, container=True, content=ft.Text(done)))] if done else []),
            *([announced(ft.Text(error, color=ft.Colors.ERROR))] if error else []),
            section(t.gettext("Requests"), [filters, *cards], icon=ft.Icons.LOCAL_FIRE_DEPARTMENT_OUTLINED),
        ]
    )  # fmt: skip
