"""Home: one card per meter, last sync, refresh; cached balances with their age when offline."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft

from app.widgets.balance_card import balance_card
from app.ui.context import go, use_model
from app.words.messages import error_text
from app.widgets.page_frame import page_frame
from app.knowledge import for_meter
from app.views.knowledge import knowledge_links
from app.widgets.heading import heading
from app.widgets.live import announced


@ft.component
def HomeView():
    model = use_model()
    t = model.t
    session = model.session
    profile = session.current
    now = datetime.now(timezone.utc)

    async def refresh(_=None):
        await session.refresh()

    banner = None
    if session.offline or session.last_error is not None:
        reason = error_text(t, session.last_error) or t.gettext("The server cannot be reached.")
        if session.offline and session.cached_at:
            # Why (unreachable, too slow, a garbled answer) and how old what is on show is.
            text = reason + " " + t.gettext("These balances are from {age}.").format(age=t.age(session.cached_at, now))
        else:
            text = reason
        banner = announced(ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER,
            border_radius=12,
            padding=ft.Padding.only(left=16, right=8, top=8, bottom=8),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.CLOUD_OFF, color=ft.Colors.ON_ERROR_CONTAINER),
                    ft.Text(text, color=ft.Colors.ON_ERROR_CONTAINER, expand=True),
                    ft.TextButton(t.gettext("Try again"), icon=ft.Icons.REFRESH, on_click=refresh, disabled=session.loading),
                ],
                wrap=False,
            ),
        ), key="offline")  # the key on what the body's list holds: the live region around the banner

    fetched_at = session.cached_at or (profile.last_balances_at if profile else None)
    synced = (
        t.gettext("Last updated {age}").format(age=t.age(fetched_at, now)) if fetched_at else t.gettext("Not updated yet")
    )
    if profile is not None and profile.helper_name:
        # A helper is greeted as themselves, not as the household (issue 20: "Hallo An" to An's helper);
        # the banner above every screen says whom they help ("U helpt An Peeters").
        name = profile.helper_name.split(" ")[0]
    else:
        name = (session.me.display_name if session.me else (profile.display_name if profile else "")).split(" ")[0]
    header = ft.Row(
        [
            ft.Column(
                [
                    heading(t.gettext("Hello {name}").format(name=name)),
                    # Read out when a refresh changes it.
                    announced(ft.Text(synced, color=ft.Colors.ON_SURFACE_VARIANT)),
                ],
                spacing=2,
                expand=True,
            ),
            ft.OutlinedButton(
                t.gettext("Refresh"),
                icon=ft.Icons.REFRESH,
                on_click=refresh,
                disabled=session.loading,
            ),
        ]
    )
    cards = [
        balance_card(
            t,
            b,
            fetched_at=fetched_at,
            now=now,
            on_details=lambda _, ean=b.ean: go(f"/meter/{ean}"),
            on_top_up=lambda _, ean=b.ean: go(f"/pay/{ean}"),
            col={"xs": 12, "md": 6},
        )
        for b in sorted(session.balances, key=lambda b: b.energy != "electricity")
    ]
    # Keys: the progress bar and a banner come and go above the cards; keyed, the cards are matched
    # and only what changed in them is sent (unkeyed, every refresh sent and rebuilt both cards twice).
    body: list[ft.Control] = [header]
    if session.loading:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Refreshing"), key="refreshing"))
    if banner:
        body.append(banner)
    if cards:
        body.append(ft.ResponsiveRow(cards, spacing=16, run_spacing=16, key="balances"))
    elif not session.loading:
        body.append(ft.Text(t.gettext("No balances to show yet."), color=ft.Colors.ON_SURFACE_VARIANT))
    # Know your meter: the pages that fit the first meter's state first.
    first = next(iter(sorted(session.balances, key=lambda b: b.energy != "electricity")), None)
    ids = list(for_meter(first.status, first.energy)) if first else ["paying", "emergency_credit", "minimum_supply"]
    body.append(knowledge_links(t, ids[:3]))
    return page_frame(body)
