"""Reconciliation periods (月对账、季对账、年对账), pure: no Frappe.

A period is a calendar month, quarter or year, both days included. The reconciliation job runs on the
day after a period's last day and freezes the figures of the period that has just ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"
PERIOD_TYPES = (MONTH, QUARTER, YEAR)
_MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}


def _check(kind: str) -> None:
	if kind not in _MONTHS:
		raise ValueError(f"unknown period type {kind!r}")


def period_of(kind: str, day: date) -> tuple[date, date]:
	"""The (first day, last day) of the month, quarter or year that contains ``day``."""
	_check(kind)
	length = _MONTHS[kind]
	first_month = (day.month - 1) // length * length + 1
	start = date(day.year, first_month, 1)
	return start, _add_months(start, length) - timedelta(days=1)


def is_period_end(kind: str, day: date) -> bool:
	return period_of(kind, day)[1] == day


def periods_ending_on(day: date, kinds: Iterable[str] = PERIOD_TYPES) -> list[str]:
	"""The period types among ``kinds`` whose period ends on ``day`` (31 December ends all three)."""
	return [kind for kind in PERIOD_TYPES if kind in set(kinds) and is_period_end(kind, day)]


def previous_period(kind: str, start: date) -> tuple[date, date]:
	"""The period just before the one that starts on ``start``."""
	return period_of(kind, start - timedelta(days=1))


def period_code(kind: str, start: date) -> str:
	"""A short, language-neutral name: 2018-09, 2018-Q3, 2018."""
	_check(kind)
	if kind == MONTH:
		return f"{start.year}-{start.month:02d}"
	if kind == QUARTER:
		return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
	return str(start.year)


def overlaps(start: date | None, end: date | None, period: tuple[date, date]) -> bool:
	"""Whether a span (``end`` None: open-ended; ``start`` None: not started) runs on any day of the period."""
	first, last = period
	return bool(start) and start <= last and (end is None or end >= first)


def _add_months(day: date, months: int) -> date:
	index = day.year * 12 + day.month - 1 + months
	return date(index // 12, index % 12 + 1, 1)
