"""评议: a round's weights and criteria checked, internal ballots (own unit and strangers refused, one
ballot per unit, none after closing), indicators from seeded problem items (missing shown as missing),
ranks with ties, the last three flagged and their 考评问责 proposals confirmed or dropped by the leading
group."""

import io
import random

from pypdf import PdfReader

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today
from zgz_app.core.evaluation import ON_TIME
from zgz_app.core.pdftext import compact
from zgz_app.evaluation.indicators import compute, records
from zgz_app.evaluation.ranking import close_evaluation, decide_proposal, open_evaluation
from zgz_app.evaluation.results import draft_results_notice
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import make_item, make_screening_campaign, make_unit, make_user

EVALUATION, BALLOT = "ZGZ Evaluation", "ZGZ Evaluation Ballot"
LEADERS, PEERS = "领导小组", "科室互评"


def make_people(cls) -> None:
	"""The round's people and units, on the test class: a manager, the group, a peer, five heads and units."""
	cls.manager = make_user("ev_cm", roles=(CAMPAIGN_MANAGER,), full_name="李明华")
	cls.group_leader = make_user("ev_group", roles=(LEADER,), full_name="周立群")
	cls.leader = make_user("ev_leader", roles=(LEADER,), full_name="吴分管")
	cls.peer = make_user("ev_peer", roles=(STAFF,), full_name="钱评议")
	cls.heads = [
		make_user(f"ev_head_{i}", roles=(SECTION_HEAD,), full_name=f"{c}科长")
		for i, c in enumerate("甲乙丙丁戊")
	]
	cls.units = [
		make_unit(f"评议测试{c}科", head=h).name for c, h in zip("甲乙丙丁戊", cls.heads, strict=True)
	]


class EvaluationTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_people(cls)

	def setUp(self):
		frappe.set_user("Administrator")
		campaign = make_screening_campaign(self.units)
		campaign.leading_group[0].user = self.group_leader
		campaign.save(ignore_permissions=True)
		self.campaign = campaign.name

	def tearDown(self):
		frappe.set_user("Administrator")

	def make_round(self, **kw):
		values = {
			"doctype": EVALUATION,
			"title": "2026年度集中评议",
			"campaign": self.campaign,
			"units": [{"unit": u} for u in self.units],
			"criteria": [
				{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 60},
				{"criterion": "按期销号", "kind": "Indicator", "indicator": ON_TIME, "weight": 40},
			],
			"rater_groups": [
				{"rater_group": LEADERS, "kind": "Internal", "weight": 50},
				{"rater_group": PEERS, "kind": "Internal", "weight": 50},
			],
			"raters": [
				{"rater_group": LEADERS, "user": self.leader},
				{"rater_group": PEERS, "user": self.peer},
				{"rater_group": PEERS, "user": self.heads[0]},
			],
		}
		values.update(kw)
		return frappe.get_doc(values).insert(ignore_permissions=True)

	def rate(self, user, round_name, group, unit, rating):
		frappe.set_user(user)
		try:
			return frappe.get_doc(
				{
					"doctype": BALLOT,
					"evaluation": round_name,
					"rater_group": group,
					"evaluated_unit": unit,
					"scores": [{"criterion": "服务态度", "rating": rating}],
				}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def test_weights_that_do_not_sum_to_100_are_refused_naming_the_table_and_the_sum(self):
		groups = [{"rater_group": LEADERS, "kind": "Internal", "weight": 70}]
		with self.assertRaisesRegex(frappe.ValidationError, "Rater Groups.*70"):
			self.make_round(rater_groups=groups, raters=[])
		criteria = [{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 90}]
		with self.assertRaisesRegex(frappe.ValidationError, "Criteria.*90"):
			self.make_round(criteria=criteria)

	def test_a_criterion_without_a_scale_is_refused(self):
		criteria = [{"criterion": "服务态度", "kind": "Rating", "weight": 100}]
		with self.assertRaisesRegex(frappe.ValidationError, "服务态度.*Scale"):
			self.make_round(criteria=criteria)
		criteria = [{"criterion": "按期销号", "kind": "Indicator", "weight": 100}]
		with self.assertRaisesRegex(frappe.ValidationError, "按期销号.*Indicator"):
			self.make_round(criteria=criteria)

	def test_indicators_come_from_the_record_and_missing_data_stays_missing(self):
		a, b, c, d, _e = self.units
		self.seed_items()
		figures = compute(self.campaign, self.units)[ON_TIME]
		self.assertEqual(figures[a], 100.0)
		self.assertEqual(figures[b], 50.0)
		self.assertEqual(figures[c], 0.0)
		self.assertIsNone(figures[d])  # no item due: missing, not 0
		behind = records(self.campaign, b, ON_TIME)
		self.assertEqual(len(behind), 2)
		self.assertEqual({r["doctype"] for r in behind}, {"ZGZ Problem Item"})

	def seed_items(self):
		a, b, c, _d, _e = self.units
		past = add_days(today(), -3)
		for unit, closed in ((a, True), (b, True), (b, False), (c, False)):
			item = make_item(self.campaign, unit, deadline=past)
			if closed:
				frappe.db.set_value(
					item.doctype, item.name, {"status": "Closed Out", "closed_on": add_days(past, -1)}
				)
		make_item(self.campaign, a)  # not yet due: counts nowhere

	def test_ballots_are_refused_from_strangers_for_their_own_unit_twice_and_after_closing(self):
		a, b = self.units[:2]
		round_doc = self.make_round()
		with self.assertRaisesRegex(frappe.ValidationError, "open"):
			self.rate(self.leader, round_doc.name, LEADERS, b, "Satisfied")
		open_evaluation(round_doc.name)
		with self.assertRaises(frappe.PermissionError):
			self.rate(self.peer, round_doc.name, LEADERS, b, "Satisfied")  # listed under the other group
		with self.assertRaisesRegex(frappe.ValidationError, "own unit"):
			self.rate(self.heads[0], round_doc.name, PEERS, a, "Satisfied")
		with self.assertRaisesRegex(frappe.ValidationError, "Satisfied, Basically Satisfied"):
			self.rate(self.peer, round_doc.name, PEERS, b, None)
		self.rate(self.heads[0], round_doc.name, PEERS, b, "Satisfied")
		with self.assertRaises(frappe.UniqueValidationError):
			self.rate(self.heads[0], round_doc.name, PEERS, b, "Unsatisfied")
		close_evaluation(round_doc.name)
		with self.assertRaisesRegex(frappe.ValidationError, "open"):
			self.rate(self.peer, round_doc.name, PEERS, b, "Satisfied")

	def test_a_round_end_to_end_ranks_with_ties_and_flags_the_last_three(self):
		a, b, c, d, e = self.units
		self.seed_items()
		round_doc = self.make_round()
		open_evaluation(round_doc.name)
		answers = {
			a: ("Satisfied", "Satisfied"),
			b: ("Satisfied", "Satisfied"),
			c: ("Satisfied", "Basically Satisfied"),
		}
		answers |= {
			d: ("Basically Satisfied", "Basically Satisfied"),
			e: ("Unsatisfied", "Basically Satisfied"),
		}
		for unit, (by_leader, by_peer) in answers.items():
			self.rate(self.leader, round_doc.name, LEADERS, unit, by_leader)
			self.rate(self.peer, round_doc.name, PEERS, unit, by_peer)
		close_evaluation(round_doc.name)
		round_doc.reload()
		self.assertEqual(round_doc.status, "Closed")
		got = {r.unit: (r.total, r.rank, r.flagged) for r in round_doc.results}
		self.assertEqual(got[a], (100.0, 1, 0))
		self.assertEqual(got[b], (80.0, 2, 0))
		self.assertEqual(got[c], (48.0, 4, 1))  # 80×0.6 + 0×0.4
		self.assertEqual(got[d], (60.0, 3, 1))  # its on-time share is missing: weighted over what is there
		self.assertEqual(got[e], (30.0, 5, 1))
		self.assertIn("按期销号", next(r.missing for r in round_doc.results if r.unit == d))
		self.assertEqual({r.unit for r in round_doc.results if r.proposal == "Proposed"}, {c, d, e})

		with self.assertRaises(frappe.PermissionError):
			frappe.set_user(self.leader)
			decide_proposal(round_doc.name, c, 1)
		frappe.set_user(self.group_leader)
		case = decide_proposal(round_doc.name, c, 1)
		with self.assertRaisesRegex(frappe.ValidationError, "Reason Dropped"):
			decide_proposal(round_doc.name, e, 0)
		decide_proposal(round_doc.name, e, 0, "该科室本年度人员调整较大，领导小组研究决定不予问责")
		frappe.set_user("Administrator")
		acc = frappe.get_doc("ZGZ Accountability", case)
		self.assertEqual(
			(acc.kind, acc.basis_type, acc.unit, acc.person),
			("Poor Evaluation", "Evaluation Result", c, self.heads[2]),
		)
		round_doc.reload()
		self.assertEqual(
			{r.unit: r.proposal for r in round_doc.results if r.proposal},
			{c: "Confirmed", d: "Proposed", e: "Dropped"},
		)

	def test_ties_share_a_place(self):
		a, b, c = self.units[:3]
		criteria = [{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 100}]
		round_doc = self.make_round(criteria=criteria, units=[{"unit": u} for u in (a, b, c)], flag_last=1)
		open_evaluation(round_doc.name)
		for unit, rating in ((a, "Basically Satisfied"), (b, "Satisfied"), (c, "Basically Satisfied")):
			self.rate(self.leader, round_doc.name, LEADERS, unit, rating)
		close_evaluation(round_doc.name)
		round_doc.reload()
		self.assertEqual({r.unit: r.rank for r in round_doc.results}, {b: 1, a: 2, c: 2})
		# the last place is shared: both flagged
		self.assertEqual({r.unit for r in round_doc.results if r.flagged}, {a, c})

	def test_units_criteria_and_groups_are_fixed_once_open(self):
		round_doc = self.make_round()
		open_evaluation(round_doc.name)
		round_doc.reload()
		round_doc.criteria[0].weight = 50
		round_doc.criteria[1].weight = 50
		with self.assertRaisesRegex(frappe.ValidationError, "fixed"):
			round_doc.save(ignore_permissions=True)

	def test_the_results_are_notified_as_a_red_head_notice_with_a_chart(self):
		a, b, c = self.units[:3]
		criteria = [{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 100}]
		round_doc = self.make_round(criteria=criteria, units=[{"unit": u} for u in (a, b, c)], flag_last=1)
		with self.assertRaisesRegex(frappe.ValidationError, "closed"):
			draft_results_notice(round_doc.name, f"坛规党组发〔2026〕{random.randint(1000, 999_999)}号")
		open_evaluation(round_doc.name)
		for unit, rating in ((a, "Satisfied"), (b, "Basically Satisfied"), (c, "Unsatisfied")):
			self.rate(self.leader, round_doc.name, LEADERS, unit, rating)
		close_evaluation(round_doc.name)
		name = draft_results_notice(round_doc.name, f"坛规党组发〔2026〕{random.randint(1000, 999_999)}号")
		notice = frappe.get_doc("ZGZ Notice", name)
		self.assertEqual(notice.evaluation, round_doc.name)
		self.assertIn(f"第1名　{a}　100.00分", notice.body)
		html = frappe.get_print("ZGZ Notice", name, print_format="评议结果通报")
		self.assertIn("<svg", html)
		self.assertEqual(html.count("<rect"), 3)
		pdf = PdfReader(
			io.BytesIO(frappe.get_print("ZGZ Notice", name, print_format="评议结果通报", as_pdf=True))
		)
		text = compact("".join(page.extract_text() for page in pdf.pages))
		for expected in ("名次", "综合得分", a, "排名靠后", "100.00"):
			self.assertIn(compact(expected), text)

	def test_the_indicators_report_shows_missing_as_missing_and_drills_down_to_the_records(self):
		from zgz_app.zgz_app.report.zgz_evaluation_indicators.zgz_evaluation_indicators import execute

		a, b, _c, d, _e = self.units
		self.seed_items()
		round_doc = self.make_round()
		columns, data, message = execute({"evaluation": round_doc.name})
		rows = {r["unit"]: r for r in data}
		key = frappe.scrub(ON_TIME)
		self.assertEqual(rows[b][key], "50")
		self.assertNotEqual(rows[d][key], "0")  # no item due: shown as missing
		self.assertTrue(rows[d][key])
		self.assertIn(key, {c["fieldname"] for c in columns})
		columns, data = execute({"evaluation": round_doc.name, "unit": b, "indicator": ON_TIME})
		self.assertEqual(len(data), 2)
		self.assertEqual({r["doctype"] for r in data}, {"ZGZ Problem Item"})
