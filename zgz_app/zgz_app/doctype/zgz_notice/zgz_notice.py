# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""通报 / 曝光 / 表扬: a circulated notice with its 文号, signed off by the 组长 and published to its
scope (zgz_app.supervision.notices; the public page is www/notices)."""

from frappe.model.document import Document
from zgz_app import workflow
from zgz_app.campaign.doc_number import check_doc_number
from zgz_app.concurrency import UniqueKeyMessage
from zgz_app.evaluation.visibility import publish_with_notice
from zgz_app.supervision.notices import (
	assemble_text,
	check_public_text,
	check_records,
	guard_changes,
	publish,
	set_approver,
)


class ZGZNotice(UniqueKeyMessage, Document):
	# begin: auto-generated types
	# end: auto-generated types

	def before_validate(self):
		if self.is_new():  # not before_insert: Frappe resets the kept fields after that hook
			set_approver(self)

	def validate(self):
		guard_changes(self)
		check_doc_number(self)
		assemble_text(self, check_records(self))
		check_public_text(self)
		workflow.check_transition(self)

	def on_submit(self):
		publish(self)
		publish_with_notice(self)  # a 评议结果通报 opens its round's results to all

	def on_change(self):
		workflow.follow_up(self)
