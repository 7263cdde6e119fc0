# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""A finding of an inspection (督查发现): the unit (and person) concerned, what was seen, its category
and severity, photos or recordings, where and when. Its own DocType, not a child table, so that the
unit's User Permission shows each inspected unit only its own findings once the inspection is
reported; until then zgz_app.supervision.secrecy keeps it with the team and the leading group."""

import frappe
from frappe import _
from frappe.model.document import Document
from zgz_app.supervision.inspection import check_finding


class ZGZInspectionFinding(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def validate(self):
		check_finding(self)

	def on_trash(self):
		if frappe.db.get_value("ZGZ Inspection", self.inspection, "docstatus"):
			frappe.throw(
				_("Inspection: {0} has been reported; its findings are kept.").format(self.inspection),
				title=_("Not Allowed"),
			)
