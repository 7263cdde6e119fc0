"""附件2 问题摸排表 as PDF, and the two problem reports (问题清单, 问题汇总): what they show, in which
order, with which totals, to whom, and at a query count that does not grow with the rows."""

import io
import random
import string

from pypdf import PdfReader

import frappe
from frappe import _
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.benchmarks.problem_items import counting_queries, seed_campaign
from zgz_app.core.pdftext import compact
from zgz_app.roles import LEADER, SECTION_HEAD
from zgz_app.tests.factories import make_screening_campaign, make_unit, make_user, plan_row
from zgz_app.zgz_app.report.zgz_problem_list import zgz_problem_list
from zgz_app.zgz_app.report.zgz_problem_summary import zgz_problem_summary

PLAN = "ZGZ Rectification Plan"
ITEM = "ZGZ Problem Item"
FORMAT = "附件2 问题摸排表"
LIST = "ZGZ Problem List"
SUMMARY = "ZGZ Problem Summary"
COLUMNS = ("序号", "查摆出的问题", "整改措施", "责任领导", "责任人", "整改时限", "备注")


class TestPlanPrint(FrappeTestCase):
	"""A signed plan of 200 rows prints on several landscape pages, each headed like the first."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.staff = make_user("pp_staff", full_name="张伟")
		cls.head = make_user("pp_head", roles=(SECTION_HEAD,), full_name="王建国")
		cls.leader = make_user("pp_leader", roles=(LEADER,), full_name="吴志宏")
		cls.unit = make_unit(
			# letters only: wkhtmltopdf's text map garbles digits set among Latin letters
			name=f"规划管理科-{letters()}",
			head=cls.head,
			supervising_leader=cls.leader,
			members=[cls.staff],
		).name
		cls.campaign = make_screening_campaign([cls.unit])
		rows = [
			plan_row(
				problem=f"第{i}项：窗口服务一次性告知不到位，群众办事多次往返，跨科室事项推诿扯皮",
				measures=f"第{i}项措施：制定一次性告知清单并公示，建立首问负责和限时办结制度",
				responsible_person=cls.staff,
				category="执行中梗阻",
				remarks="月度对账" if i % 10 == 0 else None,
			)
			for i in range(1, 201)
		]
		cls.plan = frappe.get_doc(
			{
				"doctype": PLAN,
				"campaign": cls.campaign.name,
				"unit": cls.unit,
				"plan_type": "Personal",
				"plan_owner": cls.staff,
				"plan_date": today(),
				"rows": rows,
			}
		).insert(ignore_permissions=True)
		# signed as the workflow would sign it (the workflow's own tests cover how)
		cls.plan.db_set({"signed_by": cls.head, "signed_by_name": "王建国", "signed_on": today()})
		# the first row has a problem item (the unit's second), whose 序号 the form shows
		make_item(cls.campaign.name, cls.unit)
		cls.item_2 = make_item(cls.campaign.name, cls.unit, problem=rows[0]["problem"])
		cls.plan.rows[0].db_set("problem_item", cls.item_2.name)
		cls.pdf = frappe.get_print(PLAN, cls.plan.name, print_format=FORMAT, as_pdf=True)
		cls.pages = PdfReader(io.BytesIO(cls.pdf)).pages
		cls.texts = [compact(page.extract_text()) for page in cls.pages]

	def test_print_format_is_installed_for_the_plan(self):
		pf = frappe.get_doc("Print Format", FORMAT)
		self.assertEqual((pf.doc_type, pf.standard, pf.module), (PLAN, "Yes", "ZGZ App"))

	def test_pdf_is_landscape_and_runs_to_several_pages(self):
		self.assertGreater(len(self.pages), 1)
		for page in self.pages:
			self.assertGreater(float(page.mediabox.width), float(page.mediabox.height))

	def test_heading_and_column_titles_repeat_on_every_page(self):
		plan_date = getdate(today())
		date_text = f"{plan_date.year}年{plan_date.month}月{plan_date.day}日"
		for number, text in enumerate(self.texts, start=1):
			for expected in (compact(f"填报单位：{self.unit}"), compact(f"填报日期：{date_text}"), *COLUMNS):
				self.assertIn(compact(expected), text, f"page {number}")

	def test_first_page_has_the_title_and_the_first_row(self):
		first = self.texts[0]
		self.assertIn("附件2", first)
		self.assertIn(compact(f"{self.campaign.form_title}问题摸排表"), first)
		self.assertIn(compact("第1项：窗口服务"), first)

	def test_no_row_is_cut_by_a_page_break(self):
		for row in self.plan.rows:
			pages = [n for n, text in enumerate(self.texts) if compact(row.problem) in text]
			self.assertEqual(len(pages), 1, f"row {row.idx}")
		numbers = [n for row in self.plan.rows for n, t in enumerate(self.texts) if compact(row.problem) in t]
		self.assertEqual(numbers, sorted(numbers), "rows in order, page after page")

	def test_every_row_is_printed_with_names_not_user_ids(self):
		text = "".join(self.texts)
		for i in (1, 57, 123, 200):
			self.assertIn(compact(f"第{i}项措施"), text)
		self.assertIn(compact("王建国张伟"), text, "the leader (the approver by default), then the person")
		self.assertNotIn("zgz-test.invalid", text)

	def test_serial_number_of_a_row_with_a_problem_item(self):
		html = frappe.get_print(PLAN, self.plan.name, print_format=FORMAT)
		self.assertIn(f'<td class="zgz-center">{self.item_2.serial_no}</td>', html)
		self.assertEqual(self.item_2.serial_no, 2)

	def test_signer_on_the_last_page(self):
		signed_on = getdate(today())
		last = self.texts[-1]
		self.assertIn(compact("审核人（签字）：王建国"), last)
		self.assertIn(compact(f"日期：{signed_on.year}年{signed_on.month}月{signed_on.day}日"), last)
		self.assertIn(compact("第200项"), last)
		for text in self.texts[:-1]:
			self.assertNotIn(compact("审核人（签字）"), text)

	def test_unsigned_plan_leaves_the_signature_blank(self):
		self.plan.db_set({"signed_by": None, "signed_by_name": None, "signed_on": None})
		try:
			html = frappe.get_print(PLAN, self.plan.name, print_format=FORMAT)
		finally:
			self.plan.db_set({"signed_by": self.head, "signed_by_name": "王建国", "signed_on": today()})
		signature = html[html.index('class="zgz-signature"') :]
		self.assertIn("审核人（签字）：", signature)
		self.assertNotIn("王建国", signature)


def letters(k: int = 6) -> str:
	return "".join(random.choices(string.ascii_lowercase, k=k))


def make_item(campaign, unit, **kw):
	"""A problem item inserted directly (its controller numbers it), as signing a plan would make it."""
	values = {
		"doctype": ITEM,
		"campaign": campaign,
		"unit": unit,
		"problem": "办事拖拉，群众诉求超时未办",
		"measures": "建立限时办结台账，每周通报",
		"deadline": add_days(today(), 30),
		"category": "执行中梗阻",
		"source": "Self-found",
	}
	status = kw.pop("status", None)
	values.update(kw)
	item = frappe.get_doc(values).insert(ignore_permissions=True)
	if status:  # a later state, as the close-out workflow (or a plan's amendment) would leave it
		item.db_set("status", status)
	return item


class TestProblemReports(FrappeTestCase):
	"""Two sections under a bureau. 乙科 comes first in the unit tree though 甲科 sorts first by name."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		suffix = letters()
		cls.staff_a = make_user("pr_staff_a", full_name="张伟")
		cls.staff_b = make_user("pr_staff_b", full_name="陈静")
		cls.root = make_unit(name=f"测试局-{suffix}", is_group=1, unit_type="Bureau").name
		cls.unit_b = make_unit(name=f"乙科-{suffix}", parent=cls.root, members=[cls.staff_b]).name
		cls.unit_a = make_unit(name=f"甲科-{suffix}", parent=cls.root, members=[cls.staff_a]).name
		cls.unit_c = make_unit(name=f"丙科-{suffix}", parent=cls.root).name  # takes part, files nothing
		cls.campaign = make_screening_campaign([cls.unit_a, cls.unit_b, cls.unit_c]).name
		c = cls.campaign
		cls.items = [
			make_item(c, cls.unit_a, category="思维中梗阻", responsible_person=cls.staff_a),
			make_item(c, cls.unit_a, category="执行中梗阻", source="Raised by the Public"),
			make_item(c, cls.unit_a, category="执行中梗阻", status="Closed Out"),
			make_item(c, cls.unit_a, category="责任中梗阻", status="Withdrawn"),
			make_item(c, cls.unit_b, category="执行中梗阻", responsible_person=cls.staff_b),
			make_item(c, cls.unit_b, category="禁令中梗阻", source="Unannounced Check"),
		]

	def list_rows(self, **filters):
		return zgz_problem_list.execute({"campaign": self.campaign, **filters})[1]

	def keys(self, rows):
		return [(row.unit, row.serial_no) for row in rows]

	# 问题清单 -------------------------------------------------------------------------------------

	def test_list_in_unit_tree_order_then_serial_number(self):
		self.assertEqual(
			self.keys(self.list_rows()),
			[(self.unit_b, 1), (self.unit_b, 2), (self.unit_a, 1), (self.unit_a, 2), (self.unit_a, 3)],
		)

	def test_list_columns_in_the_forms_order(self):
		columns, rows, _message, chart, summary = zgz_problem_list.execute({"campaign": self.campaign})
		self.assertEqual(
			[c["fieldname"] for c in columns][:11],
			[
				"serial_no",
				"unit",
				"problem",
				"measures",
				"responsible_leader_name",
				"responsible_person_name",
				"deadline",
				"remarks",
				"category",
				"source",
				"status",
			],
		)
		first_a = next(row for row in rows if row.unit == self.unit_a)
		self.assertEqual(first_a.responsible_person_name, "张伟")

	def test_list_filters(self):
		self.assertEqual(self.keys(self.list_rows(unit=self.unit_a)), [(self.unit_a, n) for n in (1, 2, 3)])
		self.assertEqual(
			len(self.list_rows(unit=self.root)), 5, "a unit's filter takes in the units under it"
		)
		self.assertEqual(
			self.keys(self.list_rows(category="执行中梗阻")),
			[(self.unit_b, 1), (self.unit_a, 2), (self.unit_a, 3)],
		)
		self.assertEqual(self.keys(self.list_rows(source="Unannounced Check")), [(self.unit_b, 2)])
		self.assertEqual(self.keys(self.list_rows(status="Closed Out")), [(self.unit_a, 3)])
		self.assertEqual(self.keys(self.list_rows(status="Withdrawn")), [(self.unit_a, 4)])
		self.assertEqual(self.keys(self.list_rows(responsible_person=self.staff_b)), [(self.unit_b, 1)])

	def test_list_needs_a_campaign(self):
		with self.assertRaises(frappe.ValidationError):
			zgz_problem_list.execute({})

	def test_list_chart_and_summary(self):
		_columns, _rows, _message, chart, summary = zgz_problem_list.execute({"campaign": self.campaign})
		self.assertEqual(chart["type"], "bar")
		# the campaign's categories in its own order, those without problems left out
		self.assertEqual(chart["data"]["labels"], ["思维中梗阻", "禁令中梗阻", "执行中梗阻"])
		values = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
		self.assertEqual(values, {_("Rectifying"): [1, 1, 2], _("Closed Out"): [0, 0, 1]})
		self.assertEqual([s["value"] for s in summary], [5, 4, 1, 0])

	# 问题汇总 -------------------------------------------------------------------------------------

	def test_summary_by_category_with_totals(self):
		result = run_report(SUMMARY, filters={"campaign": self.campaign, "group_by": "Category"})
		labels = [c["label"] for c in result["columns"]]
		self.assertEqual(labels[1:5], ["思维中梗阻", "责任中梗阻", "禁令中梗阻", "执行中梗阻"])
		rows = result["result"]
		total_row = rows[-1]
		body = rows[:-1]
		# every participating unit, in tree order, even one that found nothing
		self.assertEqual([r["unit"] for r in body], [self.unit_b, self.unit_a, self.unit_c])
		counts = {r["unit"]: [r[c["fieldname"]] for c in result["columns"][1:]] for r in body}
		self.assertEqual(counts[self.unit_b], [0, 0, 1, 1, 2])
		self.assertEqual(counts[self.unit_a], [1, 0, 0, 2, 3])  # the withdrawn one is not counted
		self.assertEqual(counts[self.unit_c], [0, 0, 0, 0, 0])
		self.assertEqual([total_row[i] or 0 for i in range(1, 6)], [1, 0, 1, 3, 5])
		chart = result["chart"]
		self.assertEqual((chart["type"], chart["barOptions"]["stacked"]), ("bar", 1))
		self.assertEqual(chart["data"]["labels"], [self.unit_b, self.unit_a, self.unit_c])
		self.assertEqual(
			[d["name"] for d in chart["data"]["datasets"]], ["思维中梗阻", "禁令中梗阻", "执行中梗阻"]
		)

	def test_summary_by_source(self):
		columns, rows, _message, chart = zgz_problem_summary.execute(
			{"campaign": self.campaign, "group_by": "Source"}
		)
		fieldnames = {c["label"]: c["fieldname"] for c in columns}
		by_unit = {r["unit"]: r for r in rows}
		self.assertEqual(by_unit[self.unit_a][fieldnames[_("Raised by the Public")]], 1)
		self.assertEqual(by_unit[self.unit_a][fieldnames[_("Self-found")]], 2)
		self.assertEqual(by_unit[self.unit_b][fieldnames[_("Unannounced Check")]], 1)
		self.assertEqual(sum(r["total"] for r in rows), 5)
		self.assertEqual(len(columns), 1 + 8 + 1, "unit, every source, total")

	def test_summary_of_one_status(self):
		_columns, rows, *_rest = zgz_problem_summary.execute(
			{"campaign": self.campaign, "group_by": "Category", "status": "Closed Out"}
		)
		self.assertEqual({r["unit"]: r["total"] for r in rows if r["total"]}, {self.unit_a: 1})

	# isolation -----------------------------------------------------------------------------------

	def test_staff_sees_only_their_units_problems_in_both_reports(self):
		for user, unit in ((self.staff_a, self.unit_a), (self.staff_b, self.unit_b)):
			with self.set_user(user):
				listed = run_report(LIST, filters={"campaign": self.campaign})["result"]
				summary = run_report(SUMMARY, filters={"campaign": self.campaign, "group_by": "Category"})
			self.assertTrue(listed)
			self.assertEqual({row["unit"] for row in listed}, {unit}, user)
			body = summary["result"][:-1]
			self.assertEqual([row["unit"] for row in body], [unit], user)
			self.assertEqual(summary["result"][-1][-1], body[0]["total"], "the total counts only their own")

	def test_staff_filtering_on_another_unit_gets_nothing(self):
		with self.set_user(self.staff_a):
			listed = run_report(LIST, filters={"campaign": self.campaign, "unit": self.unit_b})["result"]
		self.assertEqual(listed, [])


class TestReportQueries(FrappeTestCase):
	"""Ten times the rows, the same number of queries."""

	def count(self, report, filters):
		report.execute(filters)  # caches warm, as on a running site
		with counting_queries() as counter:
			report.execute(filters)
		return counter["queries"]

	def test_query_count_does_not_grow_with_the_rows(self):
		frappe.set_user("Administrator")
		small = seed_campaign(units=5, items=40, rng=random.Random(1))
		large = seed_campaign(units=5, items=400, rng=random.Random(2))
		for report, extra in ((zgz_problem_list, {}), (zgz_problem_summary, {"group_by": "Category"})):
			counts = [self.count(report, {"campaign": c, **extra}) for c in (small, large)]
			self.assertEqual(counts[0], counts[1], report.__name__)
			self.assertLessEqual(counts[1], 5, report.__name__)
		self.assertEqual(len(zgz_problem_list.execute({"campaign": large})[1]), 400)
