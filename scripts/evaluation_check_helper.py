"""For the browser check of /evaluate only (scripts/browser_check_evaluations.mjs): plays the lead
office's side. Run with the bench's Python from its sites folder:

    ../env/bin/python /path/to/evaluation_check_helper.py <site> prepare   an open round, two codes
    ../env/bin/python /path/to/evaluation_check_helper.py <site> ballots   ballots the round holds
    ../env/bin/python /path/to/evaluation_check_helper.py <site> close     the lead office closes it
    ../env/bin/python /path/to/evaluation_check_helper.py <site> commitment a unit's signed 公开承诺
    ../env/bin/python /path/to/evaluation_check_helper.py <site> forget    delete what prepare made

``prepare`` makes five units, a campaign in progress and a round open to an outside group (服务对象),
issues two one-time codes and prints them; ``forget`` removes the lot again, found by its units' names."""

from site_command import run

import frappe
from zgz_app.evaluation.codes import issue_codes
from zgz_app.evaluation.ranking import close_evaluation

EVALUATION, COMMITMENT = "ZGZ Evaluation", "ZGZ Commitment"
SERVICE = "浏览器检查规划条件核实"
UNITS = [f"浏览器评议{c}科" for c in "甲乙丙丁戊"]  # a ballot longer than a phone's screen


def campaigns() -> list[str]:
	return frappe.get_all("ZGZ Campaign Unit", {"unit": ("in", UNITS)}, pluck="parent", distinct=True)


def the_round() -> str:
	return frappe.db.get_value(EVALUATION, {"campaign": ("in", campaigns() or [""])})


def prepare() -> str:
	"""The round as the site tests of the codes make it (a 服务对象 group, 服务态度 and 办事效率), open."""
	from zgz_app.tests.factories import make_screening_campaign, make_unit
	from zgz_app.tests.test_evaluation_codes import PUBLIC, make_round

	forget()
	units = [make_unit(u).name for u in UNITS]
	campaign = make_screening_campaign(units)
	campaign.db_set("status", "In Progress")
	name = make_round(campaign.name, units)
	for method in ("ballot_form", "submit"):
		frappe.cache.delete_value(f"rl:zgz_app.evaluation.codes.{method}:127.0.0.1")
	return " ".join(issue_codes(name, PUBLIC, 2))


def commitment() -> str:
	"""A 公开承诺 of the first unit, drafted by its member and signed by its head through the workflow
	(so /commitments shows it); prints its first service."""
	from zgz_app.roles import SECTION_HEAD, STAFF
	from zgz_app.tests.factories import make_user
	from zgz_app.workflow import apply_workflow

	head, member = make_user("zgz_bc_head", roles=(SECTION_HEAD,)), make_user("zgz_bc_staff", roles=(STAFF,))
	unit = frappe.get_doc("ZGZ Unit", UNITS[0])
	unit.head = head
	unit.set("members", [{"user": member}])
	unit.save(ignore_permissions=True)
	frappe.set_user(member)
	doc = frappe.get_doc(
		{
			"doctype": COMMITMENT,
			"campaign": campaigns()[0],
			"unit": unit.name,
			"year": frappe.utils.getdate().year,
			"commitments": [{"service": SERVICE, "time_limit": "5个工作日", "phone": "0519-80000000"}],
		}
	).insert()
	apply_workflow(doc.as_dict(), "Submit for Signature")
	frappe.set_user(head)
	apply_workflow(frappe.get_doc(COMMITMENT, doc.name).as_dict(), "Sign")
	frappe.set_user("Administrator")
	return frappe.db.get_value(COMMITMENT, doc.name, "workflow_state")


def forget() -> str:
	"""What an earlier run made, found by its units' names (a run stopped half way leaves it behind)."""
	for campaign in campaigns():
		for name in frappe.get_all(EVALUATION, {"campaign": campaign}, pluck="name"):
			ballots = frappe.get_all("ZGZ Evaluation Ballot", {"evaluation": name}, pluck="name")
			if ballots:
				frappe.db.delete("ZGZ Evaluation Ballot Score", {"parent": ("in", ballots)})
			for child in ("ZGZ Evaluation Ballot", "ZGZ Evaluation Code"):
				frappe.db.delete(child, {"evaluation": name})
			frappe.delete_doc(EVALUATION, name, force=True, ignore_permissions=True)
		frappe.delete_doc("ZGZ Campaign", campaign, force=True, ignore_permissions=True)
	for name in frappe.get_all(COMMITMENT, {"unit": ("in", UNITS)}, pluck="name"):
		for child in ("ZGZ Commitment Item", "ZGZ Commitment"):  # signed: deleted as rows, not cancelled
			frappe.db.delete(child, {"parent" if child != COMMITMENT else "name": name})
	for unit in UNITS:
		if frappe.db.exists("ZGZ Unit", unit):
			frappe.delete_doc("ZGZ Unit", unit, force=True, ignore_permissions=True)
	return "ok"


COMMANDS = {
	"prepare": prepare,
	"ballots": lambda: str(frappe.db.count("ZGZ Evaluation Ballot", {"evaluation": the_round()})),
	"commitment": commitment,
	"close": lambda: close_evaluation(the_round()) or "closed",
	"forget": forget,
}

run(COMMANDS)
