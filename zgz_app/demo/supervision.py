"""The demo's supervision (督查问责): a 明察暗访 of two units reported by its team leader (its findings
become problem items), an accountability case through 陈述申辩 to service, and a public 通报 signed off by
the 组长 with names masked. Idempotent, like the rest of the demo."""

import frappe
from frappe.utils import add_days, today
from zgz_app.demo.data import demo_data, email
from zgz_app.workflow import apply_workflow


def act(login: str, doctype: str, name: str, action: str) -> None:
	frappe.set_user(email(login))
	apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


def ensure_supervision(campaign: str) -> None:
	if frappe.db.exists("ZGZ Inspection", {"campaign": campaign}):
		return
	data = demo_data()["current_campaign"]["supervision"]
	spec = data["inspection"]
	frappe.set_user(email(spec["leader"]))
	inspection = frappe.get_doc(
		{
			"doctype": "ZGZ Inspection",
			"title": spec["title"],
			"kind": spec["kind"],
			"campaign": campaign,
			"start_date": add_days(today(), spec["start_days"]),
			"end_date": add_days(today(), spec["end_days"]),
			"team_leader": email(spec["leader"]),
			"team": [{"user": email(login)} for login in spec["team"]],
			"units": [{"unit": unit} for unit in spec["units"]],
			"method_covert": 1,
			"method_site": 1,
			"scope_note": spec["scope_note"],
			"summary": spec["summary"],
		}
	).insert()
	findings = []
	for f in spec["findings"]:
		findings.append(
			frappe.get_doc(
				{
					"doctype": "ZGZ Inspection Finding",
					"inspection": inspection.name,
					"unit": f["unit"],
					"person": email(f["person"]) if f["person"] else None,
					"category": f["category"],
					"severity": f["severity"],
					"description": f["description"],
					"location": f["location"],
					"seen_at": add_days(today(), spec["start_days"]),
					"requirement": f["requirement"],
				}
			).insert()
		)
	inspection.reload()
	inspection.submit()

	case_spec = data["accountability"]
	frappe.set_user(email(case_spec["proposer"]))
	case = frappe.get_doc(
		{
			"doctype": "ZGZ Accountability",
			"campaign": campaign,
			"target": "Individual",
			"unit": findings[0].unit,
			"person": email(case_spec["person"]),
			"kind": case_spec["kind"],
			"measure": case_spec["measure"],
			"basis_type": "Inspection Finding",
			"finding": findings[0].name,
			"facts": case_spec["facts"],
			"rule_broken": case_spec["rule_broken"],
		}
	).insert()
	act(case_spec["proposer"], "ZGZ Accountability", case.name, "Notify for Statement")
	frappe.set_user(email(case_spec["person"]))
	frappe.get_doc("ZGZ Accountability", case.name).update({"statement": case_spec["statement"]}).save()
	leader = frappe.db.get_value(
		"ZGZ Leading Group Member", {"parent": campaign, "group_role": "Leader"}, "user"
	)
	frappe.set_user(leader)
	frappe.get_doc("ZGZ Accountability", case.name).update({"decision": case_spec["decision"]}).save()
	apply_workflow(frappe.get_doc("ZGZ Accountability", case.name).as_dict(), "Decide")
	act(case_spec["person"], "ZGZ Accountability", case.name, "Acknowledge Receipt")

	notice_spec = data["notice"]
	current = demo_data()["current_campaign"]
	frappe.set_user(email(case_spec["proposer"]))
	year = frappe.utils.getdate(today()).year
	notice = frappe.get_doc(
		{
			"doctype": "ZGZ Notice",
			"notice_type": notice_spec["notice_type"],
			"title": notice_spec["title"],
			"campaign": campaign,
			"doc_number": f"{current['doc_number_prefix']}〔{year}〕{notice_spec['serial']}号",
			"issuing_body": current["issuing_body"],
			"issue_date": today(),
			"scope": notice_spec["scope"],
			"records": [{"record_type": "ZGZ Accountability", "record": case.name}]
			+ [{"record_type": "ZGZ Inspection Finding", "record": f.name} for f in findings[1:]],
		}
	).insert()
	act(case_spec["proposer"], "ZGZ Notice", notice.name, "Submit for Signature")
	frappe.set_user(leader)
	apply_workflow(frappe.get_doc("ZGZ Notice", notice.name).as_dict(), "Sign")
	frappe.set_user("Administrator")
