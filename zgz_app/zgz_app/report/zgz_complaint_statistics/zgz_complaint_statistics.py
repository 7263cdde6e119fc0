# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""投诉举报统计: per handling unit, the public complaints received, upheld, answered, answered on time,
and how the complainants rated the answers (有诉必应, seed 004).

One grouped ``frappe.get_list`` (so a unit's people count only what was passed to their unit, and never
read the complainant's identity); complaints not yet passed on count under 待分办. The total row is
Frappe's (``add_total_row``). The unit filter takes the unit and the units under it, as the problem
reports do; the rectification ledger shows these counts' totals and links here."""

import frappe
from frappe import _
from zgz_app.zgz_app.report.zgz_problem_list.zgz_problem_list import unit_positions, units_under

REPORT = "ZGZ Complaint Statistics"
COMPLAINT = "ZGZ Complaint"
ANSWERED = ("Answered",)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_rows(filters)


def get_columns() -> list[dict]:
	count = lambda name, label: {"fieldname": name, "label": _(label), "fieldtype": "Int", "width": 110}  # noqa: E731
	return [
		{
			"fieldname": "unit",
			"label": _("Handling Unit"),
			"fieldtype": "Link",
			"options": "ZGZ Unit",
			"width": 200,
		},
		count("received", "Received"),
		count("upheld", "Upheld"),
		count("answered", "Answered"),
		count("on_time", "Answered on Time"),
		{"fieldname": "on_time_percent", "label": _("On Time %"), "fieldtype": "Percent", "width": 110},
		count("satisfied", "Satisfied"),
		count("unsatisfied", "Unsatisfied"),
		count("reopened", "Reopened"),
	]


def list_filters(filters, units: dict[str, tuple[int, int]] | None = None) -> dict:
	out = {}
	if filters.campaign:
		out["campaign"] = filters.campaign
	if filters.get("unit"):
		out["unit"] = ("in", units_under(filters.unit, units if units is not None else unit_positions()))
	if filters.from_date and filters.to_date:
		out["received_on"] = ("between", (filters.from_date, filters.to_date))
	elif filters.from_date:
		out["received_on"] = (">=", filters.from_date)
	elif filters.to_date:
		out["received_on"] = ("<=", filters.to_date)
	return out


def get_rows(filters, units: dict[str, tuple[int, int]] | None = None) -> list[dict]:
	"""One row per handling unit; ``units`` (each unit's place in the tree, as ``unit_positions`` gives
	them) spares the query when the caller has them."""
	groups = frappe.get_list(
		COMPLAINT,
		filters=list_filters(filters, units),
		fields=[
			"unit",
			"finding",
			"workflow_state",
			"answered_on_time",
			"rating",
			"reopen_count",
			"count(name) as n",
		],
		group_by="unit, finding, workflow_state, answered_on_time, rating, reopen_count",
		order_by="unit",
		limit_page_length=0,
	)
	rows: dict[str, dict] = {}
	for g in groups:
		row = rows.setdefault(
			g.unit or "",
			{
				"unit": g.unit or _("Awaiting Triage"),
				**dict.fromkeys(
					("received", "upheld", "answered", "on_time", "satisfied", "unsatisfied", "reopened"), 0
				),
			},
		)
		row["received"] += g.n
		row["upheld"] += g.n if g.finding == "Upheld" and g.workflow_state in ANSWERED else 0
		row["answered"] += g.n if g.workflow_state in ANSWERED else 0
		row["on_time"] += g.n if g.workflow_state in ANSWERED and g.answered_on_time else 0
		row["satisfied"] += g.n if g.rating in ("Satisfied", "Basically Satisfied") else 0
		row["unsatisfied"] += g.n if g.rating == "Unsatisfied" else 0
		row["reopened"] += g.n if g.reopen_count else 0
	for row in rows.values():
		row["on_time_percent"] = round(100 * row["on_time"] / row["answered"], 1) if row["answered"] else None
	return [rows[k] for k in sorted(rows, key=lambda k: (k == "", k))]
