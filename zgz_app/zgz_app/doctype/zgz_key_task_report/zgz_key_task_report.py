# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""A progress report on one milestone of a key task, by its lead unit or a cooperating unit, with an
attachment (more in the sidebar). The lead unit's figure is the milestone's progress (100% completes it);
the task's progress is the average of its milestones. Reports are due each week or month (ZGZ Settings);
who has not reported is worked out in zgz_app.key_tasks.reporting."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, today
from zgz_app.core.escalation import percent_error
from zgz_app.core.key_tasks import MILESTONE, TASK, UNDER_WAY


class ZGZKeyTaskReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		campaign: DF.Link | None
		key_task: DF.Link | None
		milestone: DF.Link
		naming_series: DF.Literal["ZGZ-KTR-.YYYY.-"]
		note: DF.SmallText
		percent: DF.Percent
		report_date: DF.Date | None
		reported_by: DF.Link | None
		unit: DF.Link

	# end: auto-generated types
	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.report_date = today()
			self.reported_by = frappe.session.user
			self.key_task = frappe.db.get_value(MILESTONE, self.milestone, "key_task")

	def validate(self):
		self.validate_task_under_way()
		self.validate_unit()
		self.validate_percent()

	def on_update(self):
		self.update_milestone()

	def task(self):
		if not getattr(self, "_task", None):
			self._task = frappe.get_doc(TASK, self.key_task)
		return self._task

	def validate_task_under_way(self):
		state = self.task().workflow_state
		if state not in UNDER_WAY:
			frappe.throw(
				_(
					"Milestone: key task {0} is {1}; progress is reported once the responsible leader has "
					"signed its milestone plan and until it is closed out."
				).format(self.key_task, _(state or "")),
				title=_("Not Under Way"),
			)

	def validate_unit(self):
		task = self.task()
		units = [task.lead_unit, *(r.unit for r in task.cooperating_units)]
		if self.unit not in units:
			frappe.throw(
				_(
					"Reporting Unit: {0} is neither the lead unit nor a cooperating unit of key task {1}. "
					"Choose one of: {2}."
				).format(self.unit, self.key_task, "、".join(units)),
				title=_("Invalid Reporting Unit"),
			)

	def validate_percent(self):
		if percent_error(self.percent):
			frappe.throw(
				_("Milestone Progress: enter a figure from 0 to 100."), title=_("Invalid Milestone Progress")
			)

	def update_milestone(self):
		"""The lead unit's report sets the milestone's progress; the task takes the average of them."""
		task = self.task()
		if self.unit != task.lead_unit:
			return  # a cooperating unit reports its part; the milestone is the lead unit's to move
		percent = flt(self.percent)
		frappe.db.set_value(
			MILESTONE,
			self.milestone,
			{"progress_percent": percent, "completed_on": self.report_date if percent >= 100 else None},
			update_modified=False,
		)
		figures = frappe.get_all(MILESTONE, filters={"key_task": task.name}, pluck="progress_percent")
		average = sum(flt(f) for f in figures) / len(figures) if figures else 0
		frappe.db.set_value(
			TASK,
			task.name,
			{"progress_percent": average, "last_report_date": self.report_date},
			update_modified=False,
		)
