# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""延期申请: a new deadline for a problem item, asked before the old one passes and decided by the
item's responsible leader through the Workflow "ZGZ Extension Approval". On approval the item takes
the new deadline (and counts the extension); a refusal keeps its reason on the timeline."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.campaign.permissions import is_unrestricted
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import ITEM, RECTIFYING


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
		naming_series: DF.Literal["ZGZ-EXT-.YYYY.-"]
		new_deadline: DF.Date
		problem: DF.SmallText | None
		problem_item: DF.Link
		reason: DF.SmallText
		requested_by: DF.Link | None
		requested_by_name: DF.Data | None
		requested_on: DF.Date | None
		return_reason: DF.SmallText | None
		unit: DF.Link | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		item = frappe.get_doc(ITEM, self.problem_item)
		if self.is_new():
			self.validate_requester(item)
			self.validate_item_open(item)
			self.validate_single_request()
			self.current_deadline = item.deadline
			self.set_approver(item)
		self.validate_dates()
		workflow.check_transition(self)
		self.record_decision()

	def on_submit(self):
		frappe.get_doc(ITEM, self.problem_item).extend_deadline(self)

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

	def validate_single_request(self):
		pending = frappe.db.exists(
			self.doctype,
			{
				"problem_item": self.problem_item,
				"workflow_state": "Awaiting Approval",
				"name": ("!=", self.name),
			},
		)
		if pending:
			frappe.throw(
				_("{0}: request {1} for this item is still awaiting approval. Wait for its decision.").format(
					self.label("problem_item"), pending
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

	def set_approver(self, item):
		"""The responsible leader decides; if he asked himself, the unit's supervising leader does."""
		approver = item.responsible_leader
		if not approver or approver == self.requested_by:
			approver = frappe.db.get_value("ZGZ Unit", item.unit, "supervising_leader")
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
			return _("{0}: this request is decided by {1}, the item's responsible leader.").format(
				action, self.approver_name or self.approver
			)
		return None
