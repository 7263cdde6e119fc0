# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app.campaign.doc_number import check_doc_number
from zgz_app.campaign.status import refresh_campaign_status  # its old path here still answers
from zgz_app.concurrency import UniqueKeyMessage
from zgz_app.core.dates import Span, campaign_status, current_phase, outside, phase_problems, screening_open
from zgz_app.core.rules import GROUP_ROLES, LEADER, duplicates, leader_count
from zgz_app.core.titles import campaign_form_title


class ZGZCampaign(UniqueKeyMessage, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_award_criterion.zgz_award_criterion import ZGZAwardCriterion
		from zgz_app.zgz_app.doctype.zgz_campaign_phase.zgz_campaign_phase import ZGZCampaignPhase
		from zgz_app.zgz_app.doctype.zgz_campaign_unit.zgz_campaign_unit import ZGZCampaignUnit
		from zgz_app.zgz_app.doctype.zgz_leading_group_member.zgz_leading_group_member import (
			ZGZLeadingGroupMember,
		)
		from zgz_app.zgz_app.doctype.zgz_problem_category.zgz_problem_category import ZGZProblemCategory
		from zgz_app.zgz_app.doctype.zgz_screening_extension.zgz_screening_extension import (
			ZGZScreeningExtension,
		)
		from zgz_app.zgz_app.doctype.zgz_unit_yet_to_nominate.zgz_unit_yet_to_nominate import (
			ZGZUnitYettoNominate,
		)

		award_criteria: DF.Table[ZGZAwardCriterion]
		basis_document: DF.SmallText | None
		categories: DF.Table[ZGZProblemCategory]
		current_phase: DF.Data | None
		doc_number: DF.Data
		end_date: DF.Date | None
		form_title: DF.Data | None
		goals: DF.TextEditor | None
		group_preamble: DF.SmallText | None
		issue_date: DF.Date
		issuing_body: DF.Data | None
		lead_unit: DF.Link
		leading_group: DF.Table[ZGZLeadingGroupMember]
		naming_series: DF.Literal["ZGZ-CAMP-.YYYY.-"]
		nomination_due: DF.Date | None
		nomination_start: DF.Date | None
		organisation: DF.Data
		phases: DF.Table[ZGZCampaignPhase]
		problem_list_due: DF.Date | None
		scope: DF.SmallText | None
		screening_extensions: DF.Table[ZGZScreeningExtension]
		short_name: DF.Data
		start_date: DF.Date
		status: DF.Literal["Not Started", "In Progress", "Ended"]
		summary_due: DF.Date | None
		title: DF.Data
		units: DF.TableMultiSelect[ZGZCampaignUnit]
		units_yet_to_nominate: DF.Table[ZGZUnitYettoNominate]

	# end: auto-generated types
	def validate(self):
		self.set_form_title()
		self.validate_doc_number()
		self.validate_period()
		self.validate_phases()
		self.validate_deadlines()
		self.validate_leading_group()
		self.validate_categories()
		self.validate_units()
		self.validate_screening_extensions()
		self.validate_award_criteria()
		self.set_status(getdate(today()))

	def set_form_title(self):
		"""Title on Forms: as the office wrote it, or made once from the Campaign Name."""
		self.form_title = (self.form_title or "").strip() or campaign_form_title(self.short_name)

	def validate_doc_number(self):
		check_doc_number(self)

	def validate_period(self):
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_(
					"End Date {0} is before Start Date {1}. Set an End Date on or after the Start Date."
				).format(frappe.format(self.end_date, "Date"), frappe.format(self.start_date, "Date")),
				title=_("Invalid Dates"),
			)

	def phase_spans(self) -> list[Span]:
		return [
			Span(row.phase_name, getdate(row.start_date) if row.start_date else None, _opt_date(row.end_date))
			for row in self.phases
		]

	def validate_phases(self):
		problems = phase_problems(self.phase_spans(), getdate(self.start_date), _opt_date(self.end_date))
		if not problems:
			return
		messages = [_phase_message(self, p) for p in problems]
		frappe.throw("<br>".join(messages), title=_("Invalid Phases"))

	def validate_deadlines(self):
		start, end = getdate(self.start_date), _opt_date(self.end_date)
		for fieldname in ("problem_list_due", "nomination_start", "nomination_due", "summary_due"):
			value = _opt_date(self.get(fieldname))
			if outside(value, start, end):
				frappe.throw(
					_(
						"{0} {1} is outside the campaign ({2} to {3}). Choose a date inside the campaign."
					).format(
						_(self.meta.get_label(fieldname)),
						frappe.format(value, "Date"),
						frappe.format(start, "Date"),
						frappe.format(end, "Date") if end else _("ongoing"),
					),
					title=_("Invalid Deadline"),
				)
		opens, due = _opt_date(self.nomination_start), _opt_date(self.nomination_due)
		if opens and due and due < opens:
			frappe.throw(
				_("Nominations Due is before Nominations Open. Set it on or after {0}.").format(
					frappe.format(self.nomination_start, "Date")
				),
				title=_("Invalid Deadline"),
			)

	def validate_leading_group(self):
		count = leader_count(row.group_role for row in self.leading_group)
		if count != 1:
			frappe.throw(
				_(
					"Leading Group: there must be exactly one {0} (组长), found {1}. Set the Role in Group of one row to {0}."
				).format(_(LEADER), count),
				title=_("Invalid Leading Group"),
			)
		for row in self.leading_group:
			if row.group_role not in GROUP_ROLES:
				frappe.throw(
					_("Leading Group row {0}: Role in Group must be one of {1}.").format(
						row.idx, ", ".join(_(r) for r in GROUP_ROLES)
					),
					title=_("Invalid Leading Group"),
				)
		for user in duplicates(row.user for row in self.leading_group):
			frappe.throw(
				_("Leading Group: {0} is listed more than once. Remove the extra row.").format(user),
				title=_("Invalid Leading Group"),
			)

	def validate_categories(self):
		for name in duplicates((row.category_name or "").strip() for row in self.categories):
			frappe.throw(
				_(
					"Problem Categories: {0} is listed more than once. Each category name must be unique."
				).format(name),
				title=_("Duplicate Category"),
			)

	def validate_units(self):
		for unit in duplicates(row.unit for row in self.units):
			frappe.throw(
				_("Participating Units: {0} is listed more than once. Remove the extra one.").format(unit),
				title=_("Duplicate Unit"),
			)

	def validate_screening_extensions(self):
		units = {row.unit for row in self.units}
		start, end = getdate(self.start_date), _opt_date(self.end_date)
		for row in self.screening_extensions:
			if units and row.unit not in units:
				frappe.throw(
					_(
						"Screening Extensions row {0}: {1} does not take part in this campaign. Add it to "
						"Participating Units first."
					).format(row.idx, row.unit),
					title=_("Invalid Extension"),
				)
			if outside(getdate(row.extended_to), start, end):
				frappe.throw(
					_(
						"Screening Extensions row {0}: Extended To {1} is outside the campaign. Choose a "
						"date inside the campaign."
					).format(row.idx, frappe.format(row.extended_to, "Date")),
					title=_("Invalid Extension"),
				)

	def validate_award_criteria(self):
		from zgz_app.recognition.nominations import validate_criteria

		validate_criteria(self)

	def set_status(self, day: date):
		self.status = campaign_status(getdate(self.start_date), _opt_date(self.end_date), day)
		phase = current_phase(self.phase_spans(), day)
		self.current_phase = phase.name if phase else None

	def screening_spans(self) -> list[Span]:
		return [
			span
			for span, row in zip(self.phase_spans(), self.phases, strict=False)
			if row.phase_type == "Screening"
		]

	def screening_open_for(self, unit: str, day: date) -> bool:
		"""May ``unit`` file a new plan on ``day``: in a screening phase, or up to its extension."""
		extended = [getdate(row.extended_to) for row in self.screening_extensions if row.unit == unit]
		campaign = Span(self.name, getdate(self.start_date), _opt_date(self.end_date))
		return screening_open(self.screening_spans(), campaign, day, max(extended, default=None))

	def category_names(self) -> list[str]:
		return [row.category_name for row in self.categories]


def check_participating(campaign: str, unit: str, label: str) -> None:
	"""Records of a campaign belong to its participating units (a campaign listing none takes all)."""
	units = frappe.get_all(
		"ZGZ Campaign Unit", filters={"parent": campaign, "parenttype": "ZGZ Campaign"}, pluck="unit"
	)
	if units and unit not in units:
		frappe.throw(
			_("{0}: {1} does not take part in campaign {2}. Choose one of its participating units.").format(
				label, unit, campaign
			),
			title=_("Invalid Unit"),
		)


def _opt_date(value) -> date | None:
	return getdate(value) if value else None


def _phase_message(doc: ZGZCampaign, problem) -> str:
	row = doc.phases[problem.index]
	name = row.phase_name or _("row {0}").format(row.idx)
	if problem.kind == "missing_start":
		return _("Phases row {0}: set a Start Date.").format(row.idx)
	if problem.kind == "end_before_start":
		return _("Phase {0}: its End Date is before its Start Date. Swap or correct them.").format(name)
	if problem.kind == "before_campaign":
		return _(
			"Phase {0} starts before the campaign's Start Date {1}. Move it inside the campaign."
		).format(name, frappe.format(doc.start_date, "Date"))
	if problem.kind == "after_campaign":
		return _("Phase {0} ends after the campaign's End Date {1}. Move it inside the campaign.").format(
			name, frappe.format(doc.end_date, "Date")
		)
	other = doc.phases[problem.other]
	if problem.kind == "out_of_order":
		return _("Phase {0} starts before the phase above it ({1}). List the phases in date order.").format(
			name, other.phase_name
		)
	return _("Phase {0} overlaps the phase above it ({1}). Start it after {1} ends.").format(
		name, other.phase_name
	)
