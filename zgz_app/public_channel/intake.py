"""The filing page's service: a CAPTCHA of the site's own, the checks on what the public sends, and the
complaint it becomes.

Frappe's Web Form has no CAPTCHA and no tracking code, hence a www page (zgz_app/www/complaint) and this
guest method, which Frappe's own rate limiter (frappe.rate_limiter.rate_limit, per address) guards. The
CAPTCHA is drawn here with Pillow (in Frappe's environment) — no third-party service sees the public —
and its answer is kept server-side in Redis under a random token: single use, expiring."""

import base64
import io
import re
import secrets

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils.html_utils import sanitize_html
from zgz_app.core import complaints as rules
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

COMPLAINT, COMPLAINANT = "ZGZ Complaint", "ZGZ Complainant"
CAPTCHA_SECONDS = 10 * 60
CAPTCHA_KEY = "zgz_captcha:{0}"
NOT_SURE = "__not_sure__"


def speak_to_public() -> None:
	"""The public pages and their answers are in Chinese, whatever the browser asks for: the public is
	the office's own. Someone logged in (staff checking the page) keeps his own language."""
	if frappe.session.user == "Guest":
		frappe.local.lang = "zh"


def new_captcha() -> dict:
	"""A fresh question: its token (for the form) and its picture (a data: URL)."""
	question, answer = rules.new_sum()
	token = secrets.token_urlsafe(24)
	frappe.cache.set_value(CAPTCHA_KEY.format(token), answer, expires_in_sec=CAPTCHA_SECONDS)
	return {"token": token, "image": captcha_image(question)}


def captcha_image(question: str) -> str:
	from PIL import Image, ImageDraw, ImageFont

	width, height = 215, 56
	image = Image.new("RGB", (width, height), (246, 246, 240))
	draw = ImageDraw.Draw(image)
	rand = secrets.SystemRandom()
	for _i in range(8):  # noise lines, so the text is not read off a clean background
		draw.line(
			[
				(rand.randint(0, width), rand.randint(0, height)),
				(rand.randint(0, width), rand.randint(0, height)),
			],
			fill=(rand.randint(120, 200), rand.randint(120, 200), rand.randint(120, 200)),
			width=1,
		)
	font = ImageFont.load_default(size=30)
	x = 10
	for char in question:
		y = rand.randint(4, 16)
		draw.text(
			(x, y), char, font=font, fill=(rand.randint(0, 90), rand.randint(0, 90), rand.randint(60, 140))
		)
		x += 15 if char == " " else 20
	buffer = io.BytesIO()
	image.save(buffer, format="PNG")
	return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def captcha_passes(token: str | None, answer: str | None) -> bool:
	"""Whether ``answer`` solves the question under ``token``; the question is spent either way."""
	if not token:
		return False
	key = CAPTCHA_KEY.format(token)
	expected = frappe.cache.get_value(key)
	frappe.cache.delete_value(key)
	return rules.answer_matches(expected, answer)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=120, seconds=60 * 60)
def refresh_captcha() -> dict:
	return new_captcha()


def filings_per_hour() -> int:
	return get_settings().complaint_filings_per_hour or 5


def refuse(message: str, title: str | None = None, field: str | None = None) -> None:
	# A new question comes back with every refusal: the one asked is spent.
	frappe.response["captcha"] = new_captcha()
	if field:
		frappe.response["field"] = field
	frappe.throw(message, frappe.ValidationError, title=title or _("Please Check"))


# xss_safe: Frappe would quietly strip tags from a guest's input before this method sees it; the
# public is told instead (check_text refuses scripts and links), and what is kept is sanitised as Frappe
# would have (clean).
@frappe.whitelist(allow_guest=True, methods=["POST"], xss_safe=True)
@rate_limit(limit=filings_per_hour, seconds=60 * 60)
def file_complaint(
	description: str,
	captcha_token: str,
	captcha_answer: str,
	kind: str = "Complaint",
	unit: str | None = None,
	happened_when: str | None = None,
	happened_where: str | None = None,
	anonymous: int | str = 0,
	name: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	keep_confidential: int | str = 0,
	files: list | str | None = None,
) -> dict:
	"""File a complaint or a suggestion; returns its tracking code (shown once, stored only hashed)."""
	speak_to_public()
	if not captcha_passes(captcha_token, captcha_answer):
		refuse(
			_("The answer to the sum in the picture is wrong: work out the new sum and try again."),
			field="captcha",
		)
	check_text(description, happened_when, happened_where, name)
	anonymous = frappe.utils.cint(anonymous)
	if not anonymous:
		check_contact(name, phone, email)
	attachments = check_files(files)
	campaign, unit = campaign_and_unit(unit)
	code = rules.new_tracking_code()
	doc = frappe.get_doc(
		{
			"doctype": COMPLAINT,
			"kind": kind if kind in ("Complaint", "Suggestion") else "Complaint",
			"campaign": campaign,
			"reported_unit": unit,
			"description": clean(description),
			"happened_when": clean(happened_when),
			"happened_where": clean(happened_where),
			"is_anonymous": anonymous,
			"complainant": complainant(anonymous, name, phone, email, keep_confidential),
			"tracking_hash": rules.code_hash(code),
			"attachment_count": len(attachments),
		}
	)
	doc.insert(ignore_permissions=True)
	for filename, content in attachments:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": filename,
				"attached_to_doctype": COMPLAINT,
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
	if not anonymous and (email or "").strip():
		send_code(doc, email.strip(), code)
	return {"code": rules.display_code(code), "kind": doc.kind}


def complainant(anonymous: int, name, phone, email, keep_confidential) -> str:
	"""Who filed it, in a record only the lead office reads (ZGZ Complainant); for an anonymous filing
	only the address it came from (kept for abuse, never shown to a unit)."""
	values = {"client_ip": getattr(frappe.local, "request_ip", None)}
	if not anonymous:
		values.update(
			full_name=clean(name),
			phone=(phone or "").strip() or None,
			email=(email or "").strip() or None,
			keep_confidential=frappe.utils.cint(keep_confidential),
		)
	return frappe.get_doc({"doctype": COMPLAINANT, **values}).insert(ignore_permissions=True).name


def clean(text: str | None) -> str:
	return sanitize_html((text or "").strip())


def check_text(description, happened_when, happened_where, name) -> None:
	problem = rules.text_problem(description)
	messages = {
		"empty": _("What happened is empty: describe it (at least {0} characters)."),
		"short": _("What happened is too short: describe it in at least {0} characters."),
		"long": _("What happened is longer than {1} characters: shorten it, or attach a document."),
		"script": _("What happened contains program code (a script): remove it and send plain words."),
		"link": _(
			"What happened contains a web link: remove it (describe the page, or attach a screenshot)."
		),
	}
	if problem:
		refuse(messages[problem].format(rules.MIN_DESCRIPTION, rules.MAX_DESCRIPTION), field="description")
	for value, label, field in (
		(happened_when, _("When"), "happened_when"),
		(happened_where, _("Where"), "happened_where"),
		(name, _("Name"), "name"),
	):
		if rules.short_field_problem(value):
			refuse(
				_(
					"{0} is too long or contains code or a link: keep it to plain words of at most 140 characters."
				).format(label),
				field=field,
			)


def check_contact(name, phone, email) -> None:
	if not (name or "").strip():
		refuse(_("Name is empty: give your name, or choose to file anonymously."), field="name")
	if not (phone or "").strip() and not (email or "").strip():
		refuse(
			_("Give a phone number or an email address so we can reach you, or file anonymously."),
			field="phone",
		)
	if phone and not re.fullmatch(r"[0-9+\- ]{7,20}", phone.strip()):
		refuse(
			_("Phone is not a phone number: give digits only, e.g. 13800000000 or 0519-82345678."),
			field="phone",
		)
	if email and not frappe.utils.validate_email_address(email.strip()):
		refuse(_("Email is not an email address: check it, or leave it empty."), field="email")


def check_files(files) -> list[tuple[str, bytes]]:
	files = frappe.parse_json(files) if isinstance(files, str) else (files or [])
	if len(files) > rules.MAX_FILES:
		refuse(
			_("At most {0} files may be attached: leave out the rest.").format(rules.MAX_FILES), field="files"
		)
	checked = []
	for entry in files:
		filename = str((entry or {}).get("name") or "")
		try:
			content = base64.b64decode((entry or {}).get("data") or "", validate=True)
		except ValueError:
			content = b""
		problem = rules.file_problem(filename, content)
		if problem == "type" or problem == "content":
			refuse(
				_(
					"{0} is not a photo or document of an accepted type: attach JPG, PNG, PDF, DOC or DOCX only."
				).format(filename),
				field="files",
			)
		if problem == "size":
			refuse(
				_(
					"{0} is larger than {1} MB: make it smaller (a photo at lower resolution) and attach it again."
				).format(filename, rules.MAX_FILE_MB),
				field="files",
			)
		checked.append((filename.replace("/", "_").replace("\\", "_"), content))
	return checked


def participating_units() -> list[frappe._dict]:
	"""The units of the campaigns in progress, as the public chooses from them: each unit once, with the
	campaign that started last (two campaigns may share units)."""
	campaign, unit, member = (
		frappe.qb.DocType("ZGZ Campaign"),
		frappe.qb.DocType("ZGZ Unit"),
		frappe.qb.DocType("ZGZ Campaign Unit"),
	)
	rows = (
		frappe.qb.from_(member)
		.join(campaign)
		.on(campaign.name == member.parent)
		.join(unit)
		.on(unit.name == member.unit)
		.select(unit.name, unit.unit_name, campaign.name.as_("campaign"))
		.where((campaign.status == "In Progress") & (member.parenttype == "ZGZ Campaign"))
		.orderby(unit.lft)
		.orderby(campaign.start_date, order=frappe.qb.desc)
	).run(as_dict=True)
	first: dict[str, frappe._dict] = {}
	for row in rows:
		first.setdefault(row.name, row)
	return list(first.values())


def campaign_and_unit(unit: str | None) -> tuple[str | None, str | None]:
	if not unit or unit == NOT_SURE:
		running = frappe.get_all(
			"ZGZ Campaign",
			filters={"status": "In Progress"},
			pluck="name",
			order_by="start_date desc",
			limit=1,
		)
		return (running[0] if running else None), None
	match = next((u for u in participating_units() if u.name == unit), None)
	if not match:
		refuse(_("Unit: choose one from the list, or choose Not sure."), field="unit")
	return match.campaign, match.name


def send_code(doc, email: str, code: str) -> None:
	"""The tracking code by mail, where the complainant gave an address (Frappe's Email Queue). A site
	without an outgoing account never blocks the filing: the page shows the code anyway."""
	try:
		queue_code_mail(doc, email, code)
	except (frappe.OutgoingEmailError, AttributeError):
		frappe.log_error(title=_("Tracking code not mailed: no outgoing email account"))


def queue_code_mail(doc, email: str, code: str) -> None:
	frappe.sendmail(
		recipients=[email],
		subject=_("Your {0} was received: tracking code {1}").format(
			_(doc.kind).lower(), rules.display_code(code)
		),
		message=_(
			"Thank you. Your {0} was received on {1}. With the tracking code {2} you can see how it is handled "
			"and the reply on {3}. Keep the code: it cannot be looked up again."
		).format(
			_(doc.kind).lower(),
			doc.received_on,
			rules.display_code(code),
			frappe.utils.get_url("/complaint/track"),
		),
		now=False,
	)
