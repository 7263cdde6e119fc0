# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""督查: a round of inspection (常规 / 集中 / 专项 / 明察暗访) of some units by a team. Its findings are
ZGZ Inspection Finding records (each with its unit, so each unit sees its own). The team leader reports
it by submitting; the findings then become problem items (zgz_app.supervision.inspection) and the
inspected units see what concerns them (zgz_app.supervision.secrecy)."""

import frappe
from frappe import _
from frappe.model.document import Document
from zgz_app.supervision.inspection import check_dates, check_reporter, check_team, raise_items
from zgz_app.supervision.rounds import period_label


class ZGZInspection(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def validate(self):
		check_dates(self)
		check_team(self)
		self.period = period_label(self.kind, self.start_date)

	def before_submit(self):
		check_reporter(self)

	def on_submit(self):
		raise_items(self)

	def before_cancel(self):
		frappe.throw(
			_(
				"A reported inspection is not cancelled: its findings are problem items now. Close them out, or withdraw them with the lead office."
			),
			title=_("Not Allowed"),
		)
