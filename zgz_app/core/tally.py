"""The figures of a reconciliation (对账), pure: no Frappe.

The database counts the problem items of a period once, grouped by campaign, unit and category; this
module adds those groups up into one snapshot per unit and one per campaign (each with its rows by
category), and compares a series of snapshots period by period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from zgz_app.core.periods import previous_period

# What the database counts per group (see zgz_app.rectification.reconciliation.count_items). "open" is not counted:
# it is every counted item not closed out.
COUNTED = (
	"total_items",
	"closed_items",
	"awaiting_verification",
	"overdue_items",
	"extended_items",
	"new_in_period",
	"closed_in_period",
)
# The figures a snapshot keeps, in the form's order; a category row keeps the first five and the percent.
FIGURES = (
	"total_items",
	"open_items",
	"awaiting_verification",
	"closed_items",
	"overdue_items",
	"extended_items",
	"new_in_period",
	"closed_in_period",
)
CATEGORY_FIGURES = ("total_items", "open_items", "closed_items", "overdue_items", "extended_items")


def percent(part: int, whole: int) -> float:
	"""``part`` of ``whole`` in per cent, to one decimal; 0 when there is nothing to count."""
	return round(part * 100.0 / whole, 1) if whole else 0.0


@dataclass
class Figures:
	total_items: int = 0
	open_items: int = 0
	awaiting_verification: int = 0
	closed_items: int = 0
	overdue_items: int = 0
	extended_items: int = 0
	new_in_period: int = 0
	closed_in_period: int = 0

	@classmethod
	def from_counts(cls, row: Mapping) -> Figures:
		counts = {name: int(row.get(name) or 0) for name in COUNTED}
		return cls(open_items=counts["total_items"] - counts["closed_items"], **counts)

	def add(self, other: Figures) -> None:
		for f in fields(self):
			setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

	@property
	def percent_closed(self) -> float:
		return percent(self.closed_items, self.total_items)

	def as_dict(self, names: Sequence[str] = FIGURES) -> dict:
		return {**{name: getattr(self, name) for name in names}, "percent_closed": self.percent_closed}


@dataclass
class Snapshot:
	"""One unit's (or, with unit None, the whole campaign's) figures and its figures by category."""

	figures: Figures = field(default_factory=Figures)
	by_category: dict[str, Figures] = field(default_factory=dict)

	def category_rows(self, known: Sequence[str] = ()) -> list[dict]:
		"""One row per category: the campaign's own categories in their order (with zeros if none of
		its items fall in one, as the paper form lists them all), then any other found, then the items
		without a category (category "")."""
		found = set(self.by_category)
		others = sorted(c for c in found.difference(known) if c)
		order = [*known, *others, *([""] if "" in found else [])]
		return [
			{"category": c, **self.by_category.get(c, Figures()).as_dict(CATEGORY_FIGURES)} for c in order
		]


def tally(rows: Iterable[Mapping], units: Mapping[str, Iterable[str]] | None = None) -> dict:
	"""{(campaign, unit): Snapshot} and {(campaign, None): Snapshot} from rows grouped by campaign, unit
	and category. ``units`` (campaign → units) adds empty snapshots for units that have no items yet."""
	out: dict[tuple[str, str | None], Snapshot] = {}
	for campaign, names in (units or {}).items():
		out.setdefault((campaign, None), Snapshot())
		for unit in names:
			out.setdefault((campaign, unit), Snapshot())
	for row in rows:
		figures = Figures.from_counts(row)
		category = row.get("category") or ""
		for key in ((row["campaign"], row["unit"]), (row["campaign"], None)):
			snapshot = out.setdefault(key, Snapshot())
			snapshot.figures.add(figures)
			snapshot.by_category.setdefault(category, Figures()).add(figures)
	return out


def with_changes(
	rows: Sequence[Mapping], kind: str, names: Sequence[str] = (*FIGURES, "percent_closed")
) -> list[dict]:
	"""The snapshots of one series (same campaign, unit and period type) in period order, each with
	``<figure>_change`` against the period just before it; None where that period has no snapshot."""
	ordered = sorted(rows, key=lambda r: r["period_start"])
	by_start: dict[date, Mapping] = {r["period_start"]: r for r in ordered}
	out = []
	for row in ordered:
		before = by_start.get(previous_period(kind, row["period_start"])[0])
		changed = dict(row)
		for name in names:
			changed[f"{name}_change"] = (
				None if before is None else round((row[name] or 0) - (before[name] or 0), 1)
			)
		out.append(changed)
	return out
