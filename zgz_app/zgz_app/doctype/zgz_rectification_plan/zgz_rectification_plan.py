# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""整改方案 / 问题摸排表 (附件2): one per campaign per person (个人) or per unit (单位).

Sign-off is Frappe's Workflow ("ZGZ Plan Sign-off", a fixture an administrator may edit); this
controller only supplies what the workflow's conditions read (``approver``, ``deputy_approver``,
``plan_owner``) and the hard rules no configuration may lift: the rows' rules, the screening window,
one plan per owner, and nobody signing his own plan. Signing (docstatus 1) turns each row into a
ZGZ Problem Item; changing a signed plan goes through cancel and amend."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.campaign.permissions import is_unrestricted
from zgz_app.core.plan_rows import PlanContext, RowError, check_rows
from zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign import check_participating

PERSONAL, UNIT_PLAN = "Personal", "Unit"


class ZGZRectificationPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_plan_row.zgz_plan_row import ZGZPlanRow

		amended_from: DF.Link | None
		approver: DF.Link | None
		approver_name: DF.Data | None
		campaign: DF.Link
		deputy_approver: DF.Link | None
		naming_series: DF.Literal["ZGZ-PLAN-.YYYY.-"]
		owner_name: DF.Data | None
		plan_date: DF.Date
		plan_owner: DF.Link
		plan_type: DF.Literal["Personal", "Unit"]
		return_reason: DF.SmallText | None
		rows: DF.Table[ZGZPlanRow]
		signed_by: DF.Link | None
		signed_by_name: DF.Data | None
		signed_on: DF.Date | None
		title: DF.Data | None
		unit: DF.Link
		workflow_state: DF.Link | None
	# end: auto-generated types

	def before_validate(self):
		self.plan_owner = self.plan_owner or frappe.session.user
		self.plan_date = self.plan_date or today()

	def validate(self):
		self.set_title()
		self.validate_owner()
		self.validate_campaign_unit()
		self.validate_unique()
		if self.is_new() and not self.amended_from:
			self.validate_screening_open()
		if self.docstatus == 0:
			self.set_approver()
		self.set_row_defaults()
		self.validate_rows()
		workflow.check_transition(self)
		self.record_signature()

	def before_submit(self):
		if frappe.session.user == self.plan_owner:
			frappe.throw(
				_("You cannot sign your own plan. It must be signed by {0}.").format(
					self.approver_name or self.approver
				),
				frappe.PermissionError,
				title=_("Not Yours to Do"),
			)

	def on_submit(self):
		from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import create_items_from_plan

		create_items_from_plan(self)

	def on_change(self):
		workflow.follow_up(self)

	# Items link back to the plan; cancelling a signed plan (to amend it) keeps them.
	ignore_linked_doctypes = ("ZGZ Problem Item",)

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words for the commonest refusals (see zgz_app.workflow.apply_workflow)."""
		signers = {self.approver, self.deputy_approver} - {None}
		if user == self.plan_owner:
			return _("{0}: you cannot sign or return your own plan. It must be done by {1}.").format(
				action, self.approver_name or self.approver
			)
		if signers and user not in signers:
			names = "、".join(frappe.utils.get_fullname(u) for u in sorted(signers))
			return _(
				"{0}: this plan is signed by {1} (Approver on the plan, set from unit {2}). "
				"Only they can {0} it."
			).format(action, names, self.unit)
		return None

	def set_title(self):
		if self.plan_type == UNIT_PLAN:
			self.title = _("{0} Rectification Plan").format(self.unit)
		else:
			name = self.owner_name or frappe.utils.get_fullname(self.plan_owner)
			self.title = _("{0} ({1}) Rectification Plan").format(name, self.unit)

	def unit_info(self):
		if not getattr(self, "_unit_info", None):
			self._unit_info = frappe.db.get_value(
				"ZGZ Unit", self.unit, ["head", "deputy", "supervising_leader"], as_dict=True
			)
		return self._unit_info

	def validate_owner(self):
		"""Who files what, checked when the plan is made or its owner, level or unit change (the
		signers save it too, through the workflow)."""
		if not (self.is_new() or any(self.has_value_changed(f) for f in ("plan_owner", "plan_type", "unit"))):
			return
		user = frappe.session.user
		unit = self.unit_info()
		privileged = is_unrestricted(user)
		if self.plan_type == PERSONAL:
			if not privileged and self.plan_owner != user:
				frappe.throw(
					_("Filled In By: you can only file your own personal plan. Set it to yourself."),
					title=_("Invalid Plan"),
				)
			if self.plan_owner not in unit_people(self.unit, descendants=False):
				frappe.throw(
					_(
						"Reporting Unit: {0} is not a member of {1}. Choose the unit {0} belongs to, "
						"or ask the campaign manager to add them to it."
					).format(frappe.utils.get_fullname(self.plan_owner), self.unit),
					title=_("Invalid Plan"),
				)
		elif not privileged and user not in (unit.head, unit.deputy):
			frappe.throw(
				_(
					"Plan Level: only the section head or deputy signatory of {0} files its unit plan. "
					"File a personal plan instead."
				).format(self.unit),
				title=_("Invalid Plan"),
			)

	def validate_campaign_unit(self):
		check_participating(self.campaign, self.unit, _("Reporting Unit"))

	def validate_unique(self):
		filters = {
			"campaign": self.campaign,
			"plan_type": self.plan_type,
			"docstatus": ("<", 2),
			"name": ("!=", self.name),
		}
		if self.plan_type == PERSONAL:
			filters["plan_owner"] = self.plan_owner
		else:
			filters["unit"] = self.unit
		other = frappe.db.get_value("ZGZ Rectification Plan", filters)
		if other:
			frappe.throw(
				_(
					"There is already a plan for this owner in this campaign: {0}. Open and edit it "
					"(or cancel and amend it if it is signed)."
				).format(other),
				title=_("Duplicate Plan"),
				exc=frappe.UniqueValidationError,
			)

	def validate_screening_open(self):
		campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
		if campaign.screening_open_for(self.unit, getdate(today())):
			return
		screening = campaign.screening_spans()
		if screening:
			period = "; ".join(
				f"{s.name} {frappe.format(s.start, 'Date')}–{frappe.format(s.end, 'Date') if s.end else ''}"
				for s in screening
			)
		else:
			period = (
				f"{frappe.format(campaign.start_date, 'Date')}–{frappe.format(campaign.end_date, 'Date')}"
			)
		frappe.throw(
			_(
				"Campaign: new plans are taken only during the screening phase ({0}). Ask the campaign "
				"manager to extend it for {1} under Screening Extensions on the campaign."
			).format(period, self.unit),
			title=_("Screening Closed"),
		)

	def set_approver(self):
		unit = self.unit_info()
		if self.plan_type == PERSONAL and self.plan_owner != unit.head:
			approver, deputy, missing = unit.head, unit.deputy, _("Section Head")
		else:
			approver, deputy, missing = unit.supervising_leader, None, _("Supervising Leader")
		if not approver:
			frappe.throw(
				_(
					"Approver: unit {0} has no {1} to sign this plan. Ask the campaign manager to set one "
					"on the unit."
				).format(self.unit, missing),
				title=_("No Approver"),
			)
		self.approver = approver
		self.deputy_approver = deputy if deputy and deputy != self.plan_owner else None

	def set_row_defaults(self):
		carried = self.carried_items() if any(row.problem_item for row in self.rows) else set()
		for row in self.rows:
			if not row.responsible_person and self.plan_type == PERSONAL:
				row.responsible_person = self.plan_owner
			if not row.responsible_leader:
				row.responsible_leader = self.approver
			# Frappe fetched the names before validate ran: fill in those of the defaults set here
			for field in ("responsible_person", "responsible_leader"):
				if row.get(field) and not row.get(f"{field}_name"):
					row.set(f"{field}_name", frappe.utils.get_fullname(row.get(field)))
			if not row.source:
				row.source = "Self-found"
			if row.problem_item and row.problem_item not in carried:
				row.problem_item = None  # copied from an unrelated plan: it gets its own item

	def carried_items(self) -> set[str]:
		if not self.amended_from:
			return set()
		return set(frappe.get_all("ZGZ Problem Item", filters={"plan": self.amended_from}, pluck="name"))

	def context(self) -> PlanContext:
		campaign = frappe.get_cached_doc("ZGZ Campaign", self.campaign)
		return PlanContext(
			plan_date=getdate(self.plan_date),
			campaign_end=_opt_date(campaign.end_date),
			categories=tuple(campaign.category_names()),
			unit_people=frozenset(unit_people(self.unit)),
		)

	def validate_rows(self):
		if not self.rows:
			frappe.throw(
				_("Problems and Measures: add at least one row (a problem and its measures)."),
				title=_("Invalid Plan"),
			)
		rows = [dict(r.as_dict(), deadline=_opt_date(r.deadline)) for r in self.rows]
		ctx = self.context()
		errors = check_rows(rows, ctx)
		if errors:
			frappe.throw("<br>".join(row_error_message(e, ctx) for e in errors), title=_("Invalid Rows"))

	def record_signature(self):
		user = frappe.session.user
		if self.flags.zgz_transition and not self.flags.zgz_reason_given:
			if user in (self.approver, self.deputy_approver):
				self.signed_by = user
				self.signed_on = today()


def _opt_date(value):
	return getdate(value) if value else None


def unit_people(unit: str, descendants: bool = True) -> set[str]:
	"""Members, head and deputy of ``unit`` (and, by default, of the units under it)."""
	units = [unit]
	if descendants:
		lft, rgt = frappe.db.get_value("ZGZ Unit", unit, ["lft", "rgt"])
		units = frappe.get_all("ZGZ Unit", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")
	people = set(
		frappe.get_all(
			"ZGZ Unit Member", filters={"parent": ("in", units), "parenttype": "ZGZ Unit"}, pluck="user"
		)
	)
	for row in frappe.get_all("ZGZ Unit", filters={"name": ("in", units)}, fields=["head", "deputy"]):
		people.update(u for u in (row.head, row.deputy) if u)
	return people


def row_error_message(error: RowError, ctx: PlanContext) -> str:
	"""One line per bad cell: which row, which column (as the paper form names it), what to do."""
	label = _(frappe.get_meta("ZGZ Plan Row").get_label(error.field))
	where = _("Row {0}, {1}").format(error.row, label)
	return f"{where}: {row_error_detail(error, ctx)}"


def row_error_detail(error: RowError, ctx: PlanContext) -> str:
	"""What is wrong with the cell and what to do (the Excel import puts its own row and column first)."""
	if error.kind == "required":
		what = _("is empty. Fill it in.")
	elif error.kind == "deadline_before_plan":
		what = _("{0} is before the plan's date {1}. Choose a later date.").format(
			frappe.format(error.value, "Date"), frappe.format(ctx.plan_date, "Date")
		)
	elif error.kind == "deadline_after_campaign":
		what = _("{0} is after the campaign ends ({1}). Choose a date inside the campaign.").format(
			frappe.format(error.value, "Date"), frappe.format(ctx.campaign_end, "Date")
		)
	elif error.kind == "category_required":
		what = _("is empty. Choose one of: {0}.").format("、".join(ctx.categories))
	elif error.kind == "unknown_category":
		what = _("{0} is not one of this campaign's categories. Choose one of: {1}.").format(
			error.value, "、".join(ctx.categories)
		)
	elif error.kind == "unknown_source":
		what = _("{0} is not a known source. Choose one from the list.").format(error.value)
	elif error.kind == "person_outside_unit":
		what = _("{0} is not in this unit. Choose a member of the unit.").format(
			frappe.utils.get_fullname(error.value)
		)
	else:  # pragma: no cover - every kind of core.plan_rows is handled above
		what = error.kind
	return what


@frappe.whitelist()
def default_unit() -> str | None:
	"""The unit the current user files under: the one he heads, else the first he is a member of."""
	user = frappe.session.user
	return frappe.db.get_value("ZGZ Unit", {"head": user}) or frappe.db.get_value(
		"ZGZ Unit Member", {"user": user, "parenttype": "ZGZ Unit"}, "parent"
	)
