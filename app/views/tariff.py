"""Social tariff status per energy (electricity, gas, heat): active or not, category in plain words,
start and end, automatic or by certificate, protected customer, when the supplier was last told."""

from __future__ import annotations

import flet as ft

from app.api.errors import ApiError
from app.ui.context import go, use_model
from app.words.messages import error_text
from app.widgets.page_frame import page_frame, section
from app.words.energy import energy_icon, energy_name
from app.words.social_tariff import CATEGORY_WORDS, tr
from app.state.eligibility import ENERGIES
from app.widgets.heading import heading
from app.widgets.live import announced


@ft.component
def TariffView():
    model = use_model()
    t = model.t
    tariff, set_tariff = ft.use_state(None)
    error, set_error = ft.use_state(None)
    busy, set_busy = ft.use_state(False)
    profile_id = model.session.current.id if model.session.current else None

    async def load(_=None):
        set_busy(True)
        set_error(None)
        try:
            set_tariff(await model.session.tariff())
        except ApiError as exc:
            set_error(exc)
        finally:
            set_busy(False)

    ft.use_effect(lambda: ft.context.page.run_task(load), [profile_id])

    title = heading(t.gettext("Social tariff"))
    body: list[ft.Control] = [title]
    if busy:
        body.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    if error is not None:
        body.append(
            ft.Row(
                [
                    announced(ft.Text(error_text(t, error), color=ft.Colors.ERROR), expand=True),
                    ft.TextButton(t.gettext("Try again"), icon=ft.Icons.REFRESH, on_click=load),
                ]
            )
        )
    if tariff is not None:
        by_energy = {e.energy: e for e in tariff.social_tariff}
        cards = []
        for energy in ENERGIES:
            entry = by_energy.get(energy)
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
                if entry.category:
                    rows.append(ft.Text(t.gettext("Category {category}").format(category=entry.category), weight=ft.FontWeight.W_600))
                    rows.append(ft.Text(tr(t, CATEGORY_WORDS, entry.category)))
                if entry.start and entry.end:
                    rows.append(ft.Text(t.gettext("From {start} to {end}").format(start=t.date(entry.start, "long"), end=t.date(entry.end, "long"))))
                elif entry.start:
                    rows.append(ft.Text(t.gettext("Since {start}").format(start=t.date(entry.start, "long"))))
                if entry.source == "automatic":
                    rows.append(ft.Text(t.gettext("Applied automatically: you did not need to do anything.")))
                elif entry.source == "certificate":
                    rows.append(ft.Text(t.gettext("Applied with a paper certificate.")))
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
        protected = (
            t.gettext("You are a protected customer.")
            if tariff.protected_customer
            else t.gettext("You are not a protected customer.")
        )
        told = (
            t.gettext("Your supplier was last told on {date}. Suppliers are told every three months.").format(
                date=t.date(tariff.checked_at, "long")
            )
            if tariff.checked_at
            else t.gettext("Suppliers are told every three months.")
        )
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
