"""Nominations for 十佳优秀服务明星 (附件3) and 优质服务事例 (附件4), seed 000: filled in by the unit, its
opinion signed and sealed by its head, collected by the lead unit (综合科扎口) and submitted up by a
date; each bad input refused naming the field and the fix."""

import frappe
from frappe.utils import add_days, getdate, today
from zgz_app.recognition.nominations import refresh_units_yet_to_nominate
from zgz_app.tests.award_factories import (
	AWARD,
	CASE,
	AwardTestCase,
	attach_seal,
	case_values,
	label,
	queued_mail,
	star_values,
)
from zgz_app.zgz_app.report.zgz_nomination_status import zgz_nomination_status

REFUSED = (frappe.ValidationError, frappe.PermissionError)


class TestNominationWorkflow(AwardTestCase):
	def test_a_star_goes_through_every_step_by_the_right_people(self):
		award = self.nominate(self.staff, star_values(nominee=self.staff))
		self.assertEqual(
			(award.workflow_state, award.approver, award.deputy_approver), ("Draft", self.head, self.deputy)
		)
		self.assertEqual(award.nominee_name, "张伟", "the name comes from the user")
		self.assertEqual(award.title, f"张伟（{self.unit}）")

		award = self.act(self.staff, award.name, "Submit for Opinion")
		self.assertEqual(award.workflow_state, "Awaiting Unit Opinion")
		self.assertEqual(self.open_todos(award.name), {self.head, self.deputy})

		award = self.act(self.head, award.name, "Sign and Seal", opinion="该同志服务意识强，同意推荐。")
		self.assertEqual(award.workflow_state, "Awaiting Collection")
		self.assertEqual((award.signed_by, str(award.opinion_date)), (self.head, today()))
		self.assertTrue(award.seal and award.seal.startswith("/private/files/"), award.seal)
		self.assertEqual(
			(award.approver, award.deputy_approver), (self.lead_head, None), "the lead unit's head is next"
		)
		self.assertLessEqual(
			{self.lead_head, self.lead_clerk}, self.open_todos(award.name), "the lead unit collects"
		)
		self.assertFalse({self.head, self.staff} & self.open_todos(award.name))

		award = self.act(self.lead_clerk, award.name, "Collect")
		self.assertEqual(award.workflow_state, "Collected")
		self.assertEqual(self.open_todos(award.name), {self.lead_head})

		award = self.act(self.lead_head, award.name, "Submit Up")
		self.assertEqual((award.workflow_state, award.docstatus), ("Submitted Up", 1))
		self.assertEqual((award.submitted_by, str(award.submitted_on)), (self.lead_head, today()))
		self.assertFalse(
			self.open_todos(award.name), "nobody is chased nomination by nomination for the selection"
		)

		award = self.act(self.leader, award.name, "Select for Award")
		self.assertEqual((award.workflow_state, award.docstatus), ("Selected", 1))

	def test_a_case_returned_by_the_lead_unit_is_corrected_and_sealed_again(self):
		award = self.nominate(
			self.staff2, case_values(lead_section=self.unit, case_leader=self.head, case_leader_name=None)
		)
		self.assertEqual(award.case_leader_name, "王建国")
		self.act(self.staff2, award.name, "Submit for Opinion")
		award = self.act(self.deputy, award.name, "Sign and Seal", opinion="做法实、成效好，同意推荐。")
		self.assertEqual(award.signed_by, self.deputy, "the deputy signatory signs in the head's place")

		award = self.act(self.lead_clerk, award.name, "Return", reason="请补充量化成效")
		self.assertEqual(award.workflow_state, "Returned")
		self.assertEqual(award.return_reason, "请补充量化成效")
		self.assertEqual(
			(award.seal, award.signed_by, award.opinion_date),
			(None, None, None),
			"the seal goes with the return",
		)
		self.assertEqual(award.approver, self.head)
		self.assertEqual(self.open_todos(award.name), {self.staff2})
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": AWARD, "reference_name": award.name}, pluck="content"
		)
		self.assertTrue(any("请补充量化成效" in (c or "") for c in comments))
		told = [(to, text) for to, text in queued_mail(AWARD, award.name) if "请补充量化成效" in text]
		self.assertEqual([to for to, _text in told], [{self.staff2}], "the drafter is told why")

		frappe.set_user(self.staff2)
		award.practice += "审批用时压缩百分之六十。"
		award.save()
		frappe.set_user("Administrator")
		self.act(self.staff2, award.name, "Resubmit")
		award = self.act(self.head, award.name, "Sign and Seal")
		self.assertEqual((award.workflow_state, award.signed_by), ("Awaiting Collection", self.head))
		self.assertFalse(award.return_reason)
		self.act(self.lead_clerk, award.name, "Collect")
		self.act(self.lead_head, award.name, "Submit Up")
		award = self.act(self.lead_clerk, award.name, "Do Not Select")
		self.assertEqual((award.workflow_state, award.docstatus), ("Not Selected", 1))

	def test_the_wrong_people_are_refused_at_every_step(self):
		award = self.nominate(self.staff, star_values())
		for user in (self.staff2, self.head):
			with self.assertRaises(REFUSED, msg=user):
				self.act(user, award.name, "Submit for Opinion")
		self.act(self.staff, award.name, "Submit for Opinion")
		for user in (self.staff, self.staff2, self.lead_head, self.leader2):
			with self.assertRaises(REFUSED, msg=user):
				self.act(user, award.name, "Sign and Seal")
		with self.assertRaises(frappe.PermissionError) as refused:
			self.act(self.leader2, award.name, "Sign and Seal")
		self.assertIn("王建国", str(refused.exception), "the refusal names who signs")

		self.act(self.head, award.name, "Sign and Seal", opinion="同意推荐。")
		for user in (self.head, self.staff, self.leader):
			with self.assertRaises(REFUSED, msg=user):
				self.act(user, award.name, "Collect")
		self.act(self.lead_clerk, award.name, "Collect")
		with self.assertRaises(REFUSED, msg="a campaign manager who is not the lead unit's head"):
			self.act(self.lead_clerk, award.name, "Submit Up")
		self.act(self.lead_head, award.name, "Submit Up")
		for user in (self.staff, self.head):
			with self.assertRaises(REFUSED, msg=user):
				self.act(user, award.name, "Select for Award")
		self.assertEqual(frappe.db.get_value(AWARD, award.name, "workflow_state"), "Submitted Up")

	def test_a_head_nominated_is_signed_by_the_supervising_leader(self):
		award = self.nominate(self.staff, star_values(nominee=self.head, post="规划管理科科长"))
		self.assertEqual((award.approver, award.deputy_approver), (self.leader, None))
		self.act(self.staff, award.name, "Submit for Opinion")
		with self.assertRaises(REFUSED):
			self.act(self.head, award.name, "Sign and Seal")
		award = self.act(self.leader, award.name, "Sign and Seal", opinion="同意推荐。")
		self.assertEqual((award.workflow_state, award.signed_by), ("Awaiting Collection", self.leader))

	def test_return_needs_a_reason(self):
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		with self.assertRaises(frappe.ValidationError) as refused:
			self.act(self.head, award.name, "Return")
		self.assertIn(label("return_reason"), str(refused.exception))
		self.assertEqual(frappe.db.get_value(AWARD, award.name, "workflow_state"), "Awaiting Unit Opinion")


class TestSignAndSeal(AwardTestCase):
	def test_signing_needs_the_opinion(self):
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		with self.assertRaises(frappe.ValidationError) as refused:
			self.act(self.head, award.name, "Sign and Seal")
		self.assertIn(label("opinion"), str(refused.exception))

	def test_signing_needs_the_units_seal(self):
		unit = frappe.get_doc("ZGZ Unit", self.unit_b)
		seal = unit.seal
		frappe.db.set_value("ZGZ Unit", self.unit_b, "seal", None)
		try:
			award = self.nominate(self.staff_b, star_values(nominee_name="黄磊"), unit=self.unit_b)
			self.act(self.staff_b, award.name, "Submit for Opinion")
			with self.assertRaises(frappe.ValidationError) as refused:
				self.act(self.head_b, award.name, "Sign and Seal", opinion="同意。")
			self.assertIn(self.unit_b, str(refused.exception))
			self.assertIn(label("seal"), str(refused.exception))
		finally:
			frappe.db.set_value("ZGZ Unit", self.unit_b, "seal", seal)

	def test_a_signed_form_keeps_its_seal_when_the_unit_changes_its_own(self):
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		award = self.act(self.head, award.name, "Sign and Seal", opinion="同意推荐。")
		stamped = frappe.get_doc("File", {"attached_to_doctype": AWARD, "attached_to_name": award.name})
		self.assertEqual(
			(stamped.file_url, stamped.attached_to_field, stamped.is_private), (award.seal, "seal", 1)
		)
		old = frappe.get_doc(
			"File", {"attached_to_doctype": "ZGZ Unit", "attached_to_name": self.unit, "file_url": award.seal}
		)

		attach_seal(self.unit, text="新印章")
		old.delete(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value(AWARD, award.name, "seal"), award.seal)
		self.assertTrue(stamped.exists_on_disk(), "the nomination's copy outlives the unit's old seal")
		self.assertNotEqual(frappe.db.get_value("ZGZ Unit", self.unit, "seal"), award.seal)

	def test_a_sealed_form_is_not_edited_only_returned(self):
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		self.act(self.head, award.name, "Sign and Seal", opinion="同意推荐。")
		frappe.set_user(self.lead_clerk)
		doc = frappe.get_doc(AWARD, award.name)
		doc.deeds += "（牵头科室补充）"
		with self.assertRaises(frappe.ValidationError) as refused:
			doc.save()
		frappe.set_user("Administrator")
		self.assertIn(label("deeds"), str(refused.exception))
		self.assertIn(frappe._("Return"), str(refused.exception))

	def test_the_signature_is_the_apps_to_set(self):
		frappe.set_user(self.staff)
		doc = frappe.get_doc(
			{
				"doctype": AWARD,
				"campaign": self.campaign,
				"unit": self.unit,
				"seal": "/files/forged.png",
				"signed_by": self.head,
				"opinion_date": today(),
				**star_values(),
			}
		).insert()
		frappe.set_user("Administrator")
		self.assertEqual((doc.seal, doc.signed_by, doc.opinion_date), (None, None, None))


class TestBadInput(AwardTestCase):
	def assertRefused(self, values, *needles, unit=None, user=None):
		with self.assertRaises(frappe.ValidationError) as refused:
			self.nominate(user or self.staff, values, unit=unit)
		for needle in needles:
			self.assertIn(needle, str(refused.exception))
		return str(refused.exception)

	def test_main_deeds_at_500_characters_pass_and_at_501_are_refused(self):
		text = "服务" * 250  # 500
		award = self.nominate(self.staff, star_values(deeds=text[:200] + "\n\n  " + text[200:] + " \n"))
		self.assertEqual(len(award.deeds.replace("\n", "").replace(" ", "")), 500)
		message = self.assertRefused(
			star_values(nominee_name="刘洋", deeds=text + "。"), label("deeds"), "501", "1"
		)
		self.assertIn("500", message)

	def test_practice_and_results_at_500_characters_pass_and_at_501_are_refused(self):
		text = "一窗受理，集成服务；" * 50  # 500, punctuation counted
		self.nominate(self.staff, case_values(practice=text))
		self.assertRefused(case_values(case_title="另一事例", practice=text + "好"), label("practice"), "501")

	def test_a_phone_number_must_be_mainland(self):
		for bad in ("12345", "+1 415 555 0100", "1381234567", "021-5234567"):
			self.assertRefused(star_values(phone=bad), label("phone"), bad)
		award = self.nominate(self.staff, star_values(phone="(0519) 8281 2345"))
		self.assertEqual(award.phone, "0519-82812345")

	def test_birth_month_must_be_a_past_month(self):
		future = add_days(today(), 40)
		month = f"{getdate(future).year}-{getdate(future).month:02d}"
		self.assertRefused(star_values(birth_month=month), label("birth_month"), month)
		self.assertRefused(star_values(birth_month="85年6月"), label("birth_month"), "1985-06")
		award = self.nominate(self.staff, star_values(birth_month="1985年6月"))
		self.assertEqual(award.birth_month, "1985-06")

	def test_the_nominee_is_a_member_of_the_nominating_unit(self):
		self.assertRefused(star_values(nominee=self.staff_b), label("nominee"), "黄磊", self.unit)

	def test_a_person_is_nominated_once_per_campaign(self):
		first = self.nominate(self.staff, star_values(nominee=self.staff2))
		message = self.assertRefused(star_values(nominee=self.staff2), label("nominee_name"), first.name)
		self.assertIn(self.unit, message)
		# the same person typed by hand (spaces and width aside) in the same unit
		self.nominate(self.staff, star_values(nominee_name="陈 静"))
		self.assertRefused(star_values(nominee_name="陈静"), "陈静", label("nominee_name"))
		# the same name in another unit is another person; another campaign takes him again
		self.nominate(self.staff_b, star_values(nominee_name="陈静"), unit=self.unit_b)
		other = self.make_campaign().name
		self.nominate(self.staff, star_values(nominee=self.staff2), campaign=other)

	def test_a_case_is_nominated_once_per_unit_and_campaign(self):
		self.nominate(self.staff, case_values())
		self.assertRefused(case_values(case_title="规划审批 “一窗受理、集成服务”"), label("case_title"))
		self.nominate(self.staff_b, case_values(), unit=self.unit_b)

	def test_the_nominating_unit_takes_part_in_the_campaign(self):
		campaign = self.make_campaign(units=[self.unit_b]).name
		with self.assertRaises(frappe.ValidationError) as refused:
			self.nominate(self.staff, star_values(), campaign=campaign)
		self.assertIn(label("unit"), str(refused.exception))


class TestNominationWindow(AwardTestCase):
	def test_nominations_are_taken_only_between_open_and_due(self):
		opens, due = getdate(add_days(today(), -5)), getdate(add_days(today(), 10))
		for day in (add_days(opens, -1), add_days(due, 1)):
			with self.freeze_time(day), self.assertRaises(frappe.ValidationError, msg=day) as refused:
				self.nominate(self.staff, star_values())
			self.assertIn(label("campaign"), str(refused.exception))
			self.assertIn(frappe.format(opens, "Date"), str(refused.exception))
		for day in (opens, due):
			with self.freeze_time(day):
				award = self.nominate(self.staff, star_values(nominee_name=f"测试{day}"))
			self.assertEqual(award.workflow_state, "Draft")

	def test_a_draft_left_past_the_due_date_is_not_submitted(self):
		award = self.nominate(self.staff, star_values())
		with self.freeze_time(add_days(today(), 11)), self.assertRaises(frappe.ValidationError):
			self.act(self.staff, award.name, "Submit for Opinion")

	def test_a_campaign_without_nomination_dates_takes_none(self):
		campaign = self.make_campaign(nomination_start=None, nomination_due=None).name
		with self.assertRaises(frappe.ValidationError) as refused:
			self.nominate(self.staff, star_values(), campaign=campaign)
		self.assertIn(label("nomination_start", "ZGZ Campaign"), str(refused.exception))


class TestUnitsYetToNominate(AwardTestCase):
	def test_the_lead_unit_sees_who_has_not_nominated_and_they_are_reminded(self):
		def pending():
			return frappe.get_all(
				"ZGZ Unit Yet to Nominate", filters={"parent": self.campaign}, pluck="unit", order_by="idx"
			)

		refresh_units_yet_to_nominate(self.campaign)
		self.assertEqual(set(pending()), {self.unit, self.unit_b, self.lead_unit})
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		self.assertIn(self.unit, pending(), "a draft waiting for the head is not a nomination yet")
		self.act(self.head, award.name, "Sign and Seal", opinion="同意推荐。")
		self.assertEqual(set(pending()), {self.unit_b, self.lead_unit})

		columns, rows, message, _chart, summary = zgz_nomination_status.execute({"campaign": self.campaign})
		by_unit = {r["unit"]: r for r in rows}
		self.assertEqual(
			(by_unit[self.unit]["stars"], by_unit[self.unit]["nominated"], by_unit[self.unit_b]["nominated"]),
			(1, 1, 0),
		)
		self.assertEqual([s["value"] for s in summary], [1, 2])
		self.assertIn("2", message)

		# three days before the due date the platform's Notification mails the heads of those units
		from frappe.email.doctype.notification.notification import evaluate_alert

		alert = frappe.get_doc("Notification", "ZGZ Nomination Due")
		self.assertEqual(
			(alert.is_standard, alert.event, alert.date_changed), (1, "Days Before", "nomination_due")
		)
		due = frappe.db.get_value("ZGZ Campaign", self.campaign, "nomination_due")
		with self.freeze_time(add_days(due, -alert.days_in_advance)):
			docs = [d for d in alert.get_documents_for_today() if d.name == self.campaign]
			self.assertEqual(len(docs), 1)
			evaluate_alert(docs[0], alert, alert.event)
		((recipients, text),) = queued_mail("ZGZ Campaign", self.campaign)
		self.assertEqual(recipients, {self.head_b, self.lead_head})
		self.assertIn(self.unit_b, text)
		self.assertNotIn(self.unit, text.replace(self.unit_b, ""))

	def test_the_daily_job_follows_the_campaigns_participating_units(self):
		from zgz_app.recognition.nominations import refresh_all_units_yet_to_nominate

		refresh_units_yet_to_nominate(self.campaign)
		campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
		campaign.units = [row for row in campaign.units if row.unit != self.unit_b]
		campaign.save()
		self.assertGreaterEqual(refresh_all_units_yet_to_nominate(getdate(today())), 1)
		pending = frappe.get_all("ZGZ Unit Yet to Nominate", filters={"parent": self.campaign}, pluck="unit")
		self.assertEqual(set(pending), {self.unit, self.lead_unit})

	def test_the_unit_head_is_mailed_when_a_nomination_awaits_the_seal(self):
		award = self.nominate(self.staff, star_values())
		self.act(self.staff, award.name, "Submit for Opinion")
		queued = frappe.get_all(
			"Email Queue", filters={"reference_doctype": AWARD, "reference_name": award.name}, pluck="name"
		)
		recipients = set(
			frappe.get_all("Email Queue Recipient", filters={"parent": ("in", queued)}, pluck="recipient")
		)
		self.assertEqual(recipients, {self.head, self.deputy})

	def test_a_case_counts_as_a_nomination_too(self):
		award = self.nominate(self.staff_b, case_values(), unit=self.unit_b)
		self.act(self.staff_b, award.name, "Submit for Opinion")
		self.act(self.head_b, award.name, "Sign and Seal", opinion="同意推荐。")
		_columns, rows, *_rest = zgz_nomination_status.execute({"campaign": self.campaign})
		row = next(r for r in rows if r["unit"] == self.unit_b)
		self.assertEqual((row["cases"], row["stars"], row["nominated"]), (1, 0, 1))
		self.assertEqual(frappe.db.get_value(AWARD, award.name, "award_kind"), CASE)
