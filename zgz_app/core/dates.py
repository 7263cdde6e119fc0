"""Date and phase arithmetic for a campaign: its status, its current phase, and phase checks."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

NOT_STARTED = "Not Started"
IN_PROGRESS = "In Progress"
ENDED = "Ended"


def campaign_status(start: date | None, end: date | None, today: date) -> str:
	"""未开始 before the first day, 已结束 after the last, 进行中 in between (both days included).

	A campaign with no end date is ongoing (常态化) once it has started."""
	if start and today < start:
		return NOT_STARTED
	if end and today > end:
		return ENDED
	return IN_PROGRESS


@dataclass(frozen=True)
class Span:
	"""A named period, inclusive of both days; ``end`` None means open-ended."""

	name: str
	start: date | None
	end: date | None

	def contains(self, day: date) -> bool:
		return bool(self.start and self.start <= day and (self.end is None or day <= self.end))


def current_phase(phases: Sequence[Span], today: date) -> Span | None:
	for phase in phases:
		if phase.contains(today):
			return phase
	return None


@dataclass(frozen=True)
class PhaseProblem:
	"""``kind``: missing_start, end_before_start, before_campaign, after_campaign, out_of_order, overlap.

	``index`` is the 0-based row at fault; ``other`` the row it collides with (for order/overlap)."""

	kind: str
	index: int
	other: int | None = None


def phase_problems(phases: Sequence[Span], start: date | None, end: date | None) -> list[PhaseProblem]:
	"""Phases must each be a valid period inside the campaign, listed in order, and not overlap."""
	problems: list[PhaseProblem] = []
	for i, phase in enumerate(phases):
		if not phase.start:
			problems.append(PhaseProblem("missing_start", i))
			continue
		if phase.end and phase.end < phase.start:
			problems.append(PhaseProblem("end_before_start", i))
		if start and phase.start < start:
			problems.append(PhaseProblem("before_campaign", i))
		if end and (phase.end is None or phase.end > end):
			problems.append(PhaseProblem("after_campaign", i))
	previous = None
	for i, phase in enumerate(phases):
		if not phase.start:
			continue
		if previous is not None:
			j, before = previous
			if phase.start < before.start:
				problems.append(PhaseProblem("out_of_order", i, j))
			elif before.end is None or phase.start <= before.end:
				problems.append(PhaseProblem("overlap", i, j))
		previous = (i, phase)
	return problems


def outside(day: date | None, start: date | None, end: date | None) -> bool:
	"""True when ``day`` falls outside [start, end] (an open bound never excludes)."""
	if not day:
		return False
	return bool((start and day < start) or (end and day > end))


def screening_open(screening: Sequence[Span], campaign: Span, day: date, extended_to: date | None) -> bool:
	"""May a unit file a new plan on ``day``? During a screening phase (摸排/查摆), or up to the date a
	campaign manager extended it to for that unit. A campaign without a screening phase takes plans
	for as long as it runs."""
	if extended_to and day <= extended_to and (campaign.start is None or day >= campaign.start):
		return True
	if not screening:
		return campaign.contains(day)
	return any(span.contains(day) for span in screening)
