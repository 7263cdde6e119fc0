"""The demo's key tasks (重点工作督办) in the campaign running now, drawn from seed 004's paragraphs: each
with its lead and cooperating units, dated milestones, its plan taken through the ZGZ Key Task Plan
workflow by the people (one still awaiting the leader's signature), weekly reports (one missed: a lead
unit let last week pass, so its task is red), and one task closed out (销号) by the lead office."""

import frappe
from zgz_app.demo.data import demo_data, email

TASK, MILESTONE, REPORT = "ZGZ Key Task", "ZGZ Key Task Milestone", "ZGZ Key Task Report"


def ensure_key_task_tracking(campaign: str) -> None:
	"""Idempotent: nothing is done once the campaign has key tasks."""
	from frappe.utils import add_days, getdate, today
	from zgz_app.core.key_tasks import previous_period
	from zgz_app.key_tasks.escalation import colour_tasks
	from zgz_app.key_tasks.reporting import frequency
	from zgz_app.workflow import apply_workflow
	from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

	if frappe.db.exists(TASK, {"campaign": campaign}):
		return
	for spec in demo_data()["current_campaign"]["key_tasks"]:
		frappe.set_user("Administrator")
		task = frappe.get_doc(
			{
				"doctype": TASK,
				"campaign": campaign,
				"title": spec["title"],
				"lead_unit": spec["lead_unit"],
				"cooperating_units": [{"unit": u} for u in spec["cooperating_units"]],
				"responsible_leader": email(spec["responsible_leader"]),
				"due_date": add_days(today(), spec["due_days"]),
			}
		).insert(ignore_permissions=True)
		milestones = [
			frappe.get_doc(
				{
					"doctype": MILESTONE,
					"key_task": task.name,
					"deliverable": m["deliverable"],
					"start_date": add_days(today(), m["start_days"]),
					"end_date": add_days(today(), m["end_days"]),
				}
			)
			.insert(ignore_permissions=True)
			.name
			for m in spec["milestones"]
		]
		for step in spec["steps"]:
			frappe.set_user(email(step["user"]))
			apply_workflow(frappe.get_doc(TASK, task.name).as_dict(), step["action"])
		frappe.set_user("Administrator")
		if spec.get("signed_days") == "before_last_period":
			# The demo is loaded in one go; a plan signed before last week is dated so by hand, so the
			# report its lead unit did not make last week counts as missed (reporting_status).
			last = previous_period(getdate(today()), frequency())[0]
			frappe.db.set_value(TASK, task.name, "signed_on", add_days(last, -1), update_modified=False)
		for r in spec["reports"]:
			frappe.set_user(email(r["user"]))
			doc = frappe.get_doc(
				{
					"doctype": REPORT,
					"milestone": milestones[r["milestone"]],
					"unit": r["unit"],
					"percent": r["percent"],
					"note": r["note"],
				}
			).insert()
			frappe.set_user("Administrator")
			if r.get("last_period"):  # last week's report (the form always dates a report today)
				last = previous_period(getdate(today()), frequency())[1]
				frappe.db.set_value(REPORT, doc.name, "report_date", last, update_modified=False)
		close = spec.get("close_out")
		if close:
			for user, action in ((close["request"], "Request Close-out"), (close["verify"], "Close Out")):
				frappe.set_user(email(user))
				apply_workflow(frappe.get_doc(TASK, task.name).as_dict(), action)
	frappe.set_user("Administrator")
	# Coloured now, without the day's digest (ensure_tracking sends it once a fresh demo is whole).
	settings = get_settings()
	colour_tasks(getdate(today()), settings.thresholds(), settings.calendar())
