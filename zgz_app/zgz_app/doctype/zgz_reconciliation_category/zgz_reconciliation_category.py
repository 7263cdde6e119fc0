# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZReconciliationCategory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Data | None
		closed_items: DF.Int
		extended_items: DF.Int
		open_items: DF.Int
		overdue_items: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		percent_closed: DF.Percent
		total_items: DF.Int
	# end: auto-generated types

	pass
