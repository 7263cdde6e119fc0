from datetime import date

from zgz_app.core.escalation import BLUE, RED, YELLOW, Thresholds, WorkCalendar
from zgz_app.core.key_tasks import (
	MONTHLY,
	WEEKLY,
	milestone_date_errors,
	previous_period,
	report_period,
	task_colour,
)

T = Thresholds()
CAL = WorkCalendar()


def test_milestone_after_the_due_date_or_before_the_campaign_is_named():
	start, due = date(2026, 3, 1), date(2026, 6, 30)
	assert milestone_date_errors(date(2026, 3, 1), date(2026, 6, 30), start, due) == []
	assert milestone_date_errors(date(2026, 3, 1), date(2026, 7, 1), start, due) == [
		("end_date", "after_due")
	]
	assert ("start_date", "before_campaign") in milestone_date_errors(
		date(2026, 2, 1), date(2026, 4, 1), start, due
	)
	assert milestone_date_errors(date(2026, 5, 1), date(2026, 4, 1), start, due) == [
		("start_date", "after_end")
	]
	assert milestone_date_errors(None, None, start, due) == [("end_date", "required")]


def test_periods_weekly_and_monthly():
	assert report_period(date(2026, 3, 4), WEEKLY) == (date(2026, 3, 2), date(2026, 3, 8))
	assert previous_period(date(2026, 3, 4), WEEKLY) == (date(2026, 2, 23), date(2026, 3, 1))
	assert report_period(date(2026, 2, 14), MONTHLY) == (date(2026, 2, 1), date(2026, 2, 28))
	assert previous_period(date(2026, 1, 14), MONTHLY) == (date(2025, 12, 1), date(2025, 12, 31))


def test_task_colour_is_the_most_urgent_of_due_date_milestones_and_missed_report():
	day = date(2026, 3, 10)
	far = date(2026, 6, 30)
	assert task_colour(day, far, 10, [], None, T, CAL) == (None, 112)
	# a milestone four days off is blue, one just past is red (red from one day overdue)
	assert task_colour(day, far, 10, [(date(2026, 3, 14), 90)], None, T, CAL) == (BLUE, 4)
	assert task_colour(day, far, 10, [(date(2026, 3, 14), 90), (date(2026, 3, 9), 50)], None, T, CAL) == (
		RED,
		-1,
	)
	# two days to go at 50 % is yellow
	assert task_colour(day, date(2026, 3, 12), 50, [], None, T, CAL) == (YELLOW, 2)
	# the last period's report missing: overdue since its last day
	assert task_colour(day, far, 10, [], date(2026, 3, 8), T, CAL) == (RED, -2)
	# a period not yet over is not missed
	assert task_colour(day, far, 10, [], date(2026, 3, 15), T, CAL) == (None, 112)
