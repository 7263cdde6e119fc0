# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""A key task's dated milestone (倒排工期): what must be delivered by when. The lead unit plans them while
the task's plan is a draft or returned; once the responsible leader signs the plan they are fixed, and
the lead unit's reports move each one's progress (ZGZ Key Task Report). Own DocType rather than a child
table so that Frappe's Gantt view and the ledger can list them across tasks."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate
from zgz_app.core.key_tasks import PLAN_EDITABLE, TASK, milestone_date_errors

PLANNED_FIELDS = ("key_task", "deliverable", "start_date", "end_date")


class ZGZKeyTaskMilestone(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		campaign: DF.Link | None
		colour: DF.Literal["", "Blue", "Yellow", "Red"]
		completed_on: DF.Date | None
		deliverable: DF.SmallText
		end_date: DF.Date
		key_task: DF.Link
		lead_unit: DF.Link | None
		naming_series: DF.Literal["ZGZ-MS-.YYYY.-"]
		progress_percent: DF.Percent
		start_date: DF.Date
		task_title: DF.SmallText | None

	# end: auto-generated types
	def validate(self):
		self.validate_plan_open()
		self.validate_dates()

	def on_trash(self):
		self.validate_plan_open()

	def task(self):
		return frappe.db.get_value(
			TASK, self.key_task, ["campaign", "due_date", "workflow_state", "title"], as_dict=True
		)

	def validate_plan_open(self):
		"""The signed plan is what the lead unit answers for: its milestones change only after the leader
		returns it."""
		before = self.get_doc_before_save()
		if before and not self.flags.in_delete and not any(self.has_value_changed(f) for f in PLANNED_FIELDS):
			return
		state = self.task().workflow_state
		if state and state not in PLAN_EDITABLE:
			frappe.throw(
				_(
					"Key Task: the milestone plan of {0} is {1}; its milestones can no longer be added, "
					"changed or removed. Ask the responsible leader to return the plan first."
				).format(self.key_task, _(state)),
				title=_("Plan Signed"),
			)

	def validate_dates(self):
		task = self.task()
		start = frappe.db.get_value("ZGZ Campaign", task.campaign, "start_date")
		due = getdate(task.due_date) if task.due_date else None
		errors = milestone_date_errors(
			getdate(self.start_date) if self.start_date else None,
			getdate(self.end_date) if self.end_date else None,
			getdate(start) if start else None,
			due,
		)
		if not errors:
			return
		field, rule = errors[0]
		label = _(self.meta.get_label(field))
		date = frappe.format(self.get(field), "Date")
		if rule == "after_due":
			message = _("{0} {1} is after the task's due date {2}. Choose a date on or before it.").format(
				label, date, frappe.format(due, "Date")
			)
		elif rule == "before_campaign":
			message = _(
				"{0} {1} is before campaign {2} starts ({3}). Choose a date inside the campaign."
			).format(label, date, task.campaign, frappe.format(start, "Date"))
		elif rule == "after_end":
			message = _("{0} {1} is after the End Date. Choose a start on or before the end.").format(
				label, date
			)
		else:
			message = _("{0}: enter the date by which the deliverable is due.").format(label)
		frappe.throw(message, title=_("Invalid Milestone Date"))
