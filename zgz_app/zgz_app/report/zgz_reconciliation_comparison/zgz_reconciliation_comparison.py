# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""对账对比: one campaign's reconciliations (a unit's, or the whole campaign's) period after period, each
with the change from the period before. The figures are the frozen ones of each snapshot, so the report
shows what was reconciled and signed then, not what the items say today.

Read with one ``frappe.get_list`` (a user limited to his unit sees only its snapshots)."""

import frappe
from frappe import _
from frappe.utils import getdate
from zgz_app.core.periods import PERIOD_TYPES, period_code
from zgz_app.core.tally import FIGURES, with_changes

RECONCILIATION = "ZGZ Reconciliation"
# The figures compared with the period before, in the columns' order.
COMPARED = ("total_items", "open_items", "closed_items", "percent_closed", "overdue_items", "extended_items")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	rows = get_rows(filters)
	return get_columns(), rows, None, get_chart(rows)


def validate_filters(filters) -> None:
	if not filters.get("campaign"):
		frappe.throw(
			_("Campaign: choose the campaign whose reconciliations to compare."), title=_("Missing Filter")
		)
	if (filters.get("period_type") or "Month") not in PERIOD_TYPES:
		frappe.throw(_("Period: choose Month, Quarter or Year."), title=_("Invalid Filter"))


def get_rows(filters) -> list[dict]:
	kind = filters.get("period_type") or "Month"
	snapshots = frappe.get_list(
		RECONCILIATION,
		filters={
			"campaign": filters.campaign,
			"period_type": kind,
			"unit": filters.unit if filters.get("unit") else ("is", "not set"),
			"docstatus": ("<", 2),
		},
		fields=[
			"name",
			"period_start",
			"period_end",
			*FIGURES,
			"percent_closed",
			"workflow_state",
			"signed_by_name",
			"signed_on",
		],
		order_by="period_start asc",
		limit_page_length=0,
	)
	for row in snapshots:
		row["period_start"] = getdate(row["period_start"])
	rows = with_changes(snapshots, kind, names=COMPARED)
	for row in rows:
		row["period"] = period_code(kind, row["period_start"])
	return rows


def get_columns() -> list[dict]:
	columns = [
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 90},
		{"fieldname": "period_end", "label": _("Period End"), "fieldtype": "Date", "width": 100},
	]
	labels = {
		"total_items": _("Problems"),
		"open_items": _("Not Closed Out"),
		"closed_items": _("Closed Out"),
		"percent_closed": _("Closed Out (%)"),
		"overdue_items": _("Overdue"),
		"extended_items": _("Deadline Extended"),
	}
	for name in COMPARED:
		fieldtype = "Percent" if name == "percent_closed" else "Int"
		columns.append({"fieldname": name, "label": labels[name], "fieldtype": fieldtype, "width": 95})
		columns.append(
			{
				"fieldname": f"{name}_change",
				"label": _("{0}: Change").format(labels[name]),
				"fieldtype": "Float" if name == "percent_closed" else "Int",
				"precision": 1,
				"width": 95,
			}
		)
	columns += [
		{"fieldname": "awaiting_verification", "label": _("Awaiting Verification"), "fieldtype": "Int", "width": 95},
		{"fieldname": "new_in_period", "label": _("New in the Period"), "fieldtype": "Int", "width": 95},
		{"fieldname": "closed_in_period", "label": _("Closed Out in the Period"), "fieldtype": "Int", "width": 95},
		{"fieldname": "workflow_state", "label": _("Sign-off"), "fieldtype": "Data", "width": 100},
		{"fieldname": "signed_by_name", "label": _("Signed By"), "fieldtype": "Data", "width": 90},
		{"fieldname": "signed_on", "label": _("Signed On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "name", "label": _("Reconciliation"), "fieldtype": "Link", "options": RECONCILIATION, "width": 150},
	]  # fmt: skip
	return columns


def get_chart(rows: list[dict]) -> dict | None:
	"""Not closed out, overdue and closed out, period after period."""
	if not rows:
		return None
	lines = (
		("open_items", _("Not Closed Out")),
		("overdue_items", _("Overdue")),
		("closed_items", _("Closed Out")),
	)
	return {
		"data": {
			"labels": [row["period"] for row in rows],
			"datasets": [
				{"name": label, "values": [row[name] or 0 for row in rows]} for name, label in lines
			],
		},
		"type": "line",
		"colors": ["#f2b01e", "#e24c4c", "#29cd42"],
	}
