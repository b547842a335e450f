"""The open states the index keeps between requests (server.services.geo.index.KeptOpenStates) answer exactly
what a fresh evaluation answers, whatever order the times come in: forward by seconds or days (a
state kept until its next change), backward (a chosen earlier time), across closing times, nights and
public holidays (seed 001: points "open op het moment dat u het wenst")."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from server.services.geo.index import KeptOpenStates, TopupPointIndex, brute_force_nearest
from server.services.geo.index import TopupPoint
from server.services.geo.synthetic import OPENING_HOURS
from server.rules.opening_hours import open_state

BRUSSELS = ZoneInfo("Europe/Brussels")
START = datetime(2026, 12, 20, 6, 0, tzinfo=BRUSSELS)  # into Christmas and the new year
EXPRESSIONS = sorted(set(OPENING_HOURS) | {"Mo-Fr 09:00-17:00; PH off", "24/7", "Mo-Sa 08:00-20:00; PH 09:00-12:00"})

steps = st.lists(st.integers(min_value=-3 * 86_400, max_value=2 * 86_400), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(steps=steps, which=st.lists(st.sampled_from(EXPRESSIONS), min_size=1, max_size=40))
def test_kept_states_equal_a_fresh_evaluation(steps: list[int], which: list[str]) -> None:
    kept = KeptOpenStates()
    when = START
    for step, expression in zip(steps, which * (len(steps) // len(which) + 1)):
        # Small steps as often as large ones: most requests come seconds apart.
        when += timedelta(seconds=step if abs(step) > 86_000 else step % 600)
        assert kept.at(when)(expression) == open_state(expression, when), (expression, when)


def test_a_state_is_kept_until_its_next_change_and_no_longer() -> None:
    expression = "Mo-Fr 09:00-17:00; PH off"
    monday = datetime(2026, 12, 7, 16, 59, 59, tzinfo=BRUSSELS)
    kept = KeptOpenStates()
    assert kept.at(monday)(expression) == (True, datetime(2026, 12, 7, 17, 0, tzinfo=BRUSSELS))
    assert kept.at(monday + timedelta(seconds=1))(expression)[0] is False  # 17:00: closed
    assert kept.at(monday - timedelta(hours=9))(expression)[0] is False  # back to 07:59:59: closed
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)  # a Friday, a public holiday
    assert kept.at(christmas)(expression)[0] is False


def test_the_index_answers_as_the_reference_on_a_run_of_requests() -> None:
    points = [TopupPoint(f"p{i}", f"p{i}", "shop_terminal", "Kerkstraat 1", "9000", "Gent",
                         51.0 + i * 0.001, 3.7 + (i % 7) * 0.001, None, EXPRESSIONS[i % len(EXPRESSIONS)])
              for i in range(60)]
    index = TopupPointIndex(points)
    when = START
    for minutes in [0, 1, 5, 180, 600, 1, -900, 2880, 30, -60, 7000]:
        when += timedelta(minutes=minutes)
        for open_only in (False, True):
            assert index.nearest(51.02, 3.71, limit=25, at=when, open_only=open_only) == \
                brute_force_nearest(points, 51.02, 3.71, limit=25, at=when, open_only=open_only)
