# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZPlanRow(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Autocomplete | None
		deadline: DF.Date
		measures: DF.SmallText
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		problem: DF.SmallText
		problem_item: DF.Link | None
		remarks: DF.SmallText | None
		responsible_leader: DF.Link | None
		responsible_leader_name: DF.Data | None
		responsible_person: DF.Link | None
		responsible_person_name: DF.Data | None
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
	# end: auto-generated types

	pass
