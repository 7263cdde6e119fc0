"""For the browser check only (scripts/browser_check_complaints.mjs): plays the server's side of what a
browser cannot see. Run with the bench's Python from its sites folder:

    ../env/bin/python /path/to/complaint_check_helper.py <site> prepare            a campaign in progress
    ../env/bin/python /path/to/complaint_check_helper.py <site> captcha <token>   the CAPTCHA's answer
    ../env/bin/python /path/to/complaint_check_helper.py <site> reset              the address's limits
    ../env/bin/python /path/to/complaint_check_helper.py <site> attachments <code> files kept on it
    ../env/bin/python /path/to/complaint_check_helper.py <site> answer <code>      the office answers it
    ../env/bin/python /path/to/complaint_check_helper.py <site> forget <code>...   delete what it filed

``prepare`` makes a campaign in progress with a unit when the site has none (a fresh test site), which
``forget`` removes again. ``answer`` takes the Workflow's steps as the lead office would (pass to the unit the public named, or the
campaign's first unit; then answer, not upheld, with a public reply), as Administrator."""

from site_command import run

import frappe
from zgz_app.core import complaints as rules

COMPLAINT = "ZGZ Complaint"
MADE = "zgz_browser_check_made"  # what prepare made, for forget: [(doctype, name)]
REPLY = "经核查，窗口已当场为您办结，并对工作人员进行了批评教育。感谢您的监督。"
NOTE = "窗口人员张某已诫勉谈话"  # internal: never on the tracking page


def complaint(code: str):
	return frappe.get_doc(COMPLAINT, {"tracking_hash": rules.code_hash(rules.normalise_code(code))})


def answer(code: str) -> str:
	from zgz_app.workflow import apply_workflow

	doc = complaint(code)
	unit = (
		doc.reported_unit
		or frappe.get_all(
			"ZGZ Campaign Unit", filters={"parent": doc.campaign}, pluck="unit", order_by="idx", limit=1
		)[0]
	)
	doc.update({"unit": unit}).save()
	apply_workflow(frappe.get_doc(COMPLAINT, doc.name).as_dict(), "Pass to Unit")
	doc = frappe.get_doc(COMPLAINT, doc.name)
	doc.update({"finding": "Not Upheld", "reply": REPLY, "internal_note": NOTE}).save()
	apply_workflow(frappe.get_doc(COMPLAINT, doc.name).as_dict(), "Answer")
	return frappe.db.get_value(COMPLAINT, doc.name, "workflow_state")


def prepare() -> str:
	if frappe.db.exists("ZGZ Campaign", {"status": "In Progress"}):
		return "a campaign is in progress"
	from zgz_app.tests.factories import make_campaign, make_unit

	lead, unit = make_unit("浏览器检查牵头科").name, make_unit("浏览器检查科").name
	campaign = make_campaign(lead_unit=lead, units=[{"unit": unit}])
	campaign.db_set("status", "In Progress")
	frappe.cache.set_value(MADE, [("ZGZ Campaign", campaign.name), ("ZGZ Unit", unit), ("ZGZ Unit", lead)])
	return f"made {campaign.name}"


def forget(*codes: str) -> str:
	for code in codes:
		doc = complaint(code)
		for doctype, field in (
			("File", "attached_to_name"),
			("Comment", "reference_name"),
			("ToDo", "reference_name"),
		):
			frappe.db.delete(doctype, {field: doc.name})
		frappe.db.delete("Version", {"ref_doctype": COMPLAINT, "docname": doc.name})
		frappe.db.delete("Communication", {"reference_name": ("in", (doc.name, doc.complainant or ""))})
		frappe.db.delete(COMPLAINT, doc.name)
		if doc.complainant:
			frappe.db.delete("ZGZ Complainant", doc.complainant)
	for doctype, name in frappe.cache.get_value(MADE) or ():
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.cache.delete_value(MADE)
	return str(len(codes))


def reset() -> str:
	for method in ("intake.file_complaint", "intake.refresh_captcha", "tracking.track", "tracking.rate"):
		frappe.cache.delete_value(f"rl:zgz_app.public_channel.{method}:127.0.0.1")
	return "ok"


COMMANDS = {
	"captcha": lambda token: str(frappe.cache.get_value(f"zgz_captcha:{token}")),
	"prepare": prepare,
	"reset": reset,
	"attachments": lambda code: str(
		frappe.db.count("File", {"attached_to_doctype": COMPLAINT, "attached_to_name": complaint(code).name})
	),
	"answer": answer,
	"forget": forget,
}

run(COMMANDS)
