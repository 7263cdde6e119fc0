"""整改台账 (ZGZ Rectification Ledger): each item's colour and overdue days worked out live with the
settings' thresholds and working days, the filters, what each user may see, and a query count that does
not grow with the items; the public complaints received, upheld and answered on time in its summary,
per unit in 投诉举报统计, which it links."""

from urllib.parse import urlencode

import frappe
from frappe.tests.utils import FrappeTestCase
from zgz_app.benchmarks.problem_items import counting_queries
from zgz_app.roles import SECTION_HEAD
from zgz_app.tests.factories import make_campaign, make_item, make_unit, make_user, set_zgz_settings
from zgz_app.zgz_app.report.zgz_complaint_statistics import zgz_complaint_statistics
from zgz_app.zgz_app.report.zgz_rectification_ledger import zgz_rectification_ledger

ITEM = "ZGZ Problem Item"
COMPLAINT = "ZGZ Complaint"
MONDAY = "2018-09-17 09:00:00"  # the day the ledger is read
SETTINGS = dict(
	blue_days=5,
	yellow_days=2,
	yellow_below_percent=80,
	red_overdue_days=2,
	group_overdue_days=5,
	weekends_off=1,
	holidays=[{"holiday_date": "2018-09-24", "description": "中秋节"}],
)


class TestLedger(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.staff_a = make_user("lg_staff_a", full_name="冯台账甲")
		cls.staff_b = make_user("lg_staff_b", full_name="褚台账乙")
		cls.head_a = make_user("lg_head_a", roles=(SECTION_HEAD,), full_name="蒋台账科长")
		cls.unit_a = make_unit(head=cls.head_a, members=[cls.staff_a]).name
		cls.unit_b = make_unit(members=[cls.staff_b]).name
		cls.campaign = make_campaign(units=[{"unit": cls.unit_a}, {"unit": cls.unit_b}]).name
		cls.previous_settings = set_zgz_settings(**SETTINGS)
		a = cls.unit_a
		cls.items = {
			# Thursday 13th: two working days late on Monday 17th (the weekend is off)
			"red": cls.item(a, "2018-09-13", responsible_person=cls.staff_a),
			# Friday 14th: one working day late, though three calendar days
			"yellow_late": cls.item(a, "2018-09-14"),
			# Wednesday 19th: two working days left at 50 %
			"yellow_behind": cls.item(a, "2018-09-19", progress_percent=50),
			# the same deadline, nearly done: only a reminder
			"blue_done": cls.item(a, "2018-09-19", progress_percent=90),
			# Tuesday 25th: five working days left, as Monday 24th is 中秋节 (six without it)
			"blue_holiday": cls.item(a, "2018-09-25"),
			"quiet": cls.item(a, "2018-10-31"),
			"awaiting": cls.item(a, "2018-09-13", status="Awaiting Verification"),
			"closed": cls.item(a, "2018-09-13", status="Closed Out", closed_on="2018-09-12"),
			"withdrawn": cls.item(a, "2018-09-13", status="Withdrawn"),
			# unit B: Monday 10th, five working days late
			"b_red": cls.item(cls.unit_b, "2018-09-10", responsible_person=cls.staff_b),
		}
		# the public's complaints: unit A answered three (two upheld, one of them late) and holds one;
		# unit B answered one, upheld, on time; one not yet passed on
		for unit, state, finding, on_time in (
			(a, "Answered", "Upheld", 1),
			(a, "Answered", "Upheld", 0),
			(a, "Answered", "Not Upheld", 1),
			(a, "With Unit", None, 0),
			(cls.unit_b, "Answered", "Upheld", 1),
			(None, "Awaiting Triage", None, 0),
		):
			cls.complaint(unit, state, finding, on_time)

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		set_zgz_settings(**cls.previous_settings)
		super().tearDownClass()

	@classmethod
	def item(cls, unit, deadline, status="Rectifying", responsible_person=None, **state):
		name = make_item(
			cls.campaign,
			unit,
			deadline=deadline,
			category="执行中梗阻",
			responsible_person=responsible_person,
		).name
		frappe.db.set_value(ITEM, name, {"status": status, **state}, update_modified=False)
		return name

	@classmethod
	def complaint(cls, unit, state, finding, on_time):
		doc = frappe.get_doc(
			{
				"doctype": COMPLAINT,
				"kind": "Complaint",
				"campaign": cls.campaign,
				"description": "窗口推诿扯皮",
			}
		).insert(ignore_permissions=True)
		values = {"unit": unit, "workflow_state": state, "finding": finding, "answered_on_time": on_time}
		frappe.db.set_value(COMPLAINT, doc.name, values, update_modified=False)

	def tearDown(self):
		frappe.set_user("Administrator")

	def run_ledger(self, **filters):
		with self.freeze_time(MONDAY):
			return zgz_rectification_ledger.execute({"campaign": self.campaign, **filters})

	def rows(self, **filters):
		names = {v: k for k, v in self.items.items()}
		return {names[row.name]: row for row in self.run_ledger(**filters)[1]}

	def test_colour_and_overdue_days_of_each_item(self):
		rows = self.rows()
		got = {key: (row.colour, row.overdue_days, row.days_left) for key, row in rows.items()}
		self.assertEqual(
			got,
			{
				"red": ("Red", 2, -2),
				"yellow_late": ("Yellow", 1, -1),
				"yellow_behind": ("Yellow", 0, 2),
				"blue_done": ("Blue", 0, 2),
				"blue_holiday": ("Blue", 0, 5),
				"quiet": (None, 0, 31),
				"awaiting": (None, 2, -2),  # with its verifier: overdue, but not chased
				"closed": (None, 0, None),
				"b_red": ("Red", 5, -5),
			},
		)

	def test_without_days_off_calendar_days_count(self):
		set_zgz_settings(weekends_off=0, holidays=[])
		try:
			rows = self.rows()
		finally:
			set_zgz_settings(**SETTINGS)
		self.assertEqual((rows["yellow_late"].colour, rows["yellow_late"].overdue_days), ("Red", 3))
		self.assertIsNone(rows["blue_holiday"].colour, "eight days left: no reminder yet")

	def test_filters(self):
		self.assertEqual(set(self.rows(colour="Red")), {"red", "b_red"})
		self.assertEqual(set(self.rows(colour="Blue")), {"blue_done", "blue_holiday"})
		self.assertEqual(set(self.rows(overdue_only=1)), {"red", "yellow_late", "awaiting", "b_red"})
		self.assertEqual(set(self.rows(status="Awaiting Verification")), {"awaiting"})
		self.assertEqual(set(self.rows(status="Withdrawn")), {"withdrawn"})
		self.assertEqual(set(self.rows(responsible_person=self.staff_a)), {"red"})
		self.assertEqual(set(self.rows(unit=self.unit_b)), {"b_red"})
		self.assertEqual(set(self.rows(colour="Red", unit=self.unit_a)), {"red"})
		with self.assertRaises(frappe.ValidationError):
			self.run_ledger(colour="Purple")

	def test_summary_and_chart(self):
		columns, rows, _message, chart, summary = self.run_ledger()
		self.assertEqual(len(rows), 9, "withdrawn items are left out")
		# problems, red, yellow, blue, overdue; complaints received, upheld, answered on time
		self.assertEqual([s["value"] for s in summary], [9, 2, 2, 2, 4, 6, 3, 3])
		self.assertEqual([s["indicator"] for s in summary[1:4]], ["Red", "Yellow", "Blue"])
		self.assertEqual(set(chart["data"]["labels"]), {self.unit_a, self.unit_b})
		by_unit = {
			unit: [d["values"][i] for d in chart["data"]["datasets"]]
			for i, unit in enumerate(chart["data"]["labels"])
		}
		self.assertEqual(by_unit, {self.unit_a: [1, 2, 2], self.unit_b: [1, 0, 0]}, "red, yellow, blue")
		self.assertIn("colour", [c["fieldname"] for c in columns])

	def complaint_counts(self, **filters):
		return [s["value"] for s in self.run_ledger(**filters)[4][-3:]]

	def test_complaints_count_per_unit_within_the_ledgers_campaign_and_unit(self):
		self.assertEqual(self.complaint_counts(unit=self.unit_a), [4, 2, 2])
		self.assertEqual(self.complaint_counts(unit=self.unit_b), [1, 1, 1])
		other = make_campaign(units=[{"unit": self.unit_a}]).name
		self.assertEqual(self.complaint_counts(campaign=other), [0, 0, 0])
		# the per-unit rows are 投诉举报统计's, which the ledger links with its campaign and unit
		message = self.run_ledger(unit=self.unit_a)[2]
		self.assertIn("/app/query-report/ZGZ%20Complaint%20Statistics?", message)
		self.assertIn(f"campaign={self.campaign}", message)
		self.assertIn(urlencode({"unit": self.unit_a}), message)
		stats = zgz_complaint_statistics.execute({"campaign": self.campaign})[1]
		by_unit = {row["unit"]: (row["received"], row["upheld"], row["on_time"]) for row in stats}
		self.assertEqual(
			{k: v for k, v in by_unit.items() if k in (self.unit_a, self.unit_b)},
			{self.unit_a: (4, 2, 2), self.unit_b: (1, 1, 1)},
		)
		rows = zgz_complaint_statistics.execute({"campaign": self.campaign, "unit": self.unit_b})[1]
		self.assertEqual([row["unit"] for row in rows], [self.unit_b])

	def test_a_staff_member_counts_only_his_units_complaints(self):
		frappe.set_user(self.staff_b)
		self.assertEqual(self.complaint_counts(), [1, 1, 1])
		frappe.set_user(self.staff_a)
		self.assertEqual(self.complaint_counts(), [4, 2, 2])

	def test_a_staff_member_sees_only_his_units_rows(self):
		frappe.set_user(self.staff_b)
		rows = self.run_ledger()[1]
		self.assertEqual({row.unit for row in rows}, {self.unit_b})
		frappe.set_user(self.head_a)
		self.assertEqual({row.unit for row in self.run_ledger()[1]}, {self.unit_a})

	def test_queries_do_not_grow_with_the_items(self):
		self.run_ledger()  # warms the caches
		with counting_queries() as before:
			self.run_ledger()
		frappe.db.savepoint("ledger_more_items")
		try:
			for _ in range(30):
				self.item(self.unit_b, "2018-09-14")
			with counting_queries() as after:
				rows = self.run_ledger()[1]
		finally:
			frappe.db.rollback(save_point="ledger_more_items")
		self.assertEqual(after["queries"], before["queries"])
		self.assertEqual(len(rows), 39)
