"""Key tasks (重点工作督办), pure: no Frappe.

- :func:`milestone_date_errors`: a milestone lies within the campaign and on or before its task's due date;
- :func:`report_period`: the reporting period (weekly: Monday to Sunday; monthly: the calendar month) a
  day falls in, and :func:`previous_period` the one before it, whose report is due by its last day;
- :func:`task_colour`: a task's colour is the most urgent of its own (due date, progress), its open
  milestones' (end date, progress) and a missed report's (overdue since the period's last day), each from
  the same rules and working-day calendar as problem items (zgz_app.core.escalation).
"""

from __future__ import annotations

from datetime import date, timedelta

from zgz_app.core.escalation import COLOURS, Thresholds, WorkCalendar, colour

WEEKLY, MONTHLY = "Weekly", "Monthly"


def milestone_date_errors(
	start: date | None, end: date | None, campaign_start: date | None, due: date | None
) -> list[tuple[str, str]]:
	"""Each date out of place, as (fieldname, rule); the caller words the message."""
	errors: list[tuple[str, str]] = []
	if not end:
		return [("end_date", "required")]
	if campaign_start and start and start < campaign_start:
		errors.append(("start_date", "before_campaign"))
	if campaign_start and end < campaign_start:
		errors.append(("end_date", "before_campaign"))
	if due and end > due:
		errors.append(("end_date", "after_due"))
	if start and start > end:
		errors.append(("start_date", "after_end"))
	return errors


def report_period(day: date, frequency: str) -> tuple[date, date]:
	"""The first and last day of the reporting period ``day`` falls in."""
	if frequency == MONTHLY:
		first = day.replace(day=1)
		nxt = (first + timedelta(days=32)).replace(day=1)
		return first, nxt - timedelta(days=1)
	monday = day - timedelta(days=day.weekday())
	return monday, monday + timedelta(days=6)


def previous_period(day: date, frequency: str) -> tuple[date, date]:
	first, _last = report_period(day, frequency)
	return report_period(first - timedelta(days=1), frequency)


def most_urgent(colours) -> str | None:
	present = set(colours)
	return next((c for c in COLOURS if c in present), None)


def task_colour(
	day: date,
	due: date | None,
	percent: float | None,
	milestones: list[tuple[date, float | None]],
	missed_report_due: date | None,
	t: Thresholds,
	calendar: WorkCalendar,
) -> tuple[str | None, int | None]:
	"""(colour, days left of the most pressing deadline) for a task under way. ``milestones`` are the
	open ones as (end date, percent); ``missed_report_due`` the last day of a period nobody reported for."""
	candidates: list[tuple[str | None, int]] = []
	if due:
		left = calendar.days_left(day, due)
		candidates.append((colour(left, percent, t), left))
	for end, done in milestones:
		left = calendar.days_left(day, end)
		candidates.append((colour(left, done, t), left))
	if missed_report_due:
		# a report not made is overdue from the period's last day; nothing of it is done
		left = calendar.days_left(day, missed_report_due)
		if left < 0:
			candidates.append((colour(left, 0, t), left))
	coloured = [c for c in candidates if c[0]]
	if not coloured:
		return None, min((left for _c, left in candidates), default=None)
	worst = most_urgent(c for c, _left in coloured)
	return worst, min(left for c, left in coloured if c == worst)


# the records and the states of the task's plan (the "ZGZ Key Task Plan" workflow in zgz_app/defaults)
TASK, MILESTONE, REPORT = "ZGZ Key Task", "ZGZ Key Task Milestone", "ZGZ Key Task Report"
PLANNING, AWAITING_SIGNATURE, RETURNED, SIGNED = "Draft", "Awaiting Signature", "Returned", "Signed"
AWAITING_VERIFICATION, CLOSED_OUT = "Awaiting Verification", "Closed Out"
PLAN_EDITABLE = (PLANNING, RETURNED)  # milestones may be added or changed only while the plan is not signed
UNDER_WAY = (SIGNED, AWAITING_VERIFICATION)  # reported on and coloured
KEY_TASK_FIGURES = ("key_tasks", "key_tasks_closed", "key_tasks_overdue")  # in each reconciliation snapshot


def missing_units(units: list[str], reported: set[str]) -> list[str]:
	"""The units (lead first, then cooperating, as given) that have not reported."""
	return [u for u in units if u not in reported]
