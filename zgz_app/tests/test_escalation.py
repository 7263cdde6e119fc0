"""The daily three-colour escalation: each colour at its threshold, widening recipients, one digest per
person per day (even when the job runs twice), reminders that stop on close-out, holidays left out,
and what the mail in the Email Queue says."""

from freezegun import freeze_time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate
from zgz_app.rectification import escalation
from zgz_app.roles import INSPECTOR, LEADER, SECTION_HEAD
from zgz_app.tests.factories import (
	act,
	ensure_outgoing_email_account,
	make_item,
	make_screening_campaign,
	make_unit,
	make_user,
	set_zgz_settings,
)

ITEM = "ZGZ Problem Item"
MONDAY = "2026-03-02"
DEFAULTS = dict(
	blue_days=5,
	yellow_days=2,
	yellow_below_percent=80,
	red_overdue_days=1,
	group_overdue_days=5,
	weekends_off=0,
	holidays=[],
)


def mail_text(raw: str) -> str:
	"""The subject and the decoded HTML body of a queued MIME message."""
	from email import message_from_string
	from email.header import decode_header, make_header

	mime = message_from_string(raw)
	parts = [str(make_header(decode_header(mime["Subject"])))]
	for part in mime.walk():
		if part.get_content_type() == "text/html":
			parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
	return "\n".join(parts)


class TestEscalation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.person = make_user("es_person", full_name="张责任")
		cls.person2 = make_user("es_person2", full_name="陈经办")
		cls.head = make_user("es_head", roles=(SECTION_HEAD,), full_name="李科长")
		cls.leader = make_user("es_leader", roles=(LEADER,), full_name="吴分管")
		cls.resp_leader = make_user("es_resp_leader", roles=(LEADER,), full_name="郑责任领导")
		cls.group_member = make_user("es_group", roles=(LEADER,), full_name="周组长")
		cls.inspector = make_user("es_inspector", roles=(INSPECTOR,), full_name="督查员")
		cls.unit = make_unit(
			head=cls.head, supervising_leader=cls.leader, members=[cls.person, cls.person2]
		).name
		cls.previous = set_zgz_settings(**DEFAULTS)

	@classmethod
	def tearDownClass(cls):
		set_zgz_settings(**cls.previous)
		super().tearDownClass()

	def setUp(self):
		ensure_outgoing_email_account()
		frappe.set_user("Administrator")
		# only this test's items are open
		frappe.db.sql("update `tabZGZ Problem Item` set status = 'Withdrawn' where status = 'Rectifying'")
		# and only this test's digests (FrappeTestCase rolls back at the end of the class, not of each test)
		frappe.db.delete("ZGZ Digest Log")
		frappe.db.delete("Email Queue", {"reference_doctype": "ZGZ Digest Log"})
		with freeze_time(MONDAY):
			self.campaign = make_screening_campaign(
				[self.unit],
				leading_group=[
					{
						"group_role": "Leader",
						"user": self.group_member,
						"member_name": "周组长",
						"post": "局长",
					},
					{"group_role": "Member", "member_name": "无账号成员", "post": "科员"},
				],
			).name

	def tearDown(self):
		set_zgz_settings(**DEFAULTS)

	def item(self, days: int, percent: float = 0, person=None, **kw):
		"""An item whose deadline is ``days`` days from MONDAY."""
		with freeze_time(MONDAY):
			doc = make_item(
				self.campaign,
				self.unit,
				deadline=add_days(MONDAY, days),
				responsible_person=person or self.person,
				responsible_leader=self.resp_leader,
				**kw,
			)
		doc.db_set("progress_percent", percent)
		return doc.name

	def run_on(self, day=MONDAY):
		with freeze_time(day):
			return escalation.run(day)

	def digests(self, day=MONDAY) -> dict[str, set[str]]:
		"""recipient → the items in their digest of ``day``."""
		logs = frappe.get_all("ZGZ Digest Log", filters={"digest_date": day}, fields=["recipient", "items"])
		return {log.recipient: set(log["items"].split("\n")) for log in logs}

	def queued_to(self, user) -> list:
		names = frappe.get_all("Email Queue Recipient", filters={"recipient": user}, pluck="parent")
		return frappe.get_all(
			"Email Queue",
			filters={"name": ("in", names or [""]), "reference_doctype": "ZGZ Digest Log"},
			fields=["name", "message"],
		)

	def test_each_colour_at_its_threshold(self):
		items = {
			"none": self.item(6),
			"blue_at_5": self.item(5),
			"blue_on_track": self.item(2, percent=80),
			"yellow_behind": self.item(2, percent=79),
			"yellow_due_today": self.item(0, percent=10),
			"red_overdue": self.item(-1, percent=100),
		}
		figures = self.run_on()
		colours = {k: frappe.db.get_value(ITEM, v, "colour") or None for k, v in items.items()}
		self.assertEqual(
			colours,
			{
				"none": None,
				"blue_at_5": "Blue",
				"blue_on_track": "Blue",
				"yellow_behind": "Yellow",
				"yellow_due_today": "Yellow",
				"red_overdue": "Red",
			},
		)
		self.assertEqual((figures["items"], figures["coloured"]), (6, 5))
		set_zgz_settings(red_overdue_days=2)
		self.run_on(add_days(MONDAY, 1))  # a day later
		self.assertEqual(frappe.db.get_value(ITEM, items["red_overdue"], "colour"), "Red", "2 days overdue")
		self.assertEqual(
			frappe.db.get_value(ITEM, items["yellow_due_today"], "colour"), "Yellow", "1 day overdue"
		)

	def test_each_level_widens_who_is_told(self):
		blue = self.item(4, person=self.person2)
		yellow = self.item(1, percent=0, person=self.person2)
		red = self.item(-2)
		red_long = self.item(-5)
		self.run_on()
		digests = self.digests()
		told = {
			item: {u for u, items in digests.items() if item in items}
			for item in (blue, yellow, red, red_long)
		}
		self.assertEqual(told[blue], {self.person2})
		self.assertEqual(told[yellow], {self.person2, self.head})
		self.assertEqual(told[red], {self.person, self.head, self.leader, self.resp_leader})
		self.assertEqual(
			told[red_long], {self.person, self.head, self.leader, self.resp_leader, self.group_member}
		)

	def test_one_digest_per_person_per_day_even_when_the_job_runs_twice(self):
		self.item(-1)
		self.item(-3)
		self.item(2, percent=0)
		first = self.run_on()
		self.assertEqual(first["mails"], first["recipients"])
		self.assertEqual(len(self.queued_to(self.person)), 1, "three items, one mail")
		second = self.run_on()
		self.assertEqual(second["mails"], 0)
		self.assertEqual(len(self.queued_to(self.person)), 1)
		self.assertEqual(
			frappe.db.count("ZGZ Digest Log", {"recipient": self.person, "digest_date": MONDAY}), 1
		)
		# still overdue the next day: reminded again
		self.run_on(add_days(MONDAY, 1))
		self.assertEqual(len(self.queued_to(self.person)), 2)

	def test_reminders_stop_when_the_item_is_closed_out(self):
		name = self.item(-1)
		self.run_on()
		self.assertIn(self.person, self.digests())
		with freeze_time(MONDAY):
			act(
				self.person,
				ITEM,
				name,
				"Request Close-out",
				closeout_note="已整改",
				closeout_evidence="/files/e.pdf",
			)
		tuesday = add_days(MONDAY, 1)
		self.run_on(tuesday)
		self.assertNotIn(self.person, self.digests(tuesday), "asking for close-out stops the chasing")
		with freeze_time(tuesday):
			act(self.inspector, ITEM, name, "Verify")
		self.assertFalse(frappe.db.get_value(ITEM, name, "colour"))
		self.run_on(add_days(MONDAY, 2))
		self.assertFalse(self.digests(add_days(MONDAY, 2)))

	def test_holidays_are_not_counted_and_no_digest_is_sent_on_them(self):
		set_zgz_settings(
			weekends_off=1,
			red_overdue_days=2,
			holidays=[
				{"holiday_date": "2026-03-10", "description": "节日"},
				{"holiday_date": "2026-03-14", "working_day": 1, "description": "调休上班"},
			],
		)
		friday_deadline = self.item(4)  # 2026-03-06
		next_monday = "2026-03-09"
		self.run_on(next_monday)
		self.assertEqual(
			frappe.db.get_value(ITEM, friday_deadline, "colour"), "Yellow", "1 working day late, not 3"
		)
		for day_off in ("2026-03-08", "2026-03-10"):  # a Sunday, a public holiday
			figures = self.run_on(day_off)
			self.assertTrue(figures.get("holiday"))
			self.assertFalse(self.digests(day_off))
		self.run_on("2026-03-14")  # a Saturday worked in exchange: a working day, digest sent
		self.assertIn(self.person, self.digests("2026-03-14"))

	def test_the_mail_in_the_email_queue_lists_the_items_in_chinese_with_links(self):
		frappe.db.set_value("User", self.person, "language", "zh")
		name = self.item(-2, problem="审批材料一次性告知不到位")
		self.item(1, percent=0)
		self.run_on()
		(mail,) = self.queued_to(self.person)
		message = mail_text(mail.message)
		self.assertIn("整改督办提醒", message)  # the subject, in the recipient's language
		self.assertIn("红色督办", message)
		self.assertIn("黄色预警", message)
		self.assertIn("逾期2天", message)
		self.assertIn("审批材料一次性告知不到位", message)
		self.assertIn(f"/app/zgz-problem-item/{name}", message)
		self.assertIn("ZGZ%20Rectification%20Ledger", message.replace(" ", "%20"))

	def test_thresholds_out_of_order_are_refused_naming_the_field(self):
		with self.assertRaises(frappe.ValidationError) as refused:
			set_zgz_settings(blue_days=1, yellow_days=2)
		self.assertIn("Blue: Days Before the Deadline", str(refused.exception))
		with self.assertRaises(frappe.ValidationError) as refused:
			set_zgz_settings(red_overdue_days=6)
		self.assertIn("Leading Group: Days Overdue", str(refused.exception))
		settings = frappe.get_single("ZGZ Settings")
		self.assertEqual((settings.blue_days, settings.red_overdue_days), (5, 1), "nothing half-saved")

	def test_extension_changes_the_colour(self):
		name = self.item(1, percent=0)
		self.run_on()
		self.assertEqual(frappe.db.get_value(ITEM, name, "colour"), "Yellow")
		frappe.db.set_value(ITEM, name, "deadline", add_days(MONDAY, 30))
		self.run_on(add_days(MONDAY, 1))
		self.assertFalse(frappe.db.get_value(ITEM, name, "colour"))
		self.assertEqual(getdate(frappe.db.get_value(ITEM, name, "deadline")), getdate(add_days(MONDAY, 30)))
