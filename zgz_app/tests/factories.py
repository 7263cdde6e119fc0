"""Factory helpers for site tests: each makes a valid record and takes overrides."""

import random

import frappe
from frappe.utils import random_string
from zgz_app.roles import STAFF

TEST_DOMAIN = "zgz-test.invalid"


def make_user(
	login: str | None = None, roles: list[str] | tuple = (STAFF,), full_name: str | None = None
) -> str:
	email = f"{login or random_string(8).lower()}@{TEST_DOMAIN}"
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name or login or "测试用户",
				"send_welcome_email": 0,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		if roles:
			user.add_roles(*roles)
	return email


def make_unit(name: str | None = None, parent: str | None = None, members=(), **kw):
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Unit",
			"unit_name": name or f"测试科-{random_string(6)}",
			"unit_type": "Section",
			"parent_zgz_unit": parent,
			"members": [{"user": u} for u in members],
			**kw,
		}
	)
	return doc.insert(ignore_permissions=True)


def make_campaign(**kw):
	serial = random.randint(100, 999_999)
	lead = kw.pop("lead_unit", None) or make_unit().name
	values = {
		"doctype": "ZGZ Campaign",
		"title": "测试专项活动实施方案",
		"short_name": "打通中梗阻、激发新动能",
		"organisation": "常州市金坛区规划局",
		"doc_number": f"坛规党组发〔2018〕{serial}号",
		"issuing_body": "中共常州市金坛区规划局党组",
		"issue_date": "2018-08-20",
		"start_date": "2018-08-20",
		"end_date": "2019-06-30",
		"lead_unit": lead,
		"leading_group": [
			{"group_role": "Leader", "member_name": "周立群", "post": "党组书记、局长"},
			{"group_role": "Deputy Leader", "member_name": "吴志宏", "post": "副局长"},
			{"group_role": "Member", "member_name": "李明华", "post": "综合科科长"},
		],
		"categories": [
			{"category_name": n} for n in ("思维中梗阻", "责任中梗阻", "禁令中梗阻", "执行中梗阻")
		],
		"phases": [
			{
				"phase_name": "宣传发动",
				"phase_type": "Mobilisation",
				"start_date": "2018-08-20",
				"end_date": "2018-08-31",
			},
			{
				"phase_name": "全面推进",
				"phase_type": "Rectification",
				"start_date": "2018-09-01",
				"end_date": "2018-12-31",
			},
			{
				"phase_name": "持续深化",
				"phase_type": "Consolidation",
				"start_date": "2019-01-01",
				"end_date": "2019-06-30",
			},
		],
		"problem_list_due": "2018-08-24",
		"nomination_start": "2018-09-01",
		"nomination_due": "2018-10-15",
		"summary_due": "2018-12-25",
	}
	values.update(kw)
	doc = frappe.get_doc(values)
	return doc.insert(ignore_permissions=True)


def make_screening_campaign(units, **kw):
	"""A campaign running now (screening phase open today) that the given units take part in."""
	from frappe.utils import add_days, getdate, today

	start, end = add_days(today(), -10), add_days(today(), 200)
	values = {
		"doc_number": f"坛规党组发〔{getdate(start).year}〕{random.randint(100, 999_999)}号",
		"issue_date": start,
		"start_date": start,
		"end_date": end,
		"units": [{"unit": u} for u in units],
		"phases": [
			{
				"phase_name": "全面排查",
				"phase_type": "Screening",
				"start_date": start,
				"end_date": add_days(today(), 5),
			},
			{
				"phase_name": "整改纠正",
				"phase_type": "Rectification",
				"start_date": add_days(today(), 6),
				"end_date": end,
			},
		],
		"problem_list_due": add_days(today(), 5),
		"nomination_start": None,
		"nomination_due": None,
		"summary_due": None,
	}
	values.update(kw)
	return make_campaign(**values)


def plan_row(**kw):
	from frappe.utils import add_days, today

	row = {
		"problem": "办事拖拉，群众诉求超时未办",
		"measures": "建立限时办结台账，每周通报",
		"deadline": add_days(today(), 30),
	}
	row["category"] = "执行中梗阻"
	row.update(kw)
	return row


def make_plan(campaign: str, unit: str, rows=None, plan_type: str = "Personal", **kw):
	"""A draft plan filed by the current user (set the user first with frappe.set_user)."""
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Rectification Plan",
			"campaign": campaign,
			"unit": unit,
			"plan_type": plan_type,
			"rows": rows or [plan_row()],
			**kw,
		}
	)
	return doc.insert()


def ensure_outgoing_email_account() -> str:
	"""Mail goes to the Email Queue only when there is a default outgoing account (never sent in tests)."""
	name = "ZGZ Test Outgoing"
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": f"noreply@{TEST_DOMAIN}",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	return name


def make_item(campaign: str, unit: str, **kw):
	"""A problem item being rectified (as an inspection finding, so no plan is needed)."""
	from frappe.utils import add_days, today

	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Problem Item",
			"campaign": campaign,
			"unit": unit,
			"origin": "Inspection",
			"level": "Unit",
			"source": "Unannounced Check",
			"problem": "窗口工作人员推诿扯皮，群众多次往返",
			"measures": "实行首问负责制，限时办结",
			"deadline": add_days(today(), 30),
			**kw,
		}
	)
	return doc.insert(ignore_permissions=True)


def act(user: str, doctype: str, name: str, action: str, reason: str | None = None, **changes):
	"""Take a workflow action as ``user`` the way the desk does: save the form's changes first (Frappe
	reloads the document before the action), then post the action with the reason asked for."""
	from zgz_app.workflow import apply_workflow

	frappe.set_user(user)
	try:
		if changes:
			frappe.get_doc(doctype, name).update(changes).save()
		doc = frappe.get_doc(doctype, name).as_dict()
		if reason:
			doc["return_reason"] = reason
		apply_workflow(doc, action)
	finally:
		frappe.set_user("Administrator")
	return frappe.get_doc(doctype, name)


def set_zgz_settings(**values):
	"""Change ZGZ Settings for a test; returns the previous values (pass them back to restore)."""
	settings = frappe.get_single("ZGZ Settings")
	previous = {k: settings.get(k) for k in values}
	settings.update(values)
	settings.save(ignore_permissions=True)
	return previous


def guest_page(route: str, **query) -> str:
	"""A www page of the site as an anonymous visitor gets it (rendered in-process), with ``query`` as
	its query string."""
	from frappe.utils import set_request
	from frappe.website.serve import get_response_content

	frappe.set_user("Guest")
	try:
		set_request(method="GET", path=f"/{route}")
		frappe.local.form_dict = frappe._dict(query)
		return get_response_content(route)
	finally:
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
