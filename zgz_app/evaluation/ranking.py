"""Opening and closing a round of 评议, and its results.

On closing, each unit's points per criterion are worked out — a rating criterion: the mean of each
rater group's ballots, the groups weighted; an indicator: the unit's figure placed among the units
(zgz_app.core.evaluation.indicator_points) — and weighted into a total. Totals, ranks (ties share a
place) and the last places flagged are frozen on the round; for each flagged unit a 考评问责 is
proposed, which the campaign's leading group confirms (a ZGZ Accountability against the unit's head is
opened) or drops with a reason."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Avg, Count
from frappe.utils import cint, now_datetime
from zgz_app.campaign.permissions import in_leading_group
from zgz_app.core.evaluation import (
	CLOSED,
	DEFAULT_FLAG_LAST,
	DRAFT,
	INDICATOR,
	OPEN,
	flagged_last,
	indicator_points,
	ranks,
	weighted,
)
from zgz_app.evaluation.indicators import compute

EVALUATION = "ZGZ Evaluation"
PROPOSED, CONFIRMED, DROPPED = "Proposed", "Confirmed", "Dropped"


def flag_last(round_doc) -> int:
	if cint(round_doc.flag_last) > 0:
		return cint(round_doc.flag_last)
	# a Single's Int reads 0 until it is first saved: 0 falls back to seed 004's three
	return cint(frappe.db.get_single_value("ZGZ Settings", "evaluation_flag_last")) or DEFAULT_FLAG_LAST


def require_status(round_doc, status: str) -> None:
	if round_doc.status != status:
		frappe.throw(
			_("Status: {0} is {1}; this needs a round that is {2}.").format(
				round_doc.title, _(round_doc.status), _(status)
			),
			title=_("Wrong Round Status"),
		)


@frappe.whitelist()
def open_evaluation(name: str) -> None:
	round_doc = frappe.get_doc(EVALUATION, name)
	round_doc.check_permission("write")
	require_status(round_doc, DRAFT)
	round_doc.status = OPEN
	round_doc.flags.zgz_system = True
	round_doc.save(ignore_permissions=True)


@frappe.whitelist()
def close_evaluation(name: str) -> None:
	"""Close the round (no ballot is taken after) and freeze its results."""
	round_doc = frappe.get_doc(EVALUATION, name, for_update=True)
	round_doc.check_permission("write")
	require_status(round_doc, OPEN)
	rows = results(round_doc)
	round_doc.flags.zgz_system = True
	round_doc.status = CLOSED
	round_doc.closed_on = now_datetime()
	round_doc.set("results", rows)
	round_doc.save(ignore_permissions=True)


def group_means(round_doc) -> dict:
	"""(unit, criterion, group) -> mean points and unit -> ballots, in two grouped queries."""
	ballot = frappe.qb.DocType("ZGZ Evaluation Ballot")
	score = frappe.qb.DocType("ZGZ Evaluation Ballot Score")
	means = (
		frappe.qb.from_(score)
		.join(ballot)
		.on(ballot.name == score.parent)
		.select(ballot.evaluated_unit, score.criterion, ballot.rater_group, Avg(score.points))
		.where((ballot.evaluation == round_doc.name) & (score.parenttype == "ZGZ Evaluation Ballot"))
		.groupby(ballot.evaluated_unit, score.criterion, ballot.rater_group)
		.run()
	)
	counts = (
		frappe.qb.from_(ballot)
		.select(ballot.evaluated_unit, Count(ballot.name))
		.where(ballot.evaluation == round_doc.name)
		.groupby(ballot.evaluated_unit)
		.run()
	)
	return {(u, c, g): float(m) for u, c, g, m in means}, {u: int(n) for u, n in counts}


def results(round_doc) -> list[dict]:
	units = [row.unit for row in round_doc.units]
	means, ballots = group_means(round_doc)
	group_weights = {g.rater_group: float(g.weight) for g in round_doc.rater_groups}
	figures = compute(round_doc.campaign, units, round_doc.closed_on or now_datetime())
	points: dict[str, dict[str, float | None]] = defaultdict(dict)
	for c in round_doc.criteria:
		if c.kind == INDICATOR:
			for unit, value in indicator_points(figures[c.indicator], c.indicator).items():
				points[unit][c.criterion] = value
		else:
			for unit in units:
				parts = {g: means.get((unit, c.criterion, g)) for g in group_weights}
				points[unit][c.criterion] = weighted(parts, group_weights)[0]
	criterion_weights = {c.criterion: float(c.weight) for c in round_doc.criteria}
	totals, missing = {}, {}
	for unit in units:
		totals[unit], missing[unit] = weighted(points[unit], criterion_weights)
	ranking = ranks(totals)
	flagged = flagged_last(ranking, flag_last(round_doc))
	rows = []
	for unit in sorted(units, key=lambda u: (ranking[u] is None, ranking[u] or 0, u)):
		shown = "\n".join(f"{c}: {'—' if v is None else f'{v:g}'}" for c, v in points[unit].items())
		rows.append(
			{
				"unit": unit,
				"total": totals[unit],
				"rank": ranking[unit],
				"flagged": int(unit in flagged),
				"ballots": ballots.get(unit, 0),
				"figures": shown,
				"missing": "、".join(missing[unit]),
				"proposal": PROPOSED if unit in flagged else "",
			}
		)
	return rows


@frappe.whitelist()
def decide_proposal(name: str, unit: str, confirm: int | bool, reason: str | None = None) -> str | None:
	"""The leading group confirms a 考评问责 proposal (opening the case against the unit's head) or drops
	it with a reason."""
	round_doc = frappe.get_doc(EVALUATION, name, for_update=True)
	if not in_leading_group(round_doc.campaign, frappe.session.user):
		frappe.throw(
			_("Only the leading group of {0} confirms or drops a 考评问责 proposal.").format(
				round_doc.campaign
			),
			frappe.PermissionError,
			title=_("Not Yours to Do"),
		)
	row = next((r for r in round_doc.results if r.unit == unit and r.proposal == PROPOSED), None)
	if not row:
		frappe.throw(
			_("Results: {0} has no 考评问责 proposal waiting in {1}.").format(unit, round_doc.title),
			title=_("Nothing to Decide"),
		)
	if cint(confirm):
		row.accountability = propose_accountability(round_doc, row)
		row.proposal = CONFIRMED
	else:
		if not (reason or "").strip():
			frappe.throw(
				_("Reason Dropped: say why the proposal against {0} is dropped.").format(unit),
				title=_("Reason Needed"),
			)
		row.proposal, row.drop_reason = DROPPED, reason.strip()
	round_doc.flags.zgz_system = True
	round_doc.save(ignore_permissions=True)
	return row.accountability


def propose_accountability(round_doc, row) -> str:
	note = _("{0}: ranked {1} of {2} with {3} points, among the last {4}.").format(
		round_doc.title, row.rank, len(round_doc.units), f"{row.total:g}", flag_last(round_doc)
	)
	measures = frappe.get_all(
		"ZGZ Accountability Measure", {"parenttype": "ZGZ Settings"}, pluck="measure", order_by="idx asc"
	)
	case = frappe.get_doc(
		{
			"doctype": "ZGZ Accountability",
			"campaign": round_doc.campaign,
			"target": "Unit",
			"unit": row.unit,
			"kind": "Poor Evaluation",
			"basis_type": "Evaluation Result",
			"evaluation_note": note,
			"measure": measures[0] if measures else None,
			"facts": note,
			"rule_broken": _(
				"Seed 004: the heads of the last three units in the year's evaluation are held to account."
			),
		}
	)
	case.insert(ignore_permissions=True)
	return case.name
