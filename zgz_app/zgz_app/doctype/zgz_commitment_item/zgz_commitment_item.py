# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ZGZCommitmentItem(Document):
	# begin: auto-generated types
	# end: auto-generated types
	pass
