"""The official forms print in Chinese, as HTML and as PDF, and the PDFs' text is the text printed."""

import io

from pypdf import PdfReader

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today
from zgz_app.core.pdftext import compact, radicals
from zgz_app.roles import LEADER, SECTION_HEAD
from zgz_app.tests.factories import make_campaign, make_plan, make_unit, make_user, plan_row


def pdf_text(doctype: str, name: str | None, print_format: str, doc=None) -> str:
	"""The PDF's text as a reader's search or copy gets it: raw, nothing folded back."""
	pdf = frappe.get_print(doctype, name, print_format=print_format, doc=doc, as_pdf=True)
	return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


class TestLeadingGroupPrint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.campaign = make_campaign(
			group_preamble="经局党组研究，决定成立开展“打通中梗阻、激发新动能”专项活动领导小组，组成人员如下：",
		)

	def test_print_format_is_installed_for_the_campaign(self):
		pf = frappe.get_doc("Print Format", "附件1 领导小组")
		self.assertEqual((pf.doc_type, pf.standard, pf.module), ("ZGZ Campaign", "Yes", "ZGZ App"))

	def test_html_reproduces_the_paper_list(self):
		html = frappe.get_print("ZGZ Campaign", self.campaign.name, print_format="附件1 领导小组")
		self.assertIn("常州市金坛区规划局开展“打通中梗阻、激发新动能”专项活动领导小组", html)
		for text in ("组　长：", "副组长：", "成　员：", "周立群", "党组书记、局长", "吴志宏", "李明华"):
			self.assertIn(text, html)
		self.assertLess(html.index("周立群"), html.index("吴志宏"))
		self.assertIn(f"专项活动由{self.campaign.lead_unit}负责牵头", html)

	def test_pdf_keeps_the_chinese_text(self):
		text = compact(pdf_text("ZGZ Campaign", self.campaign.name, "附件1 领导小组"))
		for expected in ("附件1", "领导小组", "组长", "周立群", "党组书记、局长", "吴志宏", "负责牵头"):
			self.assertIn(expected, text)

	def test_a_title_written_with_its_quotes_is_printed_once_quoted(self):
		campaign = make_campaign(short_name="“中梗阻”专项治理")
		self.assertEqual(campaign.form_title, "“中梗阻”专项治理")
		campaign.db_set("form_title", "“中梗阻”专项治理工作")
		text = compact(pdf_text("ZGZ Campaign", campaign.name, "附件1 领导小组"))
		self.assertIn("常州市金坛区规划局开展“中梗阻”专项治理工作领导小组", text)
		self.assertNotIn("““", text)


class TestPdfTextIsSearchable(FrappeTestCase):
	"""Every print format's PDF reads back as printed: 金坛, 方案, 组长 (whose glyphs Noto CJK shares with
	the radicals ⾦ ⽅ ⻓) are found as they are, and no radical code point stands in for a character."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.unit = make_unit(
			head=make_user("pt_head", roles=(SECTION_HEAD,), full_name="王建国"),
			supervising_leader=make_user("pt_leader", roles=(LEADER,), full_name="孙海燕"),
		).name
		cls.campaign = make_campaign(units=[{"unit": cls.unit}])

	def assertSearchable(self, text: str, *words: str):
		self.assertEqual(radicals(text), "", "radicals in the PDF's text")
		flat = compact(text)
		for word in words:
			self.assertIn(word, flat)

	def test_leading_group(self):
		text = pdf_text("ZGZ Campaign", self.campaign.name, "附件1 领导小组")
		self.assertSearchable(text, "常州市金坛区规划局", "组长", "周立群")
		# once: the title is not set in made-up bold, which wkhtmltopdf draws twice and viewers copy twice
		self.assertEqual(compact(text).count("常州市金坛区规划局开展"), 1)

	def test_problem_screening_form(self):
		from zgz_app.tests.factories import make_screening_campaign

		campaign = make_screening_campaign([self.unit])
		row = plan_row(problem="实施方案落实不到位，组长督办事项长期未办结", measures="按方案逐项整改")
		plan = make_plan(campaign.name, self.unit, rows=[row], plan_type="Unit")
		text = pdf_text(plan.doctype, plan.name, "附件2 问题摸排表")
		self.assertSearchable(text, "常州市金坛区规划局", "实施方案落实不到位", "组长督办事项长期未办结")

	def test_reconciliation(self):
		doc = frappe.get_doc(
			{
				"doctype": "ZGZ Reconciliation",
				"campaign": self.campaign.name,
				"organisation": "常州市金坛区规划局",
				"campaign_name": self.campaign.short_name,
				"unit": self.unit,
				"period_type": "Month",
				"period_start": "2018-09-01",
				"period_end": "2018-09-30",
				"total_items": 3,
				"remarks": "已按实施方案与组长督办清单逐项核对。",
			}
		)
		text = pdf_text(doc.doctype, None, "对账表", doc=doc)
		self.assertSearchable(
			text, "常州市金坛区规划局", "“打通中梗阻、激发新动能”专项活动", "实施方案与组长督办清单"
		)

	def test_work_summary(self):
		doc = frappe.get_doc(
			{
				"doctype": "ZGZ Work Summary",
				"campaign": self.campaign.name,
				"unit": self.unit,
				"submitted_on": today(),
				"summary": "<p>常州市金坛区规划局按照实施方案，组长亲自部署，完成整改任务。</p>",
			}
		)
		text = pdf_text(doc.doctype, None, "工作总结", doc=doc)
		self.assertSearchable(text, "常州市金坛区规划局按照实施方案，组长亲自部署", "专项活动工作总结")
