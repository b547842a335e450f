"""A staff member's home: the caseload, most urgent first (clients with an open supply signal, then
interrupted, minimum supply, emergency credit, fewest days left). On a phone a list with a status chip and days left per client; on a desktop
a table with sortable columns and filters. Adding a client: the share code they made, or (for a client
without the app) their Prepaid-code and postcode (seed 000, Vraag 8)."""

from __future__ import annotations

import flet as ft

from app.widgets.password_field import PasswordField
from app.api.staff_models import CaseloadClient
from app.clock import now_brussels
from app.state.caseload import export_file_name, row_meter
from app.ui.context import go, use_model
from app.ui.hooks import sent_value, use_observable, use_typed
from app.ui.theme import STATUS_COLOURS, WIDE
from app.views.shell import use_width
from app.words.balance import days_left_text
from app.words.energy import energy_name
from app.words.messages import status_icon, status_text
from app.words.signals import kind_icon, kind_text
from app.words.staff import staff_error_text

#: Semantics identifiers of the caseload's two layouts (a table on a wide window, a list on a phone).
CASELOAD_WIDE = "caseload-wide"
CASELOAD_NARROW = "caseload-narrow"

#: The table's columns, in order: (sort column of the state, whether numeric).
TABLE_COLUMNS = (("name", False), ("postcode", False), ("urgency", False), ("balance", True), ("days_left", True))



def urgency_label(t, client: CaseloadClient) -> str:
    """The row's status, naming the energy of the meter it belongs to (state.caseload.row_meter)."""
    meter = row_meter(client)
    if meter is None:
        return status_text(t, "supplying")
    return t.gettext("{energy}: {status}").format(energy=energy_name(t, meter.energy), status=status_text(t, meter.status))


def urgency_chip(t, client: CaseloadClient) -> ft.Control:
    meter = row_meter(client)
    status = meter.status if meter is not None else "supplying"
    bg, fg = STATUS_COLOURS.get(status, STATUS_COLOURS["interrupted"])
    label = urgency_label(t, client)
    return ft.Container(
        bgcolor=bg,
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        content=ft.Row([ft.Icon(status_icon(status), color=fg, size=16), ft.Text(label, color=fg, size=13)], spacing=4, tight=True),
    )


def new_alerts_badge(t, client: CaseloadClient) -> list[ft.Control]:
    """The client's alerts this member has not seen in the client's file yet (issue 11): a badge named
    by its words ("2 nieuwe meldingen"), the bell beside them only decoration. Nothing when none."""
    n = client.new_alerts
    if not n:
        return []
    label = t.ngettext("{n} new alert", "{n} new alerts", n).format(n=n)
    return [
        ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER,
            border_radius=12,
            padding=ft.Padding.symmetric(horizontal=8, vertical=2),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, color=ft.Colors.ON_ERROR_CONTAINER, size=14),
                    ft.Text(label, color=ft.Colors.ON_ERROR_CONTAINER, size=12, weight=ft.FontWeight.W_600),
                ],
                spacing=4,
                tight=True,
            ),
        )
    ]


def signal_badge(t, client: CaseloadClient) -> list[ft.Control]:
    """The client's supply signals nobody followed up yet (issue 21): a badge named by its words
    ("Signaal: Geen levering"), or how many when there are several. Nothing when none is open."""
    open_signals = [s for s in client.signals if s.status == "open"]
    if not open_signals:
        return []
    if len(open_signals) == 1:
        label = t.gettext("Signal: {kind}").format(kind=kind_text(t, open_signals[0].kind))
    else:
        label = t.ngettext("{n} open signal", "{n} open signals", len(open_signals)).format(n=len(open_signals))
    return [
        ft.Container(
            bgcolor=ft.Colors.ERROR,
            border_radius=12,
            padding=ft.Padding.symmetric(horizontal=8, vertical=2),
            content=ft.Row(
                [
                    ft.Icon(kind_icon(open_signals[0].kind), color=ft.Colors.ON_ERROR, size=14),
                    ft.Text(label, color=ft.Colors.ON_ERROR, size=12, weight=ft.FontWeight.W_600),
                ],
                spacing=4,
                tight=True,
            ),
        )
    ]


def days_text(t, client: CaseloadClient) -> str:
    meter = row_meter(client)
    if meter is None or meter.status in ("interrupted", "minimum_supply"):
        return "–"
    return days_left_text(t, meter.estimated_days_left)


def balance_text(t, client: CaseloadClient) -> str:
    meter = row_meter(client)
    return t.money(meter.balance_cents) if meter is not None else "–"


def client_tile(t, client: CaseloadClient) -> ft.Control:
    pending = (
        [ft.Text(t.ngettext("{n} top-up prepared", "{n} top-ups prepared", client.open_pending_topups).format(n=client.open_pending_topups), size=12)]
        if client.open_pending_topups
        else []
    )
    return ft.Card(
        content=ft.Container(
            padding=12,
            on_click=lambda: go(f"/staff/client/{client.client_id}"),
            content=ft.Row(
                [
                    ft.Column(
                        [
                            ft.Text(client.display_name, weight=ft.FontWeight.W_600, size=16),
                            *signal_badge(t, client),
                            ft.Text(f"{client.postal_code} · {client.prepaid_code_masked}", size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                            ft.Row(
                                [
                                    urgency_chip(t, client),
                                    ft.Text(balance_text(t, client), size=13, weight=ft.FontWeight.W_600),
                                    ft.Text(days_text(t, client), size=13),
                                    *new_alerts_badge(t, client),
                                ],
                                wrap=True,
                                spacing=8,
                            ),
                            *pending,
                        ],
                        spacing=4,
                        expand=True,
                    ),
                    ft.Icon(ft.Icons.CHEVRON_RIGHT),
                ]
            ),
        ),
    )


def client_table(t, caseload: Caseload) -> ft.Control:
    names = {
        "name": t.gettext("Name"),
        "postcode": t.gettext("Postcode"),
        "urgency": t.gettext("Status"),
        "balance": t.gettext("Balance"),
        "days_left": t.gettext("Days left"),
    }
    columns = [
        ft.DataColumn(ft.Text(names[key]), numeric=numeric, on_sort=lambda _e, key=key: caseload.sort_by(key))
        for key, numeric in TABLE_COLUMNS
    ]
    order = [key for key, _ in TABLE_COLUMNS]
    rows = [
        ft.DataRow(
            cells=[
                ft.DataCell(
                    ft.Row([ft.Text(c.display_name, weight=ft.FontWeight.W_600), *signal_badge(t, c), *new_alerts_badge(t, c)],
                           spacing=8, tight=True),
                    on_tap=lambda _e, c=c: go(f"/staff/client/{c.client_id}"),
                ),
                ft.DataCell(ft.Text(c.postal_code)),
                ft.DataCell(urgency_chip(t, c)),
                ft.DataCell(ft.Text(balance_text(t, c))),
                ft.DataCell(ft.Text(days_text(t, c))),
            ],
            on_select_change=lambda _e, c=c: go(f"/staff/client/{c.client_id}"),
        )
        for c in caseload.rows
    ]
    return ft.Row(
        [
            ft.DataTable(
                columns=columns,
                rows=rows,
                sort_column_index=order.index(caseload.sort_column),
                sort_ascending=caseload.sort_ascending,
                show_checkbox_column=False,
                expand=True,
            )
        ],
        scroll=ft.ScrollMode.AUTO,
    )


@ft.component
def AddClient():
    model = use_model(lambda m: m.language)
    t = model.t
    caseload = use_observable(model.member.caseload, lambda c: (c.loading, c.error, c.added))
    way = use_typed("share_code")
    share = use_typed("")
    code = use_typed("")
    postcode = use_typed("")
    # Kept here: each keystroke redraws this component, and a tile left to itself closed again.
    opened, set_opened = ft.use_state(False)

    async def add(_=None):
        if way.value == "share_code":
            ok = await caseload.add_by_share_code(share.value)
        else:
            ok = await caseload.add_by_prepaid_code(code.value, postcode.value)
        if ok:
            share.set("")
            code.set("")

    picker = ft.SegmentedButton(
        selected=[way.value],
        allow_empty_selection=False,
        segments=[
            ft.Segment(value="share_code", label=ft.Text(t.gettext("Share code"))),
            ft.Segment(value="prepaid", label=ft.Text(t.gettext("Prepaid-code"))),
        ],
        on_change=lambda e: way.set(list(e.control.selected)[0]),
    )
    if way.value == "share_code":
        fields: list[ft.Control] = [
            ft.TextField(
                label=t.gettext("Share code from the client"), hint_text="ABCD-EFGH", value=share.value,
                capitalization=ft.TextCapitalization.CHARACTERS, on_change=lambda e: share.set(sent_value(e)), on_submit=add,
            )
        ]  # fmt: skip
    else:
        fields = [
            # The show/hide button named (issue 20), not Flet's unnamed can_reveal_password.
            PasswordField(t, label=t.gettext("Prepaid-code"), value=code.value, code=True,
                          on_change=lambda e: code.set(sent_value(e))),
            ft.TextField(label=t.gettext("Postcode"), value=postcode.value, max_length=4,
                         on_change=lambda e: postcode.set(sent_value(e)), on_submit=add),
        ]  # fmt: skip
    error = staff_error_text(t, caseload.error, redeeming=True) if caseload.error else ""
    added = t.gettext("{name} is in your caseload.").format(name=caseload.added) if caseload.added and not error else ""
    return ft.ExpansionTile(
        title=ft.Text(t.gettext("Add a client")),
        leading=ft.Icon(ft.Icons.PERSON_ADD_ALT),
        expanded=opened,
        on_change=lambda e: set_opened(bool(e.data) if isinstance(e.data, bool) else str(e.data).lower() == "true"),
        controls=[
            ft.Container(
                padding=ft.Padding.symmetric(horizontal=16, vertical=8),
                content=ft.Column(
                    [
                        picker,
                        *fields,
                        ft.FilledButton(t.gettext("Add"), icon=ft.Icons.ADD, on_click=add, disabled=caseload.loading),
                        *([ft.Text(error, color=ft.Colors.ERROR)] if error else []),
                        *([ft.Text(added)] if added else []),
                    ],
                    spacing=12,
                ),
            )
        ],
    )


@ft.component
def CaseloadView():
    model = use_model(lambda m: m.language)
    t = model.t
    caseload = use_observable(model.member.caseload)
    width = use_width()
    query = use_typed(caseload.query)
    days_text_value, set_days_text = ft.use_state(str(caseload.days_at_most) if caseload.days_at_most is not None else "")

    ft.use_effect(lambda: ft.context.page.run_task(caseload.load), [])

    async def search(_=None):
        await caseload.search(query.value)

    async def toggle(status: str):
        await caseload.search(status=None if caseload.status_filter == status else status)

    async def on_days(e):
        digits = "".join(ch for ch in sent_value(e) if ch.isdigit())[:3]
        set_days_text(digits)
        await caseload.search(days_at_most=int(digits) - 1 if digits and int(digits) > 0 else None)

    filters = ft.Row(
        [
            ft.Chip(
                label=ft.Text(t.gettext("Emergency credit")),
                selected=caseload.status_filter == "emergency_credit",
                on_select=lambda _e: ft.context.page.run_task(toggle, "emergency_credit"),
            ),
            ft.Chip(
                label=ft.Text(t.gettext("Minimum supply")),
                selected=caseload.status_filter == "minimum_supply",
                on_select=lambda _e: ft.context.page.run_task(toggle, "minimum_supply"),
            ),
            ft.TextField(
                label=t.gettext("Fewer than N days left"),
                value=days_text_value,
                # Room for the label on one line in every language (at 200 px "Minder dan N dagen
                # over" wrapped on a desktop); a phone's row still holds it.
                width=280,
                dense=True,
                keyboard_type=ft.KeyboardType.NUMBER,
                on_change=on_days,
            ),
        ],
        wrap=True,
        spacing=8,
    )
    search_box = ft.TextField(
        label=t.gettext("Search by name or postcode"),
        value=query.value,
        prefix_icon=ft.Icons.SEARCH,
        on_change=lambda e: query.set(sent_value(e)),
        on_submit=search,
        expand=True,
    )
    async def export(_=None):
        # The server's CSV in a spreadsheet's form and the screen's language, saved as the user
        # chooses: on the web the browser downloads the bytes.
        data = await caseload.export_csv(t.language)
        if data is None:
            ft.context.page.show_dialog(ft.SnackBar(ft.Text(staff_error_text(t, caseload.error))))
            return
        await ft.FilePicker().save_file(
            dialog_title=t.gettext("Export (CSV)"), file_name=export_file_name(now_brussels().date()), src_bytes=data
        )

    header = ft.Row(
        [
            ft.Text(t.gettext("Caseload"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
            ft.Row(
                [
                    ft.TextButton(t.gettext("Export (CSV)"), icon=ft.Icons.DOWNLOAD, on_click=export, disabled=caseload.loading),
                    ft.IconButton(
                        # The icon's label names the button for screen readers (a tooltip does not).
                        icon=ft.Icon(ft.Icons.REFRESH, semantics_label=t.gettext("Refresh")),
                        tooltip=t.gettext("Refresh"),
                        on_click=lambda: ft.context.page.run_task(caseload.load),
                    ),
                ],
                tight=True,
            ),
        ],
        alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
        wrap=True,
    )
    layout = CASELOAD_WIDE if width >= WIDE else CASELOAD_NARROW
    error = staff_error_text(t, caseload.error) if caseload.error else ""
    if caseload.clients:
        body: list[ft.Control] = [client_table(t, caseload)] if width >= WIDE else [client_tile(t, c) for c in caseload.rows]
    elif caseload.loading:
        body = [ft.ProgressRing(semantics_label=t.gettext("Loading"))]
    else:
        body = [ft.Text(t.gettext("No clients here yet. Ask a client for a share code, or add them with their Prepaid-code."))]
    more = (
        [ft.OutlinedButton(t.gettext("Show more"), on_click=lambda: ft.context.page.run_task(caseload.load_more))]
        if caseload.next_cursor
        else []
    )
    return ft.ListView(
        expand=True,
        padding=ft.Padding.symmetric(horizontal=16, vertical=16),
        spacing=12,
        controls=[
            # The header names the layout drawn with it (table or list) for tests: it follows a resize
            # a round trip late, like the navigations (app/views/shell.py, tests/e2e/harness.py). Keyed
            # by it: the web client does not rewrite the identifier of a semantics node it keeps.
            ft.Semantics(key=layout, identifier=layout, container=True, content=header),
            ft.Row(
                [
                    search_box,
                    ft.IconButton(icon=ft.Icon(ft.Icons.SEARCH, semantics_label=t.gettext("Search")), tooltip=t.gettext("Search"), on_click=search),
                ]
            ),
            filters,
            AddClient(),
            *([ft.Text(error, color=ft.Colors.ERROR)] if error and not caseload.clients else []),
            *body,
            *more,
        ],
    )
