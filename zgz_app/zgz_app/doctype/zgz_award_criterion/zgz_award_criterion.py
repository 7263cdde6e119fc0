# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZAwardCriterion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		award_kind: DF.Literal["", "Service Star", "Service Case"]
		criterion: DF.Data
		description: DF.SmallText | None
		max_score: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
