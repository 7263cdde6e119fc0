"""The rules each row of a rectification plan (附件2 问题摸排表) must keep.

Pure: the plan's controller and the Excel import both call :func:`check_rows`, so a row typed in the
form and a row pasted from a spreadsheet are refused for the same reasons, in the same words."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

# The paper form's columns, in its order, then the two the app adds. Keys are the row's fieldnames.
FORM_COLUMNS = (
	("problem", "查摆出的问题"),
	("measures", "整改措施"),
	("responsible_leader", "责任领导"),
	("responsible_person", "责任人"),
	("deadline", "整改时限"),
	("remarks", "备注"),
)
EXTRA_COLUMNS = (("category", "问题类别"), ("source", "问题来源"))

# Where a problem came from (seed 001/004): the Select options, with the words used on paper.
SOURCES = {
	"Self-found": "自己找",
	"Raised by Leaders": "领导点",
	"Raised by the Public": "群众提",
	"Raised by the Organisation": "组织议",
	"Inspection Feedback": "巡视巡察反馈",
	"Complaint or Report": "投诉举报",
	"Supervision Finding": "督查发现",
	"Unannounced Check": "明察暗访",
}


@dataclass(frozen=True)
class RowError:
	"""``row`` counts from 1 as the user does; ``field`` is the row's fieldname; ``kind`` says what is
	wrong: required, deadline_before_plan, deadline_after_campaign, unknown_category,
	category_required, unknown_source, person_outside_unit."""

	row: int
	field: str
	kind: str
	value: object = None


@dataclass(frozen=True)
class PlanContext:
	plan_date: date
	campaign_end: date | None = None
	categories: tuple[str, ...] = ()
	unit_people: frozenset[str] = field(default_factory=frozenset)


REQUIRED = ("problem", "measures", "deadline")


def blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def check_row(index: int, row: Mapping, ctx: PlanContext) -> list[RowError]:
	errors: list[RowError] = []
	for fieldname in REQUIRED:
		if blank(row.get(fieldname)):
			errors.append(RowError(index, fieldname, "required"))
	deadline = row.get("deadline")
	if isinstance(deadline, date):
		if deadline < ctx.plan_date:
			errors.append(RowError(index, "deadline", "deadline_before_plan", deadline))
		elif ctx.campaign_end and deadline > ctx.campaign_end:
			errors.append(RowError(index, "deadline", "deadline_after_campaign", deadline))
	category = (row.get("category") or "").strip()
	if ctx.categories:
		if not category:
			errors.append(RowError(index, "category", "category_required"))
		elif category not in ctx.categories:
			errors.append(RowError(index, "category", "unknown_category", category))
	source = row.get("source")
	if not blank(source) and source not in SOURCES:
		errors.append(RowError(index, "source", "unknown_source", source))
	person = row.get("responsible_person")
	if not blank(person) and person not in ctx.unit_people:
		errors.append(RowError(index, "responsible_person", "person_outside_unit", person))
	return errors


def check_rows(rows: Iterable[Mapping], ctx: PlanContext) -> list[RowError]:
	"""Every error of every row, in row order (a user fixes a file once, not once per error)."""
	errors: list[RowError] = []
	for index, row in enumerate(rows, start=1):
		errors.extend(check_row(index, row, ctx))
	return errors
