"""Three-colour escalation (蓝 / 黄 / 红), pure: no Frappe.

An open problem item's colour comes from how many working days are left before its deadline (negative
once it is overdue) and how far its rectification has got:

- **Red** (红, 督办): overdue by ``red_overdue_days`` or more.
- **Yellow** (黄, 预警): overdue by fewer days than red; or within ``yellow_days`` of the deadline with
  progress below ``yellow_below_percent``.
- **Blue** (蓝, 提醒): within ``blue_days`` of the deadline.

Each colour widens who is told (:func:`audience`): the responsible person (责任人); from yellow the
section head (科室负责人); from red the leaders (分管领导, 责任领导); and a red item overdue by
``group_overdue_days`` or more goes to the campaign's leading group (领导小组) as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

BLUE, YELLOW, RED = "Blue", "Yellow", "Red"
COLOURS = (RED, YELLOW, BLUE)  # most urgent first

PERSON, HEAD, LEADER, GROUP = "person", "head", "leader", "group"


@dataclass(frozen=True)
class Thresholds:
	blue_days: int = 5
	yellow_days: int = 2
	yellow_below_percent: float = 80
	red_overdue_days: int = 1
	group_overdue_days: int = 5


# field → the rule it breaks, in the order a settings form shows them; messages are translated by the caller
def threshold_errors(t: Thresholds) -> list[tuple[str, str]]:
	"""Each threshold out of order, as (fieldname, rule). An empty list means the settings are usable."""
	errors: list[tuple[str, str]] = []
	if t.yellow_days < 0:
		errors.append(("yellow_days", "not_negative"))
	if t.blue_days < t.yellow_days:
		errors.append(("blue_days", "blue_before_yellow"))
	if not 0 <= t.yellow_below_percent <= 100:
		errors.append(("yellow_below_percent", "percent_range"))
	if t.red_overdue_days < 1:
		errors.append(("red_overdue_days", "at_least_one"))
	if t.group_overdue_days < t.red_overdue_days:
		errors.append(("group_overdue_days", "group_after_red"))
	return errors


class WorkCalendar:
	"""Which days are working days: not a day of the week that is off (Saturday and Sunday, say), unless
	made a working day (调休上班), and not a public holiday. Counts are memoised: a daily run asks about
	the same few hundred deadlines for tens of thousands of items."""

	def __init__(
		self, holidays: Iterable[date] = (), weekly_off: Iterable[int] = (), working_days: Iterable[date] = ()
	):
		self.holidays = set(holidays)
		self.weekly_off = set(weekly_off)  # date.weekday(): Monday 0 … Sunday 6
		self.working_days = set(working_days)
		self._counts: dict[tuple[date, date], int] = {}

	def is_holiday(self, day: date) -> bool:
		if day in self.holidays:
			return True
		return day.weekday() in self.weekly_off and day not in self.working_days

	def _days_off_in(self, after: date, upto: date) -> int:
		"""Days off in the half-open span (after, upto]."""
		key = (after, upto)
		if key not in self._counts:
			if not (self.holidays or self.weekly_off):
				self._counts[key] = 0
			else:
				span = (upto - after).days
				self._counts[key] = sum(
					self.is_holiday(after + timedelta(days=d)) for d in range(1, span + 1)
				)
		return self._counts[key]

	def days_left(self, today: date, deadline: date) -> int:
		"""Working days from today to the deadline: 0 when due today, negative once overdue (−1 the first
		working day after the deadline)."""
		if deadline >= today:
			return (deadline - today).days - self._days_off_in(today, deadline)
		return -((today - deadline).days - self._days_off_in(deadline, today))

	def add_days(self, start: date, days: int) -> date:
		"""The day ``days`` working days after ``start``."""
		day = start
		while days > 0:
			day += timedelta(days=1)
			if not self.is_holiday(day):
				days -= 1
		return day


def colour(days_left: int, percent: float | None, t: Thresholds) -> str | None:
	"""The item's colour, or None while it needs no one's attention."""
	overdue = -days_left if days_left < 0 else 0
	if overdue >= t.red_overdue_days:
		return RED
	if overdue > 0:
		return YELLOW
	if days_left <= t.yellow_days and (percent or 0) < t.yellow_below_percent:
		return YELLOW
	if days_left <= t.blue_days:
		return BLUE
	return None


def audience(item_colour: str | None, days_left: int, t: Thresholds) -> tuple[str, ...]:
	"""Who is told about an item of this colour: each level adds to the one before."""
	if item_colour is None:
		return ()
	if item_colour == BLUE:
		return (PERSON,)
	if item_colour == YELLOW:
		return (PERSON, HEAD)
	if -days_left >= t.group_overdue_days:
		return (PERSON, HEAD, LEADER, GROUP)
	return (PERSON, HEAD, LEADER)


def overdue_days(days_left: int) -> int:
	return -days_left if days_left < 0 else 0


def red_days(calendar: WorkCalendar, deadline: date, end: date, red_overdue_days: int) -> int:
	"""Working days an item spent red between its deadline and ``end`` (its close-out, or the day
	counted to): red from the day it is overdue by ``red_overdue_days`` working days (the digest's
	colour) up to and including ``end``. An item closed out in time spent none."""
	if end <= deadline:
		return 0
	overdue = overdue_days(calendar.days_left(end, deadline))
	return max(0, overdue - max(red_overdue_days, 1) + 1)


def percent_error(percent) -> bool:
	"""Whether a progress figure is outside 0–100 (or missing)."""
	return percent is None or not 0 <= float(percent) <= 100
