"""The organisation's supply signals (issue 21): clients who have gone without energy, or with too
little, long enough that someone should look; open ones first. A member acknowledges a signal when
they take it up and resolves it when it is dealt with, each with a note: the client sees the member's
name and the note in their access log ("Who can see my account")."""

from __future__ import annotations

import flet as ft

from app.api.staff_models import Signal
from app.state.signals import NOTE_MAX
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.ui.theme import STATUS_COLOURS
from app.widgets.heading import heading
from app.widgets.live import announced
from app.widgets.page_frame import page_frame
from app.words.energy import energy_name
from app.words.signals import kind_explanation, kind_icon, kind_text, status_word
from app.words.staff import staff_error_text

#: Semantics identifier of the list's header, keyed by the filter drawn (tests wait for it).
SIGNALS_HEADER = "signals-header"
#: The filter's segments: None is "all", open ones first.
FILTERS = ("all", "open", "acknowledged", "resolved")

#: A status' chip colours: open is the alarm, acknowledged someone is on it, resolved done.
_STATUS_COLOURS = {
    "open": STATUS_COLOURS["interrupted"],
    "acknowledged": STATUS_COLOURS["emergency_credit"],
    "resolved": STATUS_COLOURS["supplying"],
}



def status_chip(t, status: str) -> ft.Control:
    bg, fg = _STATUS_COLOURS.get(status, _STATUS_COLOURS["open"])
    return ft.Container(
        bgcolor=bg,
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        content=ft.Text(status_word(t, status), color=fg, size=13, weight=ft.FontWeight.W_600),
    )


def follow_up_text(t, s: Signal) -> str:
    """Who followed up, as the server knows them, and their note."""
    if not s.acknowledged_by:
        return ""
    who = (t.gettext("Resolved by {name}") if s.status == "resolved" else t.gettext("Acknowledged by {name}")).format(
        name=s.acknowledged_by
    )
    return f"{who}: “{s.note}”" if s.note else who


@ft.component
def SignalCard(signal: Signal, signals: OrganisationSignals):
    model = use_model(lambda m: m.language)
    t = model.t
    note = use_typed("")
    s = signal

    async def act(action: str):
        if await signals.follow_up(s.signal_id, action, note.value):
            note.set("")

    since = t.gettext("{energy} · since {when}").format(energy=energy_name(t, s.energy), when=t.datetime(s.since))
    facts: list[ft.Control] = [
        ft.Text(kind_text(t, s.kind), weight=ft.FontWeight.W_600),
        ft.Text(kind_explanation(t, s.kind)),
        ft.Text(since, color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    followed = follow_up_text(t, s)
    if followed:
        facts.append(ft.Text(followed, italic=True))
    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(kind_icon(s.kind), color=ft.Colors.ERROR if s.status == "open" else ft.Colors.ON_SURFACE_VARIANT),
                heading(s.display_name, 2, expand=True),
                status_chip(t, s.status),
            ],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        # Nodes of their own: without them Flutter merged these lines into the note field's name (read
        # as "Open Geen levering ... Notitie") and gave the field the card's box.
        ft.Semantics(container=True, content=ft.Column(facts, spacing=4)),
    ]
    if s.status != "resolved":
        rows.append(
            ft.Semantics(
                container=True,
                content=ft.TextField(
                    label=t.gettext("Note"),
                    helper=t.gettext("The client sees your name and this note."),
                    helper_max_lines=3,
                    value=note.value,
                    max_length=NOTE_MAX,
                    multiline=True,
                    min_lines=1,
                    max_lines=4,
                    on_change=lambda e: note.set(sent_value(e)),
                ),
            )
        )
    actions: list[ft.Control] = []
    if s.status == "open":
        actions.append(
            ft.FilledButton(t.gettext("Acknowledge"), icon=ft.Icons.VISIBILITY_OUTLINED, disabled=signals.loading,
                            on_click=lambda: ft.context.page.run_task(act, "acknowledge"))
        )  # fmt: skip
    if s.status != "resolved":
        actions.append(
            ft.OutlinedButton(t.gettext("Resolve"), icon=ft.Icons.TASK_ALT, disabled=signals.loading,
                              on_click=lambda: ft.context.page.run_task(act, "resolve"))
        )  # fmt: skip
    actions.append(
        ft.TextButton(t.gettext("Open the client's file"), icon=ft.Icons.FOLDER_OPEN_OUTLINED,
                      on_click=lambda: go(f"/staff/client/{s.client_id}"))
    )  # fmt: skip
    rows.append(ft.Row(actions, wrap=True, spacing=8, run_spacing=8))
    # Stretched: the note field takes the card's width (its helper line was cut off at a phone's width).
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)))


def done_text(t, signals: OrganisationSignals) -> str:
    if signals.done is None:
        return ""
    signal_id, status = signals.done
    name = next((s.display_name for s in signals.items if s.signal_id == signal_id), "")
    if status == "resolved":
        return t.gettext("Signal of {name} resolved.").format(name=name)
    return t.gettext("Signal of {name} acknowledged.").format(name=name)


@ft.component
def SignalsView():
    model = use_model(lambda m: m.language)
    t = model.t
    signals = use_observable(model.member.signals)
    ft.use_effect(lambda: ft.context.page.run_task(signals.load), [])

    chosen = signals.status_filter or "all"
    names = {"all": t.gettext("All"), "open": status_word(t, "open"), "acknowledged": status_word(t, "acknowledged"),
             "resolved": status_word(t, "resolved")}  # fmt: skip
    # Chips that wrap, as the caseload's filters: four segments in one row ran off a phone's width.
    picker = ft.Row(
        [
            ft.Chip(
                label=ft.Text(names[key]),
                selected=key == chosen,
                on_select=lambda _e, key=key: ft.context.page.run_task(signals.filter, None if key == "all" else key),
            )
            for key in FILTERS
        ],
        wrap=True,
        spacing=8,
    )
    header = ft.Row(
        [
            heading(t.gettext("Signals"), expand=True),
            ft.IconButton(
                icon=ft.Icon(ft.Icons.REFRESH, semantics_label=t.gettext("Refresh")),
                tooltip=t.gettext("Refresh"),
                on_click=lambda: ft.context.page.run_task(signals.load),
            ),
        ],
    )
    error = staff_error_text(t, signals.error) if signals.error else ""
    done = done_text(t, signals)
    if signals.items:
        # Readable lines on a desktop: a card no wider than two thirds of the screen.
        body: list[ft.Control] = [
            ft.ResponsiveRow(
                [ft.Container(col={"xs": 12, "lg": 8}, content=SignalCard(s, signals, key=f"signal-{s.signal_id}"))
                 for s in signals.items],
                run_spacing=12,
            )
        ]  # fmt: skip
    elif signals.loading:
        body = [ft.ProgressRing(semantics_label=t.gettext("Loading"))]
    elif signals.error is None:
        body = [ft.Text(t.gettext("No signals here. A client who goes without energy, or with too little, for long "
                                  "shows up here and in your caseload."))]  # fmt: skip
    else:
        body = []
    more = (
        [ft.OutlinedButton(t.gettext("Show more"), on_click=lambda: ft.context.page.run_task(signals.load_more))]
        if signals.has_more
        else []
    )
    return page_frame(
        [
            ft.Semantics(key=f"{SIGNALS_HEADER}-{chosen}", identifier=f"{SIGNALS_HEADER}-{chosen}", container=True, content=header),
            ft.Text(
                t.gettext("Clients who have gone without energy, or with too little, long enough that someone should "
                          "look. Acknowledge a signal when you take it up, resolve it when it is dealt with."),
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),  # fmt: skip
            picker,
            *([announced(ft.Text(error, color=ft.Colors.ERROR))] if error else []),
            *([announced(ft.Text(done, color=ft.Colors.PRIMARY))] if done and not error else []),
            *body,
            *more,
        ]
    )
