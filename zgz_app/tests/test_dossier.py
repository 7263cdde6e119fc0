"""The campaign dossier (台账): the PDF read back with pypdf, who may build and open it, and the check
of uploaded PDFs. The build runs in the test's transaction (zgz_app.records.assembly.build, which the
background job calls), so nothing is committed."""

import io
import os
import random
import string

from pypdf import PdfReader, PdfWriter

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today
from frappe.utils.pdf import get_pdf
from zgz_app.core.pdftext import compact
from zgz_app.records import assembly, job
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_screening_campaign,
	make_unit,
	make_user,
	plan_row,
)

DOSSIER = "ZGZ Dossier"
PLAN = "ZGZ Rectification Plan"
SUMMARY = "ZGZ Work Summary"


def letters(k: int = 6) -> str:
	# letters only: wkhtmltopdf's text map garbles digits set among Latin letters
	return "".join(random.choices(string.ascii_lowercase, k=k))


def scan(*pages: str) -> bytes:
	"""A PDF standing in for a scanned paper form: one page per text."""
	body = "".join(
		f'<div style="page-break-before: {"always" if i else "auto"}; font-size: 20pt">{text}</div>'
		for i, text in enumerate(pages)
	)
	return get_pdf(
		f'<html><head><meta charset="utf-8"></head><body style="font-family: \'AR PL UMing CN\'">{body}</body></html>'
	)


def attach(doctype: str, name: str, file_name: str, content: bytes, field: str | None = None):
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": field,
		}
	).insert(ignore_permissions=True)
	if field:
		frappe.db.set_value(doctype, name, field, doc.file_url)
	return doc


def attach_unchecked(doctype: str, name: str, file_name: str, content: bytes, field: str | None = None):
	"""A file stored before uploads were checked: saved unattached, then attached."""
	doc = frappe.get_doc({"doctype": "File", "file_name": file_name, "content": content, "is_private": 1})
	doc.insert(ignore_permissions=True)
	doc.db_set({"attached_to_doctype": doctype, "attached_to_name": name, "attached_to_field": field})
	if field:
		frappe.db.set_value(doctype, name, field, doc.file_url)
	return doc


def text_of(page) -> str:
	return compact(page.extract_text())


class DossierCase(FrappeTestCase):
	"""A bureau with three sections whose tree order (丙, 甲, 乙) is not their name order; each files a
	signed plan and a work summary; 丙's summary has a good scan, 甲's a corrupt one stored before the
	check, 乙's a scan in its Signed Copy field and another in the sidebar."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		s = letters()
		cls.suffix = s
		cls.manager = make_user("dos_manager", roles=(CAMPAIGN_MANAGER,), full_name="李明华")
		cls.group_leader = make_user("dos_group_leader", roles=(LEADER,), full_name="吴志宏")
		cls.other_leader = make_user("dos_other_leader", roles=(LEADER,), full_name="孙海燕")
		cls.head = make_user("dos_head", roles=(SECTION_HEAD,), full_name="王建国")
		cls.root = make_unit(name=f"测试局{s}", is_group=1, unit_type="Bureau").name
		cls.staff = {}
		cls.units = []
		for login, short in (("c", "丙"), ("a", "甲"), ("b", "乙")):  # tree order
			person = make_user(f"dos_staff_{login}{s}", roles=(STAFF,), full_name=f"{short}员工")
			unit = make_unit(
				name=f"{short}科{s}",
				parent=cls.root,
				head=cls.head,
				supervising_leader=cls.group_leader,
				members=[person],
			).name
			cls.staff[unit] = person
			cls.units.append(unit)
		cls.c, cls.a, cls.b = cls.units  # 丙, 甲, 乙
		cls.campaign = make_screening_campaign(
			cls.units,
			leading_group=[
				{"group_role": "Leader", "member_name": "周立群", "post": "党组书记、局长"},
				{
					"group_role": "Deputy Leader",
					"user": cls.group_leader,
					"member_name": "吴志宏",
					"post": "副局长",
				},
			],
		).name
		cls.plans = {}
		for unit in cls.units:
			cls.plans[unit] = cls.make_plan(unit, signed=True)
		cls.summaries = {
			unit: frappe.get_doc(
				{
					"doctype": SUMMARY,
					"campaign": cls.campaign,
					"unit": unit,
					"summary": f"<p>{unit}扎实开展专项活动，完成整改任务。</p>",
				}
			)
			.insert(ignore_permissions=True)
			.name
			for unit in cls.units
		}
		attach(
			SUMMARY,
			cls.summaries[cls.c],
			"丙科盖章件.pdf",
			scan("丙科盖章件第一页", "丙科盖章件第二页"),
			"attachment",
		)
		cls.corrupt = attach_unchecked(
			SUMMARY, cls.summaries[cls.a], "甲科盖章件.pdf", b"%PDF-1.4 this scan was cut short", "attachment"
		)
		attach(SUMMARY, cls.summaries[cls.b], "乙科盖章件.pdf", scan("乙科盖章件正文"), "attachment")
		attach(SUMMARY, cls.summaries[cls.b], "乙科补充材料.pdf", scan("乙科补充材料正文"))

	@classmethod
	def make_plan(cls, unit: str, signed: bool):
		person = cls.staff[unit]
		word = "已签署" if signed else "草稿"
		plan = frappe.get_doc(
			{
				"doctype": PLAN,
				"campaign": cls.campaign,
				"unit": unit,
				"plan_type": "Personal" if signed else "Unit",
				"plan_owner": person,
				"plan_date": today(),
				"rows": [
					plan_row(problem=f"{unit}{word}问题第{k}项：窗口服务推诿扯皮", responsible_person=person)
					for k in range(1, 4)
				],
			}
		).insert(ignore_permissions=True)
		if signed:  # as the workflow would sign it (its own tests cover how)
			plan.db_set({"docstatus": 1, "signed_by": cls.head, "signed_on": today()})
		return plan.name

	@classmethod
	def build(cls, **kw) -> tuple:
		doc = frappe.get_doc(
			{
				"doctype": DOSSIER,
				"campaign": cls.campaign,
				"requested_by": cls.manager,
				"status": "Queued",
				"include_attachments": 1,
				**kw,
			}
		).insert(ignore_permissions=True)
		result = assembly.build(doc.name)
		doc.reload()
		reader = PdfReader(frappe.get_site_path(doc.result_file.lstrip("/")))
		return doc, result, reader

	def tearDown(self):
		frappe.set_user("Administrator")


class TestDossierPdf(DossierCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.draft = cls.make_plan(cls.a, signed=False)  # not signed: stays out
		cls.doc, cls.result, cls.reader = cls.build()
		cls.texts = [text_of(page) for page in cls.reader.pages]
		cls.outline = []

		def walk(items, depth):
			for item in items:
				if isinstance(item, list):
					walk(item, depth + 1)
				else:
					cls.outline.append((depth, item.title, cls.reader.get_destination_page_number(item)))

		walk(cls.reader.outline, 0)

	def page_of(self, title: str, depth: int | None = None) -> int:
		return next(p for d, t, p in self.outline if t == title and (depth is None or d == depth))

	def test_the_record_says_done_with_a_private_file_attached_to_it(self):
		self.assertEqual(self.doc.status, "Done")
		self.assertEqual(self.doc.progress, 100)
		file = frappe.get_doc("File", {"file_url": self.doc.result_file})
		self.assertTrue(file.is_private)
		self.assertEqual((file.attached_to_doctype, file.attached_to_name), (DOSSIER, self.doc.name))
		self.assertEqual(
			file.file_size, os.path.getsize(frappe.get_site_path(self.doc.result_file.lstrip("/")))
		)

	def test_page_count_is_every_record_and_scan_plus_cover_contents_and_warnings(self):
		def pages(doctype, name, print_format):
			pdf = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True)
			return len(PdfReader(io.BytesIO(pdf)).pages)

		expected = 2  # the cover and one page of contents
		expected += pages("ZGZ Campaign", self.campaign, "附件1 领导小组")
		expected += sum(pages(PLAN, p, "附件2 问题摸排表") for p in self.plans.values())
		expected += sum(pages(SUMMARY, s, "工作总结") for s in self.summaries.values())
		expected += 2 + 1 + 1  # the scans: 丙's two pages, 乙's field scan and sidebar PDF
		expected += 1  # what was left out
		self.assertEqual(len(self.reader.pages), expected)
		self.assertEqual(self.doc.page_count, expected)
		self.assertEqual((self.doc.document_count, self.doc.attachment_count), (7, 3))

	def test_every_page_carries_its_number(self):
		for number, text in enumerate(self.texts, start=1):
			self.assertIn(f"—{number}—", text, f"page {number}")

	def test_outline_is_campaign_section_unit_document_with_units_in_tree_order(self):
		titles = [(d, t) for d, t, _p in self.outline]
		c, a, b = self.c, self.a, self.b
		self.assertEqual(
			titles,
			[
				(0, "测试专项活动实施方案"),
				(1, "目录"),
				(1, "实施方案与领导小组"),
				(2, "附件1 领导小组"),
				(1, "问题摸排表"),
				(2, c),
				(3, "个人问题摸排表（丙员工）"),
				(2, a),
				(3, "个人问题摸排表（甲员工）"),
				(2, b),
				(3, "个人问题摸排表（乙员工）"),
				(1, "工作总结"),
				(2, c),
				(3, "工作总结"),
				(4, "附件：丙科盖章件.pdf"),
				(2, a),
				(3, "工作总结"),
				(2, b),
				(3, "工作总结"),
				(4, "附件：乙科盖章件.pdf"),
				(4, "附件：乙科补充材料.pdf"),
				(1, "附件核验情况"),
			],
		)

	def test_outline_items_point_at_their_pages(self):
		self.assertEqual(self.page_of("测试专项活动实施方案"), 0)
		self.assertIn("目录", self.texts[self.page_of("目录")])
		self.assertIn("领导小组", self.texts[self.page_of("附件1 领导小组")])
		plans = self.page_of("问题摸排表")
		self.assertEqual(plans, self.page_of(self.c, 2))
		for unit in self.units:
			first = next(p for d, t, p in self.outline if d == 2 and t == unit)
			self.assertIn(compact(f"填报单位：{unit}"), self.texts[first])
			self.assertIn(compact(f"{unit}已签署问题第1项"), self.texts[first])
		summaries = [p for d, t, p in self.outline if d == 3 and t == "工作总结"]
		for unit, page in zip(self.units, summaries, strict=True):
			self.assertIn(compact(f"{unit}扎实开展专项活动"), self.texts[page])
		self.assertIn("附件核验情况", self.texts[self.page_of("附件核验情况")])

	def test_contents_list_sections_and_units_with_the_pages_they_start_on(self):
		contents = self.texts[1]
		self.assertIn("目录", contents)
		for depth, title, page in self.outline:
			if depth == 1 and title != "目录":
				self.assertIn(compact(f"{title}{page + 1}"), contents)
		for unit in self.units:
			first = next(p for d, t, p in self.outline if d == 2 and t == unit)
			self.assertIn(compact(f"{unit}{first + 1}"), contents)

	def test_cover_names_the_campaign_and_the_page_count(self):
		cover = self.texts[0]
		for expected in (
			"常州市金坛区规划局",
			"台账",
			"打通中梗阻、激发新动能",
			f"共{len(self.texts)}页",
			"全部参加单位",
		):
			self.assertIn(compact(expected), cover)

	def test_chinese_text_in_every_section(self):
		sections = {t: p for d, t, p in self.outline if d == 1}
		self.assertIn("周立群", self.texts[sections["实施方案与领导小组"]])
		self.assertIn("问题摸排表", self.texts[sections["问题摸排表"]])
		self.assertIn("工作总结", self.texts[sections["工作总结"]])
		self.assertIn("文件已损坏", self.texts[sections["附件核验情况"]])

	def test_scans_follow_the_record_they_belong_to(self):
		page = self.page_of("附件：丙科盖章件.pdf")
		self.assertIn("丙科盖章件第一页", self.texts[page])
		self.assertIn("丙科盖章件第二页", self.texts[page + 1])
		self.assertIn(compact(f"{self.c}扎实开展"), self.texts[page - 1])
		field, sidebar = self.page_of("附件：乙科盖章件.pdf"), self.page_of("附件：乙科补充材料.pdf")
		self.assertEqual(sidebar, field + 1, "the Signed Copy first, then the other PDFs")
		self.assertIn("乙科补充材料正文", self.texts[sidebar])

	def test_a_corrupt_scan_is_listed_on_the_last_page_and_the_build_goes_on(self):
		last = self.texts[-1]
		self.assertIn("附件核验情况", last)
		self.assertIn(compact(f"工作总结 · {self.a} · 工作总结"), last)
		self.assertIn("甲科盖章件.pdf", last)
		self.assertIn("文件已损坏或不是有效的PDF", last)
		self.assertEqual(self.doc.warning_count, 1)
		self.assertIn("甲科盖章件.pdf", self.doc.warnings)
		self.assertFalse(any(t == "附件：甲科盖章件.pdf" for _d, t, _p in self.outline))

	def test_unsigned_plans_stay_out(self):
		self.assertFalse(any(compact(f"{self.a}草稿问题") in t for t in self.texts))

	def test_the_requester_is_told(self):
		log = frappe.get_all(
			"Notification Log",
			filters={"for_user": self.manager, "document_type": DOSSIER, "document_name": self.doc.name},
			pluck="subject",
		)
		self.assertEqual(len(log), 1)
		mail = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": DOSSIER, "reference_name": self.doc.name},
			pluck="name",
		)
		self.assertEqual(len(mail), 1)
		recipients = frappe.get_all("Email Queue Recipient", filters={"parent": mail[0]}, pluck="recipient")
		self.assertEqual(recipients, [self.manager])


class TestDossierOptions(DossierCase):
	def test_chosen_units_only(self):
		doc, _result, reader = self.build(units=[{"unit": self.a}])
		texts = [text_of(page) for page in reader.pages]
		whole = "".join(texts)
		self.assertIn(compact(f"{self.a}已签署问题"), whole)
		self.assertNotIn(compact(f"{self.c}已签署问题"), whole)
		self.assertNotIn(compact(f"{self.b}扎实开展"), whole)
		self.assertIn("周立群", whole, "the campaign's own forms belong to every choice")
		self.assertIn(compact(f"收录范围：{self.a}"), texts[0])

	def test_a_bureau_brings_its_sections(self):
		_doc, _result, reader = self.build(units=[{"unit": self.root}])
		whole = "".join(text_of(page) for page in reader.pages)
		for unit in self.units:
			self.assertIn(compact(f"{unit}已签署问题"), whole)

	def test_without_uploads(self):
		doc, result, reader = self.build(include_attachments=0)
		whole = "".join(text_of(page) for page in reader.pages)
		self.assertNotIn("丙科盖章件第一页", whole)
		self.assertNotIn("附件核验情况", whole)
		self.assertEqual((doc.attachment_count, doc.warning_count, result.uploads), (0, 0, 0))


class TestDossierPermissions(DossierCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.doc, _result, _reader = cls.build(include_attachments=0)
		cls.file = frappe.get_doc("File", {"file_url": cls.doc.result_file})

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.delete(DOSSIER, {"campaign": self.campaign, "status": "Queued"})

	def start_as(self, user):
		frappe.set_user(user)
		return job.start(self.campaign, units=None, include_attachments=1)

	def test_staff_cannot_start_a_dossier(self):
		with self.assertRaises(frappe.PermissionError):
			self.start_as(self.staff[self.c])

	def test_a_leader_outside_the_leading_group_cannot_start_one(self):
		with self.assertRaises(frappe.PermissionError):
			self.start_as(self.other_leader)

	def test_the_lead_unit_and_the_leading_group_can(self):
		for user in (self.manager, self.group_leader):
			name = self.start_as(user)
			doc = frappe.get_doc(DOSSIER, name)
			self.assertEqual((doc.status, doc.requested_by, doc.campaign), ("Queued", user, self.campaign))

	def test_asking_twice_while_it_is_built_is_refused(self):
		self.start_as(self.manager)
		with self.assertRaises(frappe.ValidationError):
			self.start_as(self.manager)

	def test_chosen_units_must_exist(self):
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.ValidationError):
			job.start(self.campaign, units='["没有这个科"]')

	def test_a_group_member_gets_every_unit_though_his_own_roles_print_one(self):
		member = make_user(f"dos_group_staff{self.suffix}", roles=(STAFF,), full_name="赵敏")
		frappe.get_doc("ZGZ Unit", self.c).append("members", {"user": member}).save(ignore_permissions=True)
		campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
		campaign.append(
			"leading_group", {"group_role": "Member", "user": member, "member_name": "赵敏", "post": "科员"}
		)
		campaign.save(ignore_permissions=True)
		frappe.set_user(member)
		with self.assertRaises(frappe.DoesNotExistError):  # Frappe's answer to a print not allowed
			frappe.get_print(PLAN, self.plans[self.a])
		name = job.start(self.campaign, include_attachments=0)
		assembly.build(name)
		frappe.set_user("Administrator")
		doc = frappe.get_doc(DOSSIER, name)
		reader = PdfReader(frappe.get_site_path(doc.result_file.lstrip("/")))
		whole = "".join(text_of(page) for page in reader.pages)
		for unit in self.units:
			self.assertIn(compact(f"{unit}已签署问题"), whole)
		self.assertEqual(doc.warning_count, 0)

	def test_staff_cannot_download_or_read_a_dossier(self):
		staff = self.staff[self.c]
		frappe.set_user(staff)
		self.assertFalse(self.file.is_downloadable())
		self.assertFalse(frappe.has_permission(DOSSIER, "read", self.doc.name, user=staff))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list(DOSSIER, filters={"name": self.doc.name})
		with self.assertRaises(frappe.PermissionError):
			job.status(self.doc.name)

	def test_a_leader_outside_the_group_cannot_open_it_either(self):
		frappe.set_user(self.other_leader)
		self.assertFalse(self.file.is_downloadable())
		self.assertEqual(frappe.get_list(DOSSIER, filters={"name": self.doc.name}), [])

	def test_the_lead_unit_and_the_leading_group_can_download_it(self):
		for user in (self.manager, self.group_leader):
			frappe.set_user(user)
			self.assertTrue(self.file.is_downloadable(), user)
			self.assertEqual(
				frappe.get_list(DOSSIER, filters={"name": self.doc.name}, pluck="name"), [self.doc.name]
			)
			self.assertEqual(job.status(self.doc.name)["status"], "Done")


class TestUploadCheck(FrappeTestCase):
	"""A PDF attached to a ZGZ record is refused when the dossier could not bind it in."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		unit = make_unit(name=f"上传科{letters()}").name
		cls.campaign = make_screening_campaign([unit]).name
		cls.summary = frappe.get_doc(
			{"doctype": SUMMARY, "campaign": cls.campaign, "unit": unit, "summary": "<p>总结</p>"}
		).insert(ignore_permissions=True)

	def upload(self, content: bytes, file_name: str = "盖章件.pdf", doctype: str = SUMMARY, name=None):
		return attach(
			doctype,
			name or self.summary.name,
			file_name,
			content,
			"attachment" if doctype == SUMMARY else None,
		)

	def assert_refused(self, content: bytes, *words: str):
		with self.assertRaises(frappe.ValidationError) as caught:
			self.upload(content)
		message = str(caught.exception)
		for word in ("Signed Copy", "盖章件", *words):
			self.assertIn(word, message)

	def test_a_good_scan_is_taken(self):
		doc = self.upload(scan("盖章件"))
		self.assertTrue(doc.name)

	def test_a_file_that_is_not_a_pdf_is_refused(self):
		self.assert_refused(b"<html>not a scan</html>", "not a readable PDF", "upload it again")

	def test_a_damaged_pdf_is_refused(self):
		self.assert_refused(scan("盖章件")[:400], "not a readable PDF")

	def test_an_encrypted_pdf_is_refused(self):
		writer = PdfWriter()
		writer.append(PdfReader(io.BytesIO(scan("盖章件"))))
		writer.encrypt("123456")
		out = io.BytesIO()
		writer.write(out)
		self.assert_refused(out.getvalue(), "password")

	def test_a_pdf_over_the_limit_is_refused(self):
		writer = PdfWriter()
		writer.append(PdfReader(io.BytesIO(scan("盖章件"))))
		writer.add_attachment("padding.bin", os.urandom(1_300_000))
		out = io.BytesIO()
		writer.write(out)
		frappe.db.set_single_value("ZGZ Settings", "dossier_max_upload_mb", 1)
		try:
			self.assert_refused(out.getvalue(), "1 MB", "lower resolution")
		finally:
			frappe.db.set_single_value("ZGZ Settings", "dossier_max_upload_mb", 20)

	def test_files_of_other_apps_are_not_checked(self):
		note = frappe.get_doc({"doctype": "Note", "title": f"note {letters()}"}).insert(
			ignore_permissions=True
		)
		doc = self.upload(b"not a pdf", doctype="Note", name=note.name)
		self.assertTrue(doc.name)
