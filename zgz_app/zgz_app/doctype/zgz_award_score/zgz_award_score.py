# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""One reviewer's scores for one nomination, against the criteria its campaign sets for its kind.

Nominations are scored once submitted up and until the result is published; each reviewer scores a
nomination once (and may change it meanwhile); a nominee never scores himself. The nomination keeps
the average of its reviewers' totals (zgz_app.recognition.scoring.update_average), which the ranking reads."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt
from zgz_app.core.awards import AWARD, SUBMITTED_UP
from zgz_app.recognition.nominations import criteria_for
from zgz_app.recognition.scoring import update_average


class ZGZAwardScore(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_award_score_item.zgz_award_score_item import ZGZAwardScoreItem

		award: DF.Link
		award_kind: DF.Literal["Service Star", "Service Case"]
		award_title: DF.Data | None
		campaign: DF.Link | None
		comment: DF.SmallText | None
		naming_series: DF.Literal["ZGZ-SCORE-.YYYY.-"]
		reviewer: DF.Link
		reviewer_name: DF.Data | None
		scores: DF.Table[ZGZAwardScoreItem]
		total: DF.Float
		unit: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.set_reviewer()
		award = frappe.get_doc(AWARD, self.award)
		self.validate_award_open(award)
		self.validate_reviewer(award)
		self.set_rows(award)
		self.validate_scores()
		self.total = sum(flt(row.score) for row in self.scores)

	def on_update(self):
		update_average(self.award)

	def after_delete(self):
		update_average(self.award)

	def label(self, fieldname: str) -> str:
		return _(self.meta.get_label(fieldname))

	def set_reviewer(self):
		if self.is_new():
			self.reviewer = frappe.session.user
		elif self.reviewer != frappe.session.user and frappe.session.user != "Administrator":
			frappe.throw(
				_("{0}: these are {1}'s scores. Only they can change them; add your own instead.").format(
					self.label("reviewer"), frappe.utils.get_fullname(self.reviewer)
				),
				frappe.PermissionError,
				title=_("Not Yours to Do"),
			)

	def validate_award_open(self, award):
		if award.workflow_state != SUBMITTED_UP:
			frappe.throw(
				_(
					"{0}: {1} is {2}. Nominations are scored once they are submitted up, until the result "
					"is published."
				).format(self.label("award"), award.title, _(award.workflow_state)),
				title=_("Not Open for Scoring"),
			)

	def validate_reviewer(self, award):
		if self.reviewer and self.reviewer == award.nominee:
			frappe.throw(
				_("{0}: you are the nominee of {1} and cannot score it.").format(
					self.label("reviewer"), award.title
				),
				title=_("Not Yours to Do"),
			)
		other = frappe.db.get_value(
			"ZGZ Award Score", {"award": self.award, "reviewer": self.reviewer, "name": ("!=", self.name)}
		)
		if other:
			frappe.throw(
				_("{0}: you have already scored {1} ({2}). Open it and change your scores there.").format(
					self.label("award"), award.title, other
				),
				title=_("Already Scored"),
				exc=frappe.UniqueValidationError,
			)

	def set_rows(self, award):
		"""The rows are the campaign's criteria for this kind, in its order, with the scores given."""
		criteria = criteria_for(award.campaign, award.award_kind)
		if not criteria:
			frappe.throw(
				_(
					"Selection Criteria: campaign {0} sets none for {1}. Ask the campaign manager to add "
					"them under Selection Criteria on the campaign."
				).format(award.campaign, _(award.award_kind)),
				title=_("No Selection Criteria"),
			)
		given = {row.criterion: row.score for row in self.scores}
		self.set("scores", [])
		for c in criteria:
			self.append(
				"scores",
				{"criterion": c.criterion, "max_score": c.max_score, "score": given.get(c.criterion)},
			)

	def validate_scores(self):
		for row in self.scores:
			if row.score is None or not 0 <= flt(row.score) <= flt(row.max_score):
				frappe.throw(
					_("Scores row {0} ({1}): enter a score from 0 to {2}.").format(
						row.idx, row.criterion, f"{flt(row.max_score):g}"
					),
					title=_("Invalid Score"),
				)
