"""For the browser check of /evaluate only (scripts/browser_check_evaluations.mjs): plays the lead
office's side. Run with the bench's Python from its sites folder:

    ../env/bin/python /path/to/evaluation_check_helper.py <site> prepare   an open round, two codes
    ../env/bin/python /path/to/evaluation_check_helper.py <site> ballots   ballots the round holds
    ../env/bin/python /path/to/evaluation_check_helper.py <site> close     the lead office closes it
    ../env/bin/python /path/to/evaluation_check_helper.py <site> forget    delete what prepare made

``prepare`` makes five units, a campaign in progress and a round open to an outside group (服务对象),
issues two one-time codes and prints them; ``forget`` removes the lot again, found by its names."""

import sys

import frappe
from zgz_app.evaluation.codes import issue_codes
from zgz_app.evaluation.ranking import close_evaluation, open_evaluation

EVALUATION = "ZGZ Evaluation"
TITLE, PUBLIC = "浏览器检查公开评议", "服务对象"
UNITS = [f"浏览器评议{c}科" for c in "甲乙丙丁戊"]  # a ballot longer than a phone's screen


def the_round() -> str:
	return frappe.db.get_value(EVALUATION, {"title": TITLE})


def prepare() -> str:
	from zgz_app.tests.factories import make_screening_campaign, make_unit

	forget()
	units = [make_unit(u).name for u in UNITS]
	campaign = make_screening_campaign(units)
	campaign.db_set("status", "In Progress")
	doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"title": TITLE,
			"campaign": campaign.name,
			"units": [{"unit": u} for u in units],
			"criteria": [
				{"criterion": "服务态度", "kind": "Rating", "scale": "Satisfaction", "weight": 50},
				{"criterion": "办事效率", "kind": "Rating", "scale": "Score 0-100", "weight": 50},
			],
			"rater_groups": [
				{"rater_group": PUBLIC, "kind": "Outside", "weight": 60},
				{"rater_group": "领导小组", "kind": "Internal", "weight": 40},
			],
		}
	).insert(ignore_permissions=True)
	open_evaluation(doc.name)
	for method in ("ballot_form", "submit"):
		frappe.cache.delete_value(f"rl:zgz_app.evaluation.codes.{method}:127.0.0.1")
	return " ".join(issue_codes(doc.name, PUBLIC, 2))


def forget() -> str:
	"""What an earlier run made, found by its names (a run stopped half way leaves it behind)."""
	for name, campaign in frappe.get_all(EVALUATION, {"title": TITLE}, ["name", "campaign"], as_list=True):
		ballots = frappe.get_all("ZGZ Evaluation Ballot", {"evaluation": name}, pluck="name")
		if ballots:
			frappe.db.delete("ZGZ Evaluation Ballot Score", {"parent": ("in", ballots)})
		for child in ("ZGZ Evaluation Ballot", "ZGZ Evaluation Code"):
			frappe.db.delete(child, {"evaluation": name})
		frappe.delete_doc(EVALUATION, name, force=True, ignore_permissions=True)
		frappe.delete_doc("ZGZ Campaign", campaign, force=True, ignore_permissions=True)
	for unit in UNITS:
		for campaign in frappe.get_all("ZGZ Campaign Unit", {"unit": unit}, pluck="parent"):
			frappe.delete_doc("ZGZ Campaign", campaign, force=True, ignore_permissions=True)
		if frappe.db.exists("ZGZ Unit", unit):
			frappe.delete_doc("ZGZ Unit", unit, force=True, ignore_permissions=True)
	return "ok"


COMMANDS = {
	"prepare": prepare,
	"ballots": lambda: str(frappe.db.count("ZGZ Evaluation Ballot", {"evaluation": the_round()})),
	"close": lambda: close_evaluation(the_round()) or "closed",
	"forget": forget,
}

frappe.init(site=sys.argv[1])
frappe.connect()
frappe.set_user("Administrator")
try:
	print(COMMANDS[sys.argv[2]](*sys.argv[3:]))
	frappe.db.commit()
finally:
	frappe.destroy()
