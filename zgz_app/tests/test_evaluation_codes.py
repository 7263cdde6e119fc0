"""Outside raters' one-time codes: issued for an outside group only, stored as SHA-256, a ballot for
every unit or none, a code used once, a closed round refusing; and the public page /evaluate read by an
anonymous client over HTTP (scripts/test.sh serves the test site), which never shows results."""

import requests

import frappe
from frappe.tests.utils import FrappeTestCase
from zgz_app.core import complaints as code_rules
from zgz_app.evaluation import codes
from zgz_app.evaluation.ranking import close_evaluation, open_evaluation
from zgz_app.roles import SECTION_HEAD
from zgz_app.tests.cleanup import purge_committed
from zgz_app.tests.factories import make_screening_campaign, make_unit, make_user

EVALUATION, BALLOT, CODE = "ZGZ Evaluation", "ZGZ Evaluation Ballot", "ZGZ Evaluation Code"
PUBLIC = "服务对象"


def make_round(campaign: str, units: list[str]):
	doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"title": "2026年度公开评议",
			"campaign": campaign,
			"units": [{"unit": u} for u in units],
			"criteria": [
				{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 50},
				{"criterion": "办事效率", "kind": "Rating", "scale": "Score 0-100", "weight": 50},
			],
			"rater_groups": [
				{"rater_group": PUBLIC, "kind": "Outside", "weight": 60},
				{"rater_group": "领导小组", "kind": "Internal", "weight": 40},
			],
		}
	).insert(ignore_permissions=True)
	open_evaluation(doc.name)
	return doc.name


def full_answers(units):
	return {u: {"服务态度": "Satisfied", "办事效率": 90} for u in units}


class EvaluationCodesTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		heads = [make_user(f"evc_head_{i}", roles=(SECTION_HEAD,)) for i in range(2)]
		cls.units = [make_unit(f"公开评议测试{c}科", head=h).name for c, h in zip("甲乙", heads, strict=True)]

	def setUp(self):
		frappe.set_user("Administrator")
		self.campaign = make_screening_campaign(self.units).name
		self.round = make_round(self.campaign, self.units)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_codes_are_for_outside_groups_and_kept_only_as_their_hash(self):
		with self.assertRaisesRegex(frappe.ValidationError, "外部评议组"):
			codes.issue_codes(self.round, "领导小组", 1)
		issued = codes.issue_codes(self.round, PUBLIC, 3)
		self.assertEqual(len(set(issued)), 3)
		stored = frappe.get_all(CODE, {"evaluation": self.round}, pluck="code_hash")
		self.assertEqual(set(stored), {code_rules.code_hash(c) for c in issued})
		self.assertFalse(any(code_rules.normalise_code(c) in s for c in issued for s in stored))

	def test_a_code_takes_a_whole_ballot_once_and_nothing_after_closing(self):
		first, second = codes.issue_codes(self.round, PUBLIC, 2)
		frappe.set_user("Guest")
		shown = codes.ballot_form(first)
		self.assertEqual(shown["units"], self.units)
		self.assertNotIn("results", shown)
		partial = full_answers(self.units)
		partial[self.units[1]].pop("办事效率")
		with self.assertRaisesRegex(frappe.ValidationError, "未保存任何内容"):
			codes.submit(first, partial)
		self.assertFalse(frappe.db.exists(BALLOT, {"evaluation": self.round}))
		self.assertEqual(codes.submit(first, full_answers(self.units)), {"ballots": 2})
		with self.assertRaises(frappe.DoesNotExistError):
			codes.submit(first, full_answers(self.units))
		with self.assertRaises(frappe.DoesNotExistError):
			codes.ballot_form("ABCD-EFGH-JKMN-PQRS")
		frappe.set_user("Administrator")
		ballots = frappe.get_all(BALLOT, {"evaluation": self.round}, ["rater_group", "code_hash"])
		self.assertEqual(
			{(b.rater_group, b.code_hash) for b in ballots}, {(PUBLIC, code_rules.code_hash(first))}
		)
		close_evaluation(self.round)
		frappe.set_user("Guest")
		with self.assertRaisesRegex(frappe.ValidationError, "不在进行中"):
			codes.submit(second, full_answers(self.units))


class EvaluationPageOverHTTP(FrappeTestCase):
	"""What a phone's browser does: the page, then the ballot through the guest methods."""

	def test_the_page_is_chinese_and_a_code_works_once_over_http(self):
		frappe.set_user("Administrator")
		heads = [make_user(f"evh_head_{i}", roles=(SECTION_HEAD,)) for i in range(2)]
		units = [make_unit(f"公开评议页面{c}科", head=h).name for c, h in zip("甲乙", heads, strict=True)]
		campaign = make_screening_campaign(units).name
		name = make_round(campaign, units)
		(code,) = codes.issue_codes(name, PUBLIC, 1)
		for method in ("ballot_form", "submit"):  # Frappe's limiter counts per method and address
			frappe.cache.delete_value(f"rl:zgz_app.evaluation.codes.{method}:127.0.0.1")
		frappe.db.commit()
		try:
			session = requests.Session()
			page = session.get(frappe.utils.get_url("/evaluate"), timeout=30)
			self.assertEqual(page.status_code, 200)
			self.assertIn("公开评议", page.text)
			self.assertIn("评议码", page.text)
			method = frappe.utils.get_url("/api/method/zgz_app.evaluation.codes.")
			shown = session.post(method + "ballot_form", json={"code": code}, timeout=30)
			self.assertEqual(shown.status_code, 200, shown.text)
			self.assertEqual(shown.json()["message"]["units"], units)
			self.assertIn("满意", [r["label"] for r in shown.json()["message"]["ratings"]])
			done = session.post(
				method + "submit", json={"code": code, "answers": full_answers(units)}, timeout=30
			)
			self.assertEqual(done.json()["message"], {"ballots": 2})
			again = session.post(
				method + "submit", json={"code": code, "answers": full_answers(units)}, timeout=30
			)
			self.assertEqual(again.status_code, 404)
			messages = frappe.parse_json(again.json()["_server_messages"])
			self.assertIn("评议码无效", frappe.parse_json(messages[0])["title"])
			results = session.get(frappe.utils.get_url(f"/api/resource/{EVALUATION}/{name}"), timeout=30)
			self.assertIn(results.status_code, (403, 404))
		finally:
			frappe.db.rollback()
			ballots = frappe.get_all(BALLOT, {"evaluation": name}, pluck="name") or [""]
			frappe.db.delete("ZGZ Evaluation Ballot Score", {"parent": ("in", ballots)})
			frappe.db.delete(BALLOT, {"evaluation": name})
			frappe.db.delete(CODE, {"evaluation": name})
			for table in ("ZGZ Evaluation Unit", "ZGZ Evaluation Criterion", "ZGZ Evaluation Rater Group"):
				frappe.db.delete(table, {"parent": name})
			frappe.db.delete(EVALUATION, name)
			purge_committed([campaign], units, heads)
