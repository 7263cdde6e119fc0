"""The demo's 公开承诺 and 年中监督检查: three units' commitments for the year, each drafted by a member and
signed by the unit's head through the workflow (so they show at /commitments), then checked by the lead
office, which finds one commitment broken and one partly kept. Idempotent: a unit that has its signed set
for the year already is left alone, and a set already checked is not checked again."""

import frappe
from frappe.utils import getdate, today
from zgz_app.demo.data import demo_data, email
from zgz_app.workflow import apply_workflow

COMMITMENT, CHECK = "ZGZ Commitment", "ZGZ Commitment Check"
FIELDS = ("service", "time_limit", "expectation", "contact", "phone")


def ensure_commitments(campaign: str) -> list[str]:
	spec = demo_data()["current_campaign"]["commitments"]
	year = getdate(today()).year
	names = [ensure_signed_set(campaign, year, s) for s in spec["sets"]]
	for name in names:
		ensure_check(name, spec["check"])
	frappe.set_user("Administrator")
	return names


def ensure_signed_set(campaign: str, year: int, spec: dict) -> str:
	key = {"campaign": campaign, "unit": spec["unit"], "year": year, "docstatus": 1}
	existing = frappe.db.get_value(COMMITMENT, key)
	if existing:
		return existing
	frappe.set_user(email(spec["drafter"]))
	doc = frappe.get_doc(
		{
			"doctype": COMMITMENT,
			"campaign": campaign,
			"unit": spec["unit"],
			"year": year,
			"commitments": [dict(zip(FIELDS, row, strict=True)) for row in spec["rows"]],
		}
	).insert()
	apply_workflow(doc.as_dict(), "Submit for Signature")
	frappe.set_user(frappe.db.get_value("ZGZ Unit", spec["unit"], "head"))
	apply_workflow(frappe.get_doc(COMMITMENT, doc.name).as_dict(), "Sign")
	frappe.set_user("Administrator")
	return doc.name


def ensure_check(commitment: str, spec: dict) -> None:
	if frappe.db.exists(CHECK, {"commitment": commitment}):
		return
	unit = frappe.db.get_value(COMMITMENT, commitment, "unit")
	frappe.set_user(email(spec["checker"]))
	check = frappe.get_doc({"doctype": CHECK, "commitment": commitment, "remarks": spec["remarks"]}).insert()
	for row, (result, evidence) in zip(check.items, spec["results"][unit], strict=True):
		row.result, row.evidence = result, evidence
	check.save()
	frappe.set_user("Administrator")
