# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""评议指标: each evaluated unit's indicators as computed from the record today (missing shown as
missing), each column stating its formula; with a unit and an indicator chosen, the records behind that
figure, each linked (zgz_app.evaluation.indicators)."""

import frappe
from frappe import _
from zgz_app.core.evaluation import INDICATORS
from zgz_app.evaluation.indicators import compute, formulas, records


def execute(filters=None):
	filters = frappe._dict(filters or {})
	round_doc = frappe.get_doc("ZGZ Evaluation", filters.evaluation)
	round_doc.check_permission("read")
	if filters.unit and filters.indicator:
		return drill_down(round_doc, filters.unit, filters.indicator)
	units = [r.unit for r in round_doc.units]
	figures = compute(round_doc.campaign, units)
	explained = formulas()
	columns = [
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "ZGZ Unit", "width": 200}
	]
	columns += [
		{
			"fieldname": frappe.scrub(code),
			"label": _(code),
			"fieldtype": "Data",
			"width": 150,
			"description": explained[code],
		}
		for code in INDICATORS
	]
	missing = _("missing")
	data = [
		{
			"unit": unit,
			**{
				frappe.scrub(code): missing if figures[code][unit] is None else f"{figures[code][unit]:g}"
				for code in INDICATORS
			},
		}
		for unit in units
	]
	return columns, data, " ".join(f"{_(code)}: {explained[code]}" for code in INDICATORS)


def drill_down(round_doc, unit: str, code: str):
	rows = records(round_doc.campaign, unit, code)
	columns = [
		{"fieldname": "doctype", "label": _("Record Type"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "name",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "doctype",
			"width": 180,
		},
		{"fieldname": "detail", "label": _("Details"), "fieldtype": "Data", "width": 400},
	]
	data = [
		{
			"doctype": r["doctype"],
			"name": r["name"],
			"detail": "；".join(
				str(v) for k, v in r.items() if k not in ("doctype", "name") and v not in (None, "")
			),
		}
		for r in rows
	]
	return columns, data
