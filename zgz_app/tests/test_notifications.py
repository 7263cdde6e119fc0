"""The standard Notifications shipped in the module folder: a phase starts, a deadline approaches.
(A plan awaiting signature, a close-out awaiting verification and an extension decided are checked
where those steps are: test_plan_signoff, test_tracking.)"""

from freezegun import freeze_time

import frappe
from frappe.email.doctype.notification.notification import evaluate_alert
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days
from zgz_app.campaign.status import refresh_campaign_status
from zgz_app.roles import LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import ensure_outgoing_email_account, make_campaign, make_unit, make_user

CAMPAIGN = "ZGZ Campaign"


class TestStandardNotifications(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.group_leader = make_user("nt_group", roles=(LEADER,), full_name="周组长")
		cls.head = make_user("nt_head", roles=(SECTION_HEAD,), full_name="李科长")
		cls.staff = make_user("nt_staff", roles=(STAFF,), full_name="王科员")
		cls.unit = make_unit(head=cls.head, members=[cls.staff]).name

	def setUp(self):
		ensure_outgoing_email_account()
		self.campaign = make_campaign(
			units=[{"unit": self.unit}],
			leading_group=[
				{"group_role": "Leader", "user": self.group_leader, "member_name": "周组长", "post": "局长"}
			],
		)

	def mails(self, subject_part: str) -> set[str]:
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": CAMPAIGN, "reference_name": self.campaign.name},
			fields=["name", "message"],
		)
		names = [q.name for q in queue if subject_part in _subject(q.message)]
		return set(
			frappe.get_all(
				"Email Queue Recipient", filters={"parent": ("in", names or [""])}, pluck="recipient"
			)
		)

	def test_a_phase_start_is_announced_once(self):
		# the seed-000 phases: 全面推进 starts on 2018-09-01
		refresh_campaign_status(frappe.utils.getdate("2018-08-31"))
		refresh_campaign_status(frappe.utils.getdate("2018-09-01"))
		told = self.mails("全面推进")
		self.assertIn(self.group_leader, told, "the leading group")
		self.assertIn(self.head, told, "the section heads")
		refresh_campaign_status(frappe.utils.getdate("2018-09-02"))  # same phase: no second mail
		queued = frappe.db.count(
			"Email Queue", {"reference_doctype": CAMPAIGN, "reference_name": self.campaign.name}
		)
		self.assertEqual(queued, 2, "one for 宣传发动 entered on the 31st, one for 全面推进")

	def test_the_problem_list_deadline_is_announced_two_days_before(self):
		alert = frappe.get_doc("Notification", "ZGZ Problem List Due")
		due = self.campaign.problem_list_due
		with freeze_time(add_days(due, -3)):
			self.assertNotIn(self.campaign.name, [d.name for d in alert.get_documents_for_today()])
		with freeze_time(add_days(due, -2)):
			refresh_campaign_status(frappe.utils.getdate(add_days(due, -2)))  # the daily job: in progress
			docs = [d for d in alert.get_documents_for_today() if d.name == self.campaign.name]
			self.assertEqual(len(docs), 1)
			evaluate_alert(docs[0], alert, alert.event)
		self.assertLessEqual({self.staff, self.head}, self.mails("2018-08-24"))


def _subject(raw: str) -> str:
	from email import message_from_string
	from email.header import decode_header, make_header

	return str(make_header(decode_header(message_from_string(raw)["Subject"])))
