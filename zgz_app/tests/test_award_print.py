"""附件3 and 附件4 as PDF: one A4 page each whatever the nomination holds — through frappe.get_print,
download_pdf and the campaign dossier alike —, the form's Chinese wording and the nomination's text in
it as printed (raw extracted text, no radical code points), and the seal stamped at signing present as
an image (read back with pypdf)."""

import io

from pypdf import PdfReader

import frappe
from frappe.utils.print_format import download_pdf
from zgz_app.core.pdftext import compact, radicals
from zgz_app.records import assembly, sections
from zgz_app.tests.award_factories import AWARD, CASE, STAR, AwardTestCase, case_values, star_values

STAR_FORM = "附件3 十佳优秀服务明星申报表"
CASE_FORM = "附件4 优质服务事例申报表"
FORMS = {STAR: STAR_FORM, CASE: CASE_FORM}
LONG = ("牢固树立“店小二”服务意识，主动对接重大项目，推行容缺受理、并联审批。" * 20)[
	:480
] + "\n全年无一件超时。"
HONOURS = "\n".join(f"{year}年度常州市金坛区机关作风建设先进个人" for year in range(2009, 2019))
FIVE_HUNDRED = (
	"按照实施方案，组长亲自部署，牢固树立“店小二”服务意识，主动对接重大项目，推行容缺受理。" * 12
)[:500]
PARAGRAPHS = "\n".join(
	f"{n}是梳理规划审批事项十八项，统一材料清单，取消重复材料二十三项。" for n in "一二三四五六七八"
)
OPINION = ("该同志服务意识强、业务精、作风实，群众满意度高，经单位集体研究，同意推荐。" * 6)[:200]
# what each form prints of a nomination
FIELDS = {
	STAR: ("unit", "nominee_name", "post", "phone", "honours", "deeds", "opinion"),
	CASE: ("unit", "lead_section", "case_leader_name", "phone", "case_title", "practice", "opinion"),
}


def pages_of(pdf: bytes) -> PdfReader:
	return PdfReader(io.BytesIO(pdf))


class TestAwardPrint(AwardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.campaign_name = cls.make_campaign(cls).name
		campaign = cls.campaign_name
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
			name: pages_of(frappe.get_print(AWARD, name, print_format=form, as_pdf=True))
			for name, form in ((cls.star, STAR_FORM), (cls.case, CASE_FORM))
		}
		cls.cases = cls.make_cases(cls, campaign)

	def make_cases(self, campaign: str) -> dict[str, str]:
		"""The contents the form must hold on one page: the least a nomination may hold, ten honours,
		500 characters (in one paragraph and in eight), a long opinion; sealed and submitted up (so
		also in the dossier), or a draft without a seal."""
		made = {}

		def nominate(label, drafter, values, unit, head=None):
			name = self.nominate(self, drafter, values, unit=unit, campaign=campaign).name
			if head:  # the steps to submitted up, the opinion a long one
				self.act(self, drafter, name, "Submit for Opinion")
				self.act(self, head, name, "Sign and Seal", opinion=OPINION)
				self.act(self, self.lead_clerk, name, "Collect")
				self.act(self, self.lead_head, name, "Submit Up")
			made[label] = name

		a, b = self.unit, self.unit_b
		full = dict(honours=HONOURS, deeds=FIVE_HUNDRED)
		least = dict(honours=None, deeds="服务群众。")
		nominate("star: the least it takes", self.staff, star_values(nominee_name="周敏", **least), a)
		nominate("star: full, sealed", self.staff, star_values(nominee_name="陈静", **full), a, self.head)
		paragraphs = dict(honours=HONOURS, deeds=PARAGRAPHS)
		nominate(
			"star: paragraphs, sealed",
			self.staff_b,
			star_values(nominee_name="黄磊", **paragraphs),
			b,
			self.head_b,
		)
		nominate("star: full, draft", self.staff2, star_values(nominee_name="刘洋", **full), a)
		nominate(
			"case: the least it takes",
			self.staff,
			case_values(case_title="窗口服务“一次告知”", lead_section=a, practice="一次告知。"),
			a,
		)
		full = dict(lead_section=a, practice=FIVE_HUNDRED)
		nominate(
			"case: full, sealed",
			self.staff,
			case_values(case_title="审批提速“八日办结”", **full),
			a,
			self.head,
		)
		paragraphs = dict(lead_section=b, practice=PARAGRAPHS)
		nominate(
			"case: paragraphs, sealed",
			self.staff_b,
			case_values(case_title="规划服务“上门办”", **paragraphs),
			b,
			self.head_b,
		)
		nominate("case: full, draft", self.staff2, case_values(case_title="帮办代办“零跑腿”", **full), a)
		return made

	def text(self, name: str) -> str:
		return compact("".join(page.extract_text() for page in self.pdfs[name].pages))

	def assertOnePageWithItsText(self, label: str, name: str, pdf: PdfReader):
		doc = frappe.get_doc(AWARD, name)
		self.assertEqual(len(pdf.pages), 1, label)
		raw = "".join(page.extract_text() for page in pdf.pages)
		self.assertEqual(radicals(raw), "", label)
		text = compact(raw)
		for fieldname in FIELDS[doc.award_kind]:
			self.assertIn(compact(doc.get(fieldname) or ""), text, f"{label}: {fieldname}")
		for wording in ("申报单位（盖章）：", "主管部门意见", "（盖章）"):
			self.assertIn(wording, text, label)
		self.assertEqual(len(pdf.pages[0].images), 2 if doc.seal else 0, label)

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

	def test_whatever_the_form_holds_it_prints_on_one_page_with_all_its_text(self):
		for label, name in self.cases.items():
			form = FORMS[frappe.db.get_value(AWARD, name, "award_kind")]
			self.assertOnePageWithItsText(
				label, name, pages_of(frappe.get_print(AWARD, name, print_format=form, as_pdf=True))
			)

	def test_download_pdf_gives_the_same_one_page(self):
		for label, name in self.cases.items():
			form = FORMS[frappe.db.get_value(AWARD, name, "award_kind")]
			download_pdf(AWARD, name, format=form)
			self.assertEqual(frappe.local.response.type, "pdf")
			self.assertOnePageWithItsText(label, name, pages_of(frappe.local.response.filecontent))

	def test_an_empty_form_prints_on_one_page(self):
		for kind, form in FORMS.items():
			blank = frappe.new_doc(AWARD)
			blank.award_kind = kind
			pdf = pages_of(frappe.get_print(AWARD, None, print_format=form, doc=blank, as_pdf=True))
			self.assertEqual(len(pdf.pages), 1, kind)
			self.assertIn("主管部门意见", compact(pdf.pages[0].extract_text()))

	def test_in_the_dossier_each_nomination_takes_one_page(self):
		doc = frappe.get_doc(
			{
				"doctype": "ZGZ Dossier",
				"campaign": self.campaign_name,
				"requested_by": self.lead_head,
				"status": "Queued",
				"include_attachments": 0,
			}
		).insert(ignore_permissions=True)
		assembly.build(doc.name)
		doc.reload()
		reader = PdfReader(frappe.get_site_path(doc.result_file.lstrip("/")))
		outline = []

		def walk(items):
			for item in items:
				if isinstance(item, list):
					walk(item)
				else:
					outline.append((item.title, reader.get_destination_page_number(item)))

		walk(reader.outline)
		starts = sorted({page for _title, page in outline} | {len(reader.pages)})
		section = next(s for s in sections.SECTIONS if s.doctype == AWARD)
		sealed = [name for label, name in self.cases.items() if "sealed" in label]
		for name in sealed:
			award = frappe.get_doc(AWARD, name)
			title = section.label(award.as_dict())
			page = next(page for t, page in outline if t == title)
			self.assertEqual(next(p for p in starts if p > page), page + 1, f"{title} takes one page")
			text = compact(reader.pages[page].extract_text())
			self.assertIn(compact(award.deeds or award.practice), text, title)
		raw = "".join(page.extract_text() for page in reader.pages)
		self.assertEqual(radicals(raw), "")
		for word in ("常州市金坛区规划局", "实施方案", "组长"):
			self.assertIn(word, compact(raw))

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
			star_values(nominee_name="刘洋洋"),
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
