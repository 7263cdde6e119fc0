"""A ballot: one rater's answers on one unit, on each rating criterion of an open round.

Internal raters rate in the desk, as listed under the round's Internal Raters, never their own unit;
each rater rates a unit once in a group. Outside raters' ballots come from the public page with a
one-time code, all of a code's ballots together or none."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_fullname
from zgz_app.campaign.permissions import user_units
from zgz_app.core.evaluation import OPEN, RATING, SATISFACTION, rating_points

EVALUATION, BALLOT = "ZGZ Evaluation", "ZGZ Evaluation Ballot"


def label(doc, field: str) -> str:
	return _(doc.meta.get_label(field))


def check_ballot(doc, round_doc=None) -> None:
	"""Refuse a ballot the round does not take, then set its rows and points."""
	round_doc = round_doc or frappe.get_cached_doc(EVALUATION, doc.evaluation)
	if round_doc.status != OPEN:
		frappe.throw(
			_("{0}: {1} is {2}; ballots are taken only while a round is open.").format(
				label(doc, "evaluation"), round_doc.title, _(round_doc.status)
			),
			title=_("Round Not Open"),
		)
	if doc.evaluated_unit not in {row.unit for row in round_doc.units}:
		frappe.throw(
			_("{0}: {1} is not evaluated in {2}. Choose one of the round's units.").format(
				label(doc, "evaluated_unit"), doc.evaluated_unit, round_doc.title
			)
		)
	groups = {g.rater_group: g.kind for g in round_doc.rater_groups}
	if doc.rater_group not in groups:
		frappe.throw(
			_("{0}: {1} is not a rater group of {2}. Choose one of: {3}.").format(
				label(doc, "rater_group"), doc.rater_group, round_doc.title, "、".join(groups)
			)
		)
	if not doc.code_hash:
		check_internal_rater(doc, round_doc)
	set_scores(doc, round_doc)


def check_internal_rater(doc, round_doc) -> None:
	listed = {(r.rater_group, r.user) for r in round_doc.raters}
	if (doc.rater_group, doc.rater) not in listed:
		frappe.throw(
			_(
				"{0}: {1} is not listed as a rater of {2} in this round. Ask the lead office to add you under Internal Raters."
			).format(label(doc, "rater_group"), get_fullname(doc.rater), doc.rater_group),
			frappe.PermissionError,
			title=_("Not a Rater"),
		)
	if doc.evaluated_unit in own_units(doc.rater):
		frappe.throw(
			_("{0}: {1} is your own unit. Raters do not rate their own unit; choose another.").format(
				label(doc, "evaluated_unit"), doc.evaluated_unit
			),
			title=_("Own Unit"),
		)
	other = frappe.db.get_value(
		BALLOT,
		{
			"evaluation": doc.evaluation,
			"rater": doc.rater,
			"rater_group": doc.rater_group,
			"evaluated_unit": doc.evaluated_unit,
			"name": ("!=", doc.name),
		},
	)
	if other:
		frappe.throw(
			_(
				"{0}: you have already rated {1} in this round ({2}). Open it and change your ratings there."
			).format(label(doc, "evaluated_unit"), doc.evaluated_unit, other),
			title=_("Already Rated"),
			exc=frappe.UniqueValidationError,
		)


def own_units(user: str) -> set[str]:
	"""The units a rater belongs to: as head, deputy or member, and those below them he sees."""
	unit = frappe.qb.DocType("ZGZ Unit")
	member = frappe.qb.DocType("ZGZ Unit Member")
	heads = frappe.qb.from_(unit).select(unit.name).where((unit.head == user) | (unit.deputy == user)).run()
	members = frappe.qb.from_(member).select(member.parent).where(member.user == user).run()
	return {r[0] for r in heads + members} | set(user_units(user))


def set_scores(doc, round_doc) -> None:
	"""The rows are the round's rating criteria, in order, with the answers given, each as points."""
	given = {row.criterion: row for row in doc.scores}
	doc.set("scores", [])
	for c in round_doc.criteria:
		if c.kind != RATING:
			continue
		answer = given.get(c.criterion)
		rating = answer.rating if answer else None
		score = answer.score if answer and answer.score not in (None, "") else None
		try:
			points = rating_points(c.scale, rating, score)
		except ValueError:
			if c.scale == SATISFACTION:
				message = _(
					"Ratings: {0} needs an answer. Choose Satisfied, Basically Satisfied or Unsatisfied."
				)
			else:
				message = _("Ratings: {0} needs a score from 0 to 100.")
			frappe.throw(message.format(c.criterion), title=_("Incomplete Ballot"))
		doc.append(
			"scores",
			{"criterion": c.criterion, "scale": c.scale, "rating": rating, "score": score, "points": points},
		)
