"""A unit fills 附件2 in Excel: it imports whole or not at all, with every bad cell named, and exports
back in the same layout."""

import random
import re
from datetime import datetime
from io import BytesIO

from openpyxl import Workbook

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, random_string, today
from zgz_app.rectification.plan_sheet import download_template, export_rows, import_rows
from zgz_app.roles import LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import make_campaign, make_unit, make_user

PLAN = "ZGZ Rectification Plan"
HEADER = [
	"序号",
	"查摆出的问题",
	"整改措施",
	"责任领导",
	"责任人",
	"整改时限",
	"备注",
	"问题类别",
	"问题来源",
]
ROW_FIELDS = (
	"problem",
	"measures",
	"responsible_leader",
	"responsible_person",
	"deadline",
	"remarks",
	"category",
	"source",
)


def person(login_prefix, roles, surname):
	"""A user with a Chinese name no other test user has."""
	tag = random_string(4)
	return make_user(f"{login_prefix}{tag.lower()}", roles=roles, full_name=f"{surname}{tag}")


class TestPlanSheet(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.day = getdate(today())
		start, cls.end = add_days(cls.day, -10), add_days(cls.day, 200)
		cls.head = person("head", [SECTION_HEAD], "周科长")
		cls.leader = person("leader", [LEADER], "吴局长")
		cls.owner = person("owner", [STAFF], "张伟")
		cls.colleague = person("colleague", [STAFF], "李明")
		cls.outsider = person("outsider", [STAFF], "王芳")
		cls.unit = make_unit(
			members=[cls.owner, cls.colleague], head=cls.head, supervising_leader=cls.leader
		).name
		make_unit(members=[cls.outsider])
		campaign = make_campaign(
			doc_number=f"测试发〔{start.year}〕{random.randint(100, 999_999)}号",
			issue_date=start,
			start_date=start,
			end_date=cls.end,
			phases=[
				{
					"phase_name": "查摆问题",
					"phase_type": "Screening",
					"start_date": start,
					"end_date": add_days(cls.day, 10),
				},
				{
					"phase_name": "整改落实",
					"phase_type": "Rectification",
					"start_date": add_days(cls.day, 11),
					"end_date": cls.end,
				},
			],
			problem_list_due=add_days(cls.day, 5),
			nomination_start=None,
			nomination_due=None,
			summary_due=add_days(cls.day, 100),
			units=[{"unit": cls.unit}],
		)
		cls.campaign = campaign.name
		cls.title = f"{campaign.organisation}{campaign.form_title}问题摸排表"  # as the print format
		cls.names = {
			u: frappe.utils.get_fullname(u) for u in (cls.head, cls.owner, cls.colleague, cls.outsider)
		}

	def setUp(self):
		# Messages are asserted in English (the zh catalogue is the translation of the same lines).
		self._lang, frappe.local.lang = frappe.local.lang, "en"
		frappe.db.delete(PLAN, {"campaign": self.campaign})
		with self.set_user(self.owner):
			self.plan = frappe.get_doc(
				{
					"doctype": PLAN,
					"campaign": self.campaign,
					"plan_type": "Personal",
					"unit": self.unit,
					"plan_owner": self.owner,
					"plan_date": self.day,
					"rows": [
						{
							"problem": "原有问题",
							"measures": "原有措施",
							"deadline": add_days(self.day, 30),
							"category": "思维中梗阻",
						}
					],
				}
			).insert()

	def tearDown(self):
		frappe.local.lang = self._lang

	# --- helpers -------------------------------------------------------------------------------

	def good_rows(self):
		return [
			[1, "办事拖拉，群众反映多", "实行限时办结", self.names[self.head], self.names[self.owner],
			 datetime.combine(add_days(self.day, 20), datetime.min.time()), None, "思维中梗阻", "自己找"],
			[2, "推诿扯皮", "首问负责\n每周通报", None, self.names[self.colleague],
			 add_days(self.day, 40).strftime("%Y/%m/%d"), "与综合科配合", "责任中梗阻", "群众提"],
			[3, "门难进、脸难看", "明察暗访", None, None,
			 "{0}年{1}月{2}日".format(*add_days(self.day, 60).timetuple()[:3]), None, "执行中梗阻", "Unannounced Check"],
		]  # fmt: skip

	def xlsx(self, rows, header=HEADER) -> bytes:
		wb = Workbook()
		ws = wb.active
		ws.append(["附件2"])
		ws.append([self.title])
		ws.append([f"填报单位：{self.unit}", None, None, None, None, f"填报日期：{self.day}"])
		ws.append(header)
		for row in rows:
			ws.append(row)
		out = BytesIO()
		wb.save(out)
		return out.getvalue()

	def upload(self, content: bytes, name="附件2.xlsx", user=None) -> str:
		with self.set_user(user or self.owner):
			return (
				frappe.get_doc({"doctype": "File", "file_name": name, "content": content, "is_private": 1})
				.insert()
				.file_url
			)

	def import_as_owner(self, **kw):
		with self.set_user(self.owner):
			return import_rows(self.plan.name, **kw)

	def rows(self):
		doc = frappe.get_doc(PLAN, self.plan.name)
		return [tuple(str(row.get(f) or "") for f in ROW_FIELDS) for row in doc.rows]

	def error_lines(self, **kw) -> list[str]:
		with self.assertRaises(frappe.ValidationError) as caught:
			self.import_as_owner(**kw)
		return str(caught.exception).split("<br>")

	# --- import --------------------------------------------------------------------------------

	def test_good_xlsx_imports_every_row_and_replaces_the_old_ones(self):
		count = self.import_as_owner(file_url=self.upload(self.xlsx(self.good_rows())))
		self.assertEqual(count, 3)
		doc = frappe.get_doc(PLAN, self.plan.name)
		self.assertEqual(
			[r.problem for r in doc.rows], ["办事拖拉，群众反映多", "推诿扯皮", "门难进、脸难看"]
		)
		first, second, third = doc.rows
		self.assertEqual((first.responsible_leader, first.responsible_person), (self.head, self.owner))
		self.assertEqual(getdate(first.deadline), add_days(self.day, 20))
		self.assertEqual(second.measures, "首问负责\n每周通报")
		self.assertEqual(second.responsible_person, self.colleague)
		self.assertEqual(second.source, "Raised by the Public")
		self.assertEqual(getdate(third.deadline), add_days(self.day, 60))
		self.assertEqual(third.source, "Unannounced Check")
		# left blank: the plan's defaults (personal plan → its owner; leader → the approver)
		self.assertEqual((third.responsible_person, third.responsible_leader), (self.owner, self.head))

	def test_csv_saved_by_a_chinese_excel_imports(self):
		lines = [
			",".join(HEADER),
			f"1,开会多,精简会议,,{self.names[self.colleague]},{add_days(self.day, 9)},,禁令中梗阻,组织议",
			'2,文件多,"压减发文,合并文件",,,2099年1月1日,,禁令中梗阻,',
		]
		for encoding in ("gb18030", "utf-8-sig"):
			content = "\r\n".join(lines).encode(encoding)
			with self.subTest(encoding=encoding):
				lines_out = self.error_lines(file_url=self.upload(content, name=f"附件2-{encoding}.csv"))
				self.assertEqual(len(lines_out), 2, lines_out)
				self.assertRegex(lines_out[1], "^Row 3, column 整改时限: .*after the campaign ends")
		lines[2] = lines[2].replace("2099年1月1日", f"{add_days(self.day, 9):%Y.%m.%d}")
		self.import_as_owner(file_url=self.upload("\r\n".join(lines).encode("gb18030"), name="附件2.csv"))
		self.assertEqual(
			[r[:2] for r in self.rows()], [("开会多", "精简会议"), ("文件多", "压减发文,合并文件")]
		)

	def test_append_keeps_the_rows_already_there(self):
		self.import_as_owner(file_url=self.upload(self.xlsx(self.good_rows()[:1])), replace=0)
		self.assertEqual([r[0] for r in self.rows()], ["原有问题", "办事拖拉，群众反映多"])

	def test_bad_file_names_every_bad_cell_and_changes_nothing(self):
		before = self.rows()
		bad = [
			[1, "办事拖拉", "限时办结", None, self.names[self.owner], str(add_days(self.day, 5)), None, "思维中梗阻", "自己找"],
			[2, "措施空着", None, None, self.names[self.owner], str(add_days(self.day, 5)), None, "思维中梗阻", None],
			[3, "超出活动期", "整改", None, None, str(add_days(self.end, 1)), None, "思维中梗阻", None],
			[4, "类别不对", "整改", None, None, str(add_days(self.day, 5)), None, "作风中梗阻", None],
			[5, "外单位的人", "整改", None, self.names[self.outsider], str(add_days(self.day, 5)), None, "责任中梗阻", None],
			[6, "日期写错", "整改", None, None, "长期坚持", None, "责任中梗阻", None],
		]  # fmt: skip
		lines = self.error_lines(file_url=self.upload(self.xlsx(bad)))
		self.assertIn("Nothing was imported", lines[0])
		# title rows 1-3, header row 4: the second data row is the sheet's row 6
		expected = [
			(6, "整改措施", "is empty"),
			(7, "整改时限", "after the campaign ends"),
			(8, "问题类别", "作风中梗阻 is not one of this campaign's categories"),
			(9, "责任人", "is not in this unit"),
			(10, "整改时限", "长期坚持 is not a date"),
		]
		self.assertEqual(len(lines), 1 + len(expected), lines)
		for line, (row, column, what) in zip(lines[1:], expected, strict=True):
			self.assertRegex(line, rf"^Row {row}, column {column}: .*{re.escape(what)}")
		self.assertIn(self.names[self.outsider], lines[4])
		self.assertEqual(self.rows(), before)

	def test_missing_column_is_one_message(self):
		content = self.xlsx([r[:5] for r in self.good_rows()], header=HEADER[:5])
		lines = self.error_lines(file_url=self.upload(content))
		self.assertEqual(
			lines[1:], ["Header row 4: there is no column 整改时限. Add it, or download the template."]
		)

	def test_pasted_rows_with_header_and_without(self):
		lines = [
			"\t".join(HEADER),
			f"1\t开会多\t精简会议\t\t{self.names[self.colleague]}\t{add_days(self.day, 9)}\t\t禁令中梗阻\t组织议",
			f'2\t文件多\t"压减发文\n合并文件"\t\t\t{add_days(self.day, 9)}\t\t禁令中梗阻\t',
		]
		self.assertEqual(self.import_as_owner(text="\n".join(lines) + "\n"), 2)
		rows = self.rows()
		self.assertEqual(rows[0][:4], ("开会多", "精简会议", self.head, self.colleague))
		self.assertEqual(rows[0][7], "Raised by the Organisation")
		self.assertEqual(rows[1][1], "压减发文\n合并文件")
		# rows copied from the middle of the table, without the header: the form's column order
		self.assertEqual(self.import_as_owner(text="\n".join(lines[1:]), replace=0), 2)
		self.assertEqual(len(self.rows()), 4)

	def test_pasted_errors_numbered_by_pasted_line(self):
		text = "查摆出的问题\t整改措施\t责任人\t整改时限\t问题类别\n问题\t措施\t\t下个月\t思维中梗阻"
		self.assertEqual(
			self.error_lines(text=text)[1:],
			[
				"Row 2, column 整改时限: 下个月 is not a date. Write it as 2026-12-31 (or 2026/12/31, 2026年12月31日)."
			],
		)

	def test_only_the_owner_imports_and_only_while_the_plan_is_editable(self):
		with self.set_user(self.colleague), self.assertRaises(frappe.PermissionError):
			import_rows(self.plan.name, text="x")
		others_file = self.upload(self.xlsx(self.good_rows()[:1]), user=self.outsider)
		with self.assertRaises(frappe.PermissionError):
			self.import_as_owner(file_url=others_file)
		self.plan.db_set("workflow_state", "Awaiting Signature")
		with self.assertRaises(frappe.ValidationError) as caught:
			self.import_as_owner(text="x")
		self.assertIn("only into a plan that is Draft or Returned", str(caught.exception))

	# --- export --------------------------------------------------------------------------------

	def test_export_is_the_paper_form_and_imports_back_unchanged(self):
		self.import_as_owner(file_url=self.upload(self.xlsx(self.good_rows())))
		before = self.rows()
		with self.set_user(self.owner):
			export_rows(self.plan.name)
		self.assertEqual(frappe.response["type"], "binary")
		self.assertEqual(frappe.response["filename"], f"附件2-{self.plan.name}.xlsx")
		content = frappe.response["filecontent"]
		cells = frappe.utils.xlsxutils.read_xlsx_file_from_attached_file(fcontent=content)
		self.assertEqual(cells[0][0], "附件2")
		self.assertEqual(cells[1][0], self.title)
		self.assertEqual(cells[2][0], f"填报单位：{self.unit}")
		self.assertEqual(cells[2][5], f"填报日期：{self.day}")
		self.assertEqual(cells[3], HEADER)
		self.assertEqual(
			cells[4],
			[1, "办事拖拉，群众反映多", "实行限时办结", self.names[self.head], self.names[self.owner],
			 str(add_days(self.day, 20)), None, "思维中梗阻", "自己找"],
		)  # fmt: skip
		self.assertEqual(self.import_as_owner(file_url=self.upload(content)), 3)
		self.assertEqual(self.rows(), before)

	def test_export_needs_read_permission(self):
		with self.set_user(self.outsider), self.assertRaises(frappe.PermissionError):
			export_rows(self.plan.name)

	def test_template_has_the_header_and_no_rows(self):
		download_template()
		cells = frappe.utils.xlsxutils.read_xlsx_file_from_attached_file(
			fcontent=frappe.response["filecontent"]
		)
		self.assertEqual(cells[3], HEADER)
		self.assertEqual(len(cells), 4)
		lines = self.error_lines(file_url=self.upload(frappe.response["filecontent"]))
		self.assertEqual(
			lines[1:], ["There are no rows under the header (row 4). Fill in at least one problem."]
		)
