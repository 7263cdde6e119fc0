# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""One rater's answers on one unit in a round of 评议 (zgz_app.evaluation.ballots)."""

import frappe
from frappe.model.document import Document
from zgz_app.evaluation.ballots import check_ballot


class ZGZEvaluationBallot(Document):
	def before_validate(self):
		if self.is_new() and not self.code_hash:  # not before_insert: kept fields are reset after it
			self.rater = frappe.session.user

	def validate(self):
		check_ballot(self)
