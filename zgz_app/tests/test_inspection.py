"""督查: a quarterly round and a 明察暗访 end to end by the right people (and refusals of the wrong ones),
the secrecy of an unannounced check before and after it is reported, over REST and the report view, and
the findings turned into problem items in the unit's own sequence."""

import io
from datetime import date

from pypdf import PdfReader

import frappe
import frappe.api.v1
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.core.pdftext import compact, radicals
from zgz_app.rectification import escalation
from zgz_app.roles import CAMPAIGN_MANAGER, INSPECTOR, LEADER, SECTION_HEAD
from zgz_app.supervision.rounds import campaign_rounds, missed_rounds
from zgz_app.supervision.summary import run as supervision_summary
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_item,
	make_screening_campaign,
	make_unit,
	make_user,
	set_zgz_settings,
)
from zgz_app.tests.supervision_factories import FINDING, INSPECTION, make_finding, make_inspection
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

ITEM = "ZGZ Problem Item"


class InspectionTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.team_leader = make_user("in_lead", roles=(INSPECTOR,), full_name="纪检组长")
		cls.team_member = make_user("in_member", roles=(INSPECTOR,), full_name="督查员甲")
		cls.other_inspector = make_user("in_other", roles=(INSPECTOR,), full_name="督查员乙")
		cls.group_leader = make_user("in_group", roles=(LEADER,), full_name="周立群")
		cls.other_leader = make_user("in_leader", roles=(LEADER,), full_name="吴分管")
		cls.manager = make_user("in_cm", roles=(CAMPAIGN_MANAGER,), full_name="李明华")
		cls.head_a = make_user("in_head_a", roles=(SECTION_HEAD,), full_name="王科长")
		cls.staff_a = make_user("in_staff_a", full_name="张伟")
		cls.staff_b = make_user("in_staff_b", full_name="赵敏")
		cls.unit_a = make_unit("督查测试甲科", head=cls.head_a, members=[cls.staff_a]).name
		cls.unit_b = make_unit("督查测试乙科", members=[cls.staff_b]).name
		cls.previous = set_zgz_settings(
			routine_inspections="Quarterly", concentrated_inspections=1, inspection_rectify_days=20
		)

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		set_zgz_settings(**cls.previous)
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")
		campaign = make_screening_campaign([self.unit_a, self.unit_b])
		campaign.leading_group[0].user = self.group_leader
		campaign.save(ignore_permissions=True)
		self.campaign = campaign.name

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()

	def as_user(self, user, call):
		frappe.set_user(user)
		try:
			return call()
		finally:
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()

	def rest_list(self, user, doctype, **filters):
		"""GET /api/resource/<doctype>?filters=… as ``user``: the names it returns."""

		def call():
			frappe.local.form_dict = frappe._dict(filters=frappe.as_json(filters), limit_page_length=0)
			return [r["name"] for r in frappe.api.v1.document_list(doctype)]

		return self.as_user(user, call)

	def rest_read(self, user, doctype, name) -> bool:
		"""GET /api/resource/<doctype>/<name> as ``user``: read or refused."""
		try:
			self.as_user(user, lambda: frappe.api.v1.read_doc(doctype, name))
			return True
		except frappe.PermissionError:
			return False

	def report_view(self, user, doctype, **filters) -> list[str]:
		"""The desk's report view (frappe.desk.reportview.get) as ``user``."""

		def call():
			from frappe.desk.reportview import get

			frappe.local.form_dict = frappe._dict(
				doctype=doctype,
				fields=frappe.as_json([f"`tab{doctype}`.`name`"]),
				filters=frappe.as_json(filters),
			)
			result = get()
			return [row[0] for row in result.get("values", [])] if result else []

		return self.as_user(user, call)

	def summary_units(self, user) -> list[str]:
		"""The units in the report 督查问责统计 (findings by unit and category) as ``user`` sees it."""
		view = {"campaign": self.campaign, "view": "Findings by Unit and Category"}
		return sorted({row["unit"] for row in self.as_user(user, lambda: supervision_summary(view)[1])})

	def unannounced(self):
		frappe.set_user(self.team_leader)
		try:
			inspection = make_inspection(
				self.campaign,
				[self.unit_a, self.unit_b],
				self.team_leader,
				team=[self.team_member],
				kind="Unannounced",
				method_covert=1,
			)
			frappe.set_user(self.team_member)
			seen_a = make_finding(
				inspection.name, self.unit_a, person=self.staff_a, location="办事大厅3号窗口"
			)
			seen_b = make_finding(inspection.name, self.unit_b, severity="Serious")
		finally:
			frappe.set_user("Administrator")
		return inspection, seen_a, seen_b

	def submit_as(self, user, name):
		def call():
			doc = frappe.get_doc(INSPECTION, name)
			doc.submit()
			return doc

		return self.as_user(user, call)

	# -----------------------------------------------------------------------------------------------

	def test_a_team_member_from_an_inspected_unit_is_refused_by_name(self):
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.ValidationError) as caught:
			make_inspection(self.campaign, [self.unit_a], self.team_leader, team=[self.staff_a])
		self.assertIn("张伟", str(caught.exception))
		self.assertIn(self.unit_a, str(caught.exception))
		with self.assertRaises(frappe.ValidationError):  # the unit's head leading the team, too
			make_inspection(self.campaign, [self.unit_a], self.head_a)

	def test_a_finding_without_its_unit_or_description_or_outside_the_units_is_refused(self):
		frappe.set_user(self.manager)
		inspection = make_inspection(self.campaign, [self.unit_a], self.team_leader).name
		frappe.set_user(self.team_leader)
		with self.assertRaises(frappe.MandatoryError):
			make_finding(inspection, None)
		with self.assertRaises(frappe.ValidationError):
			make_finding(inspection, self.unit_a, description="  ")
		with self.assertRaises(frappe.ValidationError) as caught:
			make_finding(inspection, self.unit_b)
		self.assertIn(self.unit_b, str(caught.exception))
		with self.assertRaises(frappe.ValidationError):  # a person of another unit
			make_finding(inspection, self.unit_a, person=self.staff_b)
		with self.assertRaises(frappe.ValidationError):  # no action without a reason
			make_finding(inspection, self.unit_a, action="No Action Needed")

	def test_an_unannounced_check_stays_with_the_team_and_the_leading_group_until_reported(self):
		inspection, seen_a, seen_b = self.unannounced()
		for user in (self.team_leader, self.team_member, self.group_leader, "Administrator"):
			self.assertIn(inspection.name, self.rest_list(user, INSPECTION), user)
			self.assertTrue(self.rest_read(user, FINDING, seen_a.name), user)
		# the inspected unit, and everyone else whatever his role, knows nothing of it
		for user in (self.staff_a, self.head_a, self.manager, self.other_inspector, self.other_leader):
			self.assertNotIn(inspection.name, self.rest_list(user, INSPECTION), user)
			self.assertFalse(self.rest_read(user, INSPECTION, inspection.name), user)
			self.assertEqual(self.rest_list(user, FINDING, inspection=inspection.name), [], user)
			self.assertFalse(self.rest_read(user, FINDING, seen_a.name), user)
			self.assertEqual(self.report_view(user, FINDING, inspection=inspection.name), [], user)
		# nor in the report 督查问责统计
		self.assertEqual(self.summary_units(self.staff_a), [])
		# the team itself sees every finding in the report view
		self.assertEqual(
			sorted(self.report_view(self.team_member, FINDING, inspection=inspection.name)),
			sorted([seen_a.name, seen_b.name]),
		)

	def test_once_reported_each_unit_sees_its_own_findings_only(self):
		inspection, seen_a, seen_b = self.unannounced()
		with self.assertRaises(frappe.PermissionError):  # only the team leader reports it
			self.submit_as(self.team_member, inspection.name)
		self.submit_as(self.team_leader, inspection.name)

		for user, own, other in ((self.staff_a, seen_a, seen_b), (self.staff_b, seen_b, seen_a)):
			self.assertIn(inspection.name, self.rest_list(user, INSPECTION), user)
			self.assertTrue(self.rest_read(user, INSPECTION, inspection.name), user)
			self.assertEqual(self.rest_list(user, FINDING, inspection=inspection.name), [own.name], user)
			self.assertEqual(self.report_view(user, FINDING, inspection=inspection.name), [own.name], user)
			self.assertTrue(self.rest_read(user, FINDING, own.name), user)
			self.assertFalse(self.rest_read(user, FINDING, other.name), user)
		self.assertEqual(self.summary_units(self.staff_a), [self.unit_a])
		self.assertEqual(self.summary_units(self.manager), sorted([self.unit_a, self.unit_b]))
		# the head of A sees A's; the lead office now sees them all
		self.assertEqual(self.rest_list(self.head_a, FINDING, inspection=inspection.name), [seen_a.name])
		self.assertEqual(len(self.rest_list(self.manager, FINDING, inspection=inspection.name)), 2)
		# a reported finding is changed by nobody, the team included
		with self.assertRaises(frappe.PermissionError):
			self.as_user(
				self.team_member,
				lambda: frappe.client.set_value(FINDING, seen_a.name, "description", "改写"),
			)

	def test_reported_findings_become_items_in_the_units_sequence(self):
		earlier = make_item(self.campaign, self.unit_a)  # 序号 1 of unit A
		inspection, seen_a, seen_b = self.unannounced()
		frappe.set_user(self.team_leader)
		no_action = make_finding(
			inspection.name, self.unit_a, action="No Action Needed", no_action_reason="当场已纠正，群众满意"
		)
		own_deadline = make_finding(inspection.name, self.unit_a, deadline=add_days(today(), 7))
		frappe.set_user("Administrator")
		self.submit_as(self.team_leader, inspection.name)

		items = frappe.get_all(
			ITEM,
			filters={"campaign": self.campaign, "origin": "Inspection", "name": ("!=", earlier.name)},
			fields=[
				"name",
				"unit",
				"serial_no",
				"source",
				"responsible_leader",
				"responsible_person",
				"deadline",
				"finding",
			],
			order_by="creation asc",
		)
		by_finding = {i.finding: i for i in items}
		self.assertNotIn(no_action.name, by_finding)
		self.assertFalse(frappe.db.get_value(FINDING, no_action.name, "problem_item"))
		a = by_finding[seen_a.name]
		self.assertEqual((a.unit, a.serial_no), (self.unit_a, 2))  # after the unit's item 1
		self.assertEqual(by_finding[own_deadline.name].serial_no, 3)
		self.assertEqual(by_finding[seen_b.name].serial_no, 1)  # unit B's own sequence
		self.assertEqual(a.source, "Unannounced Check")
		self.assertEqual((a.responsible_leader, a.responsible_person), (self.head_a, self.staff_a))
		self.assertEqual(getdate(a.deadline), getdate(add_days(inspection.end_date, 20)))  # the settings
		self.assertEqual(getdate(by_finding[own_deadline.name].deadline), getdate(add_days(today(), 7)))
		self.assertEqual(frappe.db.get_value(FINDING, seen_a.name, "problem_item"), a.name)
		reported = frappe.get_doc(INSPECTION, inspection.name)
		self.assertEqual((reported.finding_count, reported.item_count), (4, 3))
		# and they are tracked like any other item: the item's own unit sees it
		self.assertIn(a.name, self.rest_list(self.staff_a, ITEM, campaign=self.campaign))

	def test_a_quarterly_round_is_planned_held_and_the_missed_ones_shown(self):
		year = getdate(today()).year
		frappe.db.set_value(
			"ZGZ Campaign", self.campaign, {"start_date": f"{year}-01-01", "end_date": f"{year + 1}-06-30"}
		)
		frappe.set_user(self.manager)
		routine = make_inspection(
			self.campaign,
			[self.unit_a],
			self.team_leader,
			team=[self.team_member],
			start_date=f"{year}-10-15",
			end_date=f"{year}-10-17",
		)
		self.assertIn(str(year), routine.period)
		self.assertIn("4", routine.period)
		frappe.set_user(self.team_member)
		make_finding(routine.name, self.unit_a, category="责任中梗阻")
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):  # the campaign manager does not report it either
			self.submit_as(self.manager, routine.name)
		self.submit_as(self.team_leader, routine.name)
		rounds = {
			(r["kind"], r["period_start"].month): r["status"]
			for r in campaign_rounds(self.campaign, year, date(year, 11, 30))
		}
		self.assertEqual(rounds[("Routine", 10)], "Held")
		self.assertEqual(rounds[("Routine", 1)], "Missed")
		self.assertEqual(rounds[("Concentrated", 1)], "Missed")
		self.assertEqual(rounds[("Concentrated", 7)], "Due")
		# the lead office is reminded of a missed round in its daily digest while the period after it runs:
		# on a working day in October, the third quarter's routine round and the first half's concentrated
		# one; the first and second quarters' periods to make up for them are over
		calendar = get_settings().calendar()
		day = next(d for d in (date(year, 10, n) for n in range(9, 31)) if not calendar.is_holiday(d))

		def reminded(day):
			return {
				(r["kind"], r["period_start"].month)
				for r in missed_rounds(day).get(self.manager, ())
				if r["campaign"] == self.campaign
			}

		self.assertEqual(reminded(day), {("Routine", 7), ("Concentrated", 1)})
		self.assertEqual(reminded(date(year, 1, 2)), set())  # nothing had ended yet
		ensure_outgoing_email_account()
		escalation.run(day)
		mails = frappe.get_all(
			"Email Queue",
			filters={
				"reference_doctype": "ZGZ Digest Log",
				"creation": (">=", frappe.utils.now_datetime().date()),
			},
			fields=["name", "message"],
		)
		to_manager = [
			m
			for m in mails
			if frappe.db.exists("Email Queue Recipient", {"parent": m.name, "recipient": self.manager})
		]
		self.assertEqual(len(to_manager), 1)  # one digest, the rounds in it
		self.assertIn(f"/app/zgz-campaign/{self.campaign}", to_manager[0].message)
		escalation.run(day)  # and never twice the same day
		self.assertEqual(
			frappe.db.count("ZGZ Digest Log", {"recipient": self.manager, "digest_date": day}), 1
		)
		item = frappe.get_all(ITEM, filters={"campaign": self.campaign}, fields=["source", "category"])[0]
		self.assertEqual((item.source, item.category), ("Supervision Finding", "责任中梗阻"))

	def pdf(self, user, name, print_format):
		"""(pages, text) of the PDF ``user`` prints."""
		data = self.as_user(
			user, lambda: frappe.get_print(INSPECTION, name, print_format=print_format, as_pdf=True)
		)
		pages = PdfReader(io.BytesIO(data)).pages
		text = "".join(page.extract_text() for page in pages)
		self.assertFalse(radicals(text), print_format)
		return len(pages), compact(text)

	def test_feedback_forms_one_page_per_unit_and_the_circular_print_in_chinese(self):
		inspection, seen_a, seen_b = self.unannounced()
		self.submit_as(self.team_leader, inspection.name)
		pages, text = self.pdf(self.manager, inspection.name, "督查情况反馈单")
		self.assertEqual(pages, 2)  # one page per inspected unit
		for expected in (
			"督查情况反馈单",
			"被督查单位",
			self.unit_a,
			self.unit_b,
			"明察暗访",
			"纪检组长",
			"签收",
			"整改时限",
		):
			self.assertIn(compact(expected), text)
		self.assertIn(compact("上班时间玩手机"), text)
		# a member of unit A prints only A's page
		pages, text = self.pdf(self.staff_a, inspection.name, "督查情况反馈单")
		self.assertEqual(pages, 1)
		self.assertIn(compact(self.unit_a), text)
		self.assertNotIn(compact(self.unit_b), text)
		pages, text = self.pdf(self.manager, inspection.name, "督查情况通报")
		for expected in (
			"明察暗访情况的通报",
			"总体情况",
			"发现的问题",
			"下步要求",
			self.unit_a,
			"共发现问题2个",
		):
			self.assertIn(compact(expected), text)
