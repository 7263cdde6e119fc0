# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""对账: a frozen snapshot of one unit's (or, with no unit, a whole campaign's) problem items at the end
of a month, quarter or year. The scheduler makes them (zgz_app.rectification.reconciliation.create_snapshots); the
unit's head signs them off through the Workflow "ZGZ Reconciliation Sign-off", or returns one with a
reason, to which the lead office answers in Remarks before resubmitting it.

The figures are counted once, when the snapshot is made, and any later change to them is refused:
nothing recounts them when the items change afterwards, which is what makes a reconciliation a record."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from frappe.utils.data import cast
from zgz_app import workflow
from zgz_app.concurrency import UniqueKeyMessage
from zgz_app.core.key_tasks import KEY_TASK_FIGURES
from zgz_app.core.periods import is_period_end, period_of
from zgz_app.core.tally import CATEGORY_FIGURES, FIGURES
from zgz_app.rectification.reconciliation import count_for, set_figures, snapshot_key, snapshot_title

# What the snapshot says: where, when, and its figures (the rows by category are checked apart).
FROZEN_FIELDS = (
	"campaign",
	"unit",
	"period_type",
	"period_start",
	"period_end",
	*FIGURES,
	"percent_closed",
	*KEY_TASK_FIGURES,
)
CATEGORY_FIELDS = ("category", *CATEGORY_FIGURES, "percent_closed")


class ZGZReconciliation(UniqueKeyMessage, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_reconciliation_category.zgz_reconciliation_category import (
			ZGZReconciliationCategory,
		)

		amended_from: DF.Link | None
		approver: DF.Link | None
		approver_name: DF.Data | None
		awaiting_verification: DF.Int
		campaign: DF.Link
		campaign_name: DF.Data | None
		categories: DF.Table[ZGZReconciliationCategory]
		closed_in_period: DF.Int
		closed_items: DF.Int
		extended_items: DF.Int
		key_tasks: DF.Int
		key_tasks_closed: DF.Int
		key_tasks_overdue: DF.Int
		naming_series: DF.Literal["ZGZ-REC-.YYYY.-"]
		new_in_period: DF.Int
		open_items: DF.Int
		organisation: DF.Data | None
		overdue_items: DF.Int
		percent_closed: DF.Percent
		period_end: DF.Date
		period_start: DF.Date | None
		period_type: DF.Literal["Month", "Quarter", "Year"]
		remarks: DF.SmallText | None
		return_reason: DF.SmallText | None
		signed_by: DF.Link | None
		signed_by_name: DF.Data | None
		signed_on: DF.Date | None
		snapshot_key: DF.Data | None
		title: DF.Data | None
		total_items: DF.Int
		unit: DF.Link | None
		workflow_state: DF.Link | None
	# end: auto-generated types

	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.count_snapshot()

	def count_snapshot(self):
		self.validate_period()
		self.period_start = period_of(self.period_type, getdate(self.period_end))[0]
		self.snapshot_key = snapshot_key(self.campaign, self.unit, self.period_type, self.period_end)
		self.validate_unique()
		if not self.flags.zgz_figures_counted:
			snapshot, categories = count_for(self.campaign, self.unit, self.period_type, self.period_end)
			set_figures(self, snapshot, categories)
		self.title = snapshot_title(self.unit, self.period_type, self.period_start)

	def validate(self):
		if not self.is_new():
			self.validate_frozen()
		if self.docstatus == 0:
			self.set_approver()
		workflow.check_transition(self)
		self.record_signature()

	def on_change(self):
		workflow.follow_up(self)

	def validate_period(self):
		end = getdate(self.period_end)
		label = _(self.meta.get_label("period_end"))
		if not is_period_end(self.period_type, end):
			frappe.throw(
				_("{0}: {1} is not the last day of a {2}. Choose {3}.").format(
					label,
					frappe.format(end, "Date"),
					_(self.period_type).lower(),
					frappe.format(period_of(self.period_type, end)[1], "Date"),
				),
				title=_("Invalid Period"),
			)
		if end >= getdate(today()):
			frappe.throw(
				_("{0}: the period has not ended yet. A reconciliation is made after its last day.").format(
					label
				),
				title=_("Invalid Period"),
			)

	def validate_unique(self):
		other = frappe.db.get_value("ZGZ Reconciliation", {"snapshot_key": self.snapshot_key})
		if other:
			frappe.throw(
				_("This period is already reconciled for {0}: {1}. Open it instead.").format(
					self.unit or _("Whole Campaign"), other
				),
				frappe.UniqueValidationError,
				title=_("Already Reconciled"),
			)

	def unique_key_message(self, key: str | None) -> str | None:
		"""The database refused a second snapshot of the same period (made at the same moment)."""
		return _(
			"This period was reconciled for {0} a moment ago, so this one was not saved. Reload the list "
			"and open that one."
		).format(self.unit or _("Whole Campaign"))

	def validate_frozen(self):
		"""The figures stay as they were counted: any change to them (or to where and when) is refused."""
		before = self.get_doc_before_save()
		if not before:
			return
		for field in FROZEN_FIELDS:
			fieldtype = self.meta.get_field(field).fieldtype
			if cast(fieldtype, before.get(field)) != cast(fieldtype, self.get(field)):
				self.refuse_change(field)
		if category_figures(before) != category_figures(self):
			self.refuse_change("categories")

	def refuse_change(self, field: str):
		frappe.throw(
			_(
				"{0}: the figures of a reconciliation are frozen when it is made and cannot be changed. "
				"Write what is wrong in Remarks instead."
			).format(_(self.meta.get_label(field))),
			title=_("Reconciliation Frozen"),
		)

	def set_approver(self):
		"""The unit's head signs; for the whole campaign, the head of its lead unit."""
		unit = self.unit or frappe.db.get_value("ZGZ Campaign", self.campaign, "lead_unit")
		self.approver = frappe.db.get_value("ZGZ Unit", unit, "head") if unit else None

	def record_signature(self):
		if self.flags.zgz_transition and self.docstatus == 1:
			self.signed_by = frappe.session.user
			self.signed_on = today()

	def workflow_refusal(self, user: str, action: str) -> str | None:
		"""Plain words when someone other than the head tries (see zgz_app.workflow.apply_workflow)."""
		if self.approver and user != self.approver:
			return _(
				"{0}: this reconciliation is signed by {1}, the head of {2}. Only they can {0} it."
			).format(
				action,
				frappe.utils.get_fullname(self.approver),
				self.unit or frappe.db.get_value("ZGZ Campaign", self.campaign, "lead_unit"),
			)
		return None


def category_figures(doc) -> list[tuple]:
	return [
		tuple(cast("Data" if f == "category" else "Float", row.get(f)) for f in CATEGORY_FIELDS)
		for row in doc.get("categories") or []
	]
