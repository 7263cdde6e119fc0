# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""问题清单: a campaign's problem items, unit by unit in the order of the unit tree, by 序号 within a unit.

Everything is read with ``frappe.get_list``, so a user limited to his unit sees only its items. The
number of queries does not depend on the number of rows: one for the units (their tree order), one for
the campaign's categories (the chart's order) and one for the items."""

import frappe
from frappe import _
from frappe.utils import getdate, today

ITEM = "ZGZ Problem Item"
UNIT = "ZGZ Unit"
RECTIFYING, CLOSED_OUT, WITHDRAWN = "Rectifying", "Closed Out", "Withdrawn"
STATUSES = (RECTIFYING, CLOSED_OUT, WITHDRAWN)
ITEM_FIELDS = [
	"name",
	"serial_no",
	"unit",
	"problem",
	"measures",
	"responsible_leader_name",
	"responsible_person_name",
	"deadline",
	"remarks",
	"category",
	"source",
	"status",
]
# The chart's colour for each status.
STATUS_COLOURS = {RECTIFYING: "#f0ad4e", CLOSED_OUT: "#5cb85c", WITHDRAWN: "#a0a0a0"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	units = unit_positions()
	rows = get_rows(filters, units)
	categories = campaign_categories(filters.campaign)
	return get_columns(), rows, None, get_chart(rows, categories), get_summary(rows)


def validate_filters(filters) -> None:
	if not filters.get("campaign"):
		frappe.throw(_("Campaign: choose the campaign whose problems to list."), title=_("Missing Filter"))


def unit_positions() -> dict[str, tuple[int, int]]:
	"""Each unit the user may see, with its (lft, rgt): lft is the unit's place in the tree's order."""
	return {
		u.name: (u.lft or 0, u.rgt or 0)
		for u in frappe.get_list(UNIT, fields=["name", "lft", "rgt"], limit_page_length=0, order_by="lft asc")
	}


def units_under(unit: str, units: dict[str, tuple[int, int]]) -> list[str]:
	"""``unit`` and the units below it (among those the user may see)."""
	if unit not in units:
		return [unit]
	lft, rgt = units[unit]
	return [name for name, (left, right) in units.items() if left >= lft and right <= rgt]


def item_filters(filters, units: dict[str, tuple[int, int]], fields=("category", "source")) -> dict:
	"""The get_list filters shared by the list and the summary. An empty status means the problems
	that count (being rectified or closed out): a withdrawn item was dropped from its plan and is shown
	only on request."""
	out = {"campaign": filters.campaign}
	if filters.get("unit"):
		out["unit"] = ("in", units_under(filters.unit, units))
	for fieldname in (*fields, "responsible_person"):
		if filters.get(fieldname):
			out[fieldname] = filters.get(fieldname)
	out["status"] = filters.status if filters.get("status") else ("!=", WITHDRAWN)
	return out


def tree_order(units: dict[str, tuple[int, int]]):
	"""A sort key putting a row's unit in the tree's order (units the user cannot see go last)."""
	last = max((lft for lft, _rgt in units.values()), default=0) + 1
	return lambda unit: units.get(unit, (last, 0))[0]


def get_rows(filters, units: dict[str, tuple[int, int]]) -> list[dict]:
	rows = frappe.get_list(
		ITEM,
		fields=ITEM_FIELDS,
		filters=item_filters(filters, units),
		order_by="serial_no asc",
		limit_page_length=0,
	)
	position = tree_order(units)
	rows.sort(key=lambda row: (position(row.unit), row.unit, row.serial_no or 0))
	return rows


def campaign_categories(campaign: str) -> list[str]:
	return frappe.get_list(
		"ZGZ Problem Category",
		filters={"parent": campaign, "parenttype": "ZGZ Campaign", "parentfield": "categories"},
		fields=["category_name"],
		order_by="idx asc",
		parent_doctype="ZGZ Campaign",
		pluck="category_name",
	)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "serial_no", "label": _("No."), "fieldtype": "Int", "width": 70},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": UNIT, "width": 140},
		{"fieldname": "problem", "label": _("Problem Found"), "fieldtype": "Small Text", "width": 280},
		{"fieldname": "measures", "label": _("Rectification Measures"), "fieldtype": "Small Text", "width": 280},
		{"fieldname": "responsible_leader_name", "label": _("Responsible Leader"), "fieldtype": "Data", "width": 100},
		{"fieldname": "responsible_person_name", "label": _("Responsible Person"), "fieldtype": "Data", "width": 100},
		{"fieldname": "deadline", "label": _("Deadline"), "fieldtype": "Date", "width": 110},
		{"fieldname": "remarks", "label": _("Remarks"), "fieldtype": "Small Text", "width": 160},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 120},
		{"fieldname": "source", "label": _("Source"), "fieldtype": "Select", "width": 110},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Select", "width": 90},
		{"fieldname": "name", "label": _("Problem Item"), "fieldtype": "Link", "options": ITEM, "width": 160},
	]  # fmt: skip


def get_chart(rows: list[dict], categories: list[str]) -> dict | None:
	"""Problems per category (the campaign's order, then any others), stacked by status."""
	if not rows:
		return None
	counts: dict[tuple[str, str], int] = {}
	for row in rows:
		key = (row.category or "", row.status)
		counts[key] = counts.get(key, 0) + 1
	seen = {category for category, _status in counts}
	labels = [c for c in categories if c in seen] + sorted(seen.difference(categories))
	statuses = [s for s in STATUSES if any(status == s for _category, status in counts)]
	return {
		"data": {
			"labels": [label or _("No Category") for label in labels],
			"datasets": [
				{"name": _(status), "values": [counts.get((label, status), 0) for label in labels]}
				for status in statuses
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": [STATUS_COLOURS[s] for s in statuses],
	}


def get_summary(rows: list[dict]) -> list[dict]:
	day = getdate(today())
	rectifying = [r for r in rows if r.status == RECTIFYING]
	overdue = sum(1 for r in rectifying if r.deadline and getdate(r.deadline) < day)
	closed_out = sum(1 for r in rows if r.status == CLOSED_OUT)
	return [
		{"value": len(rows), "label": _("Problems"), "datatype": "Int", "indicator": "Blue"},
		{"value": len(rectifying), "label": _("Rectifying"), "datatype": "Int", "indicator": "Orange"},
		{"value": closed_out, "label": _("Closed Out"), "datatype": "Int", "indicator": "Green"},
		{
			"value": overdue,
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
	]
