"""Key tasks in the daily digest: a task and its milestones coloured 蓝 / 黄 / 红 at the problem items'
thresholds, a missed report counted overdue, and one mail per person per day covering problems and tasks
alike (a second run the same day sends nothing)."""

from freezegun import freeze_time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days
from zgz_app.rectification import escalation
from zgz_app.tests.factories import ensure_outgoing_email_account, make_item, set_zgz_settings
from zgz_app.tests.key_task_factories import (
	MILESTONE,
	TASK,
	add_milestone,
	key_task_people,
	make_key_campaign,
	make_key_task,
	report,
	sign_plan,
)
from zgz_app.tests.test_escalation import DEFAULTS, mail_text

MONDAY = "2026-03-02"


class TestKeyTaskDigest(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.p = key_task_people("ktd")
		cls.previous = set_zgz_settings(**DEFAULTS, key_task_report_frequency="Weekly")

	@classmethod
	def tearDownClass(cls):
		set_zgz_settings(**cls.previous)
		super().tearDownClass()

	def setUp(self):
		ensure_outgoing_email_account()
		frappe.set_user("Administrator")
		# only this test's items and tasks are open, and only its digests exist
		frappe.db.sql("update `tabZGZ Problem Item` set status = 'Withdrawn' where status = 'Rectifying'")
		task = frappe.qb.DocType(TASK)
		frappe.qb.update(task).set(task.workflow_state, "Closed Out").where(
			task.workflow_state.isin(("Signed", "Awaiting Verification"))
		).run()
		frappe.db.delete("ZGZ Digest Log")
		frappe.db.delete("Email Queue", {"reference_doctype": "ZGZ Digest Log"})
		with freeze_time(add_days(MONDAY, -20)):
			self.campaign = make_key_campaign(self.p)

	def task(self, milestone_days: int, signed=MONDAY, title="推进“一网通办”", **kw):
		"""A task signed on ``signed`` whose one milestone ends ``milestone_days`` after MONDAY."""
		with freeze_time(signed):
			name = make_key_task(self.campaign, self.p, due_days=120, title=title, **kw).name
			end = (frappe.utils.getdate(MONDAY) - frappe.utils.getdate(signed)).days + milestone_days
			add_milestone(name, end, start_days=end - 10)
			sign_plan(name, self.p)
		return name

	def run_on(self, day=MONDAY):
		with freeze_time(day):
			return escalation.run(day)

	def digests(self, day=MONDAY) -> dict[str, set[str]]:
		logs = frappe.get_all("ZGZ Digest Log", filters={"digest_date": day}, fields=["recipient", "items"])
		return {log.recipient: set(log["items"].split("\n")) for log in logs}

	def queued_to(self, user) -> list:
		names = frappe.get_all("Email Queue Recipient", filters={"recipient": user}, pluck="parent")
		return frappe.get_all(
			"Email Queue",
			filters={"name": ("in", names or [""]), "reference_doctype": "ZGZ Digest Log"},
			fields=["name", "message"],
		)

	def test_tasks_and_milestones_coloured_at_the_thresholds_and_told_to_widening_people(self):
		tasks = {
			"none": self.task(6),
			"blue_at_5": self.task(5),
			"yellow_behind": self.task(2),
			"red_overdue": self.task(-1),
			"red_long": self.task(-5),
		}
		figures = self.run_on()
		self.assertEqual(figures["key_tasks"], 4)
		colours = {k: frappe.db.get_value(TASK, v, "colour") or None for k, v in tasks.items()}
		self.assertEqual(
			colours,
			{
				"none": None,
				"blue_at_5": "Blue",
				"yellow_behind": "Yellow",
				"red_overdue": "Red",
				"red_long": "Red",
			},
		)
		milestone = frappe.db.get_value(MILESTONE, {"key_task": tasks["red_overdue"]}, "colour")
		self.assertEqual(milestone, "Red")
		digests = self.digests()
		told = {k: {u for u, names in digests.items() if v in names} for k, v in tasks.items()}
		lead = {self.p.lead_head, self.p.lead_deputy}
		self.assertEqual(told["none"], set())
		self.assertEqual(told["blue_at_5"], lead)
		self.assertEqual(told["yellow_behind"], lead)
		self.assertEqual(told["red_overdue"], lead | {self.p.leader})
		self.assertEqual(told["red_long"], lead | {self.p.leader, self.p.group})

	def test_one_mail_per_person_with_problems_and_tasks_and_none_on_a_rerun(self):
		frappe.db.set_value("User", self.p.lead_head, "language", "zh")
		task = self.task(-1, title="建设“15分钟政务服务圈”")
		with freeze_time(MONDAY):
			item = make_item(
				self.campaign,
				self.p.lead_unit,
				deadline=add_days(MONDAY, -2),
				problem="审批材料一次性告知不到位",
			).name
		first = self.run_on()
		self.assertEqual(first["mails"], first["recipients"])
		self.assertEqual(self.digests()[self.p.lead_head], {item, task})
		(mail,) = self.queued_to(self.p.lead_head)
		message = mail_text(mail.message)
		self.assertIn("审批材料一次性告知不到位", message)
		self.assertIn("建设“15分钟政务服务圈”", message)
		self.assertIn("重点工作推进预警", message)
		self.assertIn(f"/app/zgz-key-task/{task}", message)
		second = self.run_on()
		self.assertEqual(second["mails"], 0)
		self.assertEqual(len(self.queued_to(self.p.lead_head)), 1)
		# a leader told only of the task gets his one mail too
		self.assertEqual(len(self.queued_to(self.p.leader)), 1)

	def test_a_missed_report_is_overdue_and_a_made_one_is_not(self):
		# signed two weeks before, milestones far off: only the reports decide
		missed = self.task(40, signed=add_days(MONDAY, -14))
		made = self.task(40, signed=add_days(MONDAY, -14))
		milestone = frappe.db.get_value(MILESTONE, {"key_task": made})
		with freeze_time(add_days(MONDAY, -3)):
			report(milestone, self.p.lead_unit, self.p.lead_staff, percent=30)
		self.run_on()
		self.assertEqual(frappe.db.get_value(TASK, missed, "colour"), "Red")  # Sunday's report: 1 day late
		self.assertFalse(frappe.db.get_value(TASK, made, "colour"))
		self.assertIn(missed, self.digests()[self.p.lead_head])
		(mail,) = self.queued_to(self.p.lead_head)
		self.assertIn(self.p.lead_unit, mail_text(mail.message))
