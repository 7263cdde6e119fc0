"""The demo's 评议: a round of the current campaign, rated in the desk by its internal raters (each rates
every unit but his own), then closed — ranked, the last three flagged, a 考评问责 proposed against each
of them, waiting for the leading group. Idempotent, like the rest of the demo: a campaign that has the
round already is left alone."""

import frappe
from zgz_app.demo.data import demo_data, email
from zgz_app.evaluation.ranking import close_evaluation, open_evaluation

EVALUATION, BALLOT = "ZGZ Evaluation", "ZGZ Evaluation Ballot"


def ensure_evaluation(campaign: str) -> str:
	spec = demo_data()["current_campaign"]["evaluation"]
	existing = frappe.db.get_value(EVALUATION, {"campaign": campaign, "title": spec["title"]})
	if existing:
		return existing
	frappe.set_user("Administrator")
	round_doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"title": spec["title"],
			"campaign": campaign,
			"flag_last": spec["flag_last"],
			"units": [{"unit": unit} for unit in spec["units"]],
			"criteria": spec["criteria"],
			"rater_groups": spec["rater_groups"],
			"raters": [{"rater_group": b["rater_group"], "user": email(b["rater"])} for b in spec["ballots"]],
		}
	).insert(ignore_permissions=True)
	open_evaluation(round_doc.name)
	rated = [c["criterion"] for c in spec["criteria"] if c["kind"] == "Rating"]
	for ballot in spec["ballots"]:
		frappe.set_user(email(ballot["rater"]))
		for unit, (rating, score) in ballot["ratings"].items():
			frappe.get_doc(
				{
					"doctype": BALLOT,
					"evaluation": round_doc.name,
					"rater_group": ballot["rater_group"],
					"evaluated_unit": unit,
					"scores": [
						{"criterion": rated[0], "rating": rating},
						{"criterion": rated[1], "score": score},
					],
				}
			).insert()
	frappe.set_user("Administrator")
	close_evaluation(round_doc.name)
	return round_doc.name
