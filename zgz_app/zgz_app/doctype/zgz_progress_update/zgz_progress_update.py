# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""进展: what was done on a problem item, how far along (percent), with attachments. Kept for good:
nobody edits or deletes an update; the item shows the latest figure and each update on its timeline."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app.campaign.permissions import is_unrestricted
from zgz_app.core.escalation import percent_error
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import ITEM, RECTIFYING


class ZGZProgressUpdate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		campaign: DF.Link | None
		naming_series: DF.Literal["ZGZ-PROG-.YYYY.-"]
		note: DF.SmallText
		percent: DF.Percent
		problem_item: DF.Link
		reported_by: DF.Link | None
		unit: DF.Link | None
		update_date: DF.Date

	# end: auto-generated types
	def validate(self):
		self.validate_percent()
		self.validate_date()
		self.validate_item()

	def after_insert(self):
		frappe.get_doc(ITEM, self.problem_item).record_progress(self)

	def on_trash(self):
		frappe.throw(
			_("Progress updates are never deleted: add a new one to correct it."), title=_("Not Allowed")
		)

	def validate_percent(self):
		if percent_error(self.percent):
			frappe.throw(
				_("{0}: enter how much is done as a number from 0 to 100 (you entered {1}).").format(
					_(self.meta.get_label("percent")), self.percent
				),
				title=_("Invalid Progress"),
			)

	def validate_date(self):
		if getdate(self.update_date) > getdate(today()):
			frappe.throw(
				_(
					"{0}: progress cannot be reported for a day still to come. Use today or an earlier day."
				).format(_(self.meta.get_label("update_date"))),
				title=_("Invalid Date"),
			)

	def validate_item(self):
		item = frappe.get_doc(ITEM, self.problem_item)
		if item.status != RECTIFYING:
			frappe.throw(
				_("{0}: item {1} is {2}; progress is reported only while it is being rectified.").format(
					_(self.meta.get_label("problem_item")), item.name, _(item.status)
				),
				title=_("Not Rectifying"),
			)
		user = frappe.session.user
		if not is_unrestricted(user) and user not in item.responsible_people():
			frappe.throw(
				_(
					"{0}: only the item's responsible person or leader, or its unit's head, reports its progress."
				).format(_(self.meta.get_label("problem_item"))),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
