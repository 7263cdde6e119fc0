"""Key tasks (重点工作督办): milestones planned by the lead unit and signed off by the responsible leader,
reports by the lead and cooperating units only with who has not reported, and 销号 by the lead office
only, against the milestones."""

import re

import requests
from freezegun import freeze_time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from frappe.utils.password import update_password
from zgz_app.key_tasks.reporting import reporting_status
from zgz_app.tests.cleanup import purge_committed
from zgz_app.tests.factories import act, set_zgz_settings
from zgz_app.tests.key_task_factories import (
	MILESTONE,
	REPORT,
	TASK,
	add_milestone,
	key_task_people,
	make_key_campaign,
	make_key_task,
	report,
	sign_plan,
)


class TestKeyTasks(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.p = key_task_people("kt")
		cls.campaign = make_key_campaign(cls.p)
		cls.previous = set_zgz_settings(key_task_report_frequency="Weekly")

	@classmethod
	def tearDownClass(cls):
		set_zgz_settings(**cls.previous)
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")

	def signed_task(self, milestones=(20, 60)):
		task = make_key_task(self.campaign, self.p).name
		names = [add_milestone(task, days).name for days in milestones]
		sign_plan(task, self.p)
		return task, names

	def test_milestone_plan_is_signed_off_by_the_responsible_leader(self):
		task = make_key_task(self.campaign, self.p).name
		self.assertEqual(frappe.db.get_value(TASK, task, "workflow_state"), "Draft")
		with self.assertRaisesRegex(frappe.ValidationError, "倒排工期|dated milestones"):
			act(self.p.lead_head, TASK, task, "Submit for Signature")
		add_milestone(task, 30)
		act(self.p.lead_head, TASK, task, "Submit for Signature")
		# the leader sees it waiting for him (a ToDo); another leader cannot sign it
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_name": task, "allocated_to": self.p.leader, "status": "Open"}
			)
		)
		with self.assertRaises(frappe.PermissionError):
			act(self.p.group, TASK, task, "Sign")
		act(self.p.leader, TASK, task, "Return", reason="节点过粗，请细化到月")
		self.assertEqual(frappe.db.get_value(TASK, task, "workflow_state"), "Returned")
		add_milestone(task, 60, deliverable="全面推行")
		act(self.p.lead_head, TASK, task, "Resubmit")
		doc = act(self.p.leader, TASK, task, "Sign")
		self.assertEqual(
			(doc.workflow_state, doc.signed_by, str(doc.signed_on)), ("Signed", self.p.leader, today())
		)
		# the signed plan is fixed
		with self.assertRaisesRegex(frappe.ValidationError, "return the plan"):
			add_milestone(task, 40)
		milestone = frappe.get_doc(MILESTONE, {"key_task": task, "deliverable": "全面推行"})
		milestone.end_date = add_days(today(), 70)
		with self.assertRaisesRegex(frappe.ValidationError, "return the plan"):
			milestone.save(ignore_permissions=True)

	def test_milestone_dates_outside_the_campaign_or_after_the_due_date_are_refused_naming_the_field(self):
		task = make_key_task(self.campaign, self.p, due_days=90).name
		with self.assertRaisesRegex(frappe.ValidationError, "End Date .* after the task's due date"):
			add_milestone(task, 91)
		start = frappe.db.get_value("ZGZ Campaign", self.campaign, "start_date")
		with self.assertRaisesRegex(frappe.ValidationError, "Start Date .* before campaign"):
			add_milestone(task, 10, start_days=(getdate(start) - getdate(today())).days - 1)
		add_milestone(task, 90)  # on the due date is fine

	def test_reports_by_lead_and_cooperating_units_only_and_progress_follows_the_lead_unit(self):
		task, (first, second) = self.signed_task()
		with self.assertRaisesRegex(frappe.ValidationError, "Reporting Unit: .* neither the lead unit"):
			report(first, self.p.other_unit, "Administrator")
		report(first, self.p.coop_unit, self.p.coop_head, percent=90)
		self.assertEqual(frappe.db.get_value(MILESTONE, first, "progress_percent"), 0)
		report(first, self.p.lead_unit, self.p.lead_staff, percent=100, attachment="/files/方案.pdf")
		milestone = frappe.db.get_value(MILESTONE, first, ["progress_percent", "completed_on"], as_dict=True)
		self.assertEqual((milestone.progress_percent, str(milestone.completed_on)), (100, today()))
		self.assertEqual(frappe.db.get_value(TASK, task, "progress_percent"), 50)

	def test_report_refused_before_the_plan_is_signed(self):
		task = make_key_task(self.campaign, self.p).name
		milestone = add_milestone(task, 20).name
		with self.assertRaisesRegex(frappe.ValidationError, "signed its milestone plan"):
			report(milestone, self.p.lead_unit, self.p.lead_staff)

	def test_who_has_not_reported_this_period_and_the_last(self):
		monday = getdate(today()) - frappe.utils.datetime.timedelta(days=getdate(today()).weekday())
		with freeze_time(add_days(monday, -30)):
			self.campaign = make_key_campaign(self.p)
		with freeze_time(add_days(monday, -14)):
			task, (first, _second) = self.signed_task()
		with freeze_time(add_days(monday, -3)):  # last week: only the cooperating unit reported
			report(first, self.p.coop_unit, self.p.coop_head)
		with freeze_time(monday):  # this week: only the lead unit so far
			report(first, self.p.lead_unit, self.p.lead_head)
			status = next(t for t in reporting_status(monday) if t.name == task)
		self.assertEqual(status.missing_now, [self.p.coop_unit])
		self.assertEqual(status.missed, [self.p.lead_unit])
		self.assertEqual(status.missed_due, add_days(monday, -1))

	def test_close_out_by_the_lead_office_only_and_never_with_an_open_milestone(self):
		task, (first, second) = self.signed_task()
		act(self.p.lead_head, TASK, task, "Request Close-out")
		# the lead unit cannot verify its own task: the workflow refuses, saying who verifies
		with self.assertRaisesRegex(frappe.PermissionError, "lead office"):
			act(self.p.lead_deputy, TASK, task, "Close Out")
		# a section head of another unit is not the lead office: told who verifies, and never handed it
		office = f"only the lead office ({self.p.office}) closes out a key task. Ask it to verify"
		with self.assertRaisesRegex(frappe.PermissionError, re.escape(office)):
			act(self.p.other_head, TASK, task, "Close Out")
		todos = frappe.get_all(
			"ToDo", filters={"reference_name": task, "status": "Open"}, pluck="allocated_to"
		)
		self.assertIn(self.p.office_head, todos)
		self.assertNotIn(self.p.other_head, todos)
		with self.assertRaisesRegex(frappe.ValidationError, "Milestones: 2 of them are not completed"):
			act(self.p.office_head, TASK, task, "Close Out")
		for m in (first, second):
			report(m, self.p.lead_unit, self.p.lead_staff, percent=100)
		doc = act(self.p.office_head, TASK, task, "Close Out")
		self.assertEqual((doc.workflow_state, doc.closed_by), ("Closed Out", self.p.office_head))

	def test_a_new_head_of_the_lead_unit_takes_over_its_open_tasks_at_once(self):
		from zgz_app.roles import SECTION_HEAD
		from zgz_app.tests.factories import make_unit, make_user

		old_head, new_head = (make_user(f"kt_{n}_head", roles=(SECTION_HEAD,)) for n in ("old", "new"))
		unit = make_unit(head=old_head, deputy=self.p.lead_deputy).name
		open_task = make_key_task(self.campaign, self.p, lead_unit=unit).name
		closed = make_key_task(self.campaign, self.p, lead_unit=unit).name
		frappe.db.set_value(TASK, closed, "workflow_state", "Closed Out")
		add_milestone(open_task, 20)
		doc = frappe.get_doc("ZGZ Unit", unit)
		doc.head, doc.deputy = new_head, None
		doc.save(ignore_permissions=True)
		people = ["lead_unit_head", "lead_unit_deputy"]
		self.assertEqual(frappe.db.get_value(TASK, open_task, people), (new_head, None))
		self.assertEqual(frappe.db.get_value(TASK, closed, people), (old_head, self.p.lead_deputy))
		with self.assertRaises(frappe.PermissionError):
			act(old_head, TASK, open_task, "Submit for Signature")
		self.assertEqual(
			act(new_head, TASK, open_task, "Submit for Signature").workflow_state, "Awaiting Signature"
		)

	def test_tasks_are_counted_in_the_reconciliation_snapshots(self):
		from zgz_app.core.periods import MONTH, period_of
		from zgz_app.rectification.reconciliation import create_snapshots

		campaign = make_key_campaign(self.p)
		self.campaign = campaign
		closed, (first, second) = self.signed_task()
		for m in (first, second):
			report(m, self.p.lead_unit, self.p.lead_staff, percent=100)
		act(self.p.lead_head, TASK, closed, "Request Close-out")
		act(self.p.office_head, TASK, closed, "Close Out")
		make_key_task(campaign, self.p, due_days=10)  # overdue by the end of next month
		make_key_task(campaign, self.p, due_days=150)  # not yet due
		end = period_of(MONTH, getdate(add_days(today(), 40)))[1]
		with freeze_time(add_days(end, 1)):  # as the daily job: the day after the period's last day
			create_snapshots(end)
		figures = {
			row.unit: (row.key_tasks, row.key_tasks_closed, row.key_tasks_overdue)
			for row in frappe.get_all(
				"ZGZ Reconciliation",
				filters={"campaign": campaign, "period_type": MONTH, "period_end": end},
				fields=["unit", "key_tasks", "key_tasks_closed", "key_tasks_overdue"],
			)
		}
		self.assertEqual(figures.get(self.p.lead_unit), (3, 1, 1), figures)
		self.assertEqual(figures.get(self.p.coop_unit), (0, 0, 0), figures)
		whole = frappe.get_all(
			"ZGZ Reconciliation",
			filters={"campaign": campaign, "period_end": end, "unit": ("is", "not set")},
			fields=["key_tasks", "key_tasks_closed", "key_tasks_overdue"],
		)
		self.assertIn(
			(3, 1, 1),
			[(w.key_tasks, w.key_tasks_closed, w.key_tasks_overdue) for w in whole],
			whole,
		)

	def test_both_prints_as_pdfs_in_chinese(self):
		import io

		from pypdf import PdfReader

		from zgz_app.core.pdftext import compact

		def pdf(doctype, name, print_format):
			data = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True)
			return PdfReader(io.BytesIO(data))

		task, milestones = self.signed_task(milestones=tuple(range(3, 63, 3)))  # 20 milestones
		notice = pdf(TASK, task, "督办通知单")
		text = compact("".join(p.extract_text() for p in notice.pages))
		self.assertEqual(len(notice.pages), 1, "one page, even with 20 milestones")
		for expected in ("重点工作督办通知单", "优化营商环境", "完成流程再造方案", "郑分管", "另有8个节点"):
			self.assertIn(expected, text)
		page = notice.pages[0].mediabox
		self.assertLess(page.width, page.height, "portrait")

		second = make_key_task(self.campaign, self.p, title="深化“放管服”改革，压减审批时限").name
		table = pdf("ZGZ Campaign", self.campaign, "重点工作推进情况表")
		text = compact("".join(p.extract_text() for p in table.pages))
		for expected in (
			"重点工作推进情况表",
			"优化营商环境",
			"深化“放管服”改革",
			"推进中",
			"制定节点",
			"0/20",
		):
			self.assertIn(compact(expected), text)
		page = table.pages[0].mediabox
		self.assertGreater(page.width, page.height, "landscape")
		self.assertTrue(second)

	def test_the_ledger_shows_colour_milestones_and_who_has_not_reported_with_behind_by_lead_unit(self):
		from zgz_app.zgz_app.report.zgz_key_task_ledger.zgz_key_task_ledger import execute

		campaign = make_key_campaign(self.p)
		self.campaign = campaign
		task, (first, _second) = self.signed_task()
		report(first, self.p.lead_unit, self.p.lead_staff, percent=100)
		frappe.db.set_value(TASK, task, "colour", "Red")
		_columns, rows, _message, chart = execute({"campaign": campaign})
		(row,) = [r for r in rows if r.name == task]
		self.assertEqual((row.milestones, row.not_reported), ("1/2", self.p.coop_unit))
		self.assertEqual(chart["data"]["labels"], [self.p.lead_unit])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1])
		_columns, rows, _message, _chart = execute({"campaign": campaign, "colour": "Yellow"})
		self.assertEqual(rows, [])


class KeyTaskCloseOutOverHTTP(FrappeTestCase):
	"""What the desk does when a section head of an unrelated unit presses 销号 (Close Out)."""

	def test_an_unrelated_units_head_is_told_the_lead_office_verifies(self):
		frappe.set_user("Administrator")
		p = key_task_people(f"kth{frappe.generate_hash(length=5)}")
		campaign = make_key_campaign(p)
		task = make_key_task(campaign, p).name
		add_milestone(task, 20)
		sign_plan(task, p)
		act(p.lead_head, TASK, task, "Request Close-out")
		update_password(p.other_head, "Kth-close-out-1")
		frappe.db.set_value("User", p.other_head, "language", "zh")  # whatever the site's own language
		frappe.db.commit()
		try:
			session = requests.Session()
			login = session.post(
				frappe.utils.get_url("/api/method/login"),
				json={"usr": p.other_head, "pwd": "Kth-close-out-1"},
				timeout=30,
			)
			self.assertEqual(login.status_code, 200, login.text)
			doc = session.get(frappe.utils.get_url(f"/api/resource/{TASK}/{task}"), timeout=30).json()["data"]
			refused = session.post(
				frappe.utils.get_url("/api/method/frappe.model.workflow.apply_workflow"),
				json={"doc": doc, "action": "Close Out"},
				timeout=30,
			)
			self.assertEqual(refused.status_code, 403, refused.text)
			message = frappe.parse_json(frappe.parse_json(refused.json()["_server_messages"])[0])
			# in his language (Chinese): the lead office named, and what to do
			self.assertIn(f"重点工作只能由牵头科室（{p.office}）销号", message["message"])
			self.assertIn("请牵头科室对照节点核验", message["message"])
			self.assertEqual(frappe.db.get_value(TASK, task, "workflow_state"), "Awaiting Verification")
		finally:
			frappe.db.rollback()
			milestones = frappe.get_all(MILESTONE, {"key_task": task}, pluck="name") or [""]
			frappe.db.delete(REPORT, {"milestone": ("in", milestones)})
			frappe.db.delete(MILESTONE, {"key_task": task})
			units = [p.lead_unit, p.coop_unit, p.other_unit, p.office]
			users = [v for k, v in p.items() if k not in ("lead_unit", "coop_unit", "other_unit", "office")]
			purge_committed([campaign], units, users)
