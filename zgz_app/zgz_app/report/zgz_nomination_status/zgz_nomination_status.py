# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""申报情况: for the lead unit, each participating unit with its sealed nominations of each kind and
those still on their way, and whether it has nominated (its head has signed and sealed one). The
nominations come from one grouped ``frappe.get_list`` (User Permissions apply)."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today
from zgz_app.core.awards import AWARD, CASE, SEALED_STATES, STAR
from zgz_app.recognition.nominations import participating_units


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.campaign:
		frappe.throw(_("Campaign: choose the campaign whose nominations to show."), title=_("Invalid Filter"))
	units = participating_units(filters.campaign)
	counts = count_nominations(filters.campaign)
	heads = dict(
		frappe.get_all("ZGZ Unit", filters={"name": ("in", units)}, fields=["name", "head_name"], as_list=1)
	)
	rows = []
	for unit in units:
		star = counts.get((unit, STAR, True), 0)
		case = counts.get((unit, CASE, True), 0)
		pending = counts.get((unit, STAR, False), 0) + counts.get((unit, CASE, False), 0)
		rows.append(
			{
				"unit": unit,
				"head_name": heads.get(unit),
				"stars": star,
				"cases": case,
				"in_progress": pending,
				"nominated": int(bool(star or case)),
				"status": _("Nominated") if star or case else _("Not Yet Nominated"),
			}
		)
	return get_columns(), rows, message(filters.campaign, rows), None, summary(rows)


def count_nominations(campaign: str) -> dict[tuple[str, str, bool], int]:
	"""{(unit, kind, sealed): number of nominations}."""
	grouped = frappe.get_list(
		AWARD,
		filters={"campaign": campaign},
		fields=["unit", "award_kind", "workflow_state", "count(name) as n"],
		group_by="unit, award_kind, workflow_state",
		order_by="unit asc",
		limit_page_length=0,
	)
	counts: dict[tuple[str, str, bool], int] = {}
	for row in grouped:
		key = (row.unit, row.award_kind, row.workflow_state in SEALED_STATES)
		counts[key] = counts.get(key, 0) + row.n
	return counts


def message(campaign: str, rows: list[dict]) -> str | None:
	due = frappe.db.get_value("ZGZ Campaign", campaign, "nomination_due")
	if not due:
		return _("This campaign has no Nominations Due date.")
	waiting = sum(1 for r in rows if not r["nominated"])
	days = date_diff(getdate(due), getdate(today()))
	return _(
		"Nominations are due on {0} ({1} days from today): {2} of {3} units have not nominated yet."
	).format(frappe.format(due, "Date"), days, waiting, len(rows))


def summary(rows: list[dict]) -> list[dict]:
	done = sum(r["nominated"] for r in rows)
	return [
		{"label": _("Nominated"), "value": done, "datatype": "Int", "indicator": "Green"},
		{"label": _("Not Yet Nominated"), "value": len(rows) - done, "datatype": "Int", "indicator": "Red"},
	]


def get_columns() -> list[dict]:
	return [
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "ZGZ Unit", "width": 180},
		{"fieldname": "head_name", "label": _("Section Head"), "fieldtype": "Data", "width": 110},
		{"fieldname": "stars", "label": _("Service Star"), "fieldtype": "Int", "width": 150},
		{"fieldname": "cases", "label": _("Service Case"), "fieldtype": "Int", "width": 130},
		{"fieldname": "in_progress", "label": _("Not Yet Sealed"), "fieldtype": "Int", "width": 120},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 130},
	]
