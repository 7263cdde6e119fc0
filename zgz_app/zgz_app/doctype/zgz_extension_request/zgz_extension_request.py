# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""延期申请: a new deadline for a problem item or a key task (重点工作), asked before the old one passes and
decided by its responsible leader through the Workflow "ZGZ Extension Approval". On approval the item
takes the new deadline (and counts the extension), the task its new due date; a refusal keeps its reason
on the timeline.

One DocType for both (exactly one of *Problem Item* and *Key Task* is set): the same approvers, the same
routing and the same rules. For a key task the responsible leader decides because he signed its
milestone plan (倒排工期, seed 001's level-by-level sign-off: whoever signed a plan decides a change to
it), as for an item; only the task's lead unit, which answers for the task, asks."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.campaign.permissions import is_unrestricted, unit_grants
from zgz_app.core.key_tasks import SIGNED, TASK
from zgz_app.zgz_app.doctype.zgz_key_task.zgz_key_task import validate_due_date_in_campaign
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import ITEM, RECTIFYING

SOURCES = (("problem_item", ITEM), ("key_task", TASK))  # what an extension is for: exactly one is set


class ZGZExtensionRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approver: DF.Link | None
		approver_name: DF.Data | None
		campaign: DF.Link | None
		current_deadline: DF.Date | None
		decided_by: DF.Link | None
		decided_on: DF.Date | None
		key_task: DF.Link | None
		naming_series: DF.Literal["ZGZ-EXT-.YYYY.-"]
		new_deadline: DF.Date
		problem: DF.SmallText | None
		problem_item: DF.Link | None
		reason: DF.SmallText
		requested_by: DF.Link | None
		requested_by_name: DF.Data | None
		requested_on: DF.Date | None
		return_reason: DF.SmallText | None
		unit: DF.Link | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		source = self.source()
		if self.is_new():
			if self.key_task:
				self.validate_task_requester(source)
				self.validate_task_open(source)
				self.set_task_fields(source)
			else:
				self.validate_requester(source)
				self.validate_item_open(source)
				self.current_deadline = source.deadline
			self.validate_single_request()
			self.set_approver(source)
		self.validate_dates()
		workflow.check_transition(self)
		self.record_decision()

	def on_submit(self):
		if self.key_task:
			self.source().extend_due_date(self)
		else:
			self.source().extend_deadline(self)

	def timeline_note(self, message: str) -> str:
		"""``message`` (translated; {0} the old date, {1} the new, {2} this request, {3} its reason) for
		the timeline of the item or task it moved."""
		return message.format(
			frappe.utils.formatdate(self.current_deadline),
			frappe.utils.formatdate(self.new_deadline),
			self.name,
			self.reason,
		)

	def source_field(self) -> str:
		return "key_task" if self.key_task else "problem_item"

	def source(self):
		"""The problem item or the key task asked about; refused unless exactly one is named."""
		named = [field for field, _doctype in SOURCES if self.get(field)]
		if len(named) != 1:
			frappe.throw(
				_(
					"{0} / {1}: name exactly one, the problem item or the key task whose deadline is to move."
				).format(self.label("problem_item"), self.label("key_task")),
				title=_("Invalid Extension"),
			)
		return frappe.get_doc(dict(SOURCES)[named[0]], self.get(named[0]))

	def on_change(self):
		workflow.follow_up(self)

	def label(self, field: str) -> str:
		return _(self.meta.get_label(field))

	def validate_requester(self, item):
		user = frappe.session.user
		if not is_unrestricted(user) and user not in item.responsible_people():
			frappe.throw(
				_(
					"{0}: only the item's responsible person or leader, or its unit's head, asks for its extension."
				).format(self.label("problem_item")),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
		self.requested_by, self.requested_on = user, today()

	def validate_item_open(self, item):
		if item.status != RECTIFYING:
			frappe.throw(
				_("{0}: item {1} is {2}; only an item being rectified can be extended.").format(
					self.label("problem_item"), item.name, _(item.status)
				),
				title=_("Not Rectifying"),
			)

	def validate_task_requester(self, task):
		"""Only the task's lead unit answers for the task, so only its people ask to move its due date."""
		user = frappe.session.user
		if not is_unrestricted(user) and task.lead_unit not in unit_grants(user):
			frappe.throw(
				_(
					"{0}: {1} is not of Lead Unit {2}; only the lead unit asks for its task's extension. Ask {3} of {2}."
				).format(
					self.label("key_task"),
					frappe.utils.get_fullname(user),
					task.lead_unit,
					frappe.utils.get_fullname(task.lead_unit_head) if task.lead_unit_head else _("the head"),
				),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
		self.requested_by, self.requested_on = user, today()

	def validate_task_open(self, task):
		if task.workflow_state != SIGNED or not task.due_date:
			frappe.throw(
				_(
					"{0}: task {1} is {2}; only a task under way (its milestone plan signed) with a Due Date can be extended."
				).format(self.label("key_task"), task.name, _(task.workflow_state or "Draft")),
				title=_("Not Under Way"),
			)

	def set_task_fields(self, task):
		"""What fetch_from gives an item's request (one link per fetched field, so set here)."""
		self.campaign, self.unit, self.problem = task.campaign, task.lead_unit, task.title
		self.current_deadline = task.due_date

	def validate_single_request(self):
		field = self.source_field()
		pending = frappe.db.exists(
			self.doctype,
			{field: self.get(field), "workflow_state": "Awaiting Approval", "name": ("!=", self.name)},
		)
		if pending:
			frappe.throw(
				_("{0}: request {1} for this item is still awaiting approval. Wait for its decision.").format(
					self.label(field), pending
				),
				title=_("Already Requested"),
			)

	def validate_dates(self):
		if self.docstatus != 0 or self.workflow_state not in (None, "", "Awaiting Approval"):
			return
		if self.is_new() and getdate(self.requested_on or today()) > getdate(self.current_deadline):
			frappe.throw(
				_(
					"{0}: the deadline {1} has passed. An extension must be asked before the deadline; ask the campaign manager about an overdue item."
				).format(self.label("current_deadline"), frappe.utils.formatdate(self.current_deadline)),
				title=_("Too Late to Extend"),
			)
		if getdate(self.new_deadline) <= getdate(self.current_deadline):
			frappe.throw(
				_("{0}: choose a day after the current deadline {1}.").format(
					self.label("new_deadline"), frappe.utils.formatdate(self.current_deadline)
				),
				title=_("Invalid Date"),
			)
		if self.key_task:
			validate_due_date_in_campaign(self.campaign, self.new_deadline, "New Deadline")

	def set_approver(self, source):
		"""The responsible leader (of the item, or the task's who signed its plan) decides; if he asked
		himself, the (lead) unit's supervising leader does."""
		approver = source.responsible_leader
		if not approver or approver == self.requested_by:
			approver = frappe.db.get_value("ZGZ Unit", self.unit, "supervising_leader")
		if not approver or approver == self.requested_by:
			frappe.throw(
				_(
					"{0}: nobody else can approve this extension. Set the item's Responsible Leader, or the unit's Supervising Leader, first."
				).format(self.label("approver")),
				title=_("No Approver"),
			)
		self.approver = approver

	def record_decision(self):
		transition = self.flags.zgz_transition
		if transition and transition.next_state in ("Approved", "Rejected"):
			self.decided_by, self.decided_on = frappe.session.user, today()

	def workflow_refusal(self, user: str, action: str) -> str | None:
		if user == self.requested_by:
			return _("{0}: you cannot decide your own request. It is decided by {1}.").format(
				action, self.approver_name or self.approver
			)
		if user != self.approver:
			return _("{0}: this request is decided by {1}, the approver named on it.").format(
				action, self.approver_name or self.approver
			)
		return None
