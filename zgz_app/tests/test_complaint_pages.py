"""The public pages over HTTP, as a guest's browser reaches them (scripts/test.sh serves the test site
at its host_name): the pages in Chinese, filing, the CAPTCHA, Frappe's rate limit per address, tracking.
What a request commits is deleted again at the end."""

import re

import requests

import frappe
from frappe.tests.utils import FrappeTestCase
from zgz_app.core import complaints as rules
from zgz_app.public_channel import intake, tracking

COMPLAINT = "ZGZ Complaint"
FILE = "zgz_app.public_channel.intake.file_complaint"
TRACK = "zgz_app.public_channel.tracking.track"
OTHER_ADDRESS = "203.0.113.7"  # as a reverse proxy reports another visitor (X-Forwarded-For)
TEXT = "在政务服务大厅办理审批，窗口人员以系统故障为由让我下周再来，已经第三次了。"


def url(path: str) -> str:
	return frappe.utils.get_url(path)


def limit_key(method: str, address: str = "127.0.0.1") -> str:
	# Frappe's limiter counts per method and address in Redis (frappe.rate_limiter.rate_limit)
	return f"rl:{method}:{address}"


def reset_rate_limits() -> None:
	for method in (FILE, TRACK):
		for address in ("127.0.0.1", OTHER_ADDRESS):
			frappe.cache.delete_value(limit_key(method, address))


def page_captcha(session) -> dict:
	html = session.get(url("/complaint"), timeout=30).text
	token = re.search(r'id="captcha_token" name="captcha_token" value="([^"]+)"', html).group(1)
	return {
		"captcha_token": token,
		"captcha_answer": str(frappe.cache.get_value(intake.CAPTCHA_KEY.format(token))),
	}


def server_message(response) -> str:
	body = response.json()
	return " ".join(
		frappe.parse_json(m).get("message", "")
		for m in frappe.parse_json(body.get("_server_messages") or "[]")
	)


class TestPublicPages(FrappeTestCase):
	def setUp(self):
		reset_rate_limits()
		self.session = requests.Session()

	def tearDown(self):
		reset_rate_limits()
		frappe.db.rollback()
		for name in self.filed():
			frappe.db.delete("File", {"attached_to_doctype": COMPLAINT, "attached_to_name": name})
			frappe.db.delete("Comment", {"reference_name": name})
			frappe.db.delete("ToDo", {"reference_type": COMPLAINT, "reference_name": name})
			frappe.db.delete("Version", {"ref_doctype": COMPLAINT, "docname": name})
			frappe.db.delete(COMPLAINT, name)
		frappe.db.delete("ZGZ Complainant", {"client_ip": "127.0.0.1"})
		frappe.db.commit()

	def filed(self) -> list[str]:
		people = frappe.get_all("ZGZ Complainant", filters={"client_ip": "127.0.0.1"}, pluck="name")
		return frappe.get_all(COMPLAINT, filters={"complainant": ("in", people or [""])}, pluck="name")

	def file(self, **kw):
		data = {"description": TEXT, "anonymous": 1, **page_captcha(self.session), **kw}
		return self.session.post(url(f"/api/method/{FILE}"), json=data, timeout=30)

	def test_the_filing_page_is_chinese_and_asks_a_sum_in_a_picture(self):
		response = self.session.get(url("/complaint"), timeout=30)
		self.assertEqual(response.status_code, 200)
		for text in (
			"投诉举报与意见建议",
			"不确定",
			"请计算图中算式",
			"匿名提交",
			"请对我的姓名保密",
			'name="viewport"',
		):
			self.assertIn(text, response.text)
		self.assertIn('src="data:image/png;base64,', response.text)
		self.assertEqual(self.session.get(url("/complaint/track"), timeout=30).status_code, 200)

	def test_filing_anonymously_and_tracking_it(self):
		response = self.file()
		self.assertEqual(response.status_code, 200, response.text)
		code = response.json()["message"]["code"]
		frappe.db.rollback()  # see what the request committed
		doc = frappe.get_doc(COMPLAINT, {"tracking_hash": rules.code_hash(code)})
		person = frappe.get_doc("ZGZ Complainant", doc.complainant)
		self.assertEqual((doc.is_anonymous, person.client_ip, person.full_name), (1, "127.0.0.1", None))
		tracked = self.session.post(url(f"/api/method/{TRACK}"), json={"code": code}, timeout=30).json()[
			"message"
		]
		self.assertEqual(tracked["status"], "已受理，正在分办")
		self.assertNotIn("internal_note", tracked)

	def test_filing_with_a_name(self):
		response = self.file(anonymous=0, name="李桂兰", phone="13912345678", keep_confidential=1)
		self.assertEqual(response.status_code, 200, response.text)
		frappe.db.rollback()
		doc = frappe.get_doc(
			COMPLAINT, {"tracking_hash": rules.code_hash(response.json()["message"]["code"])}
		)
		self.assertEqual(
			frappe.db.get_value(
				"ZGZ Complainant", doc.complainant, ["full_name", "phone", "keep_confidential"]
			),
			("李桂兰", "13912345678", 1),
		)

	def test_a_wrong_captcha_is_refused_in_chinese_with_a_new_question(self):
		captcha = page_captcha(self.session)
		response = self.file(captcha_token=captcha["captcha_token"], captcha_answer="-1")
		self.assertEqual(response.status_code, 417)
		self.assertIn("图中算式的答案不正确", server_message(response))
		self.assertTrue(response.json()["captcha"]["image"].startswith("data:image/png;base64,"))

	def test_a_script_in_the_text_is_refused_in_chinese(self):
		response = self.file(description=TEXT + "<script>alert(1)</script>")
		self.assertEqual(response.status_code, 417)
		self.assertIn("含有程序代码", server_message(response))

	def test_too_many_filings_from_one_address_are_refused(self):
		limit = intake.filings_per_hour()
		for _i in range(limit):
			self.assertEqual(self.file().status_code, 200)
		response = self.file()
		self.assertEqual(response.status_code, 429)
		self.assertEqual(len(self.filed()), limit)
		reset_rate_limits()  # the window over (Redis forgets the count), the address may file again
		self.assertEqual(self.file().status_code, 200)

	def track(self, code: str, **headers):
		return self.session.post(
			url(f"/api/method/{TRACK}"), json={"code": code}, headers=headers, timeout=30
		)

	def test_tracking_look_ups_are_limited_to_60_an_hour_per_address(self):
		code = self.file().json()["message"]["code"]
		self.assertEqual(tracking.LOOKUPS_PER_HOUR, 60)
		self.assertEqual(self.track(code).status_code, 200)
		# probing with made-up codes counts too: 58 of them make 59 look-ups
		for _i in range(tracking.LOOKUPS_PER_HOUR - 2):
			self.assertEqual(self.track("ABCD-EFGH-JKMN-PQRS").status_code, 404)
		self.assertEqual(self.track(code).status_code, 200)  # the 60th
		refused = self.track(code)  # the 61st, even with the right code
		self.assertEqual(refused.status_code, 429)
		self.assertNotIn("message", refused.json())
		# counted for an hour from the first look-up
		ttl = frappe.cache.ttl(frappe.cache.make_key(limit_key(TRACK)))
		self.assertTrue(60 * 60 - 120 < ttl <= 60 * 60, ttl)
		# another address has its own count; filing from this one is not affected
		self.assertEqual(self.track(code, **{"X-Forwarded-For": OTHER_ADDRESS}).status_code, 200)
		self.assertEqual(self.file().status_code, 200)
		reset_rate_limits()  # the hour over (Redis forgets the count), the address may look up again
		self.assertEqual(self.track(code).status_code, 200)

	def test_unknown_and_wrong_codes_get_the_same_answer_over_http(self):
		code = self.file().json()["message"]["code"]
		answers = set()
		for probe in ("ABCD-EFGH-JKMN-PQRS", code[:-1] + ("2" if code[-1] != "2" else "3"), "12"):
			response = self.session.post(url(f"/api/method/{TRACK}"), json={"code": probe}, timeout=30)
			answers.add((response.status_code, server_message(response)))
		self.assertEqual(len(answers), 1, answers)
		self.assertIn("没有与该查询码对应的投诉", answers.pop()[1])
