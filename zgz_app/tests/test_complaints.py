"""The public's channel: filing (with and without a name), every refusal of bad input, the CAPTCHA,
tracking, triage → unit → problem item → reply → rating, and the complainant hidden from the unit."""

import base64
from datetime import date, timedelta
from email import message_from_string
from email.header import decode_header, make_header

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today
from zgz_app.core import complaints as rules
from zgz_app.public_channel import intake, tracking
from zgz_app.rectification import escalation
from zgz_app.roles import CAMPAIGN_MANAGER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import act, ensure_outgoing_email_account, make_campaign, make_unit, make_user
from zgz_app.tests.test_escalation import mail_text
from zgz_app.zgz_app.doctype.zgz_complaint.zgz_complaint import overdue_complaints

COMPLAINT = "ZGZ Complaint"
TEXT = "办理不动产登记时，窗口工作人员推诿扯皮，让我来回跑了三趟仍未办结。"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def solved() -> dict:
	"""A fresh CAPTCHA with its right answer, read from where the server keeps it."""
	captcha = intake.new_captcha()
	answer = frappe.cache.get_value(intake.CAPTCHA_KEY.format(captcha["token"]))
	return {"captcha_token": captcha["token"], "captcha_answer": str(answer)}


def file(**kw) -> dict:
	values = {"description": TEXT, "name": "王秀英", "phone": "13800000000", **solved(), **kw}
	return intake.file_complaint(**values)


def find(code: str):
	return frappe.get_doc(COMPLAINT, {"tracking_hash": rules.code_hash(code)})


def who(doc):
	return frappe.get_doc("ZGZ Complainant", doc.complainant) if doc.complainant else frappe._dict()


class TestFiling(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.unit = make_unit().name
		cls.campaign = make_campaign(units=[{"unit": cls.unit}])
		cls.campaign.db_set("status", "In Progress")

	def refused(self, message_part: str, **kw):
		with self.assertRaises(frappe.ValidationError) as cm:
			file(**kw)
		self.assertIn(message_part, str(cm.exception))
		frappe.clear_messages()

	def test_filing_with_a_name_keeps_it_and_gives_a_code(self):
		ensure_outgoing_email_account()
		out = file(unit=self.unit, keep_confidential=1, email="wxy@example.cn")
		mails = frappe.get_all(
			"Email Queue Recipient",
			filters={"recipient": "wxy@example.cn"},
			pluck="parent",
			order_by="creation desc",
		)
		self.assertTrue(mails)
		raw = message_from_string(frappe.db.get_value("Email Queue", mails[0], "message"))
		self.assertIn(out["code"], str(make_header(decode_header(raw["Subject"]))))
		self.assertRegex(out["code"], r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$")
		doc = find(out["code"])
		person = who(doc)
		self.assertEqual(
			(person.full_name, person.keep_confidential, person.email, doc.reported_unit),
			("王秀英", 1, "wxy@example.cn", self.unit),
		)
		self.assertEqual(
			(doc.campaign, doc.workflow_state, doc.unit), (self.campaign.name, "Awaiting Triage", None)
		)
		self.assertEqual(str(doc.received_on), today())
		self.assertGreater(doc.triage_due, doc.received_on)
		self.assertNotIn(rules.normalise_code(out["code"]), str(doc.as_dict()))  # only its hash is kept

	def test_filing_anonymously_keeps_no_identity(self):
		out = file(anonymous=1, name="不该保存", phone="13900000000", unit=intake.NOT_SURE)
		doc = find(out["code"])
		person = who(doc)
		self.assertEqual(
			(doc.is_anonymous, person.full_name, person.phone, person.email, doc.reported_unit),
			(1, None, None, None, None),
		)

	def test_attachments_are_kept_private_on_the_complaint(self):
		out = file(files=[{"name": "窗口.png", "data": base64.b64encode(PNG).decode()}])
		doc = find(out["code"])
		files = frappe.get_all(
			"File", filters={"attached_to_name": doc.name}, fields=["file_name", "is_private"]
		)
		self.assertEqual([(f.file_name, f.is_private) for f in files], [("窗口.png", 1)])

	def test_empty_short_and_over_long_descriptions_are_refused(self):
		self.refused("What happened is empty", description="   ")
		self.refused("too short", description="太慢了")
		self.refused("longer than 2000", description="拖" * 2001)

	def test_scripts_and_links_are_refused(self):
		self.refused("program code", description=TEXT + "<script>alert(1)</script>")
		self.refused("program code", description=TEXT + " javascript:alert(1)")
		self.refused("web link", description=TEXT + " 详见 http://bad.example/x")
		self.refused("web link", description=TEXT + " 详见 www.example.cn")

	def test_wrong_type_and_too_large_files_are_refused(self):
		exe = base64.b64encode(b"MZ\x90\x00" * 10).decode()
		self.refused("accepted type", files=[{"name": "照片.exe", "data": exe}])
		self.refused("accepted type", files=[{"name": "照片.png", "data": exe}])  # renamed, not a PNG
		big = base64.b64encode(PNG + b"\x00" * (rules.MAX_FILE_MB * 1024 * 1024)).decode()
		self.refused("larger than 5 MB", files=[{"name": "大图.png", "data": big}])
		self.refused(
			"At most 3 files",
			files=[{"name": f"{i}.png", "data": base64.b64encode(PNG).decode()} for i in range(4)],
		)

	def test_a_name_and_a_contact_are_needed_unless_anonymous(self):
		self.refused("Name is empty", name="")
		self.refused("phone number or an email", phone="", email="")
		self.refused("not a phone number", phone="call me")
		self.refused("Unit: choose one", unit="no such unit")

	def test_wrong_missing_and_reused_captcha_answers_are_refused(self):
		captcha = solved()
		wrong = str(int(captcha["captcha_answer"]) + 1)
		self.refused(
			"sum in the picture is wrong", captcha_token=captcha["captcha_token"], captcha_answer=wrong
		)
		# the question is spent by the wrong answer: its right answer no longer passes either
		self.refused("sum in the picture is wrong", **captcha)
		self.refused("sum in the picture is wrong", captcha_token="made-up", captcha_answer="3")
		fresh = solved()
		file(**fresh)
		self.refused("sum in the picture is wrong", **fresh)  # single use

	def test_captcha_is_a_picture_and_expires(self):
		captcha = intake.new_captcha()
		self.assertTrue(captcha["image"].startswith("data:image/png;base64,"))
		self.assertTrue(base64.b64decode(captcha["image"].split(",")[1]).startswith(b"\x89PNG"))
		ttl = frappe.cache.ttl(frappe.cache.make_key(intake.CAPTCHA_KEY.format(captcha["token"])))
		self.assertTrue(0 < ttl <= intake.CAPTCHA_SECONDS)


class TestHandling(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user(roles=[CAMPAIGN_MANAGER])
		cls.head = make_user(roles=[SECTION_HEAD])
		cls.member = make_user(roles=[STAFF])
		cls.outsider = make_user(roles=[STAFF])
		cls.lead = make_unit(members=[cls.manager]).name
		cls.unit = make_unit(head=cls.head, members=[cls.member]).name
		cls.other = make_unit(members=[cls.outsider]).name
		cls.campaign = make_campaign(lead_unit=cls.lead, units=[{"unit": cls.unit}, {"unit": cls.other}])
		cls.campaign.db_set("status", "In Progress")

	def setUp(self):
		self.code = file(unit=self.unit, keep_confidential=1, email="wxy@example.cn")["code"]
		self.name = find(self.code).name

	def answer(self, finding="Upheld", **kw):
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		values = {
			"finding": finding,
			"reply": "经核查属实，已责令窗口限时办结并向您致歉。",
			"internal_note": "窗口人员张某已诫勉谈话",
			"measures": "实行首问负责制",
			"rectification_deadline": add_days(today(), 20),
			**kw,
		}
		return act(self.head, COMPLAINT, self.name, "Answer", **values)

	def test_unit_sees_the_complaint_only_once_passed_to_it(self):
		with self.set_user(self.member):
			self.assertNotIn(self.name, frappe.get_list(COMPLAINT, pluck="name"))
			self.assertFalse(frappe.has_permission(COMPLAINT, doc=self.name))
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		with self.set_user(self.member):
			self.assertIn(self.name, frappe.get_list(COMPLAINT, pluck="name"))
		with self.set_user(self.outsider):
			self.assertNotIn(self.name, frappe.get_list(COMPLAINT, pluck="name"))
			self.assertFalse(frappe.has_permission(COMPLAINT, doc=self.name))

	def test_identity_is_hidden_from_the_unit_over_rest_lists_and_searches(self):
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		complainant = frappe.db.get_value(COMPLAINT, self.name, "complainant")
		for user in (self.member, self.head):
			with self.set_user(user):
				doc = frappe.client.get(COMPLAINT, self.name)
				self.assertEqual(doc["description"], TEXT)
				self.assertIsNone(doc.get("complainant"))  # Frappe empties what the reader may not read
				self.assertNotIn("王秀英", str(doc))
				rows = frappe.client.get_list(COMPLAINT, fields=["*"], limit_page_length=0)
				self.assertIn(self.name, [r["name"] for r in rows])
				self.assertFalse([r for r in rows if r.get("complainant")], user)
				# who complained can be neither read nor searched for
				with self.assertRaises(frappe.PermissionError):
					frappe.client.get("ZGZ Complainant", complainant)
				with self.assertRaises(frappe.PermissionError):
					frappe.get_list(COMPLAINT, filters=[["ZGZ Complainant", "full_name", "like", "王%"]])
				with self.assertRaises(frappe.PermissionError):
					frappe.get_list(COMPLAINT, fields=["name", "complainant.full_name"])
				rows = frappe.get_list(
					COMPLAINT, filters={"complainant": complainant}, fields=["name", "complainant"]
				)
				self.assertFalse([r for r in rows if r.get("complainant")])
				report = frappe.get_attr(
					"zgz_app.zgz_app.report.zgz_complaint_statistics.zgz_complaint_statistics.execute"
				)({})
				self.assertNotIn("王秀英", str(report))
		with self.set_user(self.manager):
			self.assertEqual(frappe.client.get(COMPLAINT, self.name)["complainant"], complainant)
			self.assertEqual(frappe.client.get("ZGZ Complainant", complainant)["full_name"], "王秀英")

	def test_what_the_public_sent_and_who_sent_it_cannot_be_rewritten(self):
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		complainant = frappe.db.get_value(COMPLAINT, self.name, "complainant")
		with self.set_user(self.manager):
			doc = frappe.get_doc(COMPLAINT, self.name)
			doc.complainant, doc.description = None, "改写的内容改写的内容"
			doc.save()
			person = frappe.get_doc("ZGZ Complainant", complainant)
			person.full_name = "改名"
			with self.assertRaises(frappe.PermissionError):
				person.save()
		doc.reload()
		self.assertEqual((doc.complainant, doc.description), (complainant, TEXT))

	def test_triage_unit_item_reply_rating(self):
		passed = frappe.get_doc(COMPLAINT, self.name)
		self.assertEqual(passed.workflow_state, "Awaiting Triage")
		doc = self.answer()
		self.assertEqual(doc.workflow_state, "Answered")
		self.assertEqual((str(doc.answered_on), doc.answered_on_time), (today(), 1))
		item = frappe.get_doc("ZGZ Problem Item", doc.problem_item)
		self.assertEqual(
			(item.complaint, item.source, item.origin, item.unit, item.campaign, item.status),
			(self.name, "Complaint or Report", "Complaint", self.unit, self.campaign.name, "Rectifying"),
		)
		self.assertGreater(item.serial_no, 0)  # numbered like every item of its unit
		view = tracking.track(self.code)
		self.assertEqual(view["reply"], doc.reply)
		self.assertTrue(view["can_rate"])
		self.assertNotIn("诫勉谈话", str(view))  # never the internal note
		self.assertNotIn(self.head, str(view))  # nor who handled it
		view = tracking.rate(self.code, "Satisfied")
		self.assertFalse(view["can_rate"])
		with self.assertRaises(frappe.ValidationError):
			tracking.rate(self.code, "Unsatisfied")  # once

	def test_unsatisfied_reopens_triage_and_the_next_answer_is_rated_afresh(self):
		self.answer(finding="Not Upheld")
		self.assertFalse(frappe.db.get_value(COMPLAINT, self.name, "problem_item"))
		tracking.rate(self.code, "Unsatisfied")
		doc = frappe.get_doc(COMPLAINT, self.name)
		self.assertEqual((doc.workflow_state, doc.reopen_count, doc.unit), ("Awaiting Triage", 1, self.unit))
		self.assertEqual(tracking.track(self.code)["status"], tracking.public_status("Awaiting Triage"))
		self.answer(finding="Not Upheld", reply="复查后答复")
		self.assertTrue(tracking.track(self.code)["can_rate"])

	def test_an_upheld_answer_needs_measures_and_a_deadline(self):
		with self.assertRaises(frappe.ValidationError) as cm:
			self.answer(measures="")
		self.assertIn("Measures", str(cm.exception))

	def test_passing_on_needs_a_unit_and_closing_needs_a_reason(self):
		with self.assertRaises(frappe.ValidationError):
			act(self.manager, COMPLAINT, self.name, "Pass to Unit")
		with self.assertRaises(frappe.ValidationError):
			act(self.manager, COMPLAINT, self.name, "Close")
		doc = act(
			self.manager,
			COMPLAINT,
			self.name,
			"Close",
			reason="反映的事项不属于本专项活动范围",
			reply="已转有关部门",
		)
		self.assertEqual(doc.workflow_state, "Closed")
		self.assertEqual(tracking.track(self.code)["reply"], "已转有关部门")

	def test_a_duplicate_is_merged_and_tracks_the_original(self):
		first = self.name
		second = file(unit=self.unit)["code"]
		act(self.manager, COMPLAINT, find(second).name, "Merge", duplicate_of=first)
		self.answer(finding="Not Upheld")
		view = tracking.track(second)
		self.assertEqual(view["reply"], frappe.db.get_value(COMPLAINT, first, "reply"))

	def mails_about(self, doctype, name) -> list[tuple[set, str]]:
		"""The queued mails referring to a record: their recipients (cc too) and their text."""
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": doctype, "reference_name": name},
			fields=["name", "message"],
		)
		return [
			(
				set(frappe.get_all("Email Queue Recipient", filters={"parent": q.name}, pluck="recipient")),
				mail_text(q.message),
			)
			for q in queue
		]

	def test_the_units_head_is_mailed_when_a_complaint_reaches_his_unit_never_who_sent_it(self):
		ensure_outgoing_email_account()
		self.assertEqual(self.mails_about(COMPLAINT, self.name), [])
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		mails = self.mails_about(COMPLAINT, self.name)
		self.assertEqual([to for to, _text in mails], [{self.head}])
		text = mails[0][1]
		self.assertIn(self.name, text)
		self.assertIn(TEXT, text)  # what the public sent
		self.assertIn(f"/app/zgz-complaint/{self.name}", text)
		for secret in ("王秀英", "wxy@example.cn", "13800000000"):
			self.assertNotIn(secret, text)

	def test_the_complainant_is_mailed_the_reply_and_the_unit_never_reads_the_address(self):
		ensure_outgoing_email_account()
		merged = find(file(unit=self.unit, email="second@example.cn")["code"]).name
		act(self.manager, COMPLAINT, merged, "Merge", duplicate_of=self.name)
		anonymous = find(file(anonymous=1)["code"]).name
		act(self.manager, COMPLAINT, anonymous, "Merge", duplicate_of=self.name)
		self.answer(finding="Not Upheld")
		told = {}
		for name in (self.name, merged):
			complainant = frappe.db.get_value(COMPLAINT, name, "complainant")
			for to, text in self.mails_about("ZGZ Complainant", complainant):
				told.setdefault(frozenset(to), []).append(text)
		# the complainant and the one whose complaint was merged into it: once each
		self.assertEqual(told.keys(), {frozenset({"wxy@example.cn"}), frozenset({"second@example.cn"})})
		self.assertEqual([len(texts) for texts in told.values()], [1, 1])
		self.assertIn("/complaint/track", told[frozenset({"wxy@example.cn"})][0])
		# the mail's record sits on the complainant, out of the unit's sight: not on the complaint
		on_complaints = frappe.get_all(
			"Communication",
			filters={"reference_doctype": COMPLAINT, "reference_name": ("in", (self.name, merged))},
			fields=["recipients", "cc", "bcc", "subject", "content"],
		)
		self.assertNotIn("wxy@example.cn", str(on_complaints))
		self.assertNotIn("second@example.cn", str(on_complaints))
		complainant = frappe.db.get_value(COMPLAINT, self.name, "complainant")
		record = frappe.get_all(
			"Communication",
			filters={"reference_doctype": "ZGZ Complainant", "reference_name": complainant},
			pluck="name",
		)
		self.assertEqual(len(record), 1)
		for user in (self.member, self.head):
			self.assertFalse(frappe.has_permission("Communication", doc=record[0], user=user), user)
		# the rating mails nothing; the new answer after 不满意 is told again
		tracking.rate(self.code, "Unsatisfied")
		self.assertEqual(len(self.mails_about("ZGZ Complainant", complainant)), 1)
		self.answer(finding="Not Upheld", reply="复查后答复")
		self.assertEqual(len(self.mails_about("ZGZ Complainant", complainant)), 2)

	def test_unknown_and_mistyped_codes_get_the_same_answer(self):
		messages = []
		for code in ("ABCD-EFGH-JKMN-PQRS", self.code[:-1], "", "x" * 200):
			with self.assertRaises(frappe.DoesNotExistError) as cm:
				tracking.track(code)
			messages.append(str(cm.exception))
			frappe.clear_messages()
		self.assertEqual(len(set(messages)), 1)
		self.assertEqual(
			tracking.track(self.code.lower().replace("-", " "))["status"],
			tracking.public_status("Awaiting Triage"),
		)

	def test_overdue_complaints_join_the_morning_digest_of_who_holds_them(self):
		ensure_outgoing_email_account()
		frappe.db.delete("ZGZ Digest Log")
		frappe.db.delete("Email Queue", {"reference_doctype": "ZGZ Digest Log"})
		monday = date.today() + timedelta(days=7 - date.today().weekday())
		frappe.db.set_value(COMPLAINT, self.name, "triage_due", monday - timedelta(days=7))
		held = overdue_complaints(monday)
		self.assertIn(self.name, [c.name for c in held[self.manager]])
		self.assertNotIn(self.head, held)
		escalation.run(monday)
		self.assertIn(f"/app/zgz-complaint/{self.name}", mail_text(self.queued_to(self.manager)[0]))
		act(self.manager, COMPLAINT, self.name, "Pass to Unit", unit=self.unit)
		frappe.db.set_value(COMPLAINT, self.name, "answer_due", monday - timedelta(days=1))
		held = overdue_complaints(monday)
		self.assertIn(self.name, [c.name for c in held[self.head]])
		self.assertNotIn(self.name, [c.name for c in held.get(self.manager, [])])
		escalation.run(monday)  # the same day again: the manager gets no second mail, the head his first
		self.assertEqual(len(self.queued_to(self.manager)), 1)
		self.assertEqual(len(self.queued_to(self.head)), 1)
		self.assertIn(f"/app/zgz-complaint/{self.name}", mail_text(self.queued_to(self.head)[0]))

	def queued_to(self, user) -> list[str]:
		names = frappe.get_all("Email Queue Recipient", filters={"recipient": user}, pluck="parent")
		return frappe.get_all(
			"Email Queue",
			filters={"name": ("in", names or [""]), "reference_doctype": "ZGZ Digest Log"},
			pluck="message",
		)
