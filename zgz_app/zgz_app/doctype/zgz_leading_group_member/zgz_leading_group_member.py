# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZLeadingGroupMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		group_role: DF.Literal["Leader", "Deputy Leader", "Member"]
		member_name: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		post: DF.Data
		user: DF.Link | None
	# end: auto-generated types
	pass
