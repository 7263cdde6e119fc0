# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""问题: one problem to be rectified and closed out. Made from each row of a signed plan (later also
from inspections and complaints). Its 序号 is numbered per campaign and unit, without gaps, and never
changes; an item is never deleted (a row dropped by an amended plan is marked Withdrawn)."""

import frappe
from frappe import _
from frappe.model.document import Document

ITEM = "ZGZ Problem Item"
ROW_FIELDS = (
	"problem",
	"measures",
	"category",
	"source",
	"responsible_leader",
	"responsible_person",
	"deadline",
	"remarks",
)


class ZGZProblemItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		campaign: DF.Link
		category: DF.Data | None
		deadline: DF.Date
		level: DF.Literal["Unit", "Personal"]
		measures: DF.SmallText
		naming_series: DF.Literal["ZGZ-ITEM-.YYYY.-"]
		origin: DF.Literal["Rectification Plan", "Inspection", "Complaint"]
		plan: DF.Link | None
		plan_row: DF.Data | None
		problem: DF.SmallText
		remarks: DF.SmallText | None
		responsible_leader: DF.Link | None
		responsible_leader_name: DF.Data | None
		responsible_person: DF.Link | None
		responsible_person_name: DF.Data | None
		serial_no: DF.Int
		source: DF.Literal[
			"Self-found",
			"Raised by Leaders",
			"Raised by the Public",
			"Raised by the Organisation",
			"Inspection Feedback",
			"Complaint or Report",
			"Supervision Finding",
			"Unannounced Check",
		]
		status: DF.Literal["Rectifying", "Closed Out", "Withdrawn"]
		unit: DF.Link
	# end: auto-generated types

	def before_insert(self):
		self.serial_no = next_serial(self.campaign, self.unit)

	def on_trash(self):
		frappe.throw(
			_("Problem items are never deleted. To drop one, amend the plan it came from without its row."),
			title=_("Not Allowed"),
		)


def on_doctype_update():
	# The 序号 is unique per campaign and unit; the index also serves the numbering and the reports.
	frappe.db.add_unique(ITEM, ["campaign", "unit", "serial_no"], constraint_name="unique_serial_per_unit")


def next_serial(campaign: str, unit: str) -> int:
	"""The next 序号 for ``unit`` in ``campaign``.

	Locks the unit's row until the transaction ends, so two approvals at the same moment take turns
	instead of the same number; a rolled-back approval leaves no gap because its number was never kept."""
	frappe.db.sql("select name from `tabZGZ Unit` where name = %s for update", unit)
	last = frappe.db.sql(
		"select max(serial_no) from `tabZGZ Problem Item` where campaign = %s and unit = %s", (campaign, unit)
	)[0][0]
	return (last or 0) + 1


def create_items_from_plan(plan) -> list[str]:
	"""On signing: one item per row, in row order. An amended plan updates the items its rows carry
	over (the change is on each item's timeline) and withdraws those it dropped."""
	level = "Personal" if plan.plan_type == "Personal" else "Unit"
	kept = []
	for row in plan.rows:
		values = {field: row.get(field) for field in ROW_FIELDS}
		values.update(plan=plan.name, plan_row=row.name, level=level)
		if row.problem_item:
			item = frappe.get_doc(ITEM, row.problem_item)
			item.update(values)
			item.save(ignore_permissions=True)
		else:
			item = frappe.get_doc(
				{
					"doctype": ITEM,
					"campaign": plan.campaign,
					"unit": plan.unit,
					"origin": "Rectification Plan",
				}
			)
			item.update(values)
			item.insert(ignore_permissions=True)
			row.db_set("problem_item", item.name, update_modified=False)
		kept.append(item.name)
	if plan.amended_from:
		dropped = frappe.get_all(
			ITEM,
			filters={"plan": plan.amended_from, "name": ("not in", kept or [""]), "status": "Rectifying"},
			pluck="name",
		)
		for name in dropped:
			item = frappe.get_doc(ITEM, name)
			item.status = "Withdrawn"
			item.save(ignore_permissions=True)
			item.add_comment(
				"Info", _("Withdrawn: its row was removed when plan {0} was amended.").format(plan.name)
			)
	return kept
