# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""问题: one problem to be rectified and closed out. Made from each row of a signed plan (later also
from inspections and complaints). Its 序号 is numbered per campaign and unit, without gaps, and never
changes; an item is never deleted (a row dropped by an amended plan is marked Withdrawn).

Close-out (销号) is Frappe's Workflow "ZGZ Close-out" on the status field: the responsible person (or
leader) asks with a statement and evidence, an inspector or the responsible leader who did not ask
verifies or sends it back with a reason, and from the look-back day (回头看) an inspector may reopen
it. A closed item is locked. Progress is recorded as ZGZ Progress Update records; extensions as ZGZ
Extension Request records; both write onto the item here and on its timeline."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce, Max
from frappe.utils import add_days, getdate, today
from zgz_app import workflow
from zgz_app.campaign.permissions import is_unrestricted
from zgz_app.concurrency import UniqueKeyMessage, counter_key, next_number
from zgz_app.integrity import user_changes

ITEM = "ZGZ Problem Item"
RECTIFYING, AWAITING, CLOSED, WITHDRAWN = "Rectifying", "Awaiting Verification", "Closed Out", "Withdrawn"
OPEN_STATES = (RECTIFYING, AWAITING)
LOCKED_STATES = (CLOSED, WITHDRAWN)
# What the responsible people fill in themselves, while the item is being rectified.
RESPONSIBLE_FIELDS = ("closeout_note", "closeout_evidence")
# The fields the app keeps itself (who asked and verified, when, counts, colour, progress, the 序号) are
# at permlevel 1, which no role may write: Frappe resets them on any save by a user, form and REST alike.
# The close-out workflow moves the status (its own rules); guard_changes covers what permlevels cannot say.
STATE_FIELD = "status"
SERIAL_KEY = "unique_serial_per_unit"
SERIAL_COUNTER = "ZGZ-ITEM-SERIAL/"  # a Series row per campaign and unit (next_serial)
ROW_FIELDS = (
	"problem",
	"measures",
	"category",
	"source",
	"responsible_leader",
	"responsible_person",
	"deadline",
	"remarks",
)


class ZGZProblemItem(UniqueKeyMessage, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		campaign: DF.Link
		category: DF.Data | None
		closed_on: DF.Date | None
		closeout_evidence: DF.Attach | None
		closeout_note: DF.SmallText | None
		closeout_requested_by: DF.Link | None
		closeout_requested_on: DF.Date | None
		colour: DF.Literal["", "Blue", "Yellow", "Red"]
		deadline: DF.Date
		extension_count: DF.Int
		finding: DF.Link | None
		last_progress_on: DF.Date | None
		level: DF.Literal["Unit", "Personal"]
		measures: DF.SmallText
		naming_series: DF.Literal["ZGZ-ITEM-.YYYY.-"]
		origin: DF.Literal["Rectification Plan", "Inspection", "Complaint"]
		original_deadline: DF.Date | None
		plan: DF.Link | None
		plan_row: DF.Data | None
		problem: DF.SmallText
		progress_percent: DF.Percent
		remarks: DF.SmallText | None
		reopen_count: DF.Int
		responsible_leader: DF.Link | None
		responsible_leader_name: DF.Data | None
		responsible_person: DF.Link | None
		responsible_person_name: DF.Data | None
		return_reason: DF.SmallText | None
		review_due: DF.Date | None
		serial_no: DF.Int
		source: DF.Literal[
			"Self-found",
			"Raised by Leaders",
			"Raised by the Public",
			"Raised by the Organisation",
			"Inspection Feedback",
			"Complaint or Report",
			"Supervision Finding",
			"Unannounced Check",
		]
		status: DF.Literal["Rectifying", "Awaiting Verification", "Closed Out", "Withdrawn"]
		unit: DF.Link
		verified_by: DF.Link | None
		verified_by_name: DF.Data | None
	# end: auto-generated types

	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.serial_no = next_serial(self.campaign, self.unit)
			self.original_deadline = self.deadline

	def validate(self):
		if not self.is_new():
			self.guard_changes()
		workflow.check_transition(self)
		self.record_transition()

	def on_change(self):
		if not self.flags.in_insert:  # a new item waits for its rectification, not for a person's action
			workflow.follow_up(self)

	def guard_changes(self):
		"""What permlevels cannot say: a closed or withdrawn item is locked; otherwise the responsible
		people may fill in the close-out fields of their own item, and only the campaign manager may change
		the rest. The app's own writes (plan amendment, extensions) set ``flags.zgz_system``."""
		if self.flags.zgz_system:
			return
		changed = user_changes(self, STATE_FIELD)
		if not changed:
			return
		label = self.label(changed[0])
		before = self.get_doc_before_save()
		if before.status in LOCKED_STATES:
			frappe.throw(
				_(
					"{0}: this item is {1} and locked. An inspector can reopen it from its look-back day."
				).format(label, _(before.status)),
				title=_("Item Locked"),
			)
		user = frappe.session.user
		if is_unrestricted(user):
			return
		others = [f for f in changed if f not in RESPONSIBLE_FIELDS]
		if others:
			frappe.throw(self.refusal_for(others[0]), frappe.PermissionError, title=_("Not Allowed"))
		if before.status != RECTIFYING:
			frappe.throw(
				_(
					"{0}: the close-out request is with the verifier; it can be changed if it is sent back."
				).format(label),
				title=_("Not Allowed"),
			)
		if user not in self.responsible_people():
			frappe.throw(
				_(
					"{0}: only the item's responsible person or leader, or the unit's head, fills this in."
				).format(label),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)

	def label(self, fieldname: str) -> str:
		return _(self.meta.get_label(fieldname))

	def refusal_for(self, fieldname: str) -> str:
		"""Why a responsible person may not change ``fieldname``, and what to do instead."""
		if fieldname == "deadline":
			return _(
				"{0}: the deadline is moved by an approved extension. Ask for one from the item."
			).format(self.label(fieldname))
		return _(
			"{0}: only the campaign manager can change this; you fill in the close-out statement and evidence."
		).format(self.label(fieldname))

	def responsible_people(self) -> set[str]:
		"""Who answers for this item: its responsible person and leader, and its unit's head and deputy."""
		unit = frappe.db.get_value("ZGZ Unit", self.unit, ["head", "deputy"], as_dict=True) or {}
		return {
			u
			for u in (self.responsible_person, self.responsible_leader, unit.get("head"), unit.get("deputy"))
			if u
		}

	def record_transition(self):
		transition = self.flags.zgz_transition
		if not transition:
			return
		user, day = frappe.session.user, today()
		if transition.next_state == AWAITING:
			self.require_evidence()
			self.closeout_requested_by, self.closeout_requested_on = user, day
		elif transition.next_state == CLOSED:
			from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

			self.verified_by, self.closed_on, self.colour = user, day, None
			self.review_due = add_days(day, get_settings().review_after_days)
		elif transition.state == AWAITING:  # sent back
			self.closeout_requested_by = self.closeout_requested_on = None
		elif transition.state == CLOSED:  # reopened at the look-back check
			self.reopen_count = (self.reopen_count or 0) + 1
			self.verified_by = self.verified_by_name = self.closed_on = self.review_due = None

	def require_evidence(self):
		for field, fix in (
			("closeout_note", _("say what was done and how it can be checked")),
			("closeout_evidence", _("attach a file that shows the fix (a photo, scan or document)")),
		):
			if not (self.get(field) or "").strip():
				frappe.throw(
					_("{0}: to request close-out, {1}.").format(_(self.meta.get_label(field)), fix),
					title=_("Evidence Required"),
				)

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words for the commonest refusals (see zgz_app.workflow.apply_workflow)."""
		if self.status == AWAITING and user == self.closeout_requested_by:
			return _(
				"{0}: you asked for this close-out, so someone else must verify it: an inspector or {1}."
			).format(action, self.responsible_leader_name or _("the responsible leader"))
		if self.status == CLOSED and self.review_due and getdate(self.review_due) > getdate(today()):
			return _("{0}: the look-back check (回头看) of this item is due from {1}.").format(
				action, frappe.utils.formatdate(self.review_due)
			)
		return None

	def record_progress(self, update) -> None:
		"""From a ZGZ Progress Update: the latest figure, and a line on the timeline."""
		self.db_set({"progress_percent": update.percent, "last_progress_on": update.update_date})
		self.add_comment(
			"Info",
			_("Progress {0}% ({1}): {2}").format(
				frappe.utils.flt(update.percent, 0), frappe.utils.formatdate(update.update_date), update.note
			),
		)

	def extend_deadline(self, request) -> None:
		"""From an approved ZGZ Extension Request: the new deadline (the change is in the item's history)."""
		self.flags.zgz_system = True
		self.deadline = request.new_deadline
		self.extension_count = (self.extension_count or 0) + 1
		self.save(ignore_permissions=True)
		self.add_comment("Info", request.timeline_note(_("Deadline extended from {0} to {1} ({2}): {3}")))

	def unique_key_message(self, key: str | None) -> str | None:
		if key != SERIAL_KEY:
			return None
		return _(
			"序号 {0} of {1} in this campaign is already given to another problem, so nothing was saved. "
			"Try again; if it happens again, ask the administrator to check the numbering of {1}."
		).format(self.serial_no, self.unit)

	def on_trash(self):
		frappe.throw(
			_("Problem items are never deleted. To drop one, amend the plan it came from without its row."),
			title=_("Not Allowed"),
		)


def on_doctype_update():
	# The 序号 is unique per campaign and unit; the index also serves the numbering and the reports.
	frappe.db.add_unique(ITEM, ["campaign", "unit", "serial_no"], constraint_name=SERIAL_KEY)


def next_serial(campaign: str, unit: str) -> int:
	"""The next 序号 for ``unit`` in ``campaign``, from a counter per campaign and unit: simultaneous
	sign-offs take turns on it and each gets the next number; a rolled-back sign-off gives its numbers
	back (zgz_app.concurrency explains why not ``max() + 1``)."""
	item = frappe.qb.DocType(ITEM)
	numbered_before = (
		frappe.qb.from_(item)
		.select(Coalesce(Max(item.serial_no), 0))
		.where((item.campaign == campaign) & (item.unit == unit))
	)
	return next_number(counter_key(SERIAL_COUNTER, campaign, unit), numbered_before)


def create_item(values: dict) -> str:
	"""A new item (numbered in its unit's sequence on insert) from a signed plan's row or an
	inspection's finding (zgz_app.supervision.inspection); returns its name."""
	item = frappe.get_doc({"doctype": ITEM, **values})
	item.insert(ignore_permissions=True)
	return item.name


def create_items_from_plan(plan) -> list[str]:
	"""On signing: one item per row, in row order. An amended plan updates the items its rows carry
	over (the change is on each item's timeline) and withdraws those it dropped."""
	level = "Personal" if plan.plan_type == "Personal" else "Unit"
	kept = []
	for row in plan.rows:
		values = {field: row.get(field) for field in ROW_FIELDS}
		values.update(plan=plan.name, plan_row=row.name, level=level)
		if row.problem_item:
			item = frappe.get_doc(ITEM, row.problem_item)
			if item.status in LOCKED_STATES:  # closed out (or withdrawn) stays as it was verified
				kept.append(item.name)
				continue
			item.update(values)
			item.flags.zgz_system = True
			item.save(ignore_permissions=True)
		else:
			item = frappe.get_doc(
				ITEM,
				create_item(
					{"campaign": plan.campaign, "unit": plan.unit, "origin": "Rectification Plan", **values}
				),
			)
			row.db_set("problem_item", item.name, update_modified=False)
		kept.append(item.name)
	if plan.amended_from:
		dropped = frappe.get_all(
			ITEM,
			filters={
				"plan": plan.amended_from,
				"name": ("not in", kept or [""]),
				"status": ("in", OPEN_STATES),
			},
			pluck="name",
		)
		for name in dropped:
			item = frappe.get_doc(ITEM, name)
			# Not a step anyone takes in the close-out workflow: the plan's amendment decides it.
			item.db_set({"status": WITHDRAWN, "colour": None})
			item.add_comment(
				"Info", _("Withdrawn: its row was removed when plan {0} was amended.").format(plan.name)
			)
	return kept
