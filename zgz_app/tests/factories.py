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
