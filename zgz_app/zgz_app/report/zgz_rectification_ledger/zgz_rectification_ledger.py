# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""整改台账: one row per problem item as it stands today: its warning colour (蓝 / 黄 / 红), worked out
live with the escalation rules (zgz_app.core.escalation, with the thresholds and working days of ZGZ
Settings), its overdue days (in working days), progress, extensions, status, responsible people and
deadline. The colour is the one the daily digest chases: only items being rectified have one (an item
awaiting verification is with its verifier). Overdue days count for every item not closed out.

The public complaints (投诉举报) of the same campaign and unit count in the summary: received, upheld and
answered on time. Their counts per unit are the report 投诉举报统计, which the ledger links with its
campaign and unit: a ledger row is a problem item, and a unit's complaint counts on each of its items'
rows would repeat, and add up wrong in any total. The summary's totals are that report's rows summed
(one grouped query).

Everything is read with ``frappe.get_list``, so a user limited to his unit sees only its items and the
complaints passed to it. The number of queries does not depend on the number of rows: the units (their
tree order), the items, the complaints and the settings."""

from datetime import date
from urllib.parse import quote, urlencode

import frappe
from frappe import _
from frappe.utils import getdate, today
from zgz_app.core.escalation import BLUE, RED, YELLOW, Thresholds, WorkCalendar, colour, overdue_days
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import ITEM, OPEN_STATES, RECTIFYING
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings
from zgz_app.zgz_app.report.zgz_complaint_statistics import zgz_complaint_statistics as complaint_statistics
from zgz_app.zgz_app.report.zgz_problem_list.zgz_problem_list import (
	UNIT,
	item_filters,
	tree_order,
	unit_positions,
	validate_filters,
)

ITEM_FIELDS = [
	"name",
	"serial_no",
	"unit",
	"problem",
	"category",
	"responsible_leader_name",
	"responsible_person_name",
	"deadline",
	"original_deadline",
	"extension_count",
	"progress_percent",
	"last_progress_on",
	"status",
	"closed_on",
]
COLOURS = (RED, YELLOW, BLUE)
# The chart's and the indicator's colour for each warning colour (zgz_rectification_ledger.js too).
CHART_COLOURS = {RED: "#e24c4c", YELLOW: "#f2b01e", BLUE: "#2490ef"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	validate_colour(filters)
	units = unit_positions()
	settings = get_settings()
	rows = get_rows(filters, units, getdate(today()), settings.thresholds(), settings.calendar())
	complaints = complaint_totals(filters, units)
	return get_columns(), rows, complaints_link(filters), get_chart(rows), get_summary(rows, complaints)


COMPLAINT_COUNTS = ("received", "upheld", "on_time")


def complaint_totals(filters, units) -> dict[str, int]:
	"""The complaints of the ledger's campaign (and unit, with the units under it), summed over the
	per-unit rows of 投诉举报统计."""
	scope = frappe._dict(campaign=filters.campaign, unit=filters.get("unit"))
	rows = complaint_statistics.get_rows(scope, units)
	return {key: sum(row[key] for row in rows) for key in COMPLAINT_COUNTS}


def complaints_link(filters) -> str:
	"""The report's message: a link to the complaints per unit, with the ledger's campaign and unit."""
	query = {"campaign": filters.campaign, **({"unit": filters.unit} if filters.get("unit") else {})}
	url = "/app/query-report/{}?{}".format(quote(complaint_statistics.REPORT), urlencode(query))
	label = _("Public complaints per unit: received, upheld, answered on time")
	return f'<a href="{frappe.utils.escape_html(url)}">{frappe.utils.escape_html(label)}</a>'


def validate_colour(filters) -> None:
	if filters.get("colour") and filters.colour not in COLOURS:
		frappe.throw(
			_("Warning Colour: choose Red, Yellow or Blue, or leave it empty."), title=_("Invalid Filter")
		)


def get_rows(filters, units, day: date, thresholds: Thresholds, calendar: WorkCalendar) -> list[dict]:
	rows = frappe.get_list(
		ITEM,
		fields=ITEM_FIELDS,
		filters=item_filters(filters, units, fields=("category",)),
		order_by="serial_no asc",
		limit_page_length=0,
	)
	for row in rows:
		row.update(standing(row, day, thresholds, calendar))
	if filters.get("colour"):
		rows = [row for row in rows if row.colour == filters.colour]
	if filters.get("overdue_only"):
		rows = [row for row in rows if row.overdue_days]
	position = tree_order(units)
	rows.sort(key=lambda row: (position(row.unit), row.unit, row.serial_no or 0))
	return rows


def standing(row, day: date, thresholds: Thresholds, calendar: WorkCalendar) -> dict:
	"""How an item stands on ``day``: working days left (negative once overdue), overdue days, colour."""
	if row.status not in OPEN_STATES or not row.deadline:
		return {"days_left": None, "overdue_days": 0, "colour": None}
	left = calendar.days_left(day, getdate(row.deadline))
	live = colour(left, row.progress_percent, thresholds) if row.status == RECTIFYING else None
	return {"days_left": left, "overdue_days": overdue_days(left), "colour": live}


def get_columns() -> list[dict]:
	return [
		{"fieldname": "serial_no", "label": _("No."), "fieldtype": "Int", "width": 60},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": UNIT, "width": 130},
		{"fieldname": "colour", "label": _("Warning Colour"), "fieldtype": "Data", "width": 90},
		{"fieldname": "problem", "label": _("Problem Found"), "fieldtype": "Small Text", "width": 240},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 110},
		{"fieldname": "responsible_leader_name", "label": _("Responsible Leader"), "fieldtype": "Data", "width": 90},
		{"fieldname": "responsible_person_name", "label": _("Responsible Person"), "fieldtype": "Data", "width": 90},
		{"fieldname": "deadline", "label": _("Deadline"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Working Days Left"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue_days", "label": _("Overdue Days"), "fieldtype": "Int", "width": 80},
		{"fieldname": "progress_percent", "label": _("Progress"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "last_progress_on", "label": _("Last Progress Update"), "fieldtype": "Date", "width": 100},
		{"fieldname": "extension_count", "label": _("Extensions Granted"), "fieldtype": "Int", "width": 80},
		{"fieldname": "original_deadline", "label": _("Original Deadline"), "fieldtype": "Date", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Select", "width": 100},
		{"fieldname": "closed_on", "label": _("Closed Out On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "name", "label": _("Problem Item"), "fieldtype": "Link", "options": ITEM, "width": 150},
	]  # fmt: skip


def get_chart(rows: list[dict]) -> dict | None:
	"""A bar per unit with coloured items, stacked red / yellow / blue."""
	counts: dict[tuple[str, str], int] = {}
	units: list[str] = []
	for row in rows:
		if not row.colour:
			continue
		if row.unit not in units:
			units.append(row.unit)
		counts[(row.unit, row.colour)] = counts.get((row.unit, row.colour), 0) + 1
	if not units:
		return None
	shown = [c for c in COLOURS if any(found == c for _unit, found in counts)]
	return {
		"data": {
			"labels": units,
			"datasets": [
				{"name": _(c), "values": [counts.get((unit, c), 0) for unit in units]} for c in shown
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": [CHART_COLOURS[c] for c in shown],
	}


def get_summary(rows: list[dict], complaints: dict[str, int]) -> list[dict]:
	by_colour = {c: sum(1 for r in rows if r.colour == c) for c in COLOURS}
	overdue = sum(1 for r in rows if r.overdue_days)
	on_time = complaints["on_time"]
	return [
		{"value": len(rows), "label": _("Problems"), "datatype": "Int", "indicator": "Grey"},
		{"value": by_colour[RED], "label": _("Red"), "datatype": "Int", "indicator": "Red"},
		{"value": by_colour[YELLOW], "label": _("Yellow"), "datatype": "Int", "indicator": "Yellow"},
		{"value": by_colour[BLUE], "label": _("Blue"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": overdue,
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
		{"value": complaints["received"], "label": _("Complaints Received"), "datatype": "Int", "indicator": "Grey"},
		{"value": complaints["upheld"], "label": _("Complaints Upheld"), "datatype": "Int", "indicator": "Orange"},
		{"value": on_time, "label": _("Complaints Answered on Time"), "datatype": "Int", "indicator": "Green"},
	]  # fmt: skip
