# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign import check_participating


class ZGZWorkSummary(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		author: DF.Link | None
		campaign: DF.Link
		is_late: DF.Check
		naming_series: DF.Literal["ZGZ-SUM-.YYYY.-"]
		submitted_on: DF.Date | None
		summary: DF.TextEditor
		unit: DF.Link

	# end: auto-generated types
	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.author = frappe.session.user
			self.submitted_on = today()

	def validate(self):
		self.validate_one_per_unit()
		self.validate_participation()
		self.set_lateness()

	def validate_one_per_unit(self):
		other = frappe.db.get_value(
			"ZGZ Work Summary", {"campaign": self.campaign, "unit": self.unit, "name": ("!=", self.name)}
		)
		if other:
			frappe.throw(
				_(
					"Unit {0} has already written its work summary for this campaign ({1}). Edit that one instead."
				).format(self.unit, other),
				title=_("Duplicate Work Summary"),
			)

	def validate_participation(self):
		check_participating(self.campaign, self.unit, _("Unit"))

	def set_lateness(self):
		due = frappe.db.get_value("ZGZ Campaign", self.campaign, "summary_due")
		self.is_late = int(bool(due and getdate(self.submitted_on or today()) > getdate(due)))
