# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""申报: a nomination for 十佳优秀服务明星 (a person, 附件3) or 优质服务事例 (a case, 附件4).

Routing is Frappe's Workflow ("ZGZ Award Nomination", editable by an administrator): the unit drafts
it, the unit's head writes the opinion and signs, which stamps the unit's seal onto it; the lead unit
collects it and its head submits it up; the selection (zgz_app.recognition) marks it selected or not. This
controller supplies what the workflow's conditions read (``approver``, ``deputy_approver``) and the rules
no configuration may lift: the nomination window, one nomination per person, the forms' fields, and a
sealed form that nobody changes without returning it to the unit."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.core.awards import (
	SEALED_STATES,
	STAR,
	SUBMITTED_UP,
	TEXT_LIMIT,
	char_count,
	format_year_month,
	month_in_future,
	normalize_name,
	normalize_phone,
	parse_year_month,
)
from zgz_app.recognition.nominations import refresh_units_yet_to_nominate
from zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign import check_participating
from zgz_app.zgz_app.doctype.zgz_rectification_plan.zgz_rectification_plan import unit_people

DRAFT, RETURNED = "Draft", "Returned"
AWAITING_OPINION = "Awaiting Unit Opinion"
AWAITING_COLLECTION, COLLECTED = "Awaiting Collection", "Collected"
LEAD_STATES = (AWAITING_COLLECTION, COLLECTED)

STAR_FIELDS = (
	"nominee",
	"nominee_name",
	"post",
	"gender",
	"birth_month",
	"political_status",
	"honours",
	"deeds",
)
CASE_FIELDS = ("case_title", "lead_section", "case_leader", "case_leader_name", "practice")
# what the paper form shows: fixed once the unit has sealed it
FORM_FIELDS = ("award_kind", "campaign", "unit", "phone", "opinion", *STAR_FIELDS, *CASE_FIELDS)
# set by the app only, at signing and at submitting up
SIGNATURE_FIELDS = ("opinion_date", "signed_by", "signed_by_name", "seal", "submitted_by", "submitted_on")


class ZGZServiceAward(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approver: DF.Link | None
		approver_name: DF.Data | None
		average_score: DF.Float
		award_kind: DF.Literal["Service Star", "Service Case"]
		birth_month: DF.Data | None
		campaign: DF.Link
		case_leader: DF.Link | None
		case_leader_name: DF.Data | None
		case_title: DF.Data | None
		deeds: DF.Text | None
		deputy_approver: DF.Link | None
		gender: DF.Literal["", "Male", "Female"]
		honours: DF.SmallText | None
		lead_section: DF.Link | None
		naming_series: DF.Literal["ZGZ-AWD-.YYYY.-"]
		nominee: DF.Link | None
		nominee_name: DF.Data | None
		opinion: DF.SmallText | None
		opinion_date: DF.Date | None
		phone: DF.Data
		photo: DF.AttachImage | None
		political_status: DF.Literal[
			"",
			"CPC Member",
			"CPC Probationary Member",
			"CYL Member",
			"Democratic Party Member",
			"Non-party Personage",
			"The Masses",
		]
		post: DF.Data | None
		practice: DF.Text | None
		return_reason: DF.SmallText | None
		score_count: DF.Int
		seal: DF.AttachImage | None
		signed_by: DF.Link | None
		signed_by_name: DF.Data | None
		submitted_by: DF.Link | None
		submitted_on: DF.Date | None
		title: DF.Data | None
		unit: DF.Link
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.keep_signature()
		self.clear_other_kind()
		self.set_title()
		self.validate_campaign_unit()
		if self.is_new() and not self.amended_from:
			self.validate_window()
		self.validate_sealed_form()
		self.validate_nominee()
		self.validate_phone()
		self.validate_birth_month()
		self.validate_text_length()
		self.validate_unique()
		workflow.check_transition(self)
		self.take_transition()
		if self.docstatus == 0:
			self.set_approver()

	def on_change(self):
		if self.workflow_state == SUBMITTED_UP and self.flags.zgz_transition:
			# The selection is made from the ranking, all at once (zgz_app.recognition.scoring.publish_result):
			# nobody is chased nomination by nomination.
			self.flags.zgz_transition = None
			workflow.close_steps(self)
		else:
			workflow.follow_up(self)
		refresh_units_yet_to_nominate(self.campaign)

	def after_delete(self):
		refresh_units_yet_to_nominate(self.campaign)

	def label(self, fieldname: str) -> str:
		return _(self.meta.get_label(fieldname))

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words for who signs (see zgz_app.workflow.apply_workflow)."""
		signers = {self.approver, self.deputy_approver} - {None}
		if self.workflow_state in (AWAITING_OPINION, COLLECTED) and signers and user not in signers:
			names = "、".join(frappe.utils.get_fullname(u) for u in sorted(signers))
			return _("{0}: only {1} (Approver on the nomination) can {0} it.").format(action, names)
		return None

	# -- what the form holds -------------------------------------------------------------------------

	def keep_signature(self):
		"""Opinion date, signer, seal and submitter are the app's to set (see take_transition)."""
		before = self.get_doc_before_save()
		for fieldname in SIGNATURE_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)

	def clear_other_kind(self):
		for fieldname in CASE_FIELDS if self.award_kind == STAR else STAR_FIELDS:
			self.set(fieldname, None)

	def set_title(self):
		name = self.nominee_name if self.award_kind == STAR else self.case_title
		self.title = f"{(name or '').strip()}（{self.unit}）"

	def validate_campaign_unit(self):
		check_participating(self.campaign, self.unit, self.label("unit"))

	def validate_window(self):
		"""Units nominate between the campaign's Nominations Open and Nominations Due (new nominations,
		and a draft's first submission; the steps after it are the signers' and the lead unit's)."""
		campaign = frappe.get_cached_doc("ZGZ Campaign", self.campaign)
		opens, due = campaign.nomination_start, campaign.nomination_due
		if not (opens and due):
			frappe.throw(
				_(
					"Campaign: {0} takes no nominations, as its Nominations Open and Nominations Due are not "
					"set. Ask the campaign manager to set them."
				).format(campaign.title),
				title=_("Nominations Closed"),
			)
		day = getdate(today())
		if not getdate(opens) <= day <= getdate(due):
			frappe.throw(
				_(
					"Campaign: nominations for {0} are taken from {1} to {2}, and today is {3}. "
					"Nominate within those dates, or ask the campaign manager to change them."
				).format(
					campaign.title,
					frappe.format(opens, "Date"),
					frappe.format(due, "Date"),
					frappe.format(day, "Date"),
				),
				title=_("Nominations Closed"),
			)

	def validate_sealed_form(self):
		"""A sealed form is the unit's word: nobody edits it; the lead unit returns it to have it changed."""
		before = self.get_doc_before_save()
		if not before or before.workflow_state not in SEALED_STATES or self.workflow_state == RETURNED:
			return
		changed = [f for f in FORM_FIELDS if (self.get(f) or None) != (before.get(f) or None)]
		if changed:
			frappe.throw(
				_(
					"{0}: this nomination has been signed and sealed by {1}, so it can no longer be changed. "
					"Return it to the unit to have it changed and sealed again."
				).format(self.label(changed[0]), self.unit),
				title=_("Nomination Sealed"),
			)

	def validate_nominee(self):
		if self.award_kind != STAR or not self.nominee:
			return
		if self.nominee not in unit_people(self.unit):
			frappe.throw(
				_(
					"{0}: {1} is not a member of {2}. Choose a member of the nominating unit, or leave it "
					"empty and type the name."
				).format(self.label("nominee"), frappe.utils.get_fullname(self.nominee), self.unit),
				title=_("Invalid Nominee"),
			)

	def validate_phone(self):
		if not self.phone:
			return
		number = normalize_phone(self.phone)
		if not number:
			frappe.throw(
				_(
					"{0}: {1} is not a mainland mobile number (11 digits, e.g. 13812345678) or landline "
					"number (area code and number, e.g. 0519-82812345). Correct it."
				).format(self.label("phone"), self.phone),
				title=_("Invalid Phone Number"),
			)
		self.phone = number

	def validate_birth_month(self):
		if self.award_kind != STAR or not self.birth_month:
			return
		parsed = parse_year_month(self.birth_month)
		if not parsed:
			frappe.throw(
				_("{0}: {1} is not a year and month. Write it as year-month, e.g. 1985-06.").format(
					self.label("birth_month"), self.birth_month
				),
				title=_("Invalid Birth Month"),
			)
		if month_in_future(*parsed, getdate(today())):
			frappe.throw(
				_("{0}: {1} is in the future. Enter the year and month the nominee was born.").format(
					self.label("birth_month"), self.birth_month
				),
				title=_("Invalid Birth Month"),
			)
		self.birth_month = format_year_month(*parsed)

	def validate_text_length(self):
		fieldname = "deeds" if self.award_kind == STAR else "practice"
		count = char_count(self.get(fieldname))
		if count > TEXT_LIMIT:
			frappe.throw(
				_(
					"{0}: {1} characters, {2} over the limit of {3}. Shorten it by {2} characters "
					"(every character, letter, digit and punctuation mark counts; spaces and line breaks do not)."
				).format(self.label(fieldname), count, count - TEXT_LIMIT, TEXT_LIMIT),
				title=_("Too Long"),
			)

	def validate_unique(self):
		others = frappe.get_all(
			"ZGZ Service Award",
			filters={"campaign": self.campaign, "award_kind": self.award_kind, "name": ("!=", self.name)},
			fields=["name", "unit", "nominee", "nominee_name", "case_title"],
		)
		if self.award_kind == STAR:
			name = normalize_name(self.nominee_name)
			clash = next(
				(
					o
					for o in others
					if (self.nominee and o.nominee == self.nominee)
					or (o.unit == self.unit and normalize_name(o.nominee_name) == name)
				),
				None,
			)
			field, shown = "nominee_name", self.nominee_name
		else:
			title = normalize_name(self.case_title)
			clash = next(
				(o for o in others if o.unit == self.unit and normalize_name(o.case_title) == title), None
			)
			field, shown = "case_title", self.case_title
		if clash:
			frappe.throw(
				_(
					"{0}: {1} is already nominated in this campaign ({2}, {3}). Each is nominated once per "
					"campaign: open that nomination instead."
				).format(self.label(field), shown, clash.name, clash.unit),
				title=_("Duplicate Nomination"),
				exc=frappe.UniqueValidationError,
			)

	# -- the workflow's steps ------------------------------------------------------------------------

	def take_transition(self):
		transition = self.flags.zgz_transition
		if not transition:
			return
		if transition.state == DRAFT and transition.next_state == AWAITING_OPINION:
			self.validate_window()
		if transition.next_state == AWAITING_COLLECTION:
			self.sign_and_seal()
		elif transition.next_state == RETURNED:
			self.clear_signature()
		elif transition.next_state == SUBMITTED_UP:
			self.submitted_by, self.submitted_on = frappe.session.user, today()

	def sign_and_seal(self):
		if not (self.opinion or "").strip():
			frappe.throw(
				_("{0}: write the unit's opinion first, then sign and seal.").format(self.label("opinion")),
				title=_("Opinion Required"),
			)
		self.seal = self.copy_unit_seal()
		self.signed_by = frappe.session.user
		self.signed_by_name = frappe.utils.get_fullname(self.signed_by)
		self.opinion_date = today()

	def copy_unit_seal(self) -> str:
		"""The unit's seal as a private file of this nomination's own, so that the signed form keeps
		the seal it was signed with whatever later happens to the unit's."""
		url = frappe.db.get_value("ZGZ Unit", self.unit, "seal")
		if not url:
			frappe.throw(
				_(
					"{0}: unit {1} has no seal image to stamp on the form. Ask the campaign manager to "
					"attach it under Seal on the unit, then sign again."
				).format(self.label("seal"), self.unit),
				title=_("No Seal"),
			)
		source = frappe.db.get_value("File", {"file_url": url}, "name")
		if not source:
			return url  # a seal given as a link (no file of the site's): nothing to copy
		content = frappe.get_doc("File", source).get_content()
		extension = url.rsplit(".", 1)[-1].lower() if "." in url else "png"
		copy = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"seal-{self.name}.{extension}",
				"content": content,
				"is_private": 1,
				"attached_to_doctype": self.doctype,
				"attached_to_name": self.name,
				"attached_to_field": "seal",
			}
		).insert(ignore_permissions=True)
		return copy.file_url

	def clear_signature(self):
		for fieldname in SIGNATURE_FIELDS:
			self.set(fieldname, None)

	def set_approver(self):
		"""Who signs next: the unit's head (or deputy signatory) for the opinion and seal, the unit's
		supervising leader when the head is the nominee; once sealed, the lead unit's head, who
		submits it up."""
		if self.workflow_state in LEAD_STATES:
			lead_unit = frappe.db.get_value("ZGZ Campaign", self.campaign, "lead_unit")
			head, deputy = frappe.db.get_value("ZGZ Unit", lead_unit, ["head", "deputy"])
			if not head:
				frappe.throw(
					_(
						"Approver: the lead unit {0} has no Section Head to submit the nominations up. "
						"Ask the campaign manager to set one on the unit."
					).format(lead_unit),
					title=_("No Approver"),
				)
			self.set_approver_to(head, deputy)
			return
		unit = frappe.db.get_value(
			"ZGZ Unit", self.unit, ["head", "deputy", "supervising_leader"], as_dict=True
		)
		approver, deputy, missing = unit.head, unit.deputy, _("Section Head")
		if self.nominee and self.nominee in (unit.head, unit.deputy):
			approver, deputy, missing = unit.supervising_leader, None, _("Supervising Leader")
		if not approver:
			frappe.throw(
				_(
					"Approver: unit {0} has no {1} to sign the unit's opinion. Ask the campaign manager to "
					"set one on the unit."
				).format(self.unit, missing),
				title=_("No Approver"),
			)
		self.set_approver_to(approver, deputy if deputy and deputy != self.nominee else None)

	def set_approver_to(self, approver: str, deputy: str | None):
		# Frappe fetched approver_name before validate: fill in the name of the approver set here
		if approver != self.approver or not self.approver_name:
			self.approver_name = frappe.utils.get_fullname(approver)
		self.approver, self.deputy_approver = approver, deputy
