"""附件3 and 附件4 as PDF: one A4 page each, the form's Chinese wording and the nomination's text in it,
and the seal stamped at signing present as an image (read back with pypdf)."""

import io

from pypdf import PdfReader

import frappe
from zgz_app.core.pdftext import compact
from zgz_app.tests.award_factories import AWARD, AwardTestCase, case_values, star_values

STAR_FORM = "附件3 十佳优秀服务明星申报表"
CASE_FORM = "附件4 优质服务事例申报表"
LONG = ("牢固树立“店小二”服务意识，主动对接重大项目，推行容缺受理、并联审批。" * 20)[
	:480
] + "\n全年无一件超时。"


class TestAwardPrint(AwardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		campaign = cls.make_campaign(cls).name
		cls.star = cls.nominate(
			cls,
			cls.staff,
			star_values(
				nominee=cls.staff,
				honours="2016年度优秀公务员\n2017年度全区机关作风建设先进个人\n2018年度局先进工作者",
				deeds=LONG,
				political_status="CPC Member",
				gender="Female",
				birth_month="1988年5月",
			),
			campaign=campaign,
		).name
		cls.case = cls.nominate(
			cls, cls.staff2, case_values(lead_section=cls.unit, practice=LONG), campaign=campaign
		).name
		for name, drafter in ((cls.star, cls.staff), (cls.case, cls.staff2)):
			cls.act(cls, drafter, name, "Submit for Opinion")
			cls.act(
				cls, cls.head, name, "Sign and Seal", opinion="该同志服务意识强、业务精、作风实，同意推荐。"
			)
		cls.pdfs = {
			name: PdfReader(io.BytesIO(frappe.get_print(AWARD, name, print_format=form, as_pdf=True)))
			for name, form in ((cls.star, STAR_FORM), (cls.case, CASE_FORM))
		}

	def text(self, name: str) -> str:
		return compact("".join(page.extract_text() for page in self.pdfs[name].pages))

	def test_print_formats_are_installed_for_the_nomination(self):
		for form in (STAR_FORM, CASE_FORM):
			pf = frappe.get_doc("Print Format", form)
			self.assertEqual((pf.doc_type, pf.standard, pf.module), (AWARD, "Yes", "ZGZ App"))

	def test_each_form_is_one_a4_page_with_the_seal_image(self):
		for name in (self.star, self.case):
			pages = self.pdfs[name].pages
			self.assertEqual(len(pages), 1, name)
			width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
			self.assertEqual((round(width), round(height)), (595, 842), "A4 portrait")
			images = pages[0].images
			self.assertTrue(images, "the seal is stamped on the form")
			self.assertTrue(
				any(img.name.lower().endswith((".png", ".jpg", ".jp2")) or img.data for img in images)
			)

	def test_star_form_has_the_papers_cells_and_the_nominees_text(self):
		text = self.text(self.star)
		for expected in (
			"附件3",
			"“十佳优秀服务明星”申报表",
			"申报单位（盖章）：",
			self.unit,
			"姓名",
			"张伟",
			"现任职务",
			"性别",
			"女",
			"出生年月",
			"1988年5月",
			"政治面貌",
			"中共党员",
			"联系电话",
			"13961212345",
			"所获荣誉（近三年）",
			"2017年度全区机关作风建设先进个人",
			"主要事迹（500字以内）",
			"全年无一件超时。",
			"主管部门意见",
			"同意推荐",
			"（盖章）",
		):
			self.assertIn(compact(expected), text, expected)
		self.assertIn(compact(LONG[:60]), text)
		signed = frappe.utils.getdate(frappe.db.get_value(AWARD, self.star, "opinion_date"))
		self.assertIn(f"{signed.year}年{signed.month}月{signed.day}日", text)

	def test_case_form_has_the_papers_cells_and_the_cases_text(self):
		text = self.text(self.case)
		for expected in (
			"附件4",
			"“优质服务事例”申报表",
			"申报单位（盖章）：",
			"牵头科室",
			"负责人",
			"何静",
			"联系电话",
			"0519-82812345",
			"事例名称",
			"规划审批“一窗受理、集成服务”",
			"主要做法及成效（500字以内）",
			"全年无一件超时。",
			"主管部门意见",
		):
			self.assertIn(compact(expected), text, expected)

	def test_an_unsigned_form_has_no_seal_and_a_blank_date(self):
		draft = self.nominate(
			self.staff,
			star_values(nominee_name="刘洋"),
			campaign=frappe.db.get_value(AWARD, self.star, "campaign"),
		)
		html = frappe.get_print(AWARD, draft.name, print_format=STAR_FORM)
		self.assertNotIn("<img", html)
		self.assertIn('<span class="zgz-date-blank">年</span>', html)
		pdf = PdfReader(io.BytesIO(frappe.get_print(AWARD, draft.name, print_format=STAR_FORM, as_pdf=True)))
		self.assertEqual((len(pdf.pages), len(pdf.pages[0].images)), (1, 0))

	def test_a_nomination_printed_with_the_other_kinds_form_says_which_to_use(self):
		html = frappe.get_print(AWARD, self.case, print_format=STAR_FORM)
		self.assertIn("附件4 优质服务事例申报表", html)
		self.assertNotIn("zgz-sheet", html.split("zgz-wrong-form")[1])
