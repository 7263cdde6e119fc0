# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""评议: a round evaluating units on weighted criteria (ratings and indicators from the record) by
weighted rater groups; opened, closed and ranked by zgz_app.evaluation.ranking."""

import frappe
from frappe import _
from frappe.model.document import Document
from zgz_app.core.evaluation import DRAFT, INTERNAL, criterion_error, weight_sum, weights_ok


class ZGZEvaluation(Document):
	def validate(self):
		self.validate_changes_while_draft()
		self.validate_weights("criteria")
		self.validate_weights("rater_groups")
		self.validate_criteria()
		self.validate_units()
		self.validate_raters()

	def label(self, fieldname: str) -> str:
		return _(self.meta.get_label(fieldname))

	def validate_changes_while_draft(self):
		if self.is_new() or self.status == DRAFT or self.flags.zgz_system:
			return
		before = self.get_doc_before_save()
		for table in ("units", "criteria", "rater_groups"):
			if [r.as_dict(no_default_fields=True) for r in before.get(table)] != [
				r.as_dict(no_default_fields=True) for r in self.get(table)
			]:
				frappe.throw(
					_(
						"{0}: the round is {1}; its units, criteria and groups are fixed once it opens."
					).format(self.label(table), _(self.status)),
					title=_("Round Already Open"),
				)

	def validate_weights(self, table: str):
		weights = [row.weight for row in self.get(table)]
		if not weights_ok(weights):
			frappe.throw(
				_("{0}: the weights sum to {1}. Change them so that they sum to 100 (none below 0).").format(
					self.label(table), f"{weight_sum(weights):g}"
				),
				title=_("Weights Do Not Sum to 100"),
			)

	def validate_criteria(self):
		for row in self.criteria:
			missing = criterion_error(row.kind, row.scale, row.indicator)
			if missing == "scale":
				frappe.throw(
					_(
						"Criteria row {0} ({1}): a rating needs its Scale. Choose Satisfaction or Score 0-100."
					).format(row.idx, row.criterion),
					title=_("Criterion Without a Scale"),
				)
			if missing == "indicator":
				frappe.throw(
					_(
						"Criteria row {0} ({1}): an indicator needs the figure it is computed from. Choose the Indicator."
					).format(row.idx, row.criterion),
					title=_("Criterion Without a Scale"),
				)

	def validate_units(self):
		seen = set()
		for row in self.units:
			if row.unit in seen:
				frappe.throw(
					_("Units Evaluated row {0}: {1} is listed twice. Remove one of the rows.").format(
						row.idx, row.unit
					)
				)
			seen.add(row.unit)

	def validate_raters(self):
		internal = {g.rater_group for g in self.rater_groups if g.kind == INTERNAL}
		for row in self.raters:
			if row.rater_group not in internal:
				frappe.throw(
					_(
						"Internal Raters row {0}: {1} is not an internal rater group of this round. Choose one of: {2}."
					).format(row.idx, row.rater_group, "、".join(sorted(internal)) or "-")
				)
