# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""One row per person and day that the escalation digest was queued (zgz_app.rectification.escalation): the record
of who was told what, and the guard that makes a second run on the same day send nothing."""

import frappe
from frappe.model.document import Document
from zgz_app.concurrency import UniqueKeyMessage


class ZGZDigestLog(UniqueKeyMessage, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		blue_count: DF.Int
		digest_date: DF.Date
		email_queue: DF.Link | None
		items: DF.LongText | None
		recipient: DF.Link
		red_count: DF.Int
		yellow_count: DF.Int
	# end: auto-generated types
	pass


def on_doctype_update():
	frappe.db.add_unique("ZGZ Digest Log", ["recipient", "digest_date"], constraint_name="one_digest_a_day")
