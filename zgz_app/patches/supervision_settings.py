"""ZGZ Settings gained the supervision fields: a site set up before gets their defaults (Frappe
applies a Single's defaults only when it is first created)."""

import frappe

DEFAULTS = {
	"routine_inspections": "Quarterly",
	"concentrated_inspections": 1,
	"inspection_rectify_days": 30,
	"statement_days": 5,
	"name_masking": "Surname and 某某",
}


def execute():
	singles = frappe.qb.Table("tabSingles")
	present = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where((singles.doctype == "ZGZ Settings") & singles.field.isin(list(DEFAULTS)))
		.run(pluck=True)
	)
	for field, value in DEFAULTS.items():
		if field not in present:
			frappe.db.set_single_value("ZGZ Settings", field, value)
