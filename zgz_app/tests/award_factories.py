"""Factories for the award nomination tests: an office with a lead unit and two units, each with a
seal, a campaign taking nominations today, nominations and the workflow's steps taken as people do."""

import random
import string

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, today
from zgz_app.demo import seal_png, store_seal
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_screening_campaign,
	make_unit,
	make_user,
)
from zgz_app.workflow import apply_workflow

AWARD = "ZGZ Service Award"
SCORE = "ZGZ Award Score"
STAR, CASE = "Service Star", "Service Case"
CRITERIA = [
	{"criterion": "服务质效", "max_score": 40},
	{"criterion": "群众评价", "max_score": 30},
	{"criterion": "创新创优", "max_score": 30},
]
DEEDS = "牢固树立“店小二”服务意识，主动对接重大项目，全年办理审批事项三百余件，无一件超时。"


def label(fieldname: str, doctype: str = AWARD) -> str:
	"""A field's label as the messages name it (in the test's language)."""
	return frappe._(frappe.get_meta(doctype).get_label(fieldname))


def mail_text(raw: str) -> str:
	"""The subject and plain-text body of a queued mail, decoded."""
	from email import message_from_string
	from email.header import decode_header, make_header

	message = message_from_string(raw)
	parts = [str(make_header(decode_header(message["Subject"] or "")))]
	for part in message.walk():
		if part.get_content_type() == "text/plain":
			parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
	return "\n".join(parts)


def queued_mail(doctype: str, name: str) -> list[tuple[set[str], str]]:
	"""(recipients, text) of each mail queued about a document."""
	out = []
	for q in frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": doctype, "reference_name": name},
		fields=["name", "message"],
	):
		recipients = set(
			frappe.get_all("Email Queue Recipient", filters={"parent": q.name}, pluck="recipient")
		)
		out.append((recipients, mail_text(q.message)))
	return out


def attach_seal(unit: str, text: str | None = None) -> str:
	"""Give ``unit`` a seal image and return its URL."""
	return store_seal(unit, seal_png(text or unit), file_name=f"seal-{random_string(6)}.png")


def star_values(**kw) -> dict:
	values = {
		"award_kind": STAR,
		"nominee_name": "张伟",
		"post": "规划管理科科员",
		"gender": "Male",
		"birth_month": "1988-05",
		"political_status": "CPC Member",
		"phone": "13961212345",
		"honours": "2017年度优秀公务员",
		"deeds": DEEDS,
	}
	values.update(kw)
	return values


def case_values(**kw) -> dict:
	values = {
		"award_kind": CASE,
		"case_title": "规划审批“一窗受理、集成服务”",
		"case_leader_name": "何静",
		"phone": "0519-82812345",
		"practice": "梳理审批事项，统一材料清单，设立帮办代办岗位，审批用时由二十个工作日压缩到八个。",
	}
	values.update(kw)
	return values


class AwardTestCase(FrappeTestCase):
	"""Unit 甲 (head, deputy, two staff, supervising leader), unit 乙, and the lead unit 综合 whose head
	and clerk are campaign managers; every unit has a seal. Each test runs its own campaign."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.staff = make_user("aw_staff", full_name="张伟")
		cls.staff2 = make_user("aw_staff2", full_name="刘洋")
		cls.head = make_user("aw_head", roles=(SECTION_HEAD,), full_name="王建国")
		cls.deputy = make_user("aw_deputy", full_name="陈副科长")
		cls.leader = make_user("aw_leader", roles=(LEADER,), full_name="孙海燕")
		cls.leader2 = make_user("aw_leader2", roles=(LEADER,), full_name="吴志宏")
		cls.staff_b = make_user("aw_staff_b", full_name="黄磊")
		cls.head_b = make_user("aw_head_b", roles=(SECTION_HEAD,), full_name="冯涛")
		cls.lead_head = make_user("aw_lead_head", roles=(SECTION_HEAD, CAMPAIGN_MANAGER), full_name="李明华")
		cls.lead_clerk = make_user("aw_lead_clerk", roles=(STAFF, CAMPAIGN_MANAGER), full_name="许晓燕")
		# letters only: wkhtmltopdf's text map garbles digits set among Latin letters (the PDF tests read it)
		suffix = "".join(random.choices(string.ascii_letters, k=6))
		cls.unit = make_unit(
			name=f"甲科-{suffix}",
			head=cls.head,
			deputy=cls.deputy,
			supervising_leader=cls.leader,
			members=[cls.staff, cls.staff2, cls.deputy],
		).name
		cls.unit_b = make_unit(
			name=f"乙科-{suffix}", head=cls.head_b, supervising_leader=cls.leader2, members=[cls.staff_b]
		).name
		cls.lead_unit = make_unit(
			name=f"综合科-{suffix}",
			head=cls.lead_head,
			supervising_leader=cls.leader2,
			members=[cls.lead_clerk],
		).name
		for unit in (cls.unit, cls.unit_b, cls.lead_unit):
			attach_seal(unit)

	def setUp(self):
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		self.campaign = self.make_campaign().name

	def tearDown(self):
		frappe.set_user("Administrator")

	def make_campaign(self, units=None, **kw):
		values = {
			"lead_unit": self.lead_unit,
			"nomination_start": add_days(today(), -5),
			"nomination_due": add_days(today(), 10),
			"award_criteria": CRITERIA,
		}
		values.update(kw)
		return make_screening_campaign(units or [self.unit, self.unit_b, self.lead_unit], **values)

	def nominate(self, user: str, values: dict | None = None, unit: str | None = None, campaign=None):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc(
				{
					"doctype": AWARD,
					"campaign": campaign or self.campaign,
					"unit": unit or self.unit,
					**(values or star_values()),
				}
			)
			return doc.insert()
		finally:
			frappe.set_user("Administrator")

	def act(self, user: str, award: str, action: str, reason: str | None = None, opinion: str | None = None):
		frappe.set_user(user)
		try:
			if opinion:
				doc = frappe.get_doc(AWARD, award)
				doc.opinion = opinion
				doc.save()
			apply_workflow(frappe.get_doc(AWARD, award).as_dict(), action, reason=reason)
		finally:
			frappe.set_user("Administrator")
		return frappe.get_doc(AWARD, award)

	def seal_and_submit_up(self, award: str, head: str | None = None):
		"""The steps from the drafter's submission to the lead unit's submitting it up."""
		drafter = frappe.db.get_value(AWARD, award, "owner")
		self.act(drafter, award, "Submit for Opinion")
		self.act(head or self.head, award, "Sign and Seal", opinion="同意推荐。")
		self.act(self.lead_clerk, award, "Collect")
		return self.act(self.lead_head, award, "Submit Up")

	def open_todos(self, award: str) -> set[str]:
		return set(
			frappe.get_all(
				"ToDo",
				filters={"reference_type": AWARD, "reference_name": award, "status": "Open"},
				pluck="allocated_to",
			)
		)
