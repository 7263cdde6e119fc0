"""Who reads a round of 评议 over REST: before its results are published a unit's head reads neither
the round nor the others' rows, only his own unit's result and rank; the leading group reads the round;
publishing (a button, or the 评议结果通报 issued) opens it to everyone."""

import random

import frappe
import frappe.api.v1
from frappe.tests.utils import FrappeTestCase
from zgz_app.evaluation.ranking import close_evaluation, open_evaluation
from zgz_app.evaluation.results import draft_results_notice
from zgz_app.evaluation.visibility import own_results, publish_results, publish_with_notice
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD, STAFF
from zgz_app.tests import test_evaluation as base
from zgz_app.tests.factories import make_unit, make_user
from zgz_app.tests.test_evaluation import LEADERS, PEERS

EVALUATION = "ZGZ Evaluation"


class TestEvaluationVisibility(FrappeTestCase):
	# the round, its people and ballots as test_evaluation makes them (not subclassed: its tests would run twice)
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		base.make_people(cls)

	setUp = base.EvaluationTestCase.setUp
	tearDown = base.EvaluationTestCase.tearDown
	make_round = base.EvaluationTestCase.make_round
	rate = base.EvaluationTestCase.rate

	def as_user(self, user, call):
		frappe.set_user(user)
		try:
			return call()
		finally:
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()

	def rest_read(self, user, name) -> dict | None:
		"""GET /api/resource/ZGZ Evaluation/<name> as ``user``: the document, or None if refused."""
		try:
			return self.as_user(user, lambda: frappe.api.v1.read_doc(EVALUATION, name).as_dict())
		except frappe.PermissionError:
			return None

	def rest_list(self, user) -> list[str]:
		def call():
			frappe.local.form_dict = frappe._dict(limit_page_length=0)
			return [r["name"] for r in frappe.api.v1.document_list(EVALUATION)]

		return self.as_user(user, call)

	def closed_round(self):
		round_doc = self.make_round()
		open_evaluation(round_doc.name)
		for i, unit in enumerate(self.units):
			rating = "Satisfied" if i < 2 else "Unsatisfied"
			self.rate(self.leader, round_doc.name, LEADERS, unit, rating)
			if unit != self.units[0]:
				self.rate(self.peer, round_doc.name, PEERS, unit, rating)
		close_evaluation(round_doc.name)
		return frappe.get_doc(EVALUATION, round_doc.name)

	def test_a_unit_sees_its_own_rank_only_until_the_results_are_published(self):
		round_doc = self.closed_round()
		head, unit = self.heads[2], self.units[2]
		self.assertIsNone(self.rest_read(head, round_doc.name))
		self.assertNotIn(round_doc.name, self.rest_list(head))
		mine = self.as_user(head, lambda: own_results(round_doc.name))
		self.assertEqual([r["unit"] for r in mine["results"]], [unit])
		self.assertEqual(mine["units"], 5)
		expected = next(r for r in round_doc.results if r.unit == unit)
		self.assertEqual(mine["results"][0]["rank"], expected.rank)
		self.assertTrue(mine["results"][0]["flagged"])
		# the leading group reads the round in the desk before publishing; a unit's head may not publish
		self.assertEqual(self.rest_read(self.group_leader, round_doc.name)["name"], round_doc.name)
		self.assertIn(round_doc.name, self.rest_list(self.group_leader))
		with self.assertRaises(frappe.PermissionError):
			self.as_user(head, lambda: publish_results(round_doc.name))
		self.as_user(self.manager, lambda: publish_results(round_doc.name))
		self.assertEqual(frappe.db.get_value(EVALUATION, round_doc.name, "status"), "Published")
		published = self.rest_read(head, round_doc.name)
		self.assertEqual(len(published["results"]), 5)
		self.assertIn(round_doc.name, self.rest_list(head))
		self.assertEqual(len(self.as_user(head, lambda: own_results(round_doc.name))["results"]), 5)
		# published by the button first, its 评议结果通报 can still be drafted
		number = f"坛规党组发〔2026〕{random.randint(1000, 999_999)}号"
		notice = self.as_user(self.manager, lambda: draft_results_notice(round_doc.name, number))
		self.assertEqual(frappe.db.get_value("ZGZ Notice", notice, "doc_number"), number)

	def test_an_open_round_shows_no_results_and_publishing_needs_a_closed_round(self):
		round_doc = self.make_round()
		open_evaluation(round_doc.name)
		self.assertEqual(self.as_user(self.heads[0], lambda: own_results(round_doc.name))["results"], [])
		with self.assertRaisesRegex(frappe.ValidationError, "closed"):
			self.as_user(self.manager, lambda: publish_results(round_doc.name))

	def test_issuing_the_results_notice_publishes_the_round(self):
		round_doc = self.closed_round()
		publish_with_notice(frappe._dict(evaluation=round_doc.name))
		self.assertEqual(frappe.db.get_value(EVALUATION, round_doc.name, "status"), "Published")
		self.assertIsNotNone(self.rest_read(self.heads[2], round_doc.name))

	def report(self, user, evaluation: str = "") -> list[dict]:
		"""评议结果 as the desk runs it (frappe.desk.query_report.run) for ``user``."""
		from frappe.desk.query_report import run

		def call():
			return run("ZGZ Evaluation Results", filters={"evaluation": evaluation})["result"]

		return self.as_user(user, call)

	def test_the_results_report_is_a_units_own_page_until_the_results_are_published(self):
		round_doc = self.closed_round()
		head, unit = self.heads[2], self.units[2]
		mine = self.report(head, round_doc.name)
		self.assertEqual([r["unit"] for r in mine], [unit])
		expected = next(r for r in round_doc.results if r.unit == unit)
		self.assertEqual(mine[0]["rank"], frappe._("Rank {0} of {1}").format(expected.rank, 5))
		self.assertAlmostEqual(mine[0]["total"], expected.total)
		self.assertTrue(mine[0]["flagged"])
		# the same without a round named: his unit's rows of every closed round, this one among them
		rows = [r for r in self.report(head) if r["evaluation"] == round_doc.name]
		self.assertEqual([r["unit"] for r in rows], [unit])
		# a staff member of a unit not evaluated sees nothing; the leading group and the office see all
		stranger = make_user("ev_stranger", roles=(STAFF,))
		if not frappe.db.exists("ZGZ Unit", "评议测试外科"):
			make_unit("评议测试外科", members=[stranger])
		self.assertEqual(self.report(stranger, round_doc.name), [])
		self.assertEqual(len(self.report(self.group_leader, round_doc.name)), 5)
		self.assertEqual(
			[r["unit"] for r in self.report(self.manager, round_doc.name)],
			[r.unit for r in round_doc.results],
		)
		self.as_user(self.manager, lambda: publish_results(round_doc.name))
		self.assertEqual(len(self.report(head, round_doc.name)), 5)
