# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""问题汇总: how many problems each unit found, by category or by source, with totals.

One grouped ``frappe.get_list`` counts the items (so a user limited to his unit counts only its
items); small queries give the units' tree order, the campaign's participating units and its
categories. The number of queries does not depend on the number of items. The total row is Frappe's
(``add_total_row`` on the report)."""

import frappe
from frappe import _
from zgz_app.core.plan_rows import SOURCES
from zgz_app.zgz_app.report.zgz_problem_list.zgz_problem_list import (
	ITEM,
	UNIT,
	campaign_categories,
	item_filters,
	tree_order,
	unit_positions,
	units_under,
	validate_filters,
)

GROUPINGS = {"Category": "category", "Source": "source"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	group_field = GROUPINGS.get(filters.get("group_by") or "Category")
	if not group_field:
		frappe.throw(_("Group By: choose Category or Source."), title=_("Invalid Filter"))
	units = unit_positions()
	counts = count_items(filters, units, group_field)
	groups = group_values(counts, group_field, filters.campaign)
	columns = get_columns(groups, group_field)
	shown = {unit for unit, _value in counts} | participating_units(filters, units)
	position = tree_order(units)
	rows = get_rows(counts, groups, sorted(shown, key=lambda unit: (position(unit), unit)))
	return columns, rows, None, get_chart(rows, columns)


def count_items(filters, units, group_field: str) -> dict[tuple[str, str], int]:
	"""{(unit, category or source): number of items}, from one grouped query."""
	grouped = frappe.get_list(
		ITEM,
		fields=["unit", group_field, "count(name) as items"],
		filters=item_filters(filters, units, fields=()),
		group_by=f"unit, {group_field}",
		order_by="unit asc",
		limit_page_length=0,
	)
	return {(row.unit, row.get(group_field) or ""): row["items"] for row in grouped}


def participating_units(filters, units) -> set[str]:
	"""The campaign's participating units the user may see (within the unit filter): they get a row
	even with no problems, which is what a summary is read for."""
	names = frappe.get_list(
		"ZGZ Campaign Unit",
		filters={"parent": filters.campaign, "parenttype": "ZGZ Campaign", "parentfield": "units"},
		fields=["unit"],
		parent_doctype="ZGZ Campaign",
		pluck="unit",
	)
	wanted = set(units_under(filters.unit, units)) if filters.get("unit") else set(units)
	return wanted.intersection(names)


def group_values(counts: dict[tuple[str, str], int], group_field: str, campaign: str) -> list[str]:
	"""The columns' values: the campaign's categories (or all sources) in their own order, then any
	other value found, and "" last when some items have none."""
	found = {value for _unit, value in counts}
	known = campaign_categories(campaign) if group_field == "category" else list(SOURCES)
	extra = sorted(v for v in found.difference(known) if v)
	return known + extra + ([""] if "" in found else [])


def column_fieldname(index: int) -> str:
	return f"g{index}"


def get_columns(groups: list[str], group_field: str) -> list[dict]:
	columns = [{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": UNIT, "width": 160}]
	for index, value in enumerate(groups):
		if not value:
			label = _("No Category") if group_field == "category" else _("No Source")
		else:
			label = value if group_field == "category" else _(value)
		columns.append(
			{"fieldname": column_fieldname(index), "label": label, "fieldtype": "Int", "width": 110}
		)
	columns.append({"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 90})
	return columns


def get_rows(counts: dict[tuple[str, str], int], groups: list[str], units: list[str]) -> list[dict]:
	"""One row per unit of ``units`` (in that order): a count per group and the unit's total."""
	index = {value: i for i, value in enumerate(groups)}
	rows = {
		unit: {"unit": unit, **{column_fieldname(i): 0 for i in index.values()}, "total": 0} for unit in units
	}
	for (unit, value), number in counts.items():
		rows[unit][column_fieldname(index[value])] += number
		rows[unit]["total"] += number
	return list(rows.values())


def get_chart(rows: list[dict], columns: list[dict]) -> dict | None:
	"""A bar per unit, stacked by category (or source); empty categories are left out."""
	groups = [c for c in columns[1:-1] if any(row[c["fieldname"]] for row in rows)]
	if not groups:
		return None
	return {
		"data": {
			"labels": [row["unit"] for row in rows],
			"datasets": [
				{"name": column["label"], "values": [row[column["fieldname"]] for row in rows]}
				for column in groups
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
