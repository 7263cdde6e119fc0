"""督查问责 rules that need no database: the year's planned inspection rounds, which of them were
missed, and conflicts of interest in an inspection team.

Seed 004 §五: routine inspections every quarter (常规督查), a concentrated one every half-year (集中
督查). A round is planned for every period of the year that overlaps the campaign; a round is held when
an inspection of its kind starts inside the period; one not held when its period has ended is missed."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

ROUTINE, CONCENTRATED, SPECIAL, UNANNOUNCED = "Routine", "Concentrated", "Special", "Unannounced"
KINDS = (ROUTINE, CONCENTRATED, SPECIAL, UNANNOUNCED)
QUARTERLY, HALF_YEARLY, NOT_PLANNED = "Quarterly", "Half-yearly", "Not Planned"


@dataclass(frozen=True)
class Round:
	kind: str
	year: int
	number: int  # the quarter (1-4) or the half (1-2)
	start: date
	end: date


def periods(year: int, months: int) -> list[tuple[int, date, date]]:
	"""The year cut into periods of ``months`` (3: quarters, 6: halves), numbered from 1."""
	out = []
	for number, first in enumerate(range(1, 13, months), start=1):
		last = first + months - 1
		out.append((number, date(year, first, 1), date(year, last, monthrange(year, last)[1])))
	return out


def planned_rounds(
	year: int, campaign_start: date, campaign_end: date, routine: str = QUARTERLY, concentrated: bool = True
) -> list[Round]:
	"""The rounds of ``year`` for a campaign running from ``campaign_start`` to ``campaign_end``:
	routine ones each quarter (or half-year, or none) and, if ``concentrated``, one each half-year,
	only for periods that overlap the campaign."""
	rounds = []
	months = {QUARTERLY: 3, HALF_YEARLY: 6}.get(routine)
	if months:
		rounds += [Round(ROUTINE, year, n, s, e) for n, s, e in periods(year, months)]
	if concentrated:
		rounds += [Round(CONCENTRATED, year, n, s, e) for n, s, e in periods(year, 6)]
	return [r for r in rounds if r.start <= campaign_end and r.end >= campaign_start]


def held_by(round_: Round, inspections: list[tuple[str, str, date]]) -> list[str]:
	"""The inspections (name, kind, start date) that hold ``round_``: its kind, starting in its period."""
	return [
		name
		for name, kind, start in inspections
		if kind == round_.kind and round_.start <= start <= round_.end
	]


def round_status(round_: Round, held: list[str], today: date) -> str:
	"""Held, Missed (its period is over and nothing held it), Due (the period is running), Planned."""
	if held:
		return "Held"
	if today > round_.end:
		return "Missed"
	return "Due" if today >= round_.start else "Planned"


def to_remind(round_: Round, held: list[str], today: date) -> bool:
	"""Whether a round goes into the lead office's daily digest on ``today``: it was missed, and the
	period after it (as long as its own) is still running — the time to make up for it. A late
	inspection does not hold it (it counts for its own period), so the reminder stops with that period."""
	if round_status(round_, held, today) != "Missed":
		return False
	months = round_.end.month - round_.start.month + 1
	year, month = divmod(round_.end.month - 1 + months, 12)
	year, month = round_.end.year + year, month + 1
	return today <= date(year, month, monthrange(year, month)[1])


def conflicts(team: list[str], unit_people: dict[str, set[str]]) -> list[tuple[str, str]]:
	"""(person, unit) for every team member who belongs to an inspected unit, in team order."""
	return [(user, unit) for user in team for unit, people in unit_people.items() if user in people]
