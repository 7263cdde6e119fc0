# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""年中监督检查: the lead office's mid-year check of one unit's signed public commitments — a row per
commitment, filled in from the signed set when the check is made, each found 已兑现 / 部分兑现 / 未兑现
with its evidence (text and/or an attachment). Only the lead office (ZGZ Campaign Manager) writes it;
the unit reads its own (the ``unit`` link, kept from the set). The latest check of a unit is what the
evaluation's indicator Commitments Broken counts (zgz_app.evaluation.indicators)."""

import frappe
from frappe import _
from frappe.model.document import Document
from zgz_app.evaluation.commitments import check_rows


class ZGZCommitmentCheck(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			self.fill_from_commitments()

	def validate(self):
		self.validate_rows_are_the_commitments()

	def fill_from_commitments(self):
		signed = frappe.db.get_value(
			"ZGZ Commitment", self.commitment, ["docstatus", "campaign", "unit", "year"], as_dict=True
		)
		if not signed or signed.docstatus != 1:
			frappe.throw(
				_("{0}: {1} is not signed. Only signed (public) commitments are checked.").format(
					_(self.meta.get_label("commitment")), self.commitment
				),
				title=_("Not Signed"),
			)
		self.campaign, self.unit, self.year = signed.campaign, signed.unit, signed.year
		self.title = _("{0} {1} Mid-year Check").format(signed.unit, signed.year)
		self.checked_by = frappe.session.user
		given = {r.commitment_row: r for r in self.items if r.commitment_row}
		self.set("items", [])
		for row in check_rows(self.commitment):
			old = given.get(row["commitment_row"])
			if old:
				row.update({"result": old.result, "evidence": old.evidence, "attachment": old.attachment})
			self.append("items", row)

	def validate_rows_are_the_commitments(self):
		expected = sorted(r["commitment_row"] for r in check_rows(self.commitment))
		if sorted(r.commitment_row or "" for r in self.items) != expected:
			frappe.throw(
				_(
					"{0}: the rows are the signed commitments of {1}, one each; they cannot be added or "
					"removed. Reload the check and record each commitment's result."
				).format(_(self.meta.get_label("items")), self.commitment),
				title=_("Rows Fixed"),
			)
