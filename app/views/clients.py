"""Helper mode: the clients saved on this device (name, masked Prepaid-code, postcode, last known
balances), switch in one tap, add, remove. Each client keeps its own session and token."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft

from app.ui.context import go, use_model
from app.words.energy import energy_icon, energy_name
from app.widgets.page_frame import page_frame
from app.widgets.heading import heading


@ft.component
def ClientsView():
    model = use_model()
    t = model.t
    session = model.session
    now = datetime.now(timezone.utc)
    profiles = sorted(session.profiles, key=lambda p: p.display_name.lower())

    async def open_client(profile_id: str):
        ok = await session.switch_client(profile_id)
        go("/" if ok or model.logged_in else "/login")

    async def remove(profile_id: str):
        await session.remove_client(profile_id)
        if not model.logged_in:
            go("/login")

    cards: list[ft.Control] = []
    for p in profiles:
        current = session.current is not None and session.current.id == p.id
        balances = [
            ft.Row(
                [
                    ft.Icon(energy_icon(s.energy), size=18, color=ft.Colors.ON_SURFACE_VARIANT),
                    ft.Text(f"{energy_name(t, s.energy)}: {t.money(s.balance_cents)}"),
                ],
                spacing=6,
                tight=True,
            )
            for s in sorted(p.last_balances, key=lambda s: s.energy != "electricity")
        ]
        age = t.gettext("Last known {age}").format(age=t.age(p.last_balances_at, now)) if p.last_balances_at else ""
        cards.append(
            ft.Card(
                col={"xs": 12, "md": 6, "xl": 4},
                content=ft.Container(
                    padding=16,
                    content=ft.Column(
                        [
                            ft.Row(
                                [
                                    ft.CircleAvatar(
                                        content=ft.Text(p.display_name[:1].upper()),
                                        bgcolor=ft.Colors.PRIMARY_CONTAINER,
                                        color=ft.Colors.ON_PRIMARY_CONTAINER,
                                    ),
                                    ft.Column(
                                        [
                                            ft.Text(p.display_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
                                            ft.Text(
                                                t.gettext("Prepaid-code {code} · postcode {postcode}").format(
                                                    code=p.prepaid_code_masked, postcode=p.postal_code
                                                ),
                                                color=ft.Colors.ON_SURFACE_VARIANT,
                                            ),
                                        ],
                                        spacing=2,
                                        expand=True,
                                    ),
                                    *(
                                        [ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY, semantics_label=t.gettext("Current client"))]
                                        if current
                                        else []
                                    ),
                                ]
                            ),
                            *balances,
                            *([ft.Text(age, theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT)] if age else []),
                            ft.Row(
                                [
                                    ft.IconButton(
                                        icon=ft.Icon(
                                            ft.Icons.DELETE_OUTLINE,
                                            semantics_label=t.gettext("Remove {name}").format(name=p.display_name),
                                        ),
                                        tooltip=t.gettext("Remove {name}").format(name=p.display_name),
                                        on_click=lambda _, pid=p.id: ft.context.page.run_task(remove, pid),
                                    ),
                                    ft.FilledTonalButton(
                                        t.gettext("Open {name}").format(name=p.display_name),
                                        icon=ft.Icons.SWAP_HORIZ,
                                        disabled=current,
                                        on_click=lambda _, pid=p.id: ft.context.page.run_task(open_client, pid),
                                    ),
                                ],
                                alignment=ft.MainAxisAlignment.END,
                            ),
                        ],
                        spacing=10,
                    ),
                ),
            )
        )
    header = ft.Row(
        [
            heading(t.gettext("My clients"), expand=True),
            ft.FilledButton(t.gettext("Add a client"), icon=ft.Icons.PERSON_ADD, on_click=lambda: go("/login")),
        ]
    )
    note = ft.Text(
        t.gettext("Each client is kept apart: switching never mixes their data."),
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    body: list[ft.Control] = [header, note]
    body.append(ft.ResponsiveRow(cards, spacing=16, run_spacing=16) if cards else ft.Text(t.gettext("No clients saved yet.")))
    return page_frame(body)
