"""One top-up point: open state at the time asked about, the week's opening hours as a table, what it
does on public holidays, phone, and a link that opens directions in the device's map app."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.words.messages import error_text
from app.widgets.opening_chip import opening_chip
from app.widgets.opening_hours import opening_hours_table
from app.words.opening import holiday_rule_text, kind_icon, kind_name
from app.widgets.page_frame import page_frame, section
from app.views.topup_points import use_search
from app.widgets.heading import heading
from app.widgets.live import announced


@ft.component
def TopupPointDetailView():
    model = use_model()
    t = model.t
    search = use_search(model)
    point_id = ft.use_route_params().get("id", "")

    async def load():
        if search.selected is None or search.selected.id != point_id:
            await search.select(point_id)

    ft.use_effect(lambda: ft.context.page.run_task(load), [point_id])

    back = ft.Row([ft.TextButton(t.gettext("Back to the list"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/topup-points"))])
    detail = search.selected if search.selected is not None and search.selected.id == point_id else None
    if detail is None:
        body: list[ft.Control] = [back]
        if search.loading:
            body.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
        elif search.last_error is not None:
            body.append(announced(ft.Text(error_text(t, search.last_error), color=ft.Colors.ERROR)))
        return page_frame(body)

    kind, data = search.describe(detail)
    head = ft.Row(
        [
            ft.Icon(kind_icon(detail.kind), color=ft.Colors.PRIMARY, size=32),
            ft.Column(
                [
                    heading(detail.name),
                    ft.Text(kind_name(t, detail.kind), color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                spacing=2,
                expand=True,
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    address = f"{detail.address}, {detail.postal_code} {detail.municipality}"
    contact_rows: list[ft.Control] = [
        # Not selectable: Flutter makes selectable text an unlabelled text field for screen readers, which
        # read the point's open state beside it as part of that field (issue 20); "Directions" opens it.
        ft.Row([ft.Icon(ft.Icons.PLACE_OUTLINED), ft.Text(address, expand=True)]),
    ]
    if detail.phone:
        contact_rows.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.PHONE_OUTLINED),
                    ft.TextButton(
                        detail.phone,
                        url=f"tel:{detail.phone.replace(' ', '')}",
                        tooltip=t.gettext("Call {phone}").format(phone=detail.phone),
                    ),
                ]
            )
        )
    contact_rows.append(opening_chip(t, kind, data, relative=search.at is None))
    contact_rows.append(
        ft.Row(
            [
                ft.FilledButton(
                    t.gettext("Directions in your map app"),
                    icon=ft.Icons.DIRECTIONS,
                    url=detail.directions_url,
                ),
            ],
            wrap=True,
        )
    )
    where = section(t.gettext("Address and contact"), contact_rows, icon=ft.Icons.STOREFRONT, col={"xs": 12, "lg": 6})

    table = opening_hours_table(t, detail.week, today=detail.at.date())
    rule = holiday_rule_text(t, detail.holiday_rule, detail.holiday_hours)
    week = section(
        t.gettext("Opening hours, today and the next 6 days"),
        [
            ft.Row([table], scroll=ft.ScrollMode.AUTO),
            ft.Row([ft.Icon(ft.Icons.EVENT_BUSY, size=18), ft.Text(rule, expand=True)]),
        ],
        icon=ft.Icons.SCHEDULE,
        col={"xs": 12, "lg": 6},
    )
    return page_frame([back, head, ft.ResponsiveRow([where, week], spacing=16, run_spacing=16)])
