"""A key task's extension (延期) goes through the problem items' extension workflow (ZGZ Extension Request,
Workflow "ZGZ Extension Approval"): asked by the task's lead unit only, decided by the task's responsible
leader, and on approval the task's due date moves (its signed milestones stay), so the digest colours it
by the new date."""

from freezegun import freeze_time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.key_tasks.escalation import colour_tasks
from zgz_app.tests.factories import act, set_zgz_settings
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
from zgz_app.tests.test_escalation import DEFAULTS
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

EXTENSION = "ZGZ Extension Request"


class TestKeyTaskExtension(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.p = key_task_people("kte")
		cls.campaign = make_key_campaign(cls.p)
		cls.previous = set_zgz_settings(**DEFAULTS, key_task_report_frequency="Weekly")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		set_zgz_settings(**cls.previous)
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")

	def signed_task(self, due_days=30, milestones=(10, 30)):
		task = make_key_task(self.campaign, self.p, due_days=due_days).name
		names = [add_milestone(task, days).name for days in milestones]
		sign_plan(task, self.p)
		return task, names

	def ask(self, user, new_deadline, **source):
		frappe.set_user(user)
		try:
			return frappe.get_doc(
				{
					"doctype": EXTENSION,
					"new_deadline": new_deadline,
					"reason": "涉及多部门会签，需延期",
					**source,
				}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def test_asked_by_the_lead_unit_decided_by_the_responsible_leader_moves_the_due_date(self):
		task, milestones = self.signed_task()
		ends = {m: frappe.db.get_value(MILESTONE, m, "end_date") for m in milestones}
		request = self.ask(self.p.lead_deputy, add_days(today(), 60), key_task=task)
		self.assertEqual(
			(request.workflow_state, request.approver, str(request.current_deadline)),
			("Awaiting Approval", self.p.leader, add_days(today(), 30)),
		)
		self.assertEqual(
			(request.campaign, request.unit, request.problem, request.problem_item),
			(self.campaign, self.p.lead_unit, "优化营商环境，推进“不见面审批”", None),
		)
		# the leader is handed the request (the shared routing); nobody else may decide it
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_name": request.name, "allocated_to": self.p.leader, "status": "Open"}
			)
		)
		for wrong in (self.p.lead_deputy, self.p.lead_head, self.p.group, self.p.office_head):
			with self.assertRaises(frappe.PermissionError):
				act(wrong, EXTENSION, request.name, "Approve")
		request = act(self.p.leader, EXTENSION, request.name, "Approve")
		self.assertEqual((request.docstatus, request.decided_by), (1, self.p.leader))
		doc = frappe.get_doc(TASK, task)
		self.assertEqual((str(doc.due_date), doc.workflow_state), (add_days(today(), 60), "Signed"))
		# the signed milestones stay as signed, all on or before the new due date
		self.assertEqual({m: frappe.db.get_value(MILESTONE, m, "end_date") for m in milestones}, ends)
		frappe.get_doc(MILESTONE, milestones[1]).save(ignore_permissions=True)
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": TASK, "reference_name": task}, pluck="content"
		)
		self.assertTrue(any(request.name in c and "Due date extended" in c for c in comments), comments)

	def test_only_the_lead_unit_asks_and_other_units_are_refused_by_name(self):
		task, _milestones = self.signed_task()
		for outsider in (self.p.coop_head, self.p.other_head):
			with self.assertRaises(frappe.PermissionError) as refused:
				self.ask(outsider, add_days(today(), 60), key_task=task)
			message = str(refused.exception)
			self.assertIn("Key Task", message)
			self.assertIn(f"Lead Unit {self.p.lead_unit}", message)
			self.assertIn("王牵头", message, "it says whom to ask")
		self.assertFalse(frappe.db.exists(EXTENSION, {"key_task": task}))

	def test_rejection_keeps_the_due_date(self):
		task, _milestones = self.signed_task()
		request = self.ask(self.p.lead_head, add_days(today(), 60), key_task=task)
		act(self.p.leader, EXTENSION, request.name, "Reject", reason="节点可按期完成")
		self.assertEqual(str(frappe.db.get_value(TASK, task, "due_date")), add_days(today(), 30))

	def test_bad_requests_are_refused_naming_the_field(self):
		from zgz_app.tests.factories import make_item

		task, _milestones = self.signed_task()
		with self.assertRaisesRegex(frappe.ValidationError, "Problem Item / Key Task: name exactly one"):
			self.ask(self.p.lead_head, add_days(today(), 60))
		item = make_item(self.campaign, self.p.lead_unit, responsible_leader=self.p.leader)
		with self.assertRaisesRegex(frappe.ValidationError, "Problem Item / Key Task: name exactly one"):
			self.ask(self.p.lead_head, add_days(today(), 60), key_task=task, problem_item=item.name)
		with self.assertRaisesRegex(frappe.ValidationError, "New Deadline: choose a day after"):
			self.ask(self.p.lead_head, add_days(today(), 20), key_task=task)
		with self.assertRaisesRegex(frappe.ValidationError, "New Deadline .* is outside campaign"):
			self.ask(self.p.lead_head, add_days(today(), 400), key_task=task)
		draft = make_key_task(self.campaign, self.p).name
		with self.assertRaisesRegex(frappe.ValidationError, "Key Task: task .* is Draft"):
			self.ask(self.p.lead_head, add_days(today(), 120), key_task=draft)
		self.ask(self.p.lead_head, add_days(today(), 60), key_task=task)
		with self.assertRaisesRegex(frappe.ValidationError, "Key Task: request .* awaiting approval"):
			self.ask(self.p.lead_deputy, add_days(today(), 70), key_task=task)

	def test_the_digest_colours_the_task_by_its_new_due_date(self):
		day = getdate(today())
		tasks = []
		for _ in range(2):  # both delivered (milestones at 100%) but not yet closed out, due in 3 days
			task, milestones = self.signed_task(due_days=3, milestones=(2, 3))
			for m in milestones:
				report(m, self.p.lead_unit, self.p.lead_staff, percent=100)
			tasks.append(task)
		extended, kept = tasks
		request = self.ask(self.p.lead_head, add_days(day, 60), key_task=extended)
		act(self.p.leader, EXTENSION, request.name, "Approve")
		settings = get_settings()
		with freeze_time(add_days(day, 5)):  # two days after the old due date
			coloured = {
				t.name: t.new_colour
				for t in colour_tasks(add_days(day, 5), settings.thresholds(), settings.calendar())
			}
		self.assertEqual(coloured.get(kept), "Red")
		self.assertNotIn(extended, coloured)
		self.assertEqual(frappe.db.get_value(TASK, extended, "colour") or None, None)
