"""Reconciliation periods: which periods end on a day, their bounds, the one before."""

from datetime import date

import pytest

from zgz_app.core.periods import (
	MONTH,
	QUARTER,
	YEAR,
	is_period_end,
	overlaps,
	period_code,
	period_of,
	periods_ending_on,
	previous_period,
)


@pytest.mark.parametrize(
	("kind", "day", "bounds"),
	[
		(MONTH, date(2018, 9, 14), (date(2018, 9, 1), date(2018, 9, 30))),
		(MONTH, date(2020, 2, 29), (date(2020, 2, 1), date(2020, 2, 29))),
		(MONTH, date(2019, 2, 1), (date(2019, 2, 1), date(2019, 2, 28))),
		(MONTH, date(2018, 12, 31), (date(2018, 12, 1), date(2018, 12, 31))),
		(QUARTER, date(2018, 8, 20), (date(2018, 7, 1), date(2018, 9, 30))),
		(QUARTER, date(2018, 1, 1), (date(2018, 1, 1), date(2018, 3, 31))),
		(QUARTER, date(2018, 12, 31), (date(2018, 10, 1), date(2018, 12, 31))),
		(YEAR, date(2018, 8, 20), (date(2018, 1, 1), date(2018, 12, 31))),
	],
)
def test_period_bounds(kind, day, bounds):
	assert period_of(kind, day) == bounds


def test_month_ends_including_leap_february():
	assert is_period_end(MONTH, date(2018, 9, 30))
	assert not is_period_end(MONTH, date(2018, 9, 29))
	assert is_period_end(MONTH, date(2020, 2, 29))
	assert not is_period_end(MONTH, date(2020, 2, 28))
	assert is_period_end(MONTH, date(2019, 2, 28))


def test_which_periods_end_on_a_day():
	assert periods_ending_on(date(2018, 8, 31)) == [MONTH]
	assert periods_ending_on(date(2018, 9, 30)) == [MONTH, QUARTER]
	assert periods_ending_on(date(2018, 12, 31)) == [MONTH, QUARTER, YEAR]
	assert periods_ending_on(date(2018, 9, 15)) == []


def test_only_the_periods_switched_on_in_settings():
	assert periods_ending_on(date(2018, 12, 31), kinds=(QUARTER, YEAR)) == [QUARTER, YEAR]
	assert periods_ending_on(date(2018, 11, 30), kinds=(QUARTER, YEAR)) == []
	assert periods_ending_on(date(2018, 12, 31), kinds=()) == []


def test_previous_period_crosses_the_year():
	assert previous_period(MONTH, date(2019, 1, 1)) == (date(2018, 12, 1), date(2018, 12, 31))
	assert previous_period(QUARTER, date(2019, 1, 1)) == (date(2018, 10, 1), date(2018, 12, 31))
	assert previous_period(YEAR, date(2019, 1, 1)) == (date(2018, 1, 1), date(2018, 12, 31))
	assert previous_period(MONTH, date(2018, 3, 1)) == (date(2018, 2, 1), date(2018, 2, 28))


def test_period_codes():
	assert period_code(MONTH, date(2018, 9, 1)) == "2018-09"
	assert period_code(QUARTER, date(2018, 7, 1)) == "2018-Q3"
	assert period_code(YEAR, date(2018, 1, 1)) == "2018"


def test_unknown_period_type():
	with pytest.raises(ValueError):
		period_of("Week", date(2018, 9, 1))


def test_campaign_running_in_the_period():
	september = (date(2018, 9, 1), date(2018, 9, 30))
	assert overlaps(date(2018, 8, 20), date(2019, 6, 30), september)
	assert overlaps(date(2018, 9, 30), None, september), "starts on the last day"
	assert overlaps(date(2018, 1, 1), date(2018, 9, 1), september), "ends on the first day"
	assert not overlaps(date(2018, 10, 1), None, september), "not started yet"
	assert not overlaps(date(2018, 1, 1), date(2018, 8, 31), september), "already ended"
	assert not overlaps(None, None, september)
