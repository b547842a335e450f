"""Social tariff status per energy (electricity, gas, heat): active or not, category in plain words,
start and end, automatic or by certificate, protected customer, when the supplier was last told."""

from __future__ import annotations

import flet as ft

from app.state.tariff import TariffStatus
from app.ui.context import go, use_model
from app.ui.hooks import use_observable
from app.words.messages import error_text
from app.widgets.page_frame import page_frame, section
from app.words.energy import energy_icon, energy_name
from app.words.social_tariff import entry_lines, protection_lines
from app.state.eligibility import ENERGIES
from app.widgets.heading import heading
from app.widgets.live import announced


def use_tariff(model) -> TariffStatus:
    """The current client's tariff, asked again for each client a helper switches to."""
    status, _ = ft.use_state(lambda: TariffStatus(model.session.tariff))
    profile_id = model.session.current.id if model.session.current else None
    ft.use_effect(lambda: ft.context.page.run_task(status.load), [profile_id])
    return use_observable(status)


@ft.component
def TariffView():
    model = use_model()
    t = model.t
    status = use_tariff(model)

    title = heading(t.gettext("Social tariff"))
    body: list[ft.Control] = [title]
    if status.loading:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    if status.error is not None:
        body.append(
            ft.Row(
                [
                    announced(ft.Text(error_text(t, status.error), color=ft.Colors.ERROR), expand=True),
                    ft.TextButton(t.gettext("Try again"), icon=ft.Icons.REFRESH, on_click=status.load),
                ]
            )
        )
    tariff = status.tariff
    if tariff is not None:
        cards = []
        for energy in ENERGIES:
            entry = status.entry(energy)
            rows: list[ft.Control] = []
            if entry is not None and entry.active:
                rows.append(
                    ft.Row(
                        [
                            ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY),
                            ft.Text(t.gettext("Active"), weight=ft.FontWeight.W_600, color=ft.Colors.PRIMARY),
                        ]
                    )
                )
                rows += [ft.Text(line, weight=ft.FontWeight.W_600 if strong else None) for line, strong in entry_lines(t, entry)]
            else:
                rows.append(
                    ft.Row(
                        [
                            ft.Icon(ft.Icons.REMOVE_CIRCLE_OUTLINE, color=ft.Colors.ON_SURFACE_VARIANT),
                            ft.Text(t.gettext("Not active"), weight=ft.FontWeight.W_600),
                        ]
                    )
                )
            cards.append(section(energy_name(t, energy), rows, icon=energy_icon(energy), col={"xs": 12, "md": 4}))
        body.append(ft.ResponsiveRow(cards, spacing=16, run_spacing=16))
        protected, told = protection_lines(t, tariff)
        body.append(
            section(
                t.gettext("Protection"),
                [ft.Text(protected), ft.Text(told, color=ft.Colors.ON_SURFACE_VARIANT)],
                icon=ft.Icons.SHIELD_OUTLINED,
            )
        )
    body.append(
        section(
            t.gettext("Not applied, or not sure?"),
            [
                ft.Text(t.gettext("Answer a few questions to see if you have a right to the social tariff, from when, and who to contact.")),
                ft.Row(
                    [ft.FilledButton(t.gettext("Am I eligible?"), icon=ft.Icons.HELP_OUTLINE, on_click=lambda: go("/eligibility"))],
                ),
            ],
            icon=ft.Icons.QUIZ_OUTLINED,
        )
    )
    return page_frame(body)
