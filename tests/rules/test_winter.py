"""Winter period for minimum supply.

seed 001: "Tijdens de winterperiode (1 december tot 1 maart) zijn er voorwaarden voor een
minimale levering van gas en elektriciteit." — "tot" read as exclusive: 1 March is not winter.
"""

from datetime import date

import pytest

from server.rules.winter import in_winter_period, next_winter_period, winter_period_containing

W2025 = (date(2025, 12, 1), date(2026, 2, 28))
W2026 = (date(2026, 12, 1), date(2027, 2, 28))
W2027 = (date(2027, 12, 1), date(2028, 2, 29))  # leap year ends on 29 February


# columns: day -> in winter, period containing it, next period starting after it
@pytest.mark.parametrize(
    ("day", "in_winter", "containing", "following"),
    [
        pytest.param(date(2026, 11, 30), False, None, W2026, id="winter_not_yet_30_november"),
        pytest.param(date(2026, 12, 1), True, W2026, (date(2027, 12, 1), date(2028, 2, 29)),
                     id="winter_starts_1_december"),
        pytest.param(date(2026, 12, 31), True, W2026, W2027, id="winter_spans_new_year_december"),
        pytest.param(date(2027, 1, 1), True, W2026, W2027, id="winter_spans_new_year_january"),
        pytest.param(date(2026, 2, 28), True, W2025, W2026, id="winter_last_day_28_february"),
        pytest.param(date(2026, 3, 1), False, None, W2026, id="winter_tot_1_maart_excludes_1_march"),
        pytest.param(date(2028, 2, 29), True, W2027, (date(2028, 12, 1), date(2029, 2, 28)),
                     id="winter_includes_29_february_in_leap_year"),
        pytest.param(date(2028, 3, 1), False, None, (date(2028, 12, 1), date(2029, 2, 28)),
                     id="winter_leap_year_ends_before_1_march"),
        pytest.param(date(2026, 7, 21), False, None, W2026, id="summer_not_winter"),
    ],
)
def test_winter_period(day, in_winter, containing, following):
    assert in_winter_period(day) is in_winter
    assert winter_period_containing(day) == containing
    assert next_winter_period(day) == following
