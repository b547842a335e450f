"""Opening hours of top-up points with Belgian public holidays.

The demo top-up points: "Belgian public holidays closed unless the string says otherwise."
seed 001: "Klik hier om een oplaadpunt te vinden in uw buurt dat open is op het moment dat u het wenst."
"""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter

from server.rules.opening_hours import (
    InvalidOpeningHours,
    legal_public_holidays,
    library_ph_days,
    open_state,
    parse_opening_hours,
    public_holiday,
    week_schedule,
)

BXL = ZoneInfo("Europe/Brussels")
UTC = ZoneInfo("UTC")
OFFICE = "Mo-Fr 09:00-12:00; PH off"
SHOP = "Mo-Fr 08:30-12:00,13:00-17:00; Sa 09:00-12:00; PH off"


def bxl(*args):
    return datetime(*args, tzinfo=BXL)


# columns: expression, at -> open, next change (Brussels time)
@pytest.mark.parametrize(
    ("expression", "at", "is_open", "next_change"),
    [
        pytest.param(OFFICE, bxl(2026, 12, 25, 10), False, bxl(2026, 12, 28, 9), id="ph_off_christmas_closed_until_monday"),
        pytest.param(OFFICE, bxl(2026, 11, 11, 10), False, bxl(2026, 11, 12, 9), id="ph_off_wapenstilstand_closed"),
        pytest.param(OFFICE, bxl(2026, 11, 10, 10), True, bxl(2026, 11, 10, 12), id="weekday_open_until_noon"),
        pytest.param(OFFICE, bxl(2026, 11, 10, 12), False, bxl(2026, 11, 12, 9), id="closing_time_is_closed_next_day_is_holiday"),
        pytest.param(OFFICE, bxl(2026, 4, 6, 10), False, bxl(2026, 4, 7, 9), id="ph_off_easter_monday_closed"),
        pytest.param("PH 10:00-12:00", bxl(2026, 12, 25, 11), True, bxl(2026, 12, 25, 12), id="ph_hours_honoured_on_holiday"),
        pytest.param("PH 10:00-12:00", bxl(2026, 12, 24, 11), False, bxl(2026, 12, 25, 10), id="ph_hours_closed_on_ordinary_day"),
        pytest.param(OFFICE + "; PH 10:00-12:00", bxl(2026, 11, 11, 11), True, bxl(2026, 11, 11, 12), id="later_ph_rule_overrides_ph_off"),
        pytest.param("24/7", bxl(2026, 12, 25, 3), True, None, id="always_open_never_changes"),
        pytest.param("24/7 off", bxl(2026, 12, 25, 3), False, None, id="always_closed_never_changes"),
        # The same instant given in UTC: 09:00 UTC is 10:00 in Brussels in winter.
        pytest.param(OFFICE, datetime(2026, 12, 22, 9, tzinfo=UTC), True, bxl(2026, 12, 22, 12), id="utc_input_read_in_brussels_time"),
        pytest.param(OFFICE, datetime(2026, 12, 22, 7, 30, tzinfo=timezone.utc), False, bxl(2026, 12, 22, 9), id="stdlib_utc_accepted"),
        # Summer time: 07:30 UTC is 09:30 in Brussels.
        pytest.param(OFFICE, datetime(2026, 7, 1, 7, 30, tzinfo=UTC), True, bxl(2026, 7, 1, 12), id="summer_time_offset"),
    ],
)
def test_open_state(expression, at, is_open, next_change):
    got_open, got_change = open_state(expression, at)
    assert got_open is is_open
    assert got_change == next_change
    if got_change is not None:
        assert got_change.utcoffset() == next_change.utcoffset()


def test_open_state_refuses_naive_datetime():
    with pytest.raises(ValueError):
        open_state(OFFICE, datetime(2026, 12, 22, 10))


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("garbage", id="invalid_word"),
        pytest.param("Mo-Fr 25:00-26:00", id="invalid_hour"),
        pytest.param("", id="invalid_empty"),
        pytest.param("Mo-Fr 09:00-12:00 ;; ", id="invalid_double_separator"),
    ],
)
def test_invalid_expression(expression):
    with pytest.raises(InvalidOpeningHours):
        parse_opening_hours(expression)
    assert issubclass(InvalidOpeningHours, ValueError)


def test_parsed_expressions_are_cached():
    assert parse_opening_hours(SHOP) is parse_opening_hours(SHOP)


# columns: day, language -> name; the holidays package "lists Easter Sunday and Whit Sunday among
# Belgium's 12 entries; names in nl/fr/de/en". Only the ten legal holidays are named: those two
# Sundays are none (Wet van 4 januari 1974 betreffende de feestdagen).
@pytest.mark.parametrize(
    ("day", "language", "name"),
    [
        pytest.param(date(2026, 11, 11), "nl", "Wapenstilstand", id="holiday_nl_wapenstilstand"),
        pytest.param(date(2026, 11, 11), "fr", "Jour de l'Armistice", id="holiday_fr"),
        pytest.param(date(2026, 11, 11), "de", "Waffenstillstand", id="holiday_de"),
        pytest.param(date(2026, 11, 11), "en", "Armistice Day", id="holiday_en"),
        pytest.param(date(2026, 12, 25), "nl", "Kerstmis", id="holiday_christmas"),
        pytest.param(date(2026, 7, 21), "nl", "Nationale feestdag", id="holiday_national_day"),
        pytest.param(date(2026, 4, 5), "nl", None, id="holiday_none_on_easter_sunday"),
        pytest.param(date(2026, 5, 24), "nl", None, id="holiday_none_on_whit_sunday"),
        pytest.param(date(2026, 4, 6), "nl", "Paasmaandag", id="holiday_easter_monday"),
        pytest.param(date(2026, 5, 25), "nl", "Pinkstermaandag", id="holiday_whit_monday"),
        pytest.param(date(2027, 1, 1), "nl", "Nieuwjaar", id="holiday_other_year"),
        pytest.param(date(2026, 12, 24), "nl", None, id="holiday_none_on_christmas_eve"),
        pytest.param(date(2026, 11, 2), "nl", None, id="holiday_none_allerzielen"),
    ],
)
def test_public_holiday(day, language, name):
    assert public_holiday(day, language) == name


def test_public_holiday_default_language_is_dutch():
    assert public_holiday(date(2026, 5, 1)) == "Dag van de Arbeid"


def test_public_holiday_refuses_unknown_language():
    with pytest.raises(ValueError):
        public_holiday(date(2026, 5, 1), "xx")


# Easter Sunday and Whit Sunday (2027: 28 March, 16 May; 2028: 16 April, 4 June) are ordinary Sundays,
# the Mondays after them public holidays. opening-hours-py's BE calendar counts Easter Sunday as PH:
# without the correction, this shop shows closed at 12:15 on Easter Sunday until Monday.
EASTER_SHOP = "Mo-Sa 07:00-20:00; Su 08:00-13:00; PH 09:00-12:00"
ORDINARY_SUNDAYS = [date(2027, 3, 28), date(2027, 5, 16), date(2028, 4, 16), date(2028, 6, 4)]


@pytest.mark.parametrize("sunday", ORDINARY_SUNDAYS, ids=lambda d: d.isoformat())
def test_easter_and_whit_sunday_are_ordinary_sundays(sunday):
    at = bxl(sunday.year, sunday.month, sunday.day, 12, 15)
    assert open_state(EASTER_SHOP, at) == (True, bxl(sunday.year, sunday.month, sunday.day, 13))
    # From the Saturday evening, the next opening is the Sunday's 08:00, not the PH 09:00.
    saturday = sunday - timedelta(days=1)
    assert open_state(EASTER_SHOP, bxl(saturday.year, saturday.month, saturday.day, 21)) == (
        False,
        bxl(sunday.year, sunday.month, sunday.day, 8),
    )
    assert open_state("Su 10:00-12:00; PH off", bxl(sunday.year, sunday.month, sunday.day, 11))[0] is True
    day = dict(week_schedule(EASTER_SHOP, sunday))[sunday]
    assert day == [(_hm(8), _hm(13))]
    assert all(public_holiday(sunday, lang) is None for lang in ("nl", "fr", "de", "en"))


@pytest.mark.parametrize("sunday", ORDINARY_SUNDAYS, ids=lambda d: d.isoformat())
def test_the_monday_after_is_a_public_holiday(sunday):
    monday = sunday + timedelta(days=1)
    tuesday = monday + timedelta(days=1)
    assert open_state(EASTER_SHOP, bxl(monday.year, monday.month, monday.day, 12, 15)) == (
        False,
        bxl(tuesday.year, tuesday.month, tuesday.day, 7),
    )
    assert dict(week_schedule(EASTER_SHOP, monday))[monday] == [(_hm(9), _hm(12))]
    assert public_holiday(monday) in ("Paasmaandag", "Pinkstermaandag")
    # Open around the clock except on holidays: from the Sunday, the next change is the Monday's start.
    assert open_state("24/7; PH off", bxl(sunday.year, sunday.month, sunday.day, 12)) == (
        True,
        bxl(monday.year, monday.month, monday.day, 0),
    )
    assert open_state("24/7; PH off", bxl(sunday.year, sunday.month, sunday.day, 12) - timedelta(days=1)) == (
        True,
        bxl(monday.year, monday.month, monday.day, 0),
    )


@pytest.mark.parametrize("year", range(2026, 2036))
def test_ph_means_the_ten_legal_holidays(year):
    legal = legal_public_holidays(year)
    assert len(legal) == 10 and easter(year) not in legal and easter(year) + timedelta(days=49) not in legal
    # Every legal holiday is PH in opening-hours-py's calendar (the correction can only take days away);
    # if the library drops one, this fails.
    assert legal <= library_ph_days(year)
    # What the library adds is corrected: each such day is a Sunday.
    assert all(d.weekday() == 6 for d in library_ph_days(year) - legal)
    # And the holidays package names each of the ten.
    assert all(public_holiday(d) for d in legal)


CHRISTMAS_WEEK = [date(2026, 12, d) for d in range(21, 28)]


def _hm(h, m=0):
    return time(h, m)


# columns: expression, first day -> 7 (day, intervals) rows from that day
@pytest.mark.parametrize(
    ("expression", "week_of", "expected"),
    [
        pytest.param(
            OFFICE, date(2026, 12, 21),
            list(zip(CHRISTMAS_WEEK, [[(_hm(9), _hm(12))]] * 4 + [[], [], []])),
            id="week_ph_off_closes_christmas_friday",
        ),
        pytest.param(
            SHOP, date(2026, 12, 21),
            list(zip(CHRISTMAS_WEEK,
                     [[(_hm(8, 30), _hm(12)), (_hm(13), _hm(17))]] * 4 + [[], [(_hm(9), _hm(12))], []])),
            id="week_split_day_and_saturday",
        ),
        pytest.param(
            # Issue 20: on a Sunday the week that ended is no use: the seven days from that Sunday, up
            # to and with New Year's Day (PH off) on the Friday.
            SHOP, date(2026, 12, 27),
            list(zip([date(2026, 12, 27) + timedelta(days=i) for i in range(7)],
                     [[]] + [[(_hm(8, 30), _hm(12)), (_hm(13), _hm(17))]] * 4 + [[], [(_hm(9), _hm(12))]])),
            id="week_from_a_sunday_is_the_coming_days",
        ),
        pytest.param(
            OFFICE, date(2026, 12, 24),
            list(zip([date(2026, 12, 24) + timedelta(days=i) for i in range(7)],
                     [[(_hm(9), _hm(12))], [], [], [], [(_hm(9), _hm(12))], [(_hm(9), _hm(12))], [(_hm(9), _hm(12))]])),
            id="week_from_a_thursday_starts_that_day",
        ),
        pytest.param(
            "24/7", date(2026, 12, 21),
            list(zip(CHRISTMAS_WEEK, [[(_hm(0), _hm(0))]] * 7)),
            id="week_always_open_midnight_to_midnight",
        ),
        pytest.param(
            "Mo-Su 22:00-02:00", date(2026, 12, 21),
            list(zip(CHRISTMAS_WEEK, [[(_hm(0), _hm(2)), (_hm(22), _hm(0))]] * 7)),
            id="week_past_midnight_split_over_days",
        ),
        pytest.param(
            "24/7 off", date(2026, 12, 21),
            list(zip(CHRISTMAS_WEEK, [[]] * 7)),
            id="week_always_closed",
        ),
    ],
)
def test_week_schedule(expression, week_of, expected):
    assert week_schedule(expression, week_of) == expected


def test_week_schedule_refuses_invalid_expression():
    with pytest.raises(InvalidOpeningHours):
        week_schedule("garbage", date(2026, 12, 21))
