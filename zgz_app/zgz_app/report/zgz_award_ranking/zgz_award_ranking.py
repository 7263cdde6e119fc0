# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""申报评选排名: one kind of award of a campaign, ranked by the reviewers' average scores, with the
average per criterion. Equal averages share a rank; the top places (十佳: 10) take everyone ranked
within them, so a tie across the last place is shown in full and flagged (zgz_app.core.awards.rank).
The nominations come from ``frappe.get_list`` (User Permissions apply); the per-criterion averages
from one grouped query over the nominations listed."""

import frappe
from frappe import _
from frappe.utils import cint, flt
from zgz_app.core.awards import NOT_SELECTED, PLACES, SCORE, STAR
from zgz_app.recognition.nominations import criteria_for
from zgz_app.recognition.scoring import ranking


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.campaign:
		frappe.throw(_("Campaign: choose the campaign whose nominations to rank."), title=_("Invalid Filter"))
	kind = filters.award_kind or STAR
	places = cint(filters.places) or PLACES
	rows = ranking(filters.campaign, kind, places)
	criteria = [c.criterion for c in criteria_for(filters.campaign, kind)]
	averages = criterion_averages([r.name for r in rows])
	shown = rows if cint(filters.show_all) else [r for r in rows if r.in_top]
	for row in shown:
		for i, criterion in enumerate(criteria):
			row[f"criterion_{i}"] = averages.get((row.name, criterion))
		row.status = _(row.workflow_state)
		row.note = note(row, places)
	return get_columns(criteria), shown, message(rows, places), None, summary(rows, places)


def criterion_averages(awards: list[str]) -> dict[tuple[str, str], float]:
	"""{(nomination, criterion): the reviewers' average}, over every reviewer of the nominations the
	user may see (each reviewer's own scores stay his; their averages belong to the nomination)."""
	if not awards:
		return {}
	award_of = dict(
		frappe.get_all(SCORE, filters={"award": ("in", awards)}, fields=["name", "award"], as_list=1)
	)
	if not award_of:
		return {}
	scores: dict[tuple[str, str], list[float]] = {}
	for row in frappe.get_all(
		"ZGZ Award Score Item",
		filters={"parenttype": SCORE, "parent": ("in", list(award_of))},
		fields=["parent", "criterion", "score"],
	):
		scores.setdefault((award_of[row.parent], row.criterion), []).append(flt(row.score))
	return {key: round(sum(values) / len(values), 2) for key, values in scores.items()}


def note(row, places: int) -> str:
	if row.tie_at_cut:
		return _("Tied across place {0}: all shown").format(places)
	if row.tied:
		return _("Tied")
	if row.rank is None and row.workflow_state != NOT_SELECTED:
		return _("Not scored yet")
	return ""


def message(rows, places: int) -> str | None:
	tied = [r for r in rows if r.tie_at_cut]
	if not tied:
		return None
	return _(
		"{0} nominations share place {1}, which goes past place {2}, so all of them are shown. Decide "
		"between them (mark those not chosen Do Not Select) or publish more places."
	).format(len(tied), tied[0].rank, places)


def summary(rows, places: int) -> list[dict]:
	ranked = [r for r in rows if r.rank is not None]
	return [
		{"label": _("Ranked"), "value": len(ranked), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("In the Top {0}").format(places),
			"value": sum(1 for r in rows if r.in_top),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Not Scored Yet"),
			"value": sum(1 for r in rows if r.rank is None and r.workflow_state != NOT_SELECTED),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]


def get_columns(criteria: list[str]) -> list[dict]:
	columns = [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "name",
			"label": _("Nomination"),
			"fieldtype": "Link",
			"options": "ZGZ Service Award",
			"width": 150,
		},
		{"fieldname": "title", "label": _("Nominee or Case"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "unit",
			"label": _("Nominating Unit"),
			"fieldtype": "Link",
			"options": "ZGZ Unit",
			"width": 140,
		},
	]
	columns += [
		{
			"fieldname": f"criterion_{i}",
			"label": criterion,
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		}
		for i, criterion in enumerate(criteria)
	]
	columns += [
		{
			"fieldname": "average_score",
			"label": _("Average Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{"fieldname": "score_count", "label": _("Reviewers Who Scored"), "fieldtype": "Int", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "note", "label": _("Remarks"), "fieldtype": "Data", "width": 200},
	]
	return columns
