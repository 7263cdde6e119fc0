# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""评议结果: each unit's own page of its results — its weighted total, rank of how many, points by
criterion and ballots, for every closed round it was evaluated in. Until a round's results are published
a unit's people see their own unit's rows only (the lead office and the leading group see the whole
round); after, the whole ranking (zgz_app.evaluation.visibility.visible_results). The filter is a plain
round number, not a Link: a unit's people cannot search rounds they may not read whole."""

import frappe
from frappe import _
from zgz_app.evaluation.visibility import visible_results


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = visible_results(frappe.session.user, (filters.evaluation or "").strip() or None)
	columns = [
		{"fieldname": "title", "label": _("Evaluation"), "fieldtype": "Data", "width": 220},
		{"fieldname": "evaluation", "label": _("Evaluation Number"), "fieldtype": "Data", "width": 150},
		# Data, not a Link: Frappe drops a report's rows whose Link a User Permission does not allow
		# (get_filtered_data), which would hide a published ranking's other units from a unit's people.
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 180},
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "total",
			"label": _("Weighted Total"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{"fieldname": "ballots", "label": _("Ballots"), "fieldtype": "Int", "width": 80},
		{"fieldname": "figures", "label": _("Points by Criterion"), "fieldtype": "Data", "width": 320},
		{"fieldname": "missing", "label": _("Missing Data"), "fieldtype": "Data", "width": 160},
		{"fieldname": "flagged", "label": _("Among the Last"), "fieldtype": "Check", "width": 90},
	]
	data = [
		{
			**{c["fieldname"]: r[c["fieldname"]] for c in columns},
			"rank": _("Rank {0} of {1}").format(r.rank, r.ranked),
		}
		for r in rows
	]
	return columns, data, None, chart(rows)


def chart(rows):
	"""The weighted totals of the latest round shown, as a bar chart (a unit alone sees its own bar)."""
	if not rows:
		return None
	latest = [r for r in rows if r.evaluation == rows[0].evaluation]
	return {
		"data": {
			"labels": [r.unit for r in latest],
			"datasets": [{"name": _("Weighted Total"), "values": [r.total for r in latest]}],
		},
		"type": "bar",
		"colors": ["#c0392b"],
	}
