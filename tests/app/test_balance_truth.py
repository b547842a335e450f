"""Issue 20, "Numbers that mislead", on the household's screens: the balance card and the meter screen say
the days before the emergency credit and the emergency credit's own days apart ("nog 4 dagen, daarna
ongeveer 9 dagen noodkrediet"), off supplying the smallest top-up back to full supply, and the Top up
screen opens at that amount. An's case: € 8,70 at € 2,10 a day with € 20,00 emergency credit used to
read "nog 13 dagen"."""

from __future__ import annotations

from datetime import datetime, timezone

import flet as ft
import pytest

from app.api.models import Balance
from app.i18n import Translator
from app.state.payments import TopupForm
from app.widgets.balance_card import balance_details, warning_box
from app.words.balance import days_text, topup_needed_text


def balance(cents: int, status: str = "supplying", *, energy: str = "electricity", avg: int = 210,
            days: int | None = None, until: int | None = None, needed: int = 0, ec_available: int = 2000,
            minimum: bool = False) -> Balance:
    return Balance.model_validate({
        "ean": "541448000000101001", "energy": energy, "balance_cents": cents, "status": status,
        "emergency_credit": {"limit_cents": 2000, "available_cents": ec_available, "in_use": status == "emergency_credit"},
        "negative_credit_limit_cents": None,
        "minimum_supply": {"active": minimum, "max_current_a": 10 if minimum and energy == "electricity" else None},
        "average_daily_cost_cents": avg,
        "estimated_days_left": days if days is not None else (max(0, cents) + ec_available) // avg,
        "days_until_emergency_credit": until, "topup_needed_cents": needed,
        "updated_at": datetime.now(timezone.utc).isoformat(),
    })


def texts(controls) -> list[str]:
    """Every text a list of controls shows."""
    found: list[str] = []
    stack = list(controls)
    while stack:
        c = stack.pop()
        if isinstance(c, ft.Text) and c.value:
            found.append(c.value)
        for name in ("content", "controls"):
            child = getattr(c, name, None)
            if isinstance(child, list):
                stack.extend(child)
            elif isinstance(child, ft.Control):
                stack.append(child)
    return found


AN = balance(870, until=4)  # 13 days in v1's count


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "nog 4 dagen, daarna ongeveer 9 dagen noodkrediet"),
    ("fr", "4 jours restants, puis environ 9 jours de crédit de secours"),
    ("de", "noch 4 Tage, danach etwa 9 Tage Notkredit"),
    ("en", "4 days left, then about 9 days of emergency credit"),
])
def test_an_reads_four_days_then_nine_of_emergency_credit(language, expected) -> None:
    t = Translator(language)
    assert days_text(t, AN) == expected
    shown = texts(balance_details(t, AN))
    assert expected in shown and not any("13" in s for s in shown)


def test_the_days_words() -> None:
    nl = Translator("nl")
    assert days_text(nl, balance(805, avg=1000, until=0)) == "minder dan een dag, daarna ongeveer 2 dagen noodkrediet"
    assert days_text(nl, balance(4217, until=20, ec_available=0, days=20)) == "nog 20 dagen"  # no emergency credit
    assert days_text(nl, balance(4217, until=None, days=29)) == "nog 29 dagen"  # before 7 days of history: v1's count
    on_ec = balance(-320, "emergency_credit", avg=250, days=6, until=0, needed=370, ec_available=1680)
    assert days_text(nl, on_ec) == "nog ongeveer 6 dagen noodkrediet"
    assert days_text(nl, balance(-2500, "minimum_supply", avg=190, days=0, until=0, needed=2550, minimum=True)) is None


@pytest.mark.parametrize(("language", "electricity", "gas"), [
    ("nl", "Laad minstens € 28,20 op om weer volledig stroom te hebben.", "Laad minstens € 28,20 op om weer volledig gas te hebben."),
    ("fr", "Rechargez au moins 28,20 € pour retrouver toute l'électricité.", "Rechargez au moins 28,20 € pour retrouver tout le gaz."),
    ("de", "Laden Sie mindestens 28,20 € auf, um wieder vollen Strom zu haben.", "Laden Sie mindestens 28,20 € auf, um wieder volles Gas zu haben."),
    ("en", "Top up at least 28,20 € to get full electricity again.", "Top up at least 28,20 € to get full gas again."),
])
def test_off_supplying_the_card_says_the_top_up_needed(language, electricity, gas) -> None:
    t = Translator(language)
    same = lambda s: s.replace("\u00a0", " ")  # noqa: E731 (Babel's no-break space)
    for energy, expected in (("electricity", electricity), ("gas", gas)):
        b = balance(-2770, "minimum_supply", energy=energy, avg=190, days=0, until=0, needed=2820, minimum=True)
        assert same(topup_needed_text(t, b)) == expected
        assert expected in [same(s) for s in texts([warning_box(t, b)])]
    assert topup_needed_text(t, AN) is None


def test_the_top_up_screen_opens_at_the_amount_needed() -> None:
    async def never(*_args):  # the screen's calls are not made here
        raise AssertionError

    form = TopupForm(never, never)
    form.offer(["elec", "gas"], "elec", needed={"elec": 2820, "gas": 0})
    assert (form.amount_text, form.amount_cents) == ("28,20", 2820)
    form.choose_meter("gas")  # supplying: the usual amount
    assert form.amount_cents == 2000
    form.choose_meter("elec")
    assert form.amount_cents == 2820
    form.type_amount("50")  # what the user types stays, whichever meter
    form.choose_meter("gas")
    form.choose_meter("elec")
    assert form.amount_cents == 5000
