# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZUnitMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		full_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
		post: DF.Data | None
		user: DF.Link
	# end: auto-generated types
	pass
