"""What a prepaid meter's balance means for the household: status, emergency credit, days left.

The balance is the single source of truth; everything here is derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass

ENERGIES = ("electricity", "gas")
STATUSES = ("supplying", "emergency_credit", "minimum_supply", "interrupted")

# seed 001: "De stroombegrenzer in de budgetmeter zal er voor zorgen dat de geleverde
# elektriciteit slechts 10 ampère is. Aan een spanning van 230 volt levert dat een bruikbaar
# vermogen op van 2300 Watt."
MINIMUM_SUPPLY_CURRENT_A = 10
MINIMUM_SUPPLY_VOLT = 230
MINIMUM_SUPPLY_WATT = MINIMUM_SUPPLY_CURRENT_A * MINIMUM_SUPPLY_VOLT

# What a metering system can plausibly report for a household's prepaid meter. Wider than any real
# balance (10,000 EUR either way) on purpose: the bounds catch unit mistakes (euros sent as mills,
# a counter sent as a balance), not unusual households.
READING_BALANCE_MIN_CENTS = -1_000_000
READING_BALANCE_MAX_CENTS = 1_000_000
READING_EMERGENCY_CREDIT_MAX_CENTS = 100_000


@dataclass(frozen=True)
class MeterState:
    """What the meter reports. Limits are positive amounts of cents.

    negative_credit_limit_cents is the size of the negative credit limit: the seed's
    "-50 euro" is stored as 5000.
    """

    energy: str
    balance_cents: int
    emergency_credit_limit_cents: int
    negative_credit_limit_cents: int | None
    minimum_supply_active: bool
    average_daily_cost_cents: int

    def __post_init__(self) -> None:
        if self.energy not in ENERGIES:
            raise ValueError(f"energy must be one of {ENERGIES}, got {self.energy!r}")
        if self.emergency_credit_limit_cents < 0:
            raise ValueError("the emergency credit limit is a positive amount")
        if self.negative_credit_limit_cents is not None and self.negative_credit_limit_cents < 0:
            raise ValueError("give the negative credit limit as a positive amount (5000 for -50 EUR)")
        if self.average_daily_cost_cents <= 0:
            # Days left would be infinite or meaningless.
            raise ValueError("the average daily cost must be positive")


@dataclass(frozen=True)
class BalanceView:
    status: str
    emergency_credit_available_cents: int
    emergency_credit_in_use: bool
    minimum_supply_max_current_a: int | None
    estimated_days_left: int


def _negative_credit_room(state: MeterState) -> int:
    return state.negative_credit_limit_cents or 0


def emergency_credit_used_cents(state: MeterState) -> int:
    # seed 002: "Stel dat uw negatieve kredietlimiet -50 euro bedraagt, dan betekent dit dat u
    # energie kunt verbruiken tot uw meter een negatief saldo van -50 euro bereikt. Zodra u deze
    # limiet bereikt, kunt u via de meter uw noodkrediet activeren." So the debt first fills
    # the negative credit limit and only what lies beyond it eats emergency credit.
    beyond_negative_credit = -state.balance_cents - _negative_credit_room(state)
    return min(state.emergency_credit_limit_cents, max(0, beyond_negative_credit))


def meter_view(state: MeterState) -> BalanceView:
    used = emergency_credit_used_cents(state)
    available = state.emergency_credit_limit_cents - used
    debt = max(0, -state.balance_cents)
    within_negative_credit = debt <= _negative_credit_room(state)

    if state.minimum_supply_active:
        status = "minimum_supply"
    elif within_negative_credit:
        status = "supplying"
    elif available > 0:
        status = "emergency_credit"
    else:
        # seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten en krijgt
        # u geen energie meer geleverd."
        status = "interrupted"

    days_left = reported_days_left(status, state.balance_cents, state.negative_credit_limit_cents, available,
                                   state.average_daily_cost_cents)
    limited = state.minimum_supply_active and state.energy == "electricity"
    return BalanceView(
        status=status,
        emergency_credit_available_cents=available,
        emergency_credit_in_use=used > 0,
        # Gas has no current limiter: seed 001 only describes "De stroombegrenzer" for electricity.
        minimum_supply_max_current_a=MINIMUM_SUPPLY_CURRENT_A if limited else None,
        estimated_days_left=days_left,
    )


def meter_status(
    *,
    energy: str,
    balance_cents: int,
    emergency_credit_limit_cents: int,
    negative_credit_limit_cents: int | None,
    minimum_supply_active: bool,
    average_daily_cost_cents: int,
) -> BalanceView:
    return meter_view(
        MeterState(
            energy=energy,
            balance_cents=balance_cents,
            emergency_credit_limit_cents=emergency_credit_limit_cents,
            negative_credit_limit_cents=negative_credit_limit_cents,
            minimum_supply_active=minimum_supply_active,
            average_daily_cost_cents=average_daily_cost_cents,
        )
    )


def reported_status(balance_cents: int, negative_credit_limit_cents: int | None, emergency_credit_available_cents: int,
                    emergency_credit_in_use: bool, minimum_supply_active: bool) -> str:
    """The status from what the metering system last reported about emergency credit (operator
    readings). Plain arguments rather than a MeterState: alerts judge this for every reading applied."""
    if minimum_supply_active:
        return "minimum_supply"
    if emergency_credit_in_use:
        # seed 002: "Als ook dit laatste krediet uitgeput is, wordt uw meter afgesloten".
        return "emergency_credit" if emergency_credit_available_cents > 0 else "interrupted"
    if max(0, -balance_cents) <= (negative_credit_limit_cents or 0):
        return "supplying"
    # Past the negative credit limit without emergency credit switched on: seed 002, "Zodra u deze
    # limiet bereikt, kunt u via de meter uw noodkrediet activeren": until then, no supply.
    return "interrupted"


def reported_days_left(status: str, balance_cents: int, negative_credit_limit_cents: int | None,
                       emergency_credit_available_cents: int, average_daily_cost_cents: int) -> int:
    """Days left for a status (meter_view's or reported_status's: the one place days left are counted):
    what is still spendable (balance, the room left in the negative credit limit, the emergency credit
    available) over the daily cost."""
    if status == "minimum_supply" or status == "interrupted":
        # Under minimum supply the household already consumes on credit it must repay
        # (seed 001: "Ook deze minimumlevering dient u te betalen."): nothing prepaid is left.
        return 0
    # Comparisons rather than max(): alerts judge this for every reading applied.
    room = negative_credit_limit_cents or 0
    if balance_cents >= 0:
        spendable = balance_cents + room
    else:  # the debt first fills the negative credit limit (seed 002, see emergency_credit_used_cents)
        spendable = room + balance_cents if room + balance_cents > 0 else 0
    if emergency_credit_available_cents > 0:
        spendable += emergency_credit_available_cents
    return spendable // average_daily_cost_cents


def reported_view(state: MeterState, *, emergency_credit_available_cents: int, emergency_credit_in_use: bool) -> BalanceView:
    """The view from what the metering system last reported about emergency credit (operator
    readings), rather than derived from the balance as meter_view does for v1's own data."""
    derived = meter_view(state)
    available = max(0, emergency_credit_available_cents)
    status = reported_status(state.balance_cents, state.negative_credit_limit_cents, available,
                             emergency_credit_in_use, state.minimum_supply_active)
    days_left = reported_days_left(status, state.balance_cents, state.negative_credit_limit_cents, available,
                                   state.average_daily_cost_cents)
    return BalanceView(
        status=status,
        emergency_credit_available_cents=available,
        emergency_credit_in_use=emergency_credit_in_use,
        minimum_supply_max_current_a=derived.minimum_supply_max_current_a,
        estimated_days_left=days_left,
    )


# seed 002: "Als u bijvoorbeeld een bedrag van -50 euro hebt bereikt, dan moet u die 50 euro terugbetalen,
# plus het bedrag van uw oplaadbeurt (minimaal 0,50 euro), om nog energie te kunnen verbruiken." and, for
# the power limiter, "dient u uw meter eerst op te laden tot een positief saldo van minstens 0,50 euro".
SMALLEST_TOPUP_CENTS = 50


def daily_cost_cents(history_average_cents: int | None, stored_estimate_cents: int | None) -> int | None:
    """The daily cost a meter's days are counted with, the one rule for the balance answer, the caseload
    and the alerts: the meter's own history's average once it has 7 days of it (server.rules.history),
    else the stored estimate; None when neither says anything (no days left can be told)."""
    cost = history_average_cents if history_average_cents is not None else (stored_estimate_cents or 0)
    return cost if cost > 0 else None


def days_until_emergency_credit(status: str, balance_cents: int, negative_credit_limit_cents: int | None,
                                average_daily_cost_cents: int | None) -> int | None:
    """Days the household's own money lasts: the balance plus the room left in the negative credit limit
    (seed 002: "u energie kunt verbruiken tot uw meter een negatief saldo van -50 euro bereikt. Zodra u
    deze limiet bereikt, kunt u via de meter uw noodkrediet activeren"), over the daily cost. Unlike
    estimated_days_left it leaves out the emergency credit, which is paid back at the next top-up.
    0 once the meter is past it (emergency credit, minimum supply, interrupted); None while the daily
    cost is unknown (fewer than 7 days of history)."""
    if status != "supplying":
        return 0
    if average_daily_cost_cents is None or average_daily_cost_cents <= 0:
        return None
    return max(0, balance_cents + (negative_credit_limit_cents or 0)) // average_daily_cost_cents


def topup_needed_cents(status: str, balance_cents: int) -> int:
    """The smallest top-up that brings the meter back to supplying: 0 when it is. Otherwise all of the
    debt (negative credit and emergency credit together) plus one top-up of at least 0,50 euro, as seed 002
    says (SMALLEST_TOPUP_CENTS); under minimum supply too, whose use must be repaid in full first ("U dient
    de energie die u met de vermogensbegrenzer verbruikt volledig terug te betalen ... vóór u opnieuw een
    normaal vermogen kunt krijgen")."""
    if status == "supplying":
        return 0
    return max(0, -balance_cents) + SMALLEST_TOPUP_CENTS
