"""'Am I eligible?': a short wizard for the federal social tariff (seed 003). The answers go to the
eligibility endpoint; the result says which category, from when to when, whether a paper certificate is
needed and from whom, or why not; each line shows the seed sentence it follows (Dutch) as its source.
Then who to contact when it is not applied automatically, and what to have ready."""

from __future__ import annotations


import flet as ft

from app.ui.context import use_model
from app.words.messages import error_text
from app.ui.hooks import sent_value, use_observable
from app.widgets.page_frame import page_frame, section
from app.words.social_tariff import (
    BENEFITS,
    CATEGORY_WORDS,
    CERTIFICATE_FROM,
    CONNECTIONS,
    BENEFIT_GROUPS,
    REASONS,
    tr,
)
from app.widgets.contacts import contacts_list
from app.widgets.date_time_field import DateTimeField
from app.widgets.seed_source import source_box
from app.widgets.heading import heading
from app.widgets.live import announced
from app.i18n import N_
from app.words.energy import ENERGY_NAMES
from app.state.eligibility import (
    BENEFIT_GROUPS as BENEFIT_GROUP_CODES,
    BENEFITS as BENEFIT_CODES,
    CONNECTIONS as CONNECTION_CODES,
    DATA_TO_HAVE_READY,
    ENERGIES,
    STEPS,
    EligibilityResult,
    EligibilityWizard,
    contacts_for,
)

QUESTIONS = {
    "benefit": N_("Which benefit do you, or someone who lives with you, get?"),
    "decision_date": N_("Since when? The date of the decision, or when you first got it."),
    "energy": N_("For which energy? Tick each one you pay for."),
    "connection": N_("Where is the meter?"),
    # seed 003: "De energieleveranciers worden om de drie maanden automatisch geïnformeerd over de
    # personen die recht hebben op het sociaal tarief." A household rarely knows the date: optional.
    "supplier_informed_on": N_(
        "Optional: if a letter says when your energy supplier was told of your right, enter that date. "
        "If you do not know, leave it empty: suppliers are told automatically every three months, and we count from today."
    ),
}

#: Each group's header goes above its first benefit.
GROUP_OF_FIRST = {codes[0]: group for group, codes in BENEFIT_GROUP_CODES}

ERRORS = {
    "required": N_("Choose or fill in an answer."),
    "unknown_choice": N_("Choose one of the answers."),
    "not_a_date": N_("Enter a date like 14/05/2026."),
    "in_future": N_("That date is in the future."),
    "before_decision": N_("The supplier cannot have been told before the decision."),
}


@ft.component
def EligibilityView():
    model = use_model()
    t = model.t
    wizard = use_observable(model.eligibility)
    step = wizard.step

    async def next_step(_=None):
        await wizard.next_step(model.api)

    title = heading(t.gettext("Am I eligible for the social tariff?"))
    intro = ft.Text(
        t.gettext("Five short questions. The answer follows the federal rules (FOD Economie) and shows the rule behind each line."),
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    if wizard.result is not None:
        return page_frame([title, *result_view(t, wizard)])

    error = wizard.errors.get(step)
    question = heading(t.gettext(QUESTIONS[step]), 2)
    progress = ft.Text(
        t.gettext("Question {n} of {total}").format(n=wizard.step_index + 1, total=len(STEPS)),
        color=ft.Colors.ON_SURFACE_VARIANT,
    )
    controls: list[ft.Control] = [ft.Semantics(container=True, content=ft.Column([progress, question], spacing=4))]
    if step == "energy":
        chosen = wizard.chosen(step)
        boxes: list[ft.Control] = [
            ft.Checkbox(label=tr(t, ENERGY_NAMES, code), value=code in chosen, on_change=lambda _, code=code: wizard.toggle("energy", code))
            for code in ENERGIES
        ]
        # The group is named by its question, so a screen reader says what the ticks are for.
        controls.append(ft.Semantics(container=True, label=t.gettext(QUESTIONS[step]), content=ft.Column(boxes, spacing=0)))
    elif step in ("benefit", "connection"):
        codes = {"benefit": BENEFIT_CODES, "connection": CONNECTION_CODES}[step]
        names = {"benefit": BENEFITS, "connection": CONNECTIONS}[step]
        radios: list[ft.Control] = []
        for code in codes:
            if step == "benefit" and code in GROUP_OF_FIRST:
                radios.append(
                    ft.Text(tr(t, BENEFIT_GROUPS, GROUP_OF_FIRST[code]), theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.PRIMARY)
                )
            radios.append(
                # One node for screen readers: a radio named by its words. A row and a radio each of
                # their own were a nameless radio inside a button (axe: nested-interactive,
                # aria-toggle-field-name).
                ft.MergeSemantics(
                    content=ft.ListTile(
                        leading=ft.Radio(value=code),
                        title=ft.Text(tr(t, names, code)),
                        on_click=lambda _, code=code, step=step: wizard.answer(step, code),
                        content_padding=ft.Padding.symmetric(horizontal=0),
                        dense=True,
                    )
                )
            )

        def on_choice(e: ft.Event[ft.RadioGroup], step=step):
            wizard.answer(step, sent_value(e))

        group = ft.RadioGroup(value=wizard.answers.get(step), content=ft.Column(radios, spacing=0), on_change=on_choice)
        # The radio group is named by its question (a group without a name reads as loose radios).
        controls.append(ft.Semantics(container=True, label=t.gettext(QUESTIONS[step]), content=group))
    else:
        controls.append(
            DateTimeField(
                t,
                date_text=wizard.date_text(),
                on_date_text=wizard.type_date,
                on_pick_date=wizard.pick_date,
                first_date=wizard.first_date,
                last_date=wizard.clock(),
                on_submit=next_step,
                date_width=200,
            )
        )
    if error:
        controls.append(announced(ft.Text(tr(t, ERRORS, error), color=ft.Colors.ERROR)))
    if wizard.last_error is not None:
        controls.append(announced(ft.Text(error_text(t, wizard.last_error), color=ft.Colors.ERROR)))
    if wizard.loading:
        controls.append(ft.ProgressBar(semantics_label=t.gettext("Loading")))
    buttons = ft.Row(
        [
            ft.OutlinedButton(t.gettext("Back"), icon=ft.Icons.ARROW_BACK, on_click=lambda: wizard.back(), disabled=wizard.is_first),
            ft.FilledButton(
                t.gettext("See the answer") if wizard.is_last else t.gettext("Next"),
                icon=ft.Icons.CHECK if wizard.is_last else ft.Icons.ARROW_FORWARD,
                on_click=next_step,
                disabled=wizard.loading,
            ),
        ],
        alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
    )
    card = ft.Container(
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        border_radius=12,
        padding=20,
        content=ft.Column(controls, spacing=12),
    )
    # The buttons stay in view under the scrolling question (a long list of benefits on a phone).
    bar = ft.Container(
        bgcolor=ft.Colors.SURFACE_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=16, vertical=10),
        content=ft.ResponsiveRow([ft.Container(buttons, col={"xs": 12, "lg": 8})]),
    )
    return ft.Column(
        [
            ft.Container(page_frame([title, intro, ft.ResponsiveRow([ft.Container(card, col={"xs": 12, "lg": 8})])]), expand=True),
            bar,
        ],
        expand=True,
        spacing=0,
    )


def _energy_answer(t, r: EligibilityResult, energy: str | None) -> list[ft.Control]:
    """The answer for one energy: yes (category, from .. to .., certificate) or no. `energy` names it
    when the household asked about more than one."""

    def named(text: str) -> str:
        return t.gettext("{energy} — {answer}").format(energy=tr(t, ENERGY_NAMES, energy), answer=text) if energy else text

    head: list[ft.Control] = []
    if r.eligible:
        head.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY, size=32),
                    announced(
                        ft.Text(
                            named(t.gettext("Yes: category {category}").format(category=r.category)),
                            theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.W_600,
                        ),
                        expand=True,
                    ),
                ]
            )
        )
        head.append(ft.Text(tr(t, CATEGORY_WORDS, r.category)))
        if r.start and r.end:
            head.append(
                ft.Text(
                    t.gettext("From {start} to {end}").format(start=t.date(r.start, "long"), end=t.date(r.end, "long")),
                    weight=ft.FontWeight.W_600,
                )
            )
        if r.certificate_needed:
            who = tr(t, CERTIFICATE_FROM, r.certificate_from) or t.gettext("the social service that decided")
            head.append(ft.Text(t.gettext("A paper certificate is needed, from {who}.").format(who=who)))
        else:
            head.append(ft.Text(t.gettext("No paper certificate is needed: your supplier is told automatically.")))
    else:
        head.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CANCEL, color=ft.Colors.ERROR, size=32),
                    announced(
                        ft.Text(named(t.gettext("No social tariff")), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
                        expand=True,
                    ),
                ]
            )
        )
    return head


def result_view(t, wizard: EligibilityWizard) -> list[ft.Control]:
    several = len(wizard.results) > 1
    head: list[ft.Control] = []
    for answered in wizard.results:
        head += _energy_answer(t, answered.result, answered.energy if several else None)
    answer = section(t.gettext("Your answer"), head, icon=ft.Icons.GAVEL)
    lines: list[ft.Control] = []
    for line in wizard.lines:
        lines.append(ft.Text(f"• {tr(t, REASONS, line.code)}"))
        if line.quote:
            lines.append(source_box(t, line.seed, line.quote))
    why = section(t.gettext("Why"), lines, icon=ft.Icons.RULE)
    contacts = section(
        t.gettext("Not applied automatically? Who to contact"),
        contacts_list(t, contacts_for(wizard.eligible_category), DATA_TO_HAVE_READY),
        icon=ft.Icons.CONTACT_PHONE_OUTLINED,
    )
    buttons = ft.Row(
        [
            ft.OutlinedButton(t.gettext("Change my answers"), icon=ft.Icons.EDIT, on_click=lambda: wizard.change_answers()),
            ft.TextButton(t.gettext("Start again"), icon=ft.Icons.RESTART_ALT, on_click=lambda: wizard.reset()),
        ],
        wrap=True,
    )
    return [
        ft.ResponsiveRow(
            [
                ft.Column([answer, why], col={"xs": 12, "lg": 7}, spacing=16),
                ft.Column([contacts], col={"xs": 12, "lg": 5}, spacing=16),
            ],
            spacing=16,
            run_spacing=16,
        ),
        buttons,
    ]
