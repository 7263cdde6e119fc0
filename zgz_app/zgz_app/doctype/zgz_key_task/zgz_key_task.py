# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce, Max
from frappe.utils import getdate
from zgz_app.concurrency import counter_key, next_number
from zgz_app.core.dates import outside

TASK_COUNTER = "ZGZ-TASK-NO/"  # a Series row per campaign (set_task_no)


class ZGZKeyTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_key_task_unit.zgz_key_task_unit import ZGZKeyTaskUnit

		campaign: DF.Link
		cooperating_units: DF.TableMultiSelect[ZGZKeyTaskUnit]
		description: DF.TextEditor | None
		due_date: DF.Date | None
		lead_unit: DF.Link
		naming_series: DF.Literal["ZGZ-TASK-.YYYY.-"]
		responsible_leader: DF.Link | None
		responsible_leader_name: DF.Data | None
		task_no: DF.Int
		title: DF.SmallText

	# end: auto-generated types
	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.set_task_no()

	def validate(self):
		self.validate_due_date()
		self.validate_cooperating_units()

	def set_task_no(self):
		"""The next number in the campaign, from a counter per campaign (zgz_app.concurrency), so two
		tasks added at the same moment get two numbers."""
		task = frappe.qb.DocType("ZGZ Key Task")
		numbered_before = (
			frappe.qb.from_(task).select(Coalesce(Max(task.task_no), 0)).where(task.campaign == self.campaign)
		)
		self.task_no = next_number(counter_key(TASK_COUNTER, self.campaign), numbered_before)

	def validate_due_date(self):
		if not self.due_date:
			return
		start, end = frappe.db.get_value("ZGZ Campaign", self.campaign, ["start_date", "end_date"])
		if outside(getdate(self.due_date), getdate(start), getdate(end) if end else None):
			frappe.throw(
				_(
					"Due Date {0} is outside campaign {1} ({2} to {3}). Choose a date inside the campaign."
				).format(
					frappe.format(self.due_date, "Date"),
					self.campaign,
					frappe.format(start, "Date"),
					frappe.format(end, "Date") if end else _("ongoing"),
				),
				title=_("Invalid Due Date"),
			)

	def validate_cooperating_units(self):
		if any(row.unit == self.lead_unit for row in self.cooperating_units):
			frappe.throw(
				_(
					"Cooperating Units: {0} is the Lead Unit already. Remove it from Cooperating Units."
				).format(self.lead_unit),
				title=_("Invalid Cooperating Units"),
			)
