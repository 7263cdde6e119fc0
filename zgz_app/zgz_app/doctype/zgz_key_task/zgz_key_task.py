# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce, Max
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.campaign.permissions import is_unrestricted, unit_grants
from zgz_app.concurrency import counter_key, next_number
from zgz_app.core.dates import outside
from zgz_app.core.key_tasks import AWAITING_SIGNATURE, AWAITING_VERIFICATION, CLOSED_OUT, MILESTONE, SIGNED

TASK_COUNTER = "ZGZ-TASK-NO/"  # a Series row per campaign (set_task_no)


class ZGZKeyTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_key_task_unit.zgz_key_task_unit import ZGZKeyTaskUnit

		campaign: DF.Link
		closed_by: DF.Link | None
		closed_on: DF.Date | None
		colour: DF.Literal["", "Blue", "Yellow", "Red"]
		cooperating_units: DF.TableMultiSelect[ZGZKeyTaskUnit]
		description: DF.TextEditor | None
		due_date: DF.Date | None
		last_report_date: DF.Date | None
		lead_unit: DF.Link
		lead_unit_deputy: DF.Link | None
		lead_unit_head: DF.Link | None
		naming_series: DF.Literal["ZGZ-TASK-.YYYY.-"]
		progress_percent: DF.Percent
		responsible_leader: DF.Link | None
		responsible_leader_name: DF.Data | None
		return_reason: DF.SmallText | None
		signed_by: DF.Link | None
		signed_on: DF.Date | None
		task_no: DF.Int
		title: DF.SmallText
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.set_task_no()

	def validate(self):
		self.validate_due_date()
		self.validate_cooperating_units()
		workflow.check_transition(self)
		self.validate_plan_submitted()
		self.validate_close_out()
		self.record_signature()

	def on_change(self):
		workflow.follow_up(self)

	def moving_to(self, state: str) -> bool:
		transition = self.flags.zgz_transition
		return bool(transition and transition.next_state == state and not self.flags.zgz_reason_given)

	def milestones(self) -> list:
		return frappe.get_all(
			MILESTONE,
			filters={"key_task": self.name},
			fields=["name", "deliverable", "start_date", "end_date", "progress_percent", "completed_on"],
			order_by="end_date asc, name asc",
		)

	def validate_plan_submitted(self):
		"""A plan goes to the responsible leader with its milestones and someone to sign it."""
		if not self.moving_to(AWAITING_SIGNATURE):
			return
		if not self.responsible_leader:
			frappe.throw(
				_("Responsible Leader: set the leader who signs this task's milestone plan, then submit it."),
				title=_("Responsible Leader Missing"),
			)
		if not self.milestones():
			frappe.throw(
				_("Milestones: add the task's dated milestones (倒排工期) before submitting the plan."),
				title=_("No Milestones"),
			)

	def validate_close_out(self):
		"""销号: only the lead office, never the lead unit itself, and only once every milestone is done."""
		if not self.moving_to(CLOSED_OUT):
			return
		user = frappe.session.user
		grants = unit_grants(user)
		if self.lead_unit in grants:
			frappe.throw(
				_(
					"Closed Out By: {0} belongs to Lead Unit {1} and cannot verify its own task. "
					"The lead office ({2}) verifies it against its milestones."
				).format(frappe.utils.get_fullname(user), self.lead_unit, self.lead_office() or _("not set")),
				frappe.PermissionError,
				title=_("Not Yours to Do"),
			)
		refused = self.outside_lead_office(user)
		if refused:
			frappe.throw(refused, frappe.PermissionError, title=_("Not Yours to Do"))
		still_open = [m for m in self.milestones() if not m.completed_on]
		if still_open:
			frappe.throw(
				_(
					"Milestones: {0} of them are not completed ({1}). Close out the task only when the lead "
					"unit has reported each milestone at 100%, or return it."
				).format(
					len(still_open), "；".join(frappe.utils.cstr(m.deliverable)[:30] for m in still_open)
				),
				title=_("Open Milestones"),
			)

	def outside_lead_office(self, user: str) -> str | None:
		"""Why ``user`` may not verify (销号 or return) the task, unless he is of the lead office."""
		office = self.lead_office()
		if is_unrestricted(user) or (office and office in unit_grants(user)):
			return None
		return _(
			"Closed Out By: only the lead office ({0}) closes out a key task. Ask it to verify the "
			"task against its milestones."
		).format(office or _("Lead Unit of the campaign, not set"))

	def lead_office(self) -> str | None:
		return frappe.db.get_value("ZGZ Campaign", self.campaign, "lead_unit")

	def record_signature(self):
		if self.moving_to(SIGNED) and frappe.session.user == self.responsible_leader:
			self.signed_by, self.signed_on = frappe.session.user, today()
		if self.moving_to(CLOSED_OUT):
			self.closed_by, self.closed_on = frappe.session.user, today()

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words for the commonest refusals (see zgz_app.workflow.apply_workflow)."""
		if self.workflow_state == AWAITING_SIGNATURE and user != self.responsible_leader:
			return _("{0}: this milestone plan is signed by {1} (Responsible Leader on the task).").format(
				action, self.responsible_leader_name or self.responsible_leader or _("nobody yet")
			)
		if user in (self.lead_unit_head, self.lead_unit_deputy) and action == _("Close Out"):
			return _(
				"Closed Out By: Lead Unit {0} cannot verify its own task. The lead office ({1}) verifies it "
				"against its milestones."
			).format(self.lead_unit, self.lead_office() or _("not set"))
		if self.workflow_state == AWAITING_VERIFICATION:
			return self.outside_lead_office(user)
		return None

	def set_task_no(self):
		"""The next number in the campaign, from a counter per campaign (zgz_app.concurrency), so two
		tasks added at the same moment get two numbers."""
		task = frappe.qb.DocType("ZGZ Key Task")
		numbered_before = (
			frappe.qb.from_(task).select(Coalesce(Max(task.task_no), 0)).where(task.campaign == self.campaign)
		)
		self.task_no = next_number(counter_key(TASK_COUNTER, self.campaign), numbered_before)

	def validate_due_date(self):
		if self.due_date:
			validate_due_date_in_campaign(self.campaign, self.due_date)

	def extend_due_date(self, request) -> None:
		"""From an approved ZGZ Extension Request: the new due date (the change is in the task's history).
		The signed milestones stay as signed: each is on or before the old due date, so before the new
		one; moving them means the leader returns the plan."""
		self.due_date = request.new_deadline
		self.save(ignore_permissions=True)
		self.add_comment("Info", request.timeline_note(_("Due date extended from {0} to {1} ({2}): {3}")))

	def validate_cooperating_units(self):
		if any(row.unit == self.lead_unit for row in self.cooperating_units):
			frappe.throw(
				_(
					"Cooperating Units: {0} is the Lead Unit already. Remove it from Cooperating Units."
				).format(self.lead_unit),
				title=_("Invalid Cooperating Units"),
			)


def validate_due_date_in_campaign(campaign: str, due_date, label: str = "Due Date") -> None:
	"""A task's due date (or the new one an extension asks for) lies inside its campaign."""
	start, end = frappe.db.get_value("ZGZ Campaign", campaign, ["start_date", "end_date"])
	if outside(getdate(due_date), getdate(start), getdate(end) if end else None):
		frappe.throw(
			_("{0} {1} is outside campaign {2} ({3} to {4}). Choose a date inside the campaign.").format(
				_(label),
				frappe.format(due_date, "Date"),
				campaign,
				frappe.format(start, "Date"),
				frappe.format(end, "Date") if end else _("ongoing"),
			),
			title=_("Invalid Due Date"),
		)
