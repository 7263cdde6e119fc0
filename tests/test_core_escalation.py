"""Three-colour escalation rules (zgz_app.core.escalation), without a site."""

from datetime import date, timedelta

import pytest

from zgz_app.core.escalation import (
	BLUE,
	GROUP,
	HEAD,
	LEADER,
	PERSON,
	RED,
	YELLOW,
	Thresholds,
	WorkCalendar,
	audience,
	colour,
	percent_error,
	threshold_errors,
)

T = Thresholds(blue_days=5, yellow_days=2, yellow_below_percent=80, red_overdue_days=1, group_overdue_days=5)
MONDAY = date(2026, 3, 2)


def weekends(start: date, days: int) -> list[date]:
	return [start + timedelta(d) for d in range(days) if (start + timedelta(d)).weekday() >= 5]


@pytest.mark.parametrize(
	"days_left, percent, expected",
	[
		(6, 0, None),  # far from the deadline
		(5, 0, BLUE),  # blue from blue_days
		(3, 10, BLUE),  # slow, but not yet within yellow_days
		(2, 79, YELLOW),  # within yellow_days and below the progress threshold
		(2, 80, BLUE),  # at the threshold: on track
		(0, 100, BLUE),  # due today, done: still blue until closed out
		(0, 0, YELLOW),
		(-1, 100, RED),  # overdue by red_overdue_days
		(-30, 50, RED),
	],
)
def test_each_colour_at_its_threshold(days_left, percent, expected):
	assert colour(days_left, percent, T) == expected


def test_overdue_below_the_red_threshold_is_yellow():
	late_red = Thresholds(red_overdue_days=3, group_overdue_days=5)
	assert [colour(d, 100, late_red) for d in (-1, -2, -3)] == [YELLOW, YELLOW, RED]


def test_each_level_widens_who_is_told():
	assert audience(None, 10, T) == ()
	assert audience(BLUE, 4, T) == (PERSON,)
	assert audience(YELLOW, 1, T) == (PERSON, HEAD)
	assert audience(RED, -1, T) == (PERSON, HEAD, LEADER)
	assert audience(RED, -4, T) == (PERSON, HEAD, LEADER)
	assert audience(RED, -5, T) == (PERSON, HEAD, LEADER, GROUP)


def test_working_days_leave_out_the_holidays():
	calendar = WorkCalendar([*weekends(MONDAY, 28), date(2026, 3, 4)])  # a public holiday on Wednesday
	friday = date(2026, 3, 6)
	assert calendar.days_left(MONDAY, friday) == 3  # Tue, Thu, Fri
	assert calendar.days_left(friday, friday) == 0
	next_monday = date(2026, 3, 9)
	assert calendar.days_left(next_monday, friday) == -1  # the weekend does not count
	assert WorkCalendar().days_left(next_monday, friday) == -3
	assert calendar.add_days(friday, 1) == next_monday
	assert calendar.is_holiday(date(2026, 3, 7)) and not calendar.is_holiday(friday)


def test_weekends_off_with_make_up_working_days():
	# 2026-03-07 is a Saturday worked in exchange (调休上班); 2026-03-06 (Friday) a public holiday
	calendar = WorkCalendar(holidays=[date(2026, 3, 6)], weekly_off=(5, 6), working_days=[date(2026, 3, 7)])
	assert calendar.is_holiday(date(2026, 3, 6)) and calendar.is_holiday(date(2026, 3, 8))
	assert not calendar.is_holiday(date(2026, 3, 7))
	assert calendar.days_left(MONDAY, date(2026, 3, 9)) == 5  # Tue, Wed, Thu, Sat, Mon
	assert calendar.days_left(date(2026, 3, 10), date(2026, 3, 5)) == -3  # Sat, Mon, Tue


def test_holidays_change_the_colour():
	calendar = WorkCalendar(weekends(MONDAY, 28))
	friday, next_monday = date(2026, 3, 6), date(2026, 3, 9)
	late_red = Thresholds(red_overdue_days=2, group_overdue_days=5)
	assert colour(calendar.days_left(next_monday, friday), 50, late_red) == YELLOW
	assert colour(WorkCalendar().days_left(next_monday, friday), 50, late_red) == RED


@pytest.mark.parametrize(
	"thresholds, field",
	[
		(Thresholds(blue_days=1, yellow_days=2), "blue_days"),
		(Thresholds(yellow_days=-1, blue_days=0), "yellow_days"),
		(Thresholds(yellow_below_percent=120), "yellow_below_percent"),
		(Thresholds(red_overdue_days=0, group_overdue_days=0), "red_overdue_days"),
		(Thresholds(red_overdue_days=6, group_overdue_days=5), "group_overdue_days"),
	],
)
def test_thresholds_out_of_order_name_the_field(thresholds, field):
	assert field in [f for f, _rule in threshold_errors(thresholds)]


def test_the_default_thresholds_are_in_order():
	assert threshold_errors(Thresholds()) == []


@pytest.mark.parametrize(
	"value, bad", [(0, False), (100, False), (55.5, False), (-1, True), (101, True), (None, True)]
)
def test_percent_range(value, bad):
	assert percent_error(value) is bad
