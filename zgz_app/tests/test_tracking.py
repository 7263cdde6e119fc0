"""Tracking to close-out (销号制): progress, close-out verified by someone other than the asker, the
look-back check (回头看), and extension requests through their Workflow — by the right people only,
nothing deleted, everything on the item's timeline."""

from freezegun import freeze_time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from zgz_app.roles import CAMPAIGN_MANAGER, INSPECTOR, LEADER, SECTION_HEAD
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
EXTENSION = "ZGZ Extension Request"
EVIDENCE = {
	"closeout_note": "已建立首问负责制台账，群众回访满意",
	"closeout_evidence": "/files/zgz-test-evidence.pdf",
}


class TrackingTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.person = make_user("tr_person", full_name="张责任")
		cls.other = make_user("tr_other", full_name="钱同事")
		cls.head = make_user("tr_head", roles=(SECTION_HEAD,), full_name="李科长")
		cls.leader = make_user("tr_leader", roles=(LEADER,), full_name="吴分管")
		cls.inspector = make_user("tr_inspector", roles=(INSPECTOR,), full_name="督查员")
		cls.manager = make_user("tr_cm", roles=(CAMPAIGN_MANAGER,), full_name="牵头科室")
		cls.unit = make_unit(
			head=cls.head, supervising_leader=cls.leader, members=[cls.person, cls.other]
		).name
		cls.previous_settings = set_zgz_settings(review_after_days=30)

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		set_zgz_settings(**cls.previous_settings)
		super().tearDownClass()

	def setUp(self):
		ensure_outgoing_email_account()
		frappe.set_user("Administrator")
		self.campaign = make_screening_campaign([self.unit]).name

	def tearDown(self):
		frappe.set_user("Administrator")

	def item(self, **kw):
		kw.setdefault("responsible_person", self.person)
		kw.setdefault("responsible_leader", self.head)
		return make_item(self.campaign, self.unit, **kw)

	def comments(self, doctype, name):
		return frappe.get_all(
			"Comment",
			filters={"reference_doctype": doctype, "reference_name": name},
			pluck="content",
		)

	def mails(self, doctype, name):
		"""(recipient, subject) of the mails queued about a document."""
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": doctype, "reference_name": name},
			fields=["name", "message"],
		)
		out = set()
		for q in queue:
			for r in frappe.get_all("Email Queue Recipient", filters={"parent": q.name}, pluck="recipient"):
				out.add(r)
		return out


class TestProgress(TrackingTestCase):
	def report(self, item, percent, user=None, **kw):
		frappe.set_user(user or self.person)
		try:
			return frappe.get_doc(
				{
					"doctype": "ZGZ Progress Update",
					"problem_item": item,
					"percent": percent,
					"note": "已整改",
					**kw,
				}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def test_progress_shows_on_the_item_and_its_timeline(self):
		item = self.item()
		self.report(item.name, 40, note="完成制度起草")
		item.reload()
		self.assertEqual((item.progress_percent, str(item.last_progress_on)), (40, today()))
		self.assertTrue(any("40%" in c and "完成制度起草" in c for c in self.comments(ITEM, item.name)))

	def test_percent_outside_0_to_100_is_refused_naming_the_field(self):
		item = self.item()
		for bad in (101, -1):
			with self.assertRaises(frappe.ValidationError) as refused:
				self.report(item.name, bad)
			self.assertIn("Progress", str(refused.exception))
			self.assertIn("0 to 100", str(refused.exception))
		self.assertFalse(frappe.db.exists("ZGZ Progress Update", {"problem_item": item.name}))

	def test_only_the_responsible_people_report_and_nobody_deletes(self):
		item = self.item()
		with self.assertRaises(frappe.PermissionError):
			self.report(item.name, 10, user=self.other)
		update = self.report(item.name, 10)
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("ZGZ Progress Update", update.name, ignore_permissions=True)


class TestCloseOut(TrackingTestCase):
	def request(self, item, user=None, **changes):
		return act(user or self.person, ITEM, item, "Request Close-out", **changes)

	def test_close_out_needs_a_statement_and_evidence(self):
		item = self.item()
		with self.assertRaises(frappe.ValidationError) as refused:
			self.request(item.name)
		self.assertIn("Close-out Statement", str(refused.exception))
		with self.assertRaises(frappe.ValidationError) as refused:
			self.request(item.name, closeout_note="已整改")
		self.assertIn("Evidence", str(refused.exception))
		self.assertEqual(frappe.db.get_value(ITEM, item.name, "status"), "Rectifying")
		item = self.request(item.name, **EVIDENCE)
		self.assertEqual((item.status, item.closeout_requested_by), ("Awaiting Verification", self.person))

	def test_verified_by_an_inspector_then_locked_with_who_and_when(self):
		item = self.request(self.item().name, **EVIDENCE)
		self.assertIn(self.inspector, self.mails(ITEM, item.name), "the inspectors are told it waits")
		for wrong in (self.person, self.other):
			with self.assertRaises(frappe.PermissionError):
				act(wrong, ITEM, item.name, "Verify")
		item = act(self.inspector, ITEM, item.name, "Verify")
		self.assertEqual(item.status, "Closed Out")
		self.assertEqual((item.verified_by, str(item.closed_on)), (self.inspector, today()))
		self.assertEqual(str(item.review_due), add_days(today(), 30))
		# locked: neither the responsible person nor the campaign manager changes it now
		for user, field, value in (
			(self.person, "closeout_note", "改一下"),
			(self.manager, "problem", "改问题"),
		):
			frappe.set_user(user)
			doc = frappe.get_doc(ITEM, item.name)
			doc.set(field, value)
			with self.assertRaises(frappe.ValidationError) as refused:
				doc.save()
			self.assertIn("locked", str(refused.exception))
			frappe.set_user("Administrator")

	def test_the_asker_never_verifies_his_own_request(self):
		# the responsible leader may verify, but not a close-out he asked for himself
		item = self.request(self.item().name, user=self.head, **EVIDENCE)
		with self.assertRaises(frappe.PermissionError) as refused:
			act(self.head, ITEM, item.name, "Verify")
		self.assertIn("someone else must verify", str(refused.exception))
		other = self.request(self.item().name, **EVIDENCE)
		verified = act(self.head, ITEM, other.name, "Verify")
		self.assertEqual((verified.status, verified.verified_by), ("Closed Out", self.head))

	def test_sent_back_with_a_reason_that_stays_on_the_timeline(self):
		item = self.request(self.item().name, **EVIDENCE)
		with self.assertRaises(frappe.ValidationError):
			act(self.inspector, ITEM, item.name, "Return")
		item = act(self.inspector, ITEM, item.name, "Return", reason="佐证材料不足，缺少群众回访记录")
		self.assertEqual((item.status, item.closeout_requested_by), ("Rectifying", None))
		self.assertTrue(any("缺少群众回访记录" in c for c in self.comments(ITEM, item.name)))
		self.assertIn(self.person, self.mails(ITEM, item.name), "the responsible person is told")
		again = self.request(item.name, closeout_note="补充回访记录")
		self.assertEqual(again.status, "Awaiting Verification")
		self.assertFalse(again.return_reason, "a new request clears the last reason (kept on the timeline)")

	def test_look_back_check_may_reopen_after_the_configured_days(self):
		item = self.request(self.item().name, **EVIDENCE)
		item = act(self.inspector, ITEM, item.name, "Verify")
		with self.assertRaises(frappe.PermissionError) as refused:
			act(self.inspector, ITEM, item.name, "Reopen", reason="问题反弹")
		self.assertIn("look-back", str(refused.exception))
		with freeze_time(add_days(today(), 30)):
			with self.assertRaises(frappe.PermissionError):
				act(self.person, ITEM, item.name, "Reopen", reason="问题反弹")
			reopened = act(self.inspector, ITEM, item.name, "Reopen", reason="回头看发现问题反弹")
		self.assertEqual((reopened.status, reopened.reopen_count), ("Rectifying", 1))
		self.assertEqual((reopened.verified_by, reopened.closed_on), (None, None))
		self.assertTrue(frappe.db.exists(ITEM, item.name), "nothing is deleted")

	def test_staff_change_only_the_close_out_fields(self):
		item = self.item()
		frappe.set_user(self.person)
		doc = frappe.get_doc(ITEM, item.name)
		doc.deadline = add_days(doc.deadline, 30)
		with self.assertRaises(frappe.PermissionError) as refused:
			doc.save()
		self.assertIn("Deadline", str(refused.exception))
		self.assertIn("extension", str(refused.exception))
		doc.reload()
		doc.closeout_note = "整改中"
		doc.save()
		frappe.set_user(self.other)  # same unit, but not responsible for it
		doc = frappe.get_doc(ITEM, item.name)
		doc.closeout_note = "别人改"
		with self.assertRaises(frappe.PermissionError):
			doc.save()


class TestExtensions(TrackingTestCase):
	def ask(self, item, new_deadline, user=None, reason="涉及多部门协调，需延期"):
		frappe.set_user(user or self.person)
		try:
			return frappe.get_doc(
				{"doctype": EXTENSION, "problem_item": item, "new_deadline": new_deadline, "reason": reason}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def test_approved_by_the_responsible_leader_moves_the_deadline(self):
		item = self.item(deadline=add_days(today(), 5))
		request = self.ask(item.name, add_days(today(), 20))
		self.assertEqual(
			(request.workflow_state, request.approver, str(request.current_deadline)),
			("Awaiting Approval", self.head, add_days(today(), 5)),
		)
		self.assertIn(self.head, self.mails(EXTENSION, request.name), "the approver is told")
		for wrong in (self.person, self.other, self.leader):
			with self.assertRaises(frappe.PermissionError):
				act(wrong, EXTENSION, request.name, "Approve")
		request = act(self.head, EXTENSION, request.name, "Approve")
		self.assertEqual((request.docstatus, request.decided_by), (1, self.head))
		item.reload()
		self.assertEqual((str(item.deadline), item.extension_count), (add_days(today(), 20), 1))
		self.assertEqual(str(item.original_deadline), add_days(today(), 5))
		self.assertTrue(any(request.name in c for c in self.comments(ITEM, item.name)))
		self.assertIn(self.person, self.mails(EXTENSION, request.name), "the requester hears the decision")

	def test_rejection_needs_a_reason_and_keeps_the_deadline(self):
		item = self.item(deadline=add_days(today(), 5))
		request = self.ask(item.name, add_days(today(), 20))
		with self.assertRaises(frappe.ValidationError):
			act(self.head, EXTENSION, request.name, "Reject")
		request = act(self.head, EXTENSION, request.name, "Reject", reason="可在原时限内完成")
		self.assertEqual((request.workflow_state, request.docstatus), ("Rejected", 0))
		self.assertEqual(str(frappe.db.get_value(ITEM, item.name, "deadline")), add_days(today(), 5))

	def test_bad_requests_are_refused_naming_the_field(self):
		item = self.item(deadline=add_days(today(), 5))
		with self.assertRaises(frappe.ValidationError) as refused:
			self.ask(item.name, add_days(today(), 3))
		self.assertIn("New Deadline", str(refused.exception))
		with freeze_time(add_days(today(), 6)):
			with self.assertRaises(frappe.ValidationError) as refused:
				self.ask(item.name, add_days(today(), 30))
		self.assertIn("Current Deadline", str(refused.exception))
		self.assertIn("before the deadline", str(refused.exception))
		self.ask(item.name, add_days(today(), 20))
		with self.assertRaises(frappe.ValidationError) as refused:
			self.ask(item.name, add_days(today(), 25))
		self.assertIn("awaiting approval", str(refused.exception))

	def test_a_leader_asking_for_his_own_item_goes_to_the_supervising_leader(self):
		item = self.item(deadline=add_days(today(), 5))
		request = self.ask(item.name, add_days(today(), 20), user=self.head)
		self.assertEqual(request.approver, self.leader)
		with self.assertRaises(frappe.PermissionError):
			act(self.head, EXTENSION, request.name, "Approve")
		self.assertEqual(act(self.leader, EXTENSION, request.name, "Approve").docstatus, 1)
		self.assertEqual(
			getdate(frappe.db.get_value(ITEM, item.name, "deadline")), getdate(add_days(today(), 20))
		)
