"""Sign-off of rectification plans (seed 001: 一般人员整改方案由局室负责人审核签字；局室负责人及其科室整改方案
由单位分管领导审核签字) through the shipped Workflow, by the right person only, and the problem items
it makes."""

from unittest.mock import patch

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER, SECTION_HEAD
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_plan,
	make_screening_campaign,
	make_unit,
	make_user,
	plan_row,
)
from zgz_app.workflow import apply_workflow

PLAN = "ZGZ Rectification Plan"
ITEM = "ZGZ Problem Item"
WORKFLOW = "ZGZ Plan Sign-off"


class PlanTestCase(FrappeTestCase):
	SHOW_TRANSACTION_COMMIT_WARNINGS = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.staff = make_user("pl_staff", full_name="王小明")
		cls.staff2 = make_user("pl_staff2", full_name="陈静")
		cls.deputy = make_user("pl_deputy", full_name="刘代签")
		cls.head = make_user("pl_head", roles=(SECTION_HEAD,), full_name="李科长")
		cls.leader = make_user("pl_leader", roles=(LEADER,), full_name="吴副局长")
		cls.other_leader = make_user("pl_leader2", roles=(LEADER,), full_name="赵副局长")
		cls.staff_b = make_user("pl_staff_b", full_name="孙其他")
		cls.head_b = make_user("pl_head_b", roles=(SECTION_HEAD,), full_name="周其他科长")
		cls.manager = make_user("pl_cm", roles=(CAMPAIGN_MANAGER,), full_name="牵头科室")
		cls.unit = make_unit(
			head=cls.head,
			deputy=cls.deputy,
			supervising_leader=cls.leader,
			members=[cls.staff, cls.staff2, cls.deputy],
		).name
		cls.unit_b = make_unit(
			head=cls.head_b, supervising_leader=cls.other_leader, members=[cls.staff_b]
		).name

	def setUp(self):
		ensure_outgoing_email_account()
		# one plan per owner per campaign: each test runs its own campaign
		frappe.set_user("Administrator")
		self.campaign = make_screening_campaign([self.unit, self.unit_b]).name

	def tearDown(self):
		frappe.set_user("Administrator")

	def act(self, user, plan, action, reason=None):
		frappe.set_user(user)
		doc = frappe.get_doc(PLAN, plan).as_dict()
		if reason:
			doc["return_reason"] = reason
		apply_workflow(doc, action)
		frappe.set_user("Administrator")
		return frappe.get_doc(PLAN, plan)

	def file_plan(self, user, rows=None, **kw):
		frappe.set_user(user)
		plan = make_plan(self.campaign, kw.pop("unit", self.unit), rows=rows, **kw)
		frappe.set_user("Administrator")
		return plan

	def open_todos(self, plan):
		return set(
			frappe.get_all(
				"ToDo",
				filters={"reference_type": PLAN, "reference_name": plan, "status": "Open"},
				pluck="allocated_to",
			)
		)

	def items(self, plan):
		return frappe.get_all(
			ITEM,
			filters={"plan": plan},
			fields=["name", "serial_no", "status", "problem"],
			order_by="serial_no",
		)


class TestSignOffPaths(PlanTestCase):
	def test_staff_plan_is_signed_by_the_section_head(self):
		plan = self.file_plan(self.staff, rows=[plan_row(), plan_row(problem="上班时间玩手机")])
		self.assertEqual(plan.workflow_state, "Draft")
		self.assertEqual(plan.approver, self.head)
		self.assertEqual(plan.deputy_approver, self.deputy)
		self.assertFalse(self.open_todos(plan.name), "a draft waits for nobody but its owner")

		plan = self.act(self.staff, plan.name, "Submit for Signature")
		self.assertEqual(plan.workflow_state, "Awaiting Signature")
		self.assertEqual(self.open_todos(plan.name), {self.head, self.deputy})
		mail = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": PLAN, "reference_name": plan.name},
			fields=["name", "message"],
		)
		recipients = set(
			frappe.get_all(
				"Email Queue Recipient", filters={"parent": ("in", [m.name for m in mail])}, pluck="recipient"
			)
		)
		self.assertEqual(
			recipients, {self.head, self.deputy}, "the signers are mailed (standard Notification)"
		)

		plan = self.act(self.head, plan.name, "Sign")
		self.assertEqual((plan.workflow_state, plan.docstatus), ("Signed", 1))
		self.assertEqual((plan.signed_by, str(plan.signed_on)), (self.head, today()))
		self.assertFalse(self.open_todos(plan.name))
		items = self.items(plan.name)
		self.assertEqual([i.serial_no for i in items], [1, 2])
		self.assertEqual([r.problem_item for r in plan.rows], [i.name for i in items])
		item = frappe.get_doc(ITEM, items[0].name)
		self.assertEqual(
			(item.unit, item.level, item.responsible_person), (self.unit, "Personal", self.staff)
		)
		self.assertEqual(item.responsible_leader, self.head)

	def test_section_head_plan_and_unit_plan_are_signed_by_the_supervising_leader(self):
		head_plan = self.file_plan(self.head)
		self.assertEqual((head_plan.approver, head_plan.deputy_approver), (self.leader, None))
		unit_plan = self.file_plan(
			self.head, plan_type="Unit", rows=[plan_row(responsible_person=self.staff2)]
		)
		self.assertEqual(unit_plan.approver, self.leader)
		for plan in (head_plan, unit_plan):
			self.act(self.head, plan.name, "Submit for Signature")
			self.assertEqual(self.open_todos(plan.name), {self.leader})
			with self.assertRaises(frappe.PermissionError):
				self.act(self.head, plan.name, "Sign")  # his own plan
			with self.assertRaises(frappe.PermissionError):
				self.act(self.deputy, plan.name, "Sign")  # the deputy stands in for the head only
			signed = self.act(self.leader, plan.name, "Sign")
			self.assertEqual((signed.docstatus, signed.signed_by), (1, self.leader))
		# one unit, one gapless sequence across the unit's plans
		serials = [i.serial_no for p in (head_plan, unit_plan) for i in self.items(p.name)]
		self.assertEqual(sorted(serials), list(range(min(serials), min(serials) + len(serials))))
		self.assertEqual(frappe.db.get_value(ITEM, {"plan": unit_plan.name}, "level"), "Unit")

	def test_sign_off_goes_on_when_mail_cannot_be_queued(self):
		# e.g. a fresh site whose default Email Account has no address: queuing raises, signing must not
		plan = self.file_plan(self.staff)
		with patch("frappe.sendmail", side_effect=frappe.OutgoingEmailError("no outgoing account")):
			plan = self.act(self.staff, plan.name, "Submit for Signature")
		self.assertEqual(plan.workflow_state, "Awaiting Signature")
		self.assertEqual(self.open_todos(plan.name), {self.head, self.deputy})
		# Frappe's Notification logs the failure for the administrator and lets the action through
		self.assertTrue(
			frappe.db.exists(
				"Error Log",
				{"reference_doctype": "Notification", "reference_name": "ZGZ Plan Awaits Signature"},
			)
		)

	def test_the_deputy_signatory_may_sign_a_staff_plan(self):
		plan = self.file_plan(self.staff2)
		self.act(self.staff2, plan.name, "Submit for Signature")
		signed = self.act(self.deputy, plan.name, "Sign")
		self.assertEqual((signed.docstatus, signed.signed_by), (1, self.deputy))

	def test_the_wrong_people_are_refused_with_the_right_name(self):
		plan = self.file_plan(self.staff)
		self.act(self.staff, plan.name, "Submit for Signature")
		for user in (self.staff, self.staff2, self.other_leader, self.leader):
			with self.assertRaises(frappe.PermissionError) as refused:
				self.act(user, plan.name, "Sign")
			if user in (self.other_leader, self.leader):  # they can read it: told who signs it
				self.assertIn("李科长", str(refused.exception))
		with self.assertRaises(frappe.PermissionError):
			self.act(self.head_b, plan.name, "Sign")  # another unit's head cannot even read it
		self.assertEqual(frappe.db.get_value(PLAN, plan.name, "docstatus"), 0)

	def test_return_needs_a_reason_kept_on_record_and_resubmission_goes_back_to_the_signer(self):
		plan = self.file_plan(self.staff)
		self.act(self.staff, plan.name, "Submit for Signature")
		with self.assertRaises(frappe.ValidationError) as no_reason:
			self.act(self.head, plan.name, "Return")
		self.assertIn("Return", str(no_reason.exception))
		plan = self.act(self.head, plan.name, "Return", reason="整改措施不具体，请细化到周")
		self.assertEqual(
			(plan.workflow_state, plan.return_reason), ("Returned", "整改措施不具体，请细化到周")
		)
		self.assertEqual(self.open_todos(plan.name), {self.staff})

		frappe.set_user(self.staff)
		plan.rows[0].measures = "每周一梳理诉求台账，限三个工作日办结"
		plan.save()
		plan = self.act(self.staff, plan.name, "Resubmit")
		self.assertEqual(plan.workflow_state, "Awaiting Signature")
		self.assertFalse(plan.return_reason, "a resubmitted plan no longer shows the old reason")
		comments = frappe.get_all(
			"Comment", filters={"reference_name": plan.name, "comment_type": "Comment"}, pluck="content"
		)
		self.assertTrue(any("整改措施不具体" in c for c in comments), "the reason stays on the timeline")
		self.assertEqual(self.act(self.head, plan.name, "Sign").docstatus, 1)

	def test_a_signed_plan_is_locked_and_changes_go_through_amend(self):
		plan = self.file_plan(self.staff, rows=[plan_row(problem="甲"), plan_row(problem="乙")])
		self.act(self.staff, plan.name, "Submit for Signature")
		plan = self.act(self.head, plan.name, "Sign")
		first, second = self.items(plan.name)
		frappe.set_user(self.staff)
		plan.rows[0].measures = "悄悄改掉"
		with self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
			plan.save()  # a signed plan does not change
		frappe.set_user("Administrator")

		plan = self.act(self.manager, plan.name, "Cancel")
		self.assertEqual(plan.docstatus, 2)
		frappe.set_user(self.staff)
		amended = frappe.copy_doc(plan, ignore_no_copy=False)  # as the desk's Amend does
		amended.amended_from, amended.docstatus = plan.name, 0
		amended.rows[0].measures = "改进后的措施"
		amended.remove(amended.rows[1])
		amended.append("rows", plan_row(problem="丙"))
		amended.insert()
		frappe.set_user("Administrator")
		self.act(self.staff, amended.name, "Submit for Signature")
		self.act(self.head, amended.name, "Sign")

		kept = frappe.get_doc(ITEM, first.name)
		self.assertEqual((kept.serial_no, kept.measures, kept.plan), (1, "改进后的措施", amended.name))
		self.assertEqual(frappe.db.get_value(ITEM, second.name, ["status", "serial_no"]), ("Withdrawn", 2))
		new = frappe.get_all(ITEM, filters={"plan": amended.name, "problem": "丙"}, pluck="serial_no")
		self.assertEqual(new, [3], "a new row takes the next number; withdrawn numbers are never reused")
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc(ITEM, kept.name)


class TestPlanRules(PlanTestCase):
	def assert_refused(self, user, *fragments, **kw):
		with self.assertRaises(frappe.ValidationError) as refused:
			self.file_plan(user, **kw)
		for fragment in fragments:
			self.assertIn(fragment, str(refused.exception))

	def test_bad_rows_are_refused_naming_row_and_field(self):
		self.assert_refused(self.staff, "Row 1", "Deadline", rows=[plan_row(deadline=add_days(today(), -1))])
		self.assert_refused(
			self.staff, "after the campaign", rows=[plan_row(deadline=add_days(today(), 400))]
		)
		self.assert_refused(
			self.staff, "Row 1", "Category", "思维中梗阻", rows=[plan_row(category="不存在的类别")]
		)
		self.assert_refused(
			self.staff,
			"Row 2",
			"Responsible Person",
			rows=[plan_row(), plan_row(responsible_person=self.staff_b)],
		)
		self.assert_refused(self.staff, "Problem Found", rows=[plan_row(problem="  ")])

	def test_one_plan_per_owner_and_only_ones_own(self):
		self.file_plan(self.staff2, unit=self.unit)
		with self.assertRaises(frappe.UniqueValidationError):
			self.file_plan(self.staff2)
		self.assert_refused(self.staff, "Filled In By", plan_owner=self.staff2)
		self.assert_refused(self.staff, "Plan Level", plan_type="Unit")
		with self.assertRaises(frappe.PermissionError):
			self.file_plan(self.staff, unit=self.unit_b)  # not his unit: User Permissions refuse it

	def test_no_new_plan_after_screening_unless_extended(self):
		with self.freeze_time(add_days(today(), 20)):
			self.assert_refused(self.staff_b, "screening", "Screening Extensions", unit=self.unit_b)
			campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
			campaign.append(
				"screening_extensions", {"unit": self.unit_b, "extended_to": add_days(today(), 30)}
			)
			campaign.save(ignore_permissions=True)
			frappe.clear_document_cache("ZGZ Campaign", self.campaign)
			plan = self.file_plan(self.staff_b, unit=self.unit_b)
			self.assertEqual(plan.approver, self.head_b)


class TestIsolation(PlanTestCase):
	def test_rest_api_shows_each_person_only_what_is_theirs(self):
		mine = self.file_plan(self.staff)
		colleague = self.file_plan(self.staff2)
		other_unit = self.file_plan(self.staff_b, unit=self.unit_b)
		for plan, signer in ((mine, self.head), (other_unit, self.head_b)):
			self.act(plan.plan_owner, plan.name, "Submit for Signature")
			self.act(signer, plan.name, "Sign")

		frappe.set_user(self.staff)
		plans = {p.name for p in frappe.client.get_list(PLAN, limit_page_length=0)}
		self.assertIn(mine.name, plans)
		self.assertNotIn(colleague.name, plans, "staff see only their own plans")
		self.assertNotIn(other_unit.name, plans)
		items = frappe.client.get_list(ITEM, fields=["unit"], limit_page_length=0)
		self.assertTrue(items)
		self.assertEqual({i["unit"] for i in items}, {self.unit}, "staff see their unit's items only")
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get(PLAN, other_unit.name)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get(ITEM, frappe.db.get_value(ITEM, {"plan": other_unit.name}))

		frappe.set_user(self.head)
		plans = {p.name for p in frappe.client.get_list(PLAN, limit_page_length=0)}
		self.assertTrue({mine.name, colleague.name} <= plans, "the section head sees his unit's plans")
		self.assertNotIn(other_unit.name, plans)

		frappe.set_user(self.manager)
		plans = {p.name for p in frappe.client.get_list(PLAN, limit_page_length=0)}
		self.assertTrue(
			{mine.name, colleague.name, other_unit.name} <= plans, "the campaign manager sees all"
		)


class TestWorkflowEditedByAdministrator(PlanTestCase):
	"""The workflow is configuration: edits made in the Workflow form take effect with no code change."""

	def tearDown(self):
		from zgz_app.install import install_workflows

		frappe.set_user("Administrator")
		install_workflows(reset=True)
		frappe.clear_cache(doctype=PLAN)

	def edit_workflow(self, change):
		frappe.set_user("Administrator")
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		change(workflow)
		workflow.save()
		frappe.clear_cache(doctype=PLAN)

	def test_an_added_review_state_routes_to_its_role_before_items_are_made(self):
		for doctype, name in (("Workflow State", "Lead Unit Review"), ("Workflow Action Master", "Confirm")):
			if not frappe.db.exists(doctype, name):
				key = "workflow_state_name" if doctype == "Workflow State" else "workflow_action_name"
				frappe.get_doc({"doctype": doctype, key: name}).insert()

		def add_review(workflow):
			workflow.append(
				"states", {"state": "Lead Unit Review", "doc_status": "0", "allow_edit": CAMPAIGN_MANAGER}
			)
			for t in workflow.transitions:
				if t.action == "Sign":
					t.next_state = "Lead Unit Review"
			workflow.append(
				"transitions",
				{
					"state": "Lead Unit Review",
					"action": "Confirm",
					"next_state": "Signed",
					"allowed": CAMPAIGN_MANAGER,
					"allow_self_approval": 1,
				},
			)

		self.edit_workflow(add_review)
		plan = self.file_plan(self.staff)
		self.act(self.staff, plan.name, "Submit for Signature")
		plan = self.act(self.head, plan.name, "Sign")
		self.assertEqual((plan.workflow_state, plan.docstatus), ("Lead Unit Review", 0))
		self.assertEqual(plan.signed_by, self.head, "the signature is the approver's")
		self.assertFalse(self.items(plan.name))
		self.assertIn(self.manager, self.open_todos(plan.name))
		self.assertNotIn(self.head, self.open_todos(plan.name))
		plan = self.act(self.manager, plan.name, "Confirm")
		self.assertEqual((plan.workflow_state, plan.docstatus), ("Signed", 1))
		self.assertEqual(len(self.items(plan.name)), 1)

	def test_a_changed_condition_takes_effect(self):
		def head_only(workflow):
			for t in workflow.transitions:
				if t.action == "Sign":
					t.condition = "frappe.session.user == doc.approver"

		plan = self.file_plan(self.staff)
		self.act(self.staff, plan.name, "Submit for Signature")
		self.edit_workflow(head_only)
		with self.assertRaises(frappe.PermissionError):
			self.act(self.deputy, plan.name, "Sign")
		self.assertEqual(self.act(self.head, plan.name, "Sign").docstatus, 1)
