"""The official forms print in Chinese, as HTML and as PDF."""

import io

from pypdf import PdfReader

import frappe
from frappe.tests.utils import FrappeTestCase
from zgz_app.core.pdftext import compact
from zgz_app.tests.factories import make_campaign


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
		pdf = frappe.get_print("ZGZ Campaign", self.campaign.name, print_format="附件1 领导小组", as_pdf=True)
		text = compact("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
		for expected in ("附件1", "领导小组", "组长", "周立群", "党组书记、局长", "吴志宏", "负责牵头"):
			self.assertIn(expected, text)
