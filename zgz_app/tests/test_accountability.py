"""问责: the three kinds through the Workflow "ZGZ Accountability" with 陈述申辩 (a decision before the
statement period runs out is refused; silence is recorded), by the right people only; the basis in the
person's own unit; who sees a case (the leading group, the lead office, the person; his unit's head
only that one exists); the 问责决定书 as PDF."""

import io

from freezegun import freeze_time
from pypdf import PdfReader

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.core.pdftext import compact, radicals
from zgz_app.roles import CAMPAIGN_MANAGER, INSPECTOR, LEADER, SECTION_HEAD
from zgz_app.supervision.summary import run
from zgz_app.tests.factories import act, make_item, make_screening_campaign, make_unit, make_user
from zgz_app.tests.supervision_factories import INSPECTION, make_finding, make_inspection

ACC = "ZGZ Accountability"


class AccountabilityTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.inspector = make_user("ac_insp", roles=(INSPECTOR,), full_name="督查组长")
		cls.group_leader = make_user("ac_group", roles=(LEADER,), full_name="周立群")
		cls.other_leader = make_user("ac_leader", roles=(LEADER,), full_name="吴分管")
		cls.manager = make_user("ac_cm", roles=(CAMPAIGN_MANAGER,), full_name="李明华")
		cls.head_a = make_user("ac_head_a", roles=(SECTION_HEAD,), full_name="王科长")
		cls.staff_a = make_user("ac_staff_a", full_name="张伟")
		cls.staff_b = make_user("ac_staff_b", full_name="赵敏")
		cls.unit_a = make_unit("问责测试甲科", head=cls.head_a, members=[cls.staff_a]).name
		cls.unit_b = make_unit("问责测试乙科", members=[cls.staff_b]).name

	def setUp(self):
		frappe.set_user("Administrator")
		campaign = make_screening_campaign([self.unit_a, self.unit_b])
		campaign.leading_group[0].user = self.group_leader  # the 组长
		campaign.save(ignore_permissions=True)
		self.campaign = campaign.name
		frappe.set_user(self.inspector)
		inspection = make_inspection(self.campaign, [self.unit_a, self.unit_b], self.inspector)
		self.finding_a = make_finding(inspection.name, self.unit_a, person=self.staff_a).name
		self.finding_b = make_finding(inspection.name, self.unit_b).name
		inspection.reload()
		inspection.submit()
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def propose(self, **kw):
		values = {
			"doctype": ACC,
			"campaign": self.campaign,
			"target": "Individual",
			"unit": self.unit_a,
			"person": self.staff_a,
			"kind": "Rule Violation",
			"measure": "批评教育",
			"basis_type": "Inspection Finding",
			"finding": self.finding_a,
			"facts": "2026年督查发现，该同志上班时间玩手机，群众等候二十分钟无人接待",
			"rule_broken": "《机关工作人员作风建设若干规定》第三条",
			**kw,
		}
		frappe.set_user(self.manager)
		try:
			return frappe.get_doc(values).insert()
		finally:
			frappe.set_user("Administrator")

	def state(self, name):
		return frappe.db.get_value(ACC, name, "workflow_state")

	# -----------------------------------------------------------------------------------------------

	def test_rule_violation_with_a_statement_through_every_step(self):
		case = self.propose().name
		self.assertEqual(self.state(case), "Proposed")
		act(self.manager, ACC, case, "Notify for Statement")
		doc = frappe.get_doc(ACC, case)
		self.assertEqual(getdate(doc.statement_due), getdate(add_days(today(), 5)))
		# the 组长 may not decide while the person may still state his case
		with self.assertRaises(frappe.ValidationError) as caught:
			act(self.group_leader, ACC, case, "Decide", decision="经研究")
		self.assertIn("张伟", str(caught.exception))
		self.assertEqual(self.state(case), "Stating Case")
		# nor may anyone else decide, nor write his statement for him
		with self.assertRaises(frappe.PermissionError):
			act(self.other_leader, ACC, case, "Decide")
		with self.assertRaises(frappe.PermissionError):
			act(self.manager, ACC, case, "Decide")
		with self.assertRaises(frappe.PermissionError):
			frappe.set_user(self.manager)
			frappe.get_doc(ACC, case).update({"statement": "代写"}).save()
		frappe.set_user(self.staff_a)
		frappe.get_doc(ACC, case).update({"statement": "当天身体不适，已向科长请假，未及时交接"}).save()
		frappe.set_user("Administrator")
		self.assertEqual(getdate(frappe.db.get_value(ACC, case, "statement_on")), getdate(today()))
		act(self.group_leader, ACC, case, "Decide", decision="陈述申辩理由不成立，")
		doc = frappe.get_doc(ACC, case)
		self.assertEqual((doc.workflow_state, doc.silence_recorded), ("Decided", 0))
		with self.assertRaises(frappe.PermissionError):  # served on him, not on someone else
			act(self.staff_b, ACC, case, "Acknowledge Receipt")
		act(self.staff_a, ACC, case, "Acknowledge Receipt")
		doc = frappe.get_doc(ACC, case)
		self.assertEqual((doc.workflow_state, doc.acknowledged), ("Served", 1))
		with self.assertRaises(frappe.ValidationError):
			act(self.manager, ACC, case, "Mark Carried Out")
		act(self.manager, ACC, case, "Mark Carried Out", execution_note="已由分管领导进行批评教育并记录在案")
		self.assertEqual(self.state(case), "Carried Out")

		data = frappe.get_print(ACC, case, print_format="问责决定书", as_pdf=True)
		pages = PdfReader(io.BytesIO(data)).pages
		text = "".join(p.extract_text() for p in pages)
		self.assertFalse(radicals(text))
		text = compact(text)
		for expected in ("问责决定书", "张伟", "违规问责", "批评教育", "陈述申辩", "身体不适", "送达回证"):
			self.assertIn(compact(expected), text)
		self.assertEqual(len(pages), 1)

	def test_lax_supervision_of_a_unit_on_a_red_item_with_silence_recorded(self):
		item = make_item(self.campaign, self.unit_a, deadline=add_days(today(), -40))
		item.db_set("colour", "Red")
		case = self.propose(
			target="Unit",
			person=None,
			kind="Lax Supervision",
			measure="通报批评",
			basis_type="Overdue Problem Item",
			finding=None,
			problem_item=item.name,
		).name
		self.assertEqual(frappe.db.get_value(ACC, case, "person"), self.head_a)  # the unit's head answers
		act(self.manager, ACC, case, "Notify for Statement")
		with freeze_time(add_days(today(), 6)):
			act(self.group_leader, ACC, case, "Decide", decision="逾期未陈述申辩，")
			self.assertEqual(frappe.db.get_value(ACC, case, "silence_recorded"), 1)
			act(self.manager, ACC, case, "Record Service")  # he would not sign: the office records it
		doc = frappe.get_doc(ACC, case)
		self.assertEqual((doc.workflow_state, doc.acknowledged), ("Served", 0))

	def test_poor_evaluation_on_an_evaluation_result(self):
		case = self.propose(
			kind="Poor Evaluation",
			measure="提醒谈话",
			basis_type="Evaluation Result",
			finding=None,
			evaluation_note="年中监督检查排名末位",
		).name
		act(self.manager, ACC, case, "Notify for Statement")
		frappe.set_user(self.staff_a)
		frappe.get_doc(ACC, case).update({"statement": "无异议"}).save()
		act(self.group_leader, ACC, case, "Decide", decision="同意")
		act(self.staff_a, ACC, case, "Acknowledge Receipt")
		act(self.manager, ACC, case, "Mark Carried Out", execution_note="已谈话")
		self.assertEqual(self.state(case), "Carried Out")

	def test_the_basis_must_be_the_persons_own_units_and_the_measure_on_the_list(self):
		with self.assertRaises(frappe.ValidationError) as caught:  # a person of another unit
			self.propose(person=self.staff_b)
		self.assertIn("赵敏", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:  # another unit's finding
			self.propose(finding=self.finding_b)
		self.assertIn(self.unit_b, str(caught.exception))
		item_b = make_item(self.campaign, self.unit_b, deadline=add_days(today(), -40))
		item_b.db_set("colour", "Red")
		with self.assertRaises(frappe.ValidationError) as caught:  # another unit's item
			self.propose(basis_type="Overdue Problem Item", finding=None, problem_item=item_b.name)
		self.assertIn(item_b.name, str(caught.exception))
		item_a = make_item(self.campaign, self.unit_a)  # not overdue
		with self.assertRaises(frappe.ValidationError):
			self.propose(basis_type="Overdue Problem Item", finding=None, problem_item=item_a.name)
		with self.assertRaises(frappe.ValidationError):
			self.propose(measure="罚款")

	def test_only_the_group_the_office_and_the_person_see_it_and_the_head_that_it_exists(self):
		case = self.propose().name
		for user in (self.manager, self.group_leader, self.staff_a):
			frappe.set_user(user)
			self.assertIn(case, frappe.get_list(ACC, pluck="name"), user)
			self.assertTrue(frappe.has_permission(ACC, "read", case), user)
		for user in (self.head_a, self.staff_b, self.other_leader, self.inspector):
			frappe.set_user(user)
			self.assertNotIn(case, frappe.get_list(ACC, pluck="name"), user)
			self.assertFalse(frappe.has_permission(ACC, "read", case), user)
		# the head of unit A is told that a case exists, without its measure or person
		frappe.set_user(self.head_a)
		columns, rows = run({"campaign": self.campaign, "view": "Accountability"})
		self.assertEqual([(r["unit"], r["cases"]) for r in rows], [(self.unit_a, 1)])
		self.assertNotIn("measure", {c["fieldname"] for c in columns})
		frappe.set_user(self.staff_b)
		self.assertEqual(run({"campaign": self.campaign, "view": "Accountability"})[1], [])
		frappe.set_user(self.manager)
		columns, rows = run({"campaign": self.campaign, "view": "Accountability"})
		self.assertEqual([(r["measure"], r["cases"]) for r in rows], [("批评教育", 1)])
