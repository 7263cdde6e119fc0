# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZCampaignPhase(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		end_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phase_name: DF.Data
		phase_type: DF.Literal[
			"Mobilisation", "Screening", "Rectification", "Consolidation", "Summary", "Other"
		]
		start_date: DF.Date
	# end: auto-generated types
	pass
