"""Factory helpers for the supervision stage's site tests (督查问责)."""

import frappe
from frappe.utils import add_days, today

INSPECTION, FINDING = "ZGZ Inspection", "ZGZ Inspection Finding"


def make_inspection(campaign: str, units, leader: str, team=(), kind: str = "Routine", **kw):
	"""A draft inspection of ``units`` by a team led by ``leader`` (inserted as the current user)."""
	doc = frappe.get_doc(
		{
			"doctype": INSPECTION,
			"title": "打通中梗阻专项督查",
			"kind": kind,
			"campaign": campaign,
			"start_date": kw.pop("start_date", today()),
			"end_date": kw.pop("end_date", add_days(today(), 2)),
			"team_leader": leader,
			"team": [{"user": u} for u in team],
			"units": [{"unit": u} for u in units],
			"method_records": 1,
			"method_site": 1,
			**kw,
		}
	)
	return doc.insert()


def make_finding(inspection: str, unit: str, **kw):
	doc = frappe.get_doc(
		{
			"doctype": FINDING,
			"inspection": inspection,
			"unit": unit,
			"description": "窗口工作人员上班时间玩手机，群众等候二十分钟无人接待",
			"category": "执行中梗阻",
			"severity": "Ordinary",
			**kw,
		}
	)
	return doc.insert()
