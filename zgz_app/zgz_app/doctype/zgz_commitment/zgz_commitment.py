# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""公开承诺: a unit's service commitments for a year (年初对外承诺, seed 004) — each service, its time
limit, what a citizen can expect and whom to call. Drafted by the unit, signed by its head through the
Workflow "ZGZ Commitment Sign-off" (草稿 → 待签 → 已公开, or returned with a reason); once signed it is
shown on the public page /commitments (zgz_app.evaluation.commitments) and checked mid-year by the lead
office (ZGZ Commitment Check). One signed set per campaign, unit and year: a change is made by cancel →
amend."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today
from zgz_app import workflow
from zgz_app.core.evaluation import commitment_row_errors


class ZGZCommitment(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		self.title = _("{0} {1} Public Commitments").format(self.unit, self.year)

	def validate(self):
		self.validate_rows()
		self.validate_one_signed_set()
		if self.docstatus == 0:
			self.set_approver()
		workflow.check_transition(self)
		self.validate_approver()
		self.record_signature()

	def on_change(self):
		workflow.follow_up(self)

	def validate_rows(self):
		if not self.commitments:
			frappe.throw(
				_("{0}: add at least one service the unit commits to, with its time limit.").format(
					_(self.meta.get_label("commitments"))
				),
				title=_("No Commitments"),
			)
		meta = frappe.get_meta("ZGZ Commitment Item")
		for idx, field in commitment_row_errors([r.as_dict() for r in self.commitments]):
			frappe.throw(
				_("{0}, row {1}: {2} is missing. Write it (e.g. 3个工作日内办结) and save again.").format(
					_(self.meta.get_label("commitments")), idx, _(meta.get_label(field))
				),
				title=_("Commitment Incomplete"),
			)

	def validate_one_signed_set(self):
		if not (self.is_new() or self.docstatus == 1):
			return
		signed = frappe.db.get_value(
			"ZGZ Commitment",
			{
				"campaign": self.campaign,
				"unit": self.unit,
				"year": self.year,
				"docstatus": 1,
				"name": ("!=", self.name or ""),
			},
		)
		if signed:
			frappe.throw(
				_(
					"{0}: {1} already has signed commitments for {2} ({3}). Change those instead: cancel "
					"and amend {3}."
				).format(_(self.meta.get_label("year")), self.unit, self.year, signed),
				frappe.UniqueValidationError,
				title=_("Already Signed"),
			)

	def set_approver(self):
		self.approver = frappe.db.get_value("ZGZ Unit", self.unit, "head") if self.unit else None
		# set here, after Frappe's fetch_from ran on the links: the name follows the approver now
		self.approver_name = frappe.utils.get_fullname(self.approver) if self.approver else None

	def validate_approver(self):
		"""Sent for signature, the set needs a head to sign it."""
		if self.workflow_state == "Awaiting Signature" and not self.approver:
			frappe.throw(
				_("{0}: {1} has no head to sign its commitments. Set the unit's Head first.").format(
					_(self.meta.get_label("unit")), self.unit
				),
				title=_("No Signer"),
			)

	def record_signature(self):
		if self.flags.zgz_transition and self.docstatus == 1:
			self.signed_by = frappe.session.user
			self.signed_by_name = frappe.utils.get_fullname(self.signed_by)
			self.signed_on = today()

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words when someone other than the head tries (see zgz_app.workflow.apply_workflow)."""
		if self.approver and user != self.approver:
			return _(
				"{0}: the commitments of {1} are signed by its head, {2}. Only they can {0} them."
			).format(action, self.unit, frappe.utils.get_fullname(self.approver))
		return None
