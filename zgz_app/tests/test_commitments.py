"""公开承诺 and 年中监督检查: a unit's commitments signed by its head only (what the app records about the
signature cannot be forged over REST), refused without a time limit or twice for a year, shown to a guest
on /commitments once signed and only then; the mid-year check written by the lead office only and read by
the unit; the indicators Commitments Broken and Red Days from seeded records; a round ranked on them."""

import json
from datetime import timedelta

import requests

import frappe
import frappe.api.v1
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.core.evaluation import BROKEN, RED_DAYS
from zgz_app.evaluation.indicators import compute, records
from zgz_app.evaluation.ranking import close_evaluation, open_evaluation
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD
from zgz_app.tests.factories import act, guest_page, make_item, make_screening_campaign, make_unit, make_user
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

COMMITMENT, CHECK = "ZGZ Commitment", "ZGZ Commitment Check"
SERVICES = (
	(
		"建设工程规划许可证核发",
		"5个工作日内办结",
		"材料齐全当场受理，办结后短信告知",
		"窗口 王芳",
		"0519-82811234",
	),
	("规划条件核实", "3个工作日内办结", "一次性告知所需材料", "窗口 李强", "0519-82815678"),
	("测绘成果资料提供", "当场办结", "无需预约，随到随办", "窗口 赵敏", "0519-82819999"),
)


class CommitmentTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.manager = make_user("cm_cm", roles=(CAMPAIGN_MANAGER,), full_name="李明华")
		cls.leader = make_user("cm_leader", roles=(LEADER,), full_name="吴分管")
		cls.heads = [
			make_user(f"cm_head_{i}", roles=(SECTION_HEAD,), full_name=f"{c}科长")
			for i, c in enumerate("甲乙丙")
		]
		cls.staff = [make_user(f"cm_staff_{i}", full_name=f"{c}科员") for i, c in enumerate("甲乙丙")]
		suffix = frappe.generate_hash(length=4)  # the HTTP test commits: a rerun gets units of its own
		cls.units = [
			make_unit(f"承诺测试{c}科{suffix}", head=h, members=[s]).name
			for c, h, s in zip("甲乙丙", cls.heads, cls.staff, strict=True)
		]

	def setUp(self):
		frappe.set_user("Administrator")
		self.campaign = make_screening_campaign(self.units).name
		self.year = getdate(today()).year

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()

	def draft(self, i=0, rows=SERVICES, **kw):
		frappe.set_user(self.staff[i])
		try:
			return frappe.get_doc(
				{
					"doctype": COMMITMENT,
					"campaign": self.campaign,
					"unit": self.units[i],
					"year": self.year,
					"commitments": [
						dict(
							zip(("service", "time_limit", "expectation", "contact", "phone"), r, strict=True)
						)
						for r in rows
					],
					**kw,
				}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def signed(self, i=0, rows=SERVICES):
		name = self.draft(i, rows).name
		act(self.staff[i], COMMITMENT, name, "Submit for Signature")
		return act(self.heads[i], COMMITMENT, name, "Sign")

	def check(self, commitment, results, checked_on=None):
		frappe.set_user(self.manager)
		try:
			doc = frappe.get_doc(
				{"doctype": CHECK, "commitment": commitment, "checked_on": checked_on or today()}
			)
			doc.insert()
			for row, result in zip(doc.items, results, strict=False):
				row.result, row.evidence = result, f"{row.service}：抽查5件，{result}"
			return doc.save()
		finally:
			frappe.set_user("Administrator")

	def page(self, **query):
		return guest_page("commitments", **query)


class TestCommitments(CommitmentTestCase):
	def test_signed_by_the_units_head_only_and_the_signature_cannot_be_forged(self):
		doc = self.draft()
		self.assertEqual(doc.approver, self.heads[0])
		act(self.staff[0], COMMITMENT, doc.name, "Submit for Signature")
		# the staff member who drafted it PUTs a signature of his own: nothing sticks
		frappe.set_user(self.staff[0])
		body = {"signed_by": self.staff[0], "signed_on": "2020-01-01", "approver": self.staff[0]}
		frappe.local.form_dict = frappe._dict(data=json.dumps(body))
		frappe.api.v1.update_doc(COMMITMENT, doc.name)
		frappe.set_user("Administrator")
		stored = frappe.db.get_value(COMMITMENT, doc.name, ["signed_by", "signed_on", "approver"])
		self.assertEqual(stored, (None, None, self.heads[0]))
		for stranger in (self.staff[0], self.heads[1], self.manager):
			with self.assertRaises(frappe.PermissionError, msg=stranger):
				act(stranger, COMMITMENT, doc.name, "Sign")
		with self.assertRaisesRegex(frappe.ValidationError, "Reason"):
			act(self.heads[0], COMMITMENT, doc.name, "Return")
		act(self.heads[0], COMMITMENT, doc.name, "Return", reason="第3项时限与省定标准不一致")
		act(self.staff[0], COMMITMENT, doc.name, "Resubmit")
		signed = act(self.heads[0], COMMITMENT, doc.name, "Sign")
		self.assertEqual((signed.docstatus, signed.workflow_state), (1, "Made Public"))
		self.assertEqual((signed.signed_by, str(signed.signed_on)), (self.heads[0], today()))
		# another unit's people do not even see it
		self.assertFalse(frappe.has_permission(COMMITMENT, "read", doc.name, user=self.staff[1]))
		self.assertTrue(frappe.has_permission(COMMITMENT, "read", doc.name, user=self.staff[0]))

	def test_a_row_without_its_time_limit_and_a_second_signed_set_are_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "row 2.*Time Limit"):
			self.draft(rows=[SERVICES[0], ("规划条件核实", "", "", "", "")])
		first = self.signed()
		with self.assertRaisesRegex(frappe.ValidationError, f"Year.*{self.year}.*{first.name}"):
			self.draft()
		# a draft for the next year is fine, and once the signed set is cancelled a new one may be made
		self.draft(year=self.year + 1)
		act(self.heads[0], COMMITMENT, first.name, "Cancel")
		self.assertEqual(self.draft().docstatus, 0)

	def test_the_public_page_shows_signed_commitments_only_to_a_guest(self):
		self.signed(0)
		self.draft(1, rows=[("不动产登记咨询", "即时答复", "", "", "0519-80000000")])
		html = self.page()
		self.assertIn("建设工程规划许可证核发", html)
		self.assertIn("5个工作日内办结", html)
		self.assertIn("甲科长", html)  # who signed it
		self.assertNotIn("不动产登记咨询", html)  # a draft is not public
		self.assertNotIn(self.heads[0], html)  # no login, no e-mail address
		searched = self.page(q="规划条件")
		self.assertIn("规划条件核实", searched)
		self.assertNotIn("测绘成果资料提供", searched)

	def test_the_mid_year_check_is_made_by_the_lead_office_only_and_read_by_the_unit(self):
		signed = self.signed(0)
		for user in (self.heads[0], self.staff[0], self.leader):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError, msg=user):
				frappe.get_doc({"doctype": CHECK, "commitment": signed.name}).insert()
		frappe.set_user("Administrator")
		with self.assertRaisesRegex(frappe.ValidationError, "not signed"):
			self.check(self.draft(1).name, [])
		check = self.check(signed.name, ["Kept", "Partly Kept", "Broken"])
		self.assertEqual([r.service for r in check.items], [s[0] for s in SERVICES])
		self.assertEqual(
			(check.unit, check.campaign, check.checked_by), (self.units[0], self.campaign, self.manager)
		)
		self.assertTrue(frappe.has_permission(CHECK, "read", check.name, user=self.heads[0]))
		self.assertFalse(frappe.has_permission(CHECK, "write", check.name, user=self.heads[0]))
		self.assertFalse(frappe.has_permission(CHECK, "read", check.name, user=self.heads[1]))
		frappe.set_user(self.manager)
		check.append("items", {"service": "临时加的一项", "result": "Broken"})
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be added or removed"):
			check.save()
		frappe.set_user("Administrator")


class TestCommitmentsOverHttp(CommitmentTestCase):
	"""A class of its own: the served site reads only what is committed, and the commit must not take
	the other tests' records with it (only this class's units stay, under names of their own)."""

	def test_the_public_page_over_http_as_a_guest(self):
		signed = self.signed(
			2, rows=[("规划档案查询", "1个工作日内", "凭身份证查询", "档案室", "0519-82817777")]
		)
		draft = self.draft(0, rows=[("未公开事项测试", "1日", "", "", "")])
		frappe.db.commit()  # the served site reads only what is committed
		try:
			response = requests.get(frappe.utils.get_url("/commitments"), timeout=30)
			self.assertEqual(response.status_code, 200)
			self.assertIn("规划档案查询", response.text)
			self.assertIn(self.units[2], response.text)
			self.assertNotIn("未公开事项测试", response.text)
			self.assertIn('name="viewport"', response.text)  # laid out for a phone
		finally:
			for doc in (signed, draft):
				frappe.db.delete("Version", {"ref_doctype": COMMITMENT, "docname": doc.name})
				frappe.db.delete("Comment", {"reference_doctype": COMMITMENT, "reference_name": doc.name})
				frappe.db.delete("ToDo", {"reference_type": COMMITMENT, "reference_name": doc.name})
				frappe.db.delete(
					"Workflow Action", {"reference_doctype": COMMITMENT, "reference_name": doc.name}
				)
				frappe.db.delete("ZGZ Commitment Item", {"parent": doc.name})
				frappe.db.delete(COMMITMENT, doc.name)
			frappe.db.commit()


class TestCommitmentIndicators(CommitmentTestCase):
	def test_commitments_broken_counts_the_latest_check_and_is_missing_without_one(self):
		a, b, c = self.units
		first = self.signed(0)
		self.check(first.name, ["Broken", "Broken", "Broken"], checked_on=add_days(today(), -20))
		self.check(first.name, ["Kept", "Partly Kept", "Broken"])  # the latest counts
		self.check(self.signed(1).name, ["Kept", "Kept", "Kept"])
		self.signed(2)  # signed but never checked
		figures = compute(self.campaign, self.units)[BROKEN]
		self.assertEqual(figures, {a: 1.5, b: 0.0, c: None})
		behind = records(self.campaign, a, BROKEN)
		self.assertEqual([r["result"] for r in behind], ["Partly Kept", "Broken"])
		self.assertEqual(records(self.campaign, c, BROKEN), [])

	def test_red_days_are_the_working_days_items_spent_red(self):
		a, b, c = self.units
		settings = get_settings()
		calendar, threshold = settings.calendar(), settings.thresholds().red_overdue_days
		day = getdate(today())
		due = day - timedelta(days=12)

		def working_days(after, upto):  # counted independently of the code under test
			return sum(
				not calendar.is_holiday(after + timedelta(days=d)) for d in range(1, (upto - after).days + 1)
			)

		open_item = make_item(self.campaign, a, deadline=due)
		closed = make_item(self.campaign, a, deadline=due)
		closed_on = day - timedelta(days=4)
		frappe.db.set_value(closed.doctype, closed.name, {"status": "Closed Out", "closed_on": closed_on})
		on_time = make_item(self.campaign, c, deadline=due)
		frappe.db.set_value(on_time.doctype, on_time.name, {"status": "Closed Out", "closed_on": due})
		make_item(self.campaign, b)  # not yet due
		expected = max(0, working_days(due, day) - threshold + 1) + max(
			0, working_days(due, closed_on) - threshold + 1
		)
		self.assertGreater(expected, 0)
		figures = compute(self.campaign, self.units, day)[RED_DAYS]
		self.assertEqual(figures, {a: float(expected), b: None, c: 0.0})
		behind = records(self.campaign, a, RED_DAYS, day)
		self.assertEqual({r["name"] for r in behind}, {open_item.name, closed.name})

	def test_a_round_ranks_the_units_on_commitments_broken(self):
		a, b, c = self.units
		self.check(self.signed(0).name, ["Broken", "Partly Kept", "Kept"])
		self.check(self.signed(1).name, ["Kept", "Kept", "Kept"])
		round_doc = frappe.get_doc(
			{
				"doctype": "ZGZ Evaluation",
				"title": "年度服务承诺评议",
				"campaign": self.campaign,
				"flag_last": 1,
				"units": [{"unit": u} for u in self.units],
				"criteria": [
					{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 50},
					{"criterion": "承诺兑现", "kind": "Indicator", "indicator": BROKEN, "weight": 50},
				],
				"rater_groups": [{"rater_group": "领导小组", "kind": "Internal", "weight": 100}],
				"raters": [{"rater_group": "领导小组", "user": self.leader}],
			}
		).insert(ignore_permissions=True)
		open_evaluation(round_doc.name)
		frappe.set_user(self.leader)
		for unit in self.units:
			frappe.get_doc(
				{
					"doctype": "ZGZ Evaluation Ballot",
					"evaluation": round_doc.name,
					"rater_group": "领导小组",
					"evaluated_unit": unit,
					"scores": [{"criterion": "服务态度", "rating": "Satisfied"}],
				}
			).insert()
		frappe.set_user("Administrator")
		close_evaluation(round_doc.name)
		round_doc.reload()
		got = {r.unit: (r.total, r.rank, r.flagged) for r in round_doc.results}
		self.assertEqual(got[a], (50.0, 3, 1))  # 1.5 broken: the worst of the units checked, 0 points
		self.assertEqual(got[b], (100.0, 1, 0))
		self.assertEqual(got[c], (100.0, 1, 0))  # never checked: missing, weighted over its rating
		self.assertIn("承诺兑现", next(r.missing for r in round_doc.results if r.unit == c))
		self.assertEqual({r.unit for r in round_doc.results if r.proposal == "Proposed"}, {a})
