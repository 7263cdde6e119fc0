"""Factories for key-task site tests: a task with its units and people, milestones, reports."""

import frappe
from frappe.utils import add_days, today
from zgz_app.roles import LEADER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import act, make_screening_campaign, make_unit, make_user

TASK, MILESTONE, REPORT = "ZGZ Key Task", "ZGZ Key Task Milestone", "ZGZ Key Task Report"


def key_task_people(prefix: str = "kt") -> frappe._dict:
	"""Users and units: a lead unit (head, deputy, staff), a cooperating unit, an outside unit, the
	campaign's lead office (its head) and the responsible leader."""
	p = frappe._dict(
		lead_head=make_user(f"{prefix}_lead_head", roles=(SECTION_HEAD,), full_name="王牵头"),
		lead_deputy=make_user(f"{prefix}_lead_deputy", roles=(SECTION_HEAD,), full_name="钱副科"),
		lead_staff=make_user(f"{prefix}_lead_staff", roles=(STAFF,), full_name="孙科员"),
		coop_head=make_user(f"{prefix}_coop_head", roles=(SECTION_HEAD,), full_name="赵配合"),
		other_head=make_user(f"{prefix}_other_head", roles=(SECTION_HEAD,), full_name="冯无关"),
		office_head=make_user(f"{prefix}_office_head", roles=(SECTION_HEAD,), full_name="陈督办"),
		leader=make_user(f"{prefix}_leader", roles=(LEADER,), full_name="郑分管"),
		group=make_user(f"{prefix}_group", roles=(LEADER,), full_name="周组长"),
	)
	p.lead_unit = make_unit(head=p.lead_head, deputy=p.lead_deputy, members=[p.lead_staff]).name
	p.coop_unit = make_unit(head=p.coop_head).name
	p.other_unit = make_unit(head=p.other_head).name
	p.office = make_unit(head=p.office_head).name
	return p


def make_key_campaign(p, **kw):
	return make_screening_campaign(
		[p.lead_unit, p.coop_unit, p.other_unit],
		lead_unit=p.office,
		leading_group=[{"group_role": "Leader", "user": p.group, "member_name": "周组长", "post": "局长"}],
		**kw,
	).name


def make_key_task(campaign: str, p, due_days: int = 90, **kw):
	return frappe.get_doc(
		{
			"doctype": TASK,
			"campaign": campaign,
			"title": "优化营商环境，推进“不见面审批”",
			"lead_unit": p.lead_unit,
			"cooperating_units": [{"unit": p.coop_unit}],
			"responsible_leader": p.leader,
			"due_date": add_days(today(), due_days),
			**kw,
		}
	).insert(ignore_permissions=True)


def add_milestone(task: str, end_days: int, start_days: int = -5, deliverable: str = "完成流程再造方案"):
	return frappe.get_doc(
		{
			"doctype": MILESTONE,
			"key_task": task,
			"deliverable": deliverable,
			"start_date": add_days(today(), start_days),
			"end_date": add_days(today(), end_days),
		}
	).insert(ignore_permissions=True)


def sign_plan(task: str, p):
	act(p.lead_head, TASK, task, "Submit for Signature")
	return act(p.leader, TASK, task, "Sign")


def report(milestone: str, unit: str, user: str, percent: float = 50, **kw):
	frappe.set_user(user)
	try:
		return frappe.get_doc(
			{
				"doctype": REPORT,
				"milestone": milestone,
				"unit": unit,
				"percent": percent,
				"note": "已完成初稿，正在征求意见",
				**kw,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
