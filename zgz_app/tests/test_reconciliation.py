"""Reconciliation (月对账、季对账、年对账): the scheduler freezes a snapshot per unit and per campaign at
each month, quarter and year end, once; its figures are those of the period's last day and never change
afterwards; the unit's head (and only he) signs it off; the comparison report sets periods side by side."""

from datetime import date, datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate, today
from zgz_app import tasks
from zgz_app.benchmarks.problem_items import counting_queries
from zgz_app.core.periods import period_of
from zgz_app.core.tally import FIGURES
from zgz_app.rectification.reconciliation import count_items, create_snapshots
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_campaign,
	make_item,
	make_unit,
	make_user,
	set_zgz_settings,
)
from zgz_app.zgz_app.report.zgz_reconciliation_comparison import zgz_reconciliation_comparison

REC = "ZGZ Reconciliation"
ITEM = "ZGZ Problem Item"
SEPTEMBER_END = date(2018, 9, 30)
ALL_PERIODS = dict(reconcile_monthly=1, reconcile_quarterly=1, reconcile_yearly=1)


class ReconciliationTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.lead_head = make_user("rc_lead_head", roles=(SECTION_HEAD,), full_name="钱对账牵头")
		cls.head_a = make_user("rc_head_a", roles=(SECTION_HEAD,), full_name="孙对账甲")
		cls.head_b = make_user("rc_head_b", roles=(SECTION_HEAD,), full_name="赵对账乙")
		cls.staff_a = make_user("rc_staff_a", full_name="冯对账员")
		cls.manager = make_user("rc_cm", roles=(CAMPAIGN_MANAGER,), full_name="对账管理员")
		cls.leader = make_user("rc_leader", roles=(LEADER,), full_name="卫对账分管")
		cls.lead = make_unit(head=cls.lead_head).name
		cls.unit_a = make_unit(head=cls.head_a, supervising_leader=cls.leader, members=[cls.staff_a]).name
		cls.unit_b = make_unit(head=cls.head_b, supervising_leader=cls.leader).name
		cls.previous_settings = set_zgz_settings(**ALL_PERIODS)
		ensure_outgoing_email_account()
		cls.campaign = make_campaign(
			lead_unit=cls.lead, units=[{"unit": cls.unit_a}, {"unit": cls.unit_b}]
		).name  # 2018-08-20 to 2019-06-30
		cls.future_campaign = make_campaign(
			lead_unit=cls.lead,
			units=[{"unit": cls.unit_a}],
			issue_date="2018-12-20",
			start_date="2019-01-01",
			end_date="2019-12-31",
			phases=[],
			problem_list_due=None,
			nomination_start=None,
			nomination_due=None,
			summary_due=None,
		).name
		cls.items = {
			# unit A: open and overdue at the end of September
			"a1": cls.item(cls.unit_a, "2018-08-25", "2018-09-20", category="思维中梗阻"),
			# closed out in September
			"a2": cls.item(
				cls.unit_a, "2018-09-05", "2018-10-31", status="Closed Out", closed_on="2018-09-25"
			),
			# close-out asked, not yet verified; its deadline was extended once
			"a3": cls.item(
				cls.unit_a, "2018-09-10", "2018-10-15", status="Awaiting Verification", extension_count=1
			),
			# dropped from its plan: never counted
			"a4": cls.item(cls.unit_a, "2018-08-28", "2018-09-01", status="Withdrawn", category="责任中梗阻"),
			# overdue at the end of September, closed out only in October
			"a5": cls.item(
				cls.unit_a, "2018-08-26", "2018-09-10", status="Closed Out", closed_on="2018-10-03"
			),
			# unit B: due on the last day itself (not overdue), no category
			"b1": cls.item(cls.unit_b, "2018-09-01", "2018-09-30", category=None),
			# found in October: not in September's figures
			"b2": cls.item(cls.unit_b, "2018-10-05", "2018-12-20", category="思维中梗阻"),
		}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		set_zgz_settings(**cls.previous_settings)
		super().tearDownClass()

	@classmethod
	def item(cls, unit, created, deadline, status="Rectifying", category="执行中梗阻", **state):
		"""An item found on ``created`` and now in ``status`` (set directly: how an item gets there is
		the close-out workflow's business, tested with it)."""
		name = make_item(cls.campaign, unit, deadline=deadline, category=category).name
		frappe.db.set_value(
			ITEM,
			name,
			{"status": status, "creation": datetime.fromisoformat(f"{created} 10:00:00"), **state},
			update_modified=False,
		)
		return name

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def snapshots(self, **filters):
		return {
			(row.unit, row.period_type, str(row.period_end)): row
			for row in frappe.get_all(REC, filters={"campaign": self.campaign, **filters}, fields=["*"])
		}

	def snapshot(self, unit, kind="Month", end=SEPTEMBER_END):
		name = frappe.db.get_value(
			REC,
			{
				"campaign": self.campaign,
				"unit": unit or ("is", "not set"),
				"period_type": kind,
				"period_end": end,
			},
		)
		self.assertTrue(name, (unit, kind, end))
		return frappe.get_doc(REC, name)

	def ensure_september(self):
		if not frappe.db.exists(REC, {"campaign": self.campaign, "period_end": SEPTEMBER_END}):
			create_snapshots(SEPTEMBER_END)


class TestSnapshotsAtPeriodEnds(ReconciliationTestCase):
	def test_the_daily_job_freezes_the_month_and_quarter_that_ended_yesterday(self):
		with self.freeze_time("2018-10-01 00:30:00"):
			tasks.daily()
		got = self.snapshots(period_end=SEPTEMBER_END)
		self.assertEqual(
			set(got),
			{
				(unit, kind, "2018-09-30")
				for unit in (None, self.unit_a, self.unit_b)
				for kind in ("Month", "Quarter")
			},
			"one per participating unit and one for the whole campaign, for the month and the quarter",
		)
		self.assertFalse(
			frappe.db.exists(REC, {"campaign": self.future_campaign}), "a campaign not yet running has none"
		)
		for row in got.values():
			self.assertEqual(row.workflow_state, "Awaiting Signature")
			self.assertEqual(row.docstatus, 0)
		self.assertEqual(got[(None, "Quarter", "2018-09-30")].period_start, date(2018, 7, 1))
		self.assertEqual(got[(self.unit_a, "Month", "2018-09-30")].period_start, date(2018, 9, 1))

	def test_running_again_makes_no_duplicates(self):
		self.ensure_september()
		before = frappe.db.count(REC, {"campaign": self.campaign})
		with self.freeze_time("2018-10-01 09:00:00"):
			tasks.daily()
		self.assertEqual(create_snapshots(SEPTEMBER_END), [])
		self.assertEqual(frappe.db.count(REC, {"campaign": self.campaign}), before)

	def test_no_snapshot_on_a_day_that_ends_no_period(self):
		self.assertEqual(create_snapshots(date(2018, 9, 29)), [])
		with self.freeze_time("2018-09-16 00:30:00"):
			tasks.daily()
		self.assertFalse(frappe.db.exists(REC, {"campaign": self.campaign, "period_end": date(2018, 9, 15)}))

	def test_year_end_freezes_month_quarter_and_year(self):
		create_snapshots(date(2018, 12, 31))
		got = self.snapshots(period_end=date(2018, 12, 31), unit=("is", "not set"))
		self.assertEqual({kind for _unit, kind, _end in got}, {"Month", "Quarter", "Year"})
		year = got[(None, "Year", "2018-12-31")]
		quarter = got[(None, "Quarter", "2018-12-31")]
		# all six counted items (a4 is withdrawn); three closed out by the year end
		self.assertEqual((year.total_items, year.closed_items, year.percent_closed), (6, 2, 33.3))
		self.assertEqual(year.new_in_period, 6)
		# the fourth quarter found b2 and closed out a5
		self.assertEqual((quarter.new_in_period, quarter.closed_in_period), (1, 1))

	def test_periods_switched_off_in_settings_are_not_made(self):
		set_zgz_settings(reconcile_monthly=0)
		try:
			self.assertEqual(create_snapshots(date(2018, 10, 31)), [], "October ends only a month")
			made = create_snapshots(date(2018, 12, 31))
		finally:
			set_zgz_settings(**ALL_PERIODS)
		kinds = {frappe.db.get_value(REC, name, "period_type") for name in made}
		self.assertEqual(kinds, {"Quarter", "Year"})


class TestFigures(ReconciliationTestCase):
	def setUp(self):
		super().setUp()
		self.ensure_september()

	def test_a_units_figures_at_the_end_of_september(self):
		doc = self.snapshot(self.unit_a)
		figures = {f: doc.get(f) for f in FIGURES}
		self.assertEqual(
			figures,
			{
				"total_items": 4,  # a1, a2, a3, a5 (a4 withdrawn)
				"open_items": 3,  # a5 was closed out only in October
				"awaiting_verification": 1,
				"closed_items": 1,
				"overdue_items": 2,  # a1 and a5
				"extended_items": 1,
				"new_in_period": 2,  # a2, a3
				"closed_in_period": 1,
			},
		)
		self.assertEqual(doc.percent_closed, 25.0)
		self.assertEqual(doc.approver, self.head_a)

	def test_by_category_in_the_campaigns_order(self):
		rows = [
			(r.category, r.total_items, r.open_items, r.closed_items, r.overdue_items, r.extended_items)
			for r in self.snapshot(self.unit_a).categories
		]
		self.assertEqual(
			rows,
			[
				("思维中梗阻", 1, 1, 0, 1, 0),
				("责任中梗阻", 0, 0, 0, 0, 0),
				("禁令中梗阻", 0, 0, 0, 0, 0),
				("执行中梗阻", 3, 2, 1, 1, 1),
			],
		)
		last = self.snapshot(self.unit_b).categories[-1]
		self.assertEqual(
			(last.category or "", last.total_items), ("", 1), "items without a category come last"
		)

	def test_the_whole_campaign_adds_up_its_units_and_is_signed_by_the_lead_units_head(self):
		whole = self.snapshot(None)
		self.assertEqual(
			(
				whole.total_items,
				whole.open_items,
				whole.closed_items,
				whole.overdue_items,
				whole.percent_closed,
			),
			(5, 4, 1, 2, 20.0),
		)
		self.assertEqual(whole.approver, self.lead_head)
		self.assertEqual(self.snapshot(self.unit_b).overdue_items, 0, "due on the last day is not overdue")

	def test_the_snapshot_does_not_change_when_the_items_change_later(self):
		doc = self.snapshot(self.unit_a)
		frozen = doc.as_dict()
		frappe.db.set_value(ITEM, self.items["a1"], "status", "Withdrawn")
		frappe.db.set_value(ITEM, self.items["a3"], {"status": "Closed Out", "closed_on": "2018-09-29"})
		self.item(self.unit_a, "2018-09-12", "2018-09-15", category="思维中梗阻")
		create_snapshots(SEPTEMBER_END)  # the job again: nothing is recounted
		doc.reload()
		for field in ("total_items", "open_items", "closed_items", "overdue_items", "percent_closed"):
			self.assertEqual(doc.get(field), frozen[field], field)
		self.assertEqual([r.total_items for r in doc.categories], [r.total_items for r in frozen.categories])
		# while counting afresh would give other figures
		fresh = count_items([self.campaign], (date(2018, 9, 1), SEPTEMBER_END), self.unit_a)
		self.assertEqual(sum(r.closed_items for r in fresh), 2)
		self.assertEqual(doc.closed_items, 1)

	def test_figures_cannot_be_edited(self):
		doc = self.snapshot(self.unit_a)
		doc.closed_items = 4
		with self.assertRaisesRegex(frappe.ValidationError, "frozen"):
			doc.save()
		doc = self.snapshot(self.unit_a)
		doc.categories[0].total_items = 9
		with self.assertRaisesRegex(frappe.ValidationError, "frozen"):
			doc.save()
		doc = self.snapshot(self.unit_a)
		doc.period_end = date(2018, 8, 31)
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_the_head_may_add_remarks(self):
		frappe.set_user(self.head_a)
		doc = self.snapshot(self.unit_a)
		doc.remarks = "与科室台账核对一致。"
		doc.save()
		self.assertEqual(frappe.db.get_value(REC, doc.name, "remarks"), "与科室台账核对一致。")

	def test_a_snapshot_made_by_hand_counts_its_own_figures(self):
		doc = frappe.get_doc(
			{
				"doctype": REC,
				"campaign": self.campaign,
				"unit": self.unit_a,
				"period_type": "Month",
				"period_end": "2018-08-31",
				"total_items": 99,  # posted figures are ignored
			}
		).insert()
		# a1, a5 found in August (a4 withdrawn); none closed out by then
		self.assertEqual((doc.total_items, doc.closed_items, doc.overdue_items), (2, 0, 0))
		self.assertEqual(doc.period_start, date(2018, 8, 1))

	def test_bad_periods_are_refused_naming_the_field(self):
		this_month_end = period_of("Month", getdate(today()))[1]
		for end, message in (("2018-09-15", "not the last day"), (this_month_end, "not ended")):
			with self.assertRaisesRegex(frappe.ValidationError, message):
				frappe.get_doc(
					{
						"doctype": REC,
						"campaign": self.campaign,
						"unit": self.unit_b,
						"period_type": "Month",
						"period_end": end,
					}
				).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "already reconciled"):
			frappe.get_doc(
				{
					"doctype": REC,
					"campaign": self.campaign,
					"unit": self.unit_b,
					"period_type": "Month",
					"period_end": SEPTEMBER_END,
				}
			).insert()

	def test_the_form_prints_in_chinese(self):
		html = frappe.get_print(REC, self.snapshot(self.unit_a).name, print_format="对账表")
		self.assertIn("2018年9月对账表", html)
		self.assertIn(f"对账单位：{self.unit_a}", html)
		self.assertIn("25.0%", html)

	def test_counting_is_one_query_however_many_items(self):
		with counting_queries() as counter:
			count_items([self.campaign], (date(2018, 9, 1), SEPTEMBER_END))
		self.assertEqual(counter["queries"], 1)

	def test_the_jobs_queries_do_not_grow_with_the_items(self):
		set_zgz_settings(reconcile_quarterly=0, reconcile_yearly=0)
		try:
			create_snapshots(date(2018, 10, 31))  # warms the caches
			with counting_queries() as before:
				create_snapshots(date(2018, 11, 30))
			for _ in range(20):
				self.item(self.unit_a, "2018-12-03", "2018-12-10")
			with counting_queries() as after:
				create_snapshots(date(2018, 12, 31))
		finally:
			set_zgz_settings(**ALL_PERIODS)
		self.assertLessEqual(after["queries"], before["queries"])


class TestSignOff(ReconciliationTestCase):
	def setUp(self):
		super().setUp()
		self.ensure_september()

	def act(self, user, name, action, reason=None):
		from zgz_app.tests.factories import act

		return act(user, REC, name, action, reason=reason)

	def test_the_head_is_given_a_todo_and_a_mail(self):
		doc = self.snapshot(self.unit_b, kind="Quarter")
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": REC, "reference_name": doc.name, "status": "Open"},
			pluck="allocated_to",
		)
		self.assertEqual(todos, [self.head_b])
		queued = frappe.get_all(
			"Email Queue", filters={"reference_doctype": REC, "reference_name": doc.name}, pluck="name"
		)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": ("in", queued or [""])}, pluck="recipient"
		)
		self.assertEqual(
			recipients, [self.head_b], "the standard Notification ZGZ Reconciliation Awaits Signature"
		)

	def test_only_the_units_head_signs(self):
		doc = self.snapshot(self.unit_a)
		for someone in (self.head_b, self.lead_head, self.staff_a, self.manager):
			with self.assertRaises(frappe.PermissionError, msg=someone):
				self.act(someone, doc.name, "Sign")
		doc = self.act(self.head_a, doc.name, "Sign")
		self.assertEqual((doc.docstatus, doc.workflow_state), (1, "Signed"))
		self.assertEqual((doc.signed_by, getdate(doc.signed_on)), (self.head_a, getdate(today())))
		self.assertFalse(
			frappe.get_all("ToDo", filters={"reference_name": doc.name, "status": "Open"}),
			"the ToDo is closed",
		)

	def test_the_lead_units_head_signs_for_the_whole_campaign(self):
		doc = self.snapshot(None)
		with self.assertRaises(frappe.PermissionError):
			self.act(self.head_a, doc.name, "Sign")
		doc = self.act(self.lead_head, doc.name, "Sign")
		self.assertEqual(doc.signed_by, self.lead_head)

	def test_a_return_needs_a_reason_and_comes_back_for_signature(self):
		doc = self.snapshot(self.unit_b)
		with self.assertRaisesRegex(frappe.ValidationError, "why"):
			self.act(self.head_b, doc.name, "Return")
		doc = self.act(self.head_b, doc.name, "Return", reason="b1 已于9月28日整改完毕，请核实")
		self.assertEqual(
			(doc.workflow_state, doc.return_reason), ("Returned", "b1 已于9月28日整改完毕，请核实")
		)
		frappe.set_user(self.manager)
		doc = frappe.get_doc(REC, doc.name)
		doc.remarks = "经核实，b1 验收在10月进行，数据无误。"
		doc.save()
		frappe.set_user("Administrator")
		doc = self.act(self.manager, doc.name, "Resubmit")
		self.assertEqual(doc.workflow_state, "Awaiting Signature")
		self.assertFalse(doc.return_reason)
		doc = self.act(self.head_b, doc.name, "Sign")
		self.assertEqual(doc.docstatus, 1)

	def test_a_signed_snapshot_is_locked(self):
		doc = self.act(self.head_a, self.snapshot(self.unit_a, kind="Quarter").name, "Sign")
		doc.remarks = "改"
		with self.assertRaises(frappe.ValidationError):
			doc.save()


class TestComparison(ReconciliationTestCase):
	def test_periods_side_by_side_with_the_change_from_the_one_before(self):
		for end in (SEPTEMBER_END, date(2018, 10, 31)):
			if not frappe.db.exists(REC, {"campaign": self.campaign, "period_end": end}):
				create_snapshots(end)
		columns, rows, _message, chart = zgz_reconciliation_comparison.execute(
			{"campaign": self.campaign, "unit": self.unit_a, "period_type": "Month"}
		)
		by_period = {row["period"]: row for row in rows}
		self.assertIn("2018-09", by_period)
		october = by_period["2018-10"]
		# a5 closed out on 3 October: one more closed, one fewer open and overdue
		self.assertEqual(october["closed_items_change"], 1)
		self.assertEqual(october["open_items_change"], -1)
		self.assertIsNone(by_period["2018-09"]["closed_items_change"], "August has no snapshot here")
		self.assertEqual(chart["data"]["labels"][-2:], ["2018-09", "2018-10"])
		whole = zgz_reconciliation_comparison.execute({"campaign": self.campaign, "period_type": "Month"})[1]
		self.assertTrue(all(row["total_items"] >= 5 for row in whole), "empty unit: the whole campaign")

	def test_a_staff_member_sees_only_his_units_snapshots(self):
		self.ensure_september()
		frappe.set_user(self.staff_a)
		units = {
			row.unit for row in frappe.get_list(REC, filters={"campaign": self.campaign}, fields=["unit"])
		}
		self.assertNotIn(self.unit_b, units)
		self.assertIn(self.unit_a, units)
