"""Selection (选树典型): reviewers score the nominations submitted up against the campaign's criteria,
the ranking picks the top ten (十佳) with ties shown, and the result is published as a notice."""

import frappe
from frappe.desk.query_report import run as run_report
from zgz_app.recognition.scoring import publish_result
from zgz_app.tests.award_factories import (
	AWARD,
	CRITERIA,
	SCORE,
	STAR,
	AwardTestCase,
	label,
	star_values,
)
from zgz_app.zgz_app.report.zgz_award_ranking import zgz_award_ranking

REFUSED = (frappe.ValidationError, frappe.PermissionError)


class SelectionTestCase(AwardTestCase):
	def submitted(self, name: str, **kw) -> str:
		"""A star nomination submitted up (by the workflow, as the people would)."""
		award = self.nominate(self.staff, star_values(nominee_name=name, **kw))
		self.seal_and_submit_up(award.name)
		return award.name

	def score(self, reviewer: str, award: str, marks, **kw):
		frappe.set_user(reviewer)
		try:
			rows = [{"criterion": c["criterion"], "score": m} for c, m in zip(CRITERIA, marks, strict=True)]
			return frappe.get_doc({"doctype": SCORE, "award": award, "scores": rows, **kw}).insert()
		finally:
			frappe.set_user("Administrator")


class TestScoring(SelectionTestCase):
	def test_reviewers_scores_make_the_nominations_average(self):
		award = self.submitted("张伟")
		first = self.score(self.leader, award, (36, 27, 26))
		self.assertEqual(first.total, 89)
		self.assertEqual([r.max_score for r in first.scores], [40, 30, 30])
		self.score(self.leader2, award, (30, 25, 24))
		self.assertEqual(frappe.db.get_value(AWARD, award, ["average_score", "score_count"]), (84.0, 2))

		frappe.set_user(self.leader)
		first.reload()
		first.scores[0].score = 40
		first.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(AWARD, award, "average_score"), 86.0, "a changed score counts")

	def test_a_score_is_within_its_criterions_maximum(self):
		award = self.submitted("张伟")
		with self.assertRaises(frappe.ValidationError) as refused:
			self.score(self.leader, award, (41, 20, 20))
		self.assertIn("服务质效", str(refused.exception))
		self.assertIn("40", str(refused.exception))
		with self.assertRaises(frappe.ValidationError):
			self.score(self.leader, award, (-1, 20, 20))
		with self.assertRaises(frappe.ValidationError, msg="every criterion is scored"):
			self.score(self.leader, award, (10, 20, None))

	def test_each_reviewer_scores_a_nomination_once(self):
		award = self.submitted("张伟")
		self.score(self.leader, award, (30, 20, 20))
		with self.assertRaises(frappe.UniqueValidationError):
			self.score(self.leader, award, (31, 20, 20))

	def test_only_nominations_submitted_up_are_scored(self):
		draft = self.nominate(self.staff, star_values(nominee_name="刘洋")).name
		with self.assertRaises(frappe.ValidationError) as refused:
			self.score(self.leader, draft, (30, 20, 20))
		self.assertIn(label("award", SCORE), str(refused.exception))

	def test_a_nominee_does_not_score_himself_nor_anyone_change_anothers_scores(self):
		award = self.nominate(self.lead_clerk, star_values(nominee=self.lead_clerk), unit=self.lead_unit)
		self.act(self.lead_clerk, award.name, "Submit for Opinion")
		self.act(self.lead_head, award.name, "Sign and Seal", opinion="同意推荐。")
		self.act(self.lead_clerk, award.name, "Collect")
		self.act(self.lead_head, award.name, "Submit Up")
		with self.assertRaises(frappe.ValidationError):
			self.score(self.lead_clerk, award.name, (30, 20, 20))

		scored = self.score(self.leader, award.name, (30, 20, 20))
		frappe.set_user(self.lead_head)
		scored.scores[0].score = 1
		with self.assertRaises(REFUSED):
			scored.save()
		frappe.set_user("Administrator")

	def test_criteria_are_checked_on_the_campaign(self):
		campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
		campaign.append("award_criteria", {"criterion": "服务质效", "award_kind": STAR, "max_score": 10})
		with self.assertRaises(frappe.ValidationError) as refused:
			campaign.save()
		self.assertIn("4", str(refused.exception))
		campaign.reload()
		campaign.award_criteria[1].max_score = 0
		with self.assertRaises(frappe.ValidationError):
			campaign.save()


class TestRankingAndResult(SelectionTestCase):
	"""Twelve stars: eight with distinct totals, then three tied for ninth place, then one more, so that
	the tie straddles the tenth place."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()

	def setUp(self):
		super().setUp()
		self.awards = {}
		marks = [(40 - i, 28, 28) for i in range(8)] + [(30, 25, 25)] * 3 + [(20, 20, 20)]
		for i, mark in enumerate(marks):
			name = f"候选人{i + 1:02d}"
			self.awards[name] = self.submitted(name)
			self.score(self.leader, self.awards[name], mark)

	def ranking(self, **filters):
		return zgz_award_ranking.execute({"campaign": self.campaign, "award_kind": STAR, **filters})

	def test_the_top_ten_with_a_tie_across_tenth_place_shown_in_full(self):
		columns, rows, message, _chart, summary = self.ranking()
		self.assertEqual(
			[(r.nominee_name, r.rank) for r in rows],
			[(f"候选人{i + 1:02d}", i + 1) for i in range(8)]
			+ [("候选人09", 9), ("候选人10", 9), ("候选人11", 9)],
		)
		self.assertEqual([r.nominee_name for r in rows if r.tie_at_cut], ["候选人09", "候选人10", "候选人11"])
		self.assertTrue(all(r.note for r in rows if r.tie_at_cut))
		self.assertIn("3", message)
		self.assertEqual([s["value"] for s in summary], [12, 11, 0])
		self.assertEqual(
			[c["label"] for c in columns if c["fieldname"].startswith("criterion_")],
			["服务质效", "群众评价", "创新创优"],
		)
		self.assertEqual(rows[0].criterion_0, 40)

		_columns, every, *_rest = self.ranking(show_all=1)
		self.assertEqual((len(every), every[-1].rank, every[-1].in_top), (12, 12, False))
		_columns, top_eight, *_rest = self.ranking(places=8)
		self.assertEqual(len(top_eight), 8, "no tie at the eighth place")

	def test_the_result_is_not_published_while_a_tie_straddles_the_last_place(self):
		with self.assertRaises(frappe.ValidationError) as refused:
			self.publish()
		for name in ("候选人09", "候选人10", "候选人11"):
			self.assertIn(name, str(refused.exception))
		self.assertEqual(frappe.db.count(AWARD, {"campaign": self.campaign, "workflow_state": "Selected"}), 0)

	def test_once_decided_the_result_is_applied_and_published_as_a_notice(self):
		self.act(self.leader, self.awards["候选人11"], "Do Not Select")
		note = frappe.get_doc("Note", self.publish())
		states = dict(
			frappe.get_all(
				AWARD,
				filters={"campaign": self.campaign},
				fields=["nominee_name", "workflow_state"],
				as_list=1,
			)
		)
		self.assertEqual(
			sorted(n for n, s in states.items() if s == "Selected"), [f"候选人{i:02d}" for i in range(1, 11)]
		)
		self.assertEqual(
			sorted(n for n, s in states.items() if s == "Not Selected"), ["候选人11", "候选人12"]
		)
		self.assertEqual((note.public, note.notify_on_login), (1, 1))
		self.assertIn("打通中梗阻、激发新动能", note.title)
		self.assertIn("候选人10", note.content)
		self.assertNotIn("候选人12", note.content)
		self.assertLess(note.content.index("候选人01"), note.content.index("候选人09"))

		_columns, rows, *_rest = self.ranking(show_all=1)
		self.assertEqual([r.status for r in rows if r.in_top], [frappe._("Selected")] * 10)

	def test_unscored_nominations_hold_the_result_back(self):
		late = self.submitted("候选人13")
		self.act(self.leader, self.awards["候选人11"], "Do Not Select")
		with self.assertRaises(frappe.ValidationError) as refused:
			self.publish()
		self.assertIn("候选人13", str(refused.exception))
		_columns, rows, *_rest = self.ranking(show_all=1)
		self.assertIsNone(next(r for r in rows if r.name == late).rank)

	def test_only_the_lead_unit_and_the_leaders_publish_and_see_the_ranking(self):
		frappe.set_user(self.head)
		with self.assertRaises(frappe.PermissionError):
			publish_result(self.campaign, STAR)
		with self.assertRaises(frappe.PermissionError):
			run_report("ZGZ Award Ranking", filters={"campaign": self.campaign, "award_kind": STAR})
		frappe.set_user("Administrator")

	def publish(self):
		frappe.set_user(self.lead_head)
		try:
			return publish_result(self.campaign, STAR, 10)
		finally:
			frappe.set_user("Administrator")
