"""Each evaluated unit's indicators, computed from the record as at a day.

One grouped query per indicator whatever the number of units, items or findings (``compute``); the
one-unit-at-a-time way beside it is ``compute_one`` (the benchmark compares them). A figure whose data
is missing for a unit is None and is shown as missing, never as 0. ``records`` lists the records
behind one unit's figure (the report's drill-down)."""

from __future__ import annotations

from collections.abc import Callable

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate
from zgz_app.core.escalation import red_days
from zgz_app.core.evaluation import (
	BROKEN,
	BROKEN_WEIGHT,
	FINDINGS,
	ON_TIME,
	OVERDUE,
	PLANS_LATE,
	RED_DAYS,
	UPHELD,
	commitments_broken,
)
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

OPEN_STATES = ("Rectifying", "Awaiting Verification")


def formulas() -> dict[str, str]:
	"""How each figure is computed, as the report and the round state it."""
	return {
		ON_TIME: _(
			"Problem items closed out on or before their deadline ÷ items whose deadline fell on or before "
			"the day (withdrawn items left out) × 100. Missing when a unit had no item due."
		),
		OVERDUE: _(
			"Problem items not closed out whose deadline is before the day. Missing when a unit has no "
			"problem item in the campaign at all."
		),
		FINDINGS: _(
			"Findings of the campaign's reported inspections against the unit. Missing when no reported "
			"inspection covered the unit."
		),
		UPHELD: _(
			"Complaints of the campaign passed to the unit and found upheld. Every unit can be complained "
			"about, so a unit without one counts 0."
		),
		PLANS_LATE: _(
			"The unit's rectification plans signed after the campaign's Problem Lists Due. Missing when the "
			"unit has no signed plan or the campaign sets no such day."
		),
		BROKEN: _(
			"In the unit's latest mid-year check (年中监督检查) on or before the day: each commitment found "
			"broken counts 1 and each partly kept counts ½. Missing when the unit has no checked "
			"commitment."
		),
		RED_DAYS: _(
			"Summed over the unit's problem items due on or before the day (withdrawn items left out): the "
			"working days (ZGZ Settings' calendar, as the daily digest counts them) each spent red — "
			"overdue by at least Red: Days Overdue — up to its close-out, or the day while open. Missing "
			"when a unit had no item due."
		),
	}


def compute(campaign: str, units: list[str], day=None) -> dict[str, dict[str, float | None]]:
	"""indicator -> unit -> figure (None: missing), for every unit, one query each (and the settings)."""
	day = getdate(day)
	return {
		ON_TIME: on_time_share(campaign, units, day),
		OVERDUE: overdue_items(campaign, units, day),
		FINDINGS: inspection_findings(campaign, units),
		UPHELD: complaints_upheld(campaign, units),
		PLANS_LATE: plans_signed_late(campaign, units),
		BROKEN: broken_commitments(campaign, units, day),
		RED_DAYS: red_item_days(campaign, units, day),
	}


def compute_one(campaign: str, unit: str, day=None) -> dict[str, float | None]:
	"""The same figures for a single unit (one unit's page, and the slow way the benchmark measures)."""
	return {code: figures[unit] for code, figures in compute(campaign, [unit], day).items()}


def on_time_share(campaign: str, units: list[str], day) -> dict[str, float | None]:
	item = frappe.qb.DocType("ZGZ Problem Item")
	on_time = (item.status == "Closed Out") & (item.closed_on <= item.deadline)
	rows = (
		frappe.qb.from_(item)
		.select(item.unit, Count(item.name), Sum(Case().when(on_time, 1).else_(0)))
		.where(
			(item.campaign == campaign)
			& item.unit.isin(units)
			& (item.status != "Withdrawn")
			& (item.deadline <= day)
		)
		.groupby(item.unit)
		.run()
	)
	out: dict[str, float | None] = dict.fromkeys(units)
	for unit, due, done in rows:
		if due:
			out[unit] = round(100.0 * float(done or 0) / float(due), 2)
	return out


def overdue_items(campaign: str, units: list[str], day) -> dict[str, float | None]:
	item = frappe.qb.DocType("ZGZ Problem Item")
	overdue = item.status.isin(OPEN_STATES) & (item.deadline < day)
	rows = (
		frappe.qb.from_(item)
		.select(item.unit, Count(item.name), Sum(Case().when(overdue, 1).else_(0)))
		.where((item.campaign == campaign) & item.unit.isin(units) & (item.status != "Withdrawn"))
		.groupby(item.unit)
		.run()
	)
	out: dict[str, float | None] = dict.fromkeys(units)
	for unit, count, late in rows:
		if count:
			out[unit] = float(late or 0)
	return out


def inspection_findings(campaign: str, units: list[str]) -> dict[str, float | None]:
	inspection = frappe.qb.DocType("ZGZ Inspection")
	covered = frappe.qb.DocType("ZGZ Inspection Unit")
	finding = frappe.qb.DocType("ZGZ Inspection Finding")
	inspected = (
		frappe.qb.from_(covered)
		.join(inspection)
		.on(inspection.name == covered.parent)
		.select(covered.unit)
		.distinct()
		.where((inspection.campaign == campaign) & (inspection.docstatus == 1) & covered.unit.isin(units))
		.run()
	)
	found = (
		frappe.qb.from_(finding)
		.join(inspection)
		.on(inspection.name == finding.inspection)
		.select(finding.unit, Count(finding.name))
		.where((inspection.campaign == campaign) & (inspection.docstatus == 1) & finding.unit.isin(units))
		.groupby(finding.unit)
		.run()
	)
	out: dict[str, float | None] = dict.fromkeys(units)
	for (unit,) in inspected:
		out[unit] = 0.0
	for unit, count in found:
		out[unit] = float(count)
	return out


def complaints_upheld(campaign: str, units: list[str]) -> dict[str, float | None]:
	complaint = frappe.qb.DocType("ZGZ Complaint")
	rows = (
		frappe.qb.from_(complaint)
		.select(complaint.unit, Count(complaint.name))
		.where(
			(complaint.campaign == campaign) & complaint.unit.isin(units) & (complaint.finding == "Upheld")
		)
		.groupby(complaint.unit)
		.run()
	)
	out: dict[str, float | None] = dict.fromkeys(units, 0.0)
	for unit, count in rows:
		out[unit] = float(count)
	return out


def plans_signed_late(campaign: str, units: list[str]) -> dict[str, float | None]:
	due = frappe.db.get_value("ZGZ Campaign", campaign, "problem_list_due")
	out: dict[str, float | None] = dict.fromkeys(units)
	if not due:
		return out
	plan = frappe.qb.DocType("ZGZ Rectification Plan")
	late = plan.signed_on > due
	rows = (
		frappe.qb.from_(plan)
		.select(plan.unit, Count(plan.name), Sum(Case().when(late, 1).else_(0)))
		.where((plan.campaign == campaign) & plan.unit.isin(units) & (plan.docstatus == 1))
		.groupby(plan.unit)
		.run()
	)
	for unit, count, n_late in rows:
		if count:
			out[unit] = float(n_late or 0)
	return out


def latest_checks(campaign: str, units: list[str], day) -> dict[str, tuple]:
	"""unit -> (check, results found) of its latest mid-year check with a result, in one query grouped
	by check (a unit has a check or two a year, so the rows are few)."""
	check = frappe.qb.DocType("ZGZ Commitment Check")
	row = frappe.qb.DocType("ZGZ Commitment Check Item")
	counted = {}
	for result in BROKEN_WEIGHT:
		counted[result] = Sum(Case().when(row.result == result, 1).else_(0))
	rows = (
		frappe.qb.from_(row)
		.join(check)
		.on(check.name == row.parent)
		.select(check.unit, check.name, check.checked_on, *counted.values())
		.where(
			(check.campaign == campaign)
			& check.unit.isin(units)
			& (check.checked_on <= day)
			& (row.parenttype == "ZGZ Commitment Check")
		)
		.groupby(check.unit, check.name, check.checked_on)
		.run()
	)
	latest: dict[str, tuple] = {}
	for unit, name, _checked_on, *counts in sorted(rows, key=lambda r: (getdate(r[2]), r[1])):
		results = [r for r, n in zip(counted, counts, strict=True) for _i in range(int(n or 0))]
		if results:
			latest[unit] = (name, results)
	return latest


def broken_commitments(campaign: str, units: list[str], day) -> dict[str, float | None]:
	out: dict[str, float | None] = dict.fromkeys(units)
	for unit, (_check, results) in latest_checks(campaign, units, day).items():
		out[unit] = commitments_broken(results)
	return out


def item_red_days(day) -> Callable[[object, object], int]:
	"""A function (deadline, closed_on) -> the working days an item spent red up to the day."""
	settings = get_settings()
	calendar, threshold = settings.calendar(), settings.thresholds().red_overdue_days

	def days(deadline, closed_on) -> int:
		end = min(getdate(closed_on), day) if closed_on else day
		return red_days(calendar, getdate(deadline), end, threshold)

	return days


def red_item_days(campaign: str, units: list[str], day) -> dict[str, float | None]:
	"""One query grouped by unit, deadline and close-out day (items sharing both count alike)."""
	item = frappe.qb.DocType("ZGZ Problem Item")
	closed = Case().when(item.status == "Closed Out", item.closed_on)
	rows = (
		frappe.qb.from_(item)
		.select(item.unit, item.deadline, closed, Count(item.name))
		.where(
			(item.campaign == campaign)
			& item.unit.isin(units)
			& (item.status != "Withdrawn")
			& (item.deadline <= day)
		)
		.groupby(item.unit, item.deadline, closed)
		.run()
	)
	days = item_red_days(day)
	out: dict[str, float | None] = dict.fromkeys(units)
	for unit, deadline, closed_on, count in rows:
		out[unit] = (out[unit] or 0.0) + float(days(deadline, closed_on) * count)
	return out


def records(campaign: str, unit: str, code: str, day=None) -> list[dict]:
	"""The records behind one unit's figure on one indicator: what the report drills down to."""
	day = getdate(day)
	if code in (BROKEN, RED_DAYS):
		return commitment_records(campaign, unit, day) if code == BROKEN else red_records(campaign, unit, day)
	if code in (ON_TIME, OVERDUE):
		filters = {"campaign": campaign, "unit": unit, "status": ("!=", "Withdrawn")}
		if code == ON_TIME:
			filters["deadline"] = ("<=", day)
		else:
			filters.update({"status": ("in", OPEN_STATES), "deadline": ("<", day)})
		rows = frappe.get_all(
			"ZGZ Problem Item",
			filters,
			["name", "serial_no", "problem", "deadline", "closed_on", "status"],
			order_by="serial_no asc",
		)
		return [{"doctype": "ZGZ Problem Item", **r} for r in rows]
	if code == FINDINGS:
		inspections = frappe.get_all("ZGZ Inspection", {"campaign": campaign, "docstatus": 1}, pluck="name")
		rows = frappe.get_all(
			"ZGZ Inspection Finding",
			{"inspection": ("in", inspections or [""]), "unit": unit},
			["name", "inspection", "description", "severity", "deadline"],
		)
		return [{"doctype": "ZGZ Inspection Finding", **r} for r in rows]
	if code == UPHELD:
		rows = frappe.get_all(
			"ZGZ Complaint",
			{"campaign": campaign, "unit": unit, "finding": "Upheld"},
			["name", "received_on", "description", "answered_on"],
		)
		return [{"doctype": "ZGZ Complaint", **r} for r in rows]
	due = frappe.db.get_value("ZGZ Campaign", campaign, "problem_list_due")
	if not due:
		return []
	rows = frappe.get_all(
		"ZGZ Rectification Plan",
		{"campaign": campaign, "unit": unit, "docstatus": 1, "signed_on": (">", due)},
		["name", "title", "signed_on"],
	)
	return [{"doctype": "ZGZ Rectification Plan", **r} for r in rows]


def commitment_records(campaign: str, unit: str, day) -> list[dict]:
	"""The broken and partly kept commitments of the unit's latest check."""
	latest = latest_checks(campaign, [unit], day).get(unit)
	if not latest:
		return []
	rows = frappe.get_all(
		"ZGZ Commitment Check Item",
		{
			"parent": latest[0],
			"parenttype": "ZGZ Commitment Check",
			"result": ("in", ("Broken", "Partly Kept")),
		},
		["service", "time_limit", "result", "evidence"],
		order_by="idx asc",
	)
	return [{"doctype": "ZGZ Commitment Check", "name": latest[0], **r} for r in rows]


def red_records(campaign: str, unit: str, day) -> list[dict]:
	"""The unit's items that spent a working day red, each with its count."""
	rows = frappe.get_all(
		"ZGZ Problem Item",
		{"campaign": campaign, "unit": unit, "status": ("!=", "Withdrawn"), "deadline": ("<=", day)},
		["name", "serial_no", "problem", "deadline", "closed_on", "status"],
		order_by="serial_no asc",
	)
	days = item_red_days(day)
	out = []
	for r in rows:
		red = days(r.deadline, r.closed_on if r.status == "Closed Out" else None)
		if red:
			out.append({"doctype": "ZGZ Problem Item", **r, "red_days": red})
	return out
