"""评优选树 — the reviewers' scores, the ranking and the published result.

- :func:`score_rows` and :func:`update_average`: what a reviewer fills in, and the nomination's average.
- :func:`ranking` ranks one kind of award of a campaign by the reviewers' average score
  (zgz_app.core.awards.rank: ties share a rank; a tie across the last place is shown in full).
- :func:`publish_result` applies the ranking through the workflow (Select for Award / Do Not Select) and
  publishes it as a desk Note that everyone sees on their next login.
"""

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, today
from zgz_app.core.awards import AWARD, NOT_SELECTED, PLACES, SCORE, SELECTED, STAR, SUBMITTED_UP, rank
from zgz_app.recognition.nominations import criteria_for
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER


@frappe.whitelist()
def score_rows(award: str) -> list[dict]:
	"""The rows a reviewer fills in for ``award`` (for the score form)."""
	doc = frappe.get_doc(AWARD, award)
	doc.check_permission("read")
	return [
		{"criterion": c.criterion, "max_score": c.max_score}
		for c in criteria_for(doc.campaign, doc.award_kind)
	]


def update_average(award: str) -> None:
	"""The nomination's average of its reviewers' totals (kept on it for the list and the ranking)."""
	totals = frappe.get_all(SCORE, filters={"award": award}, pluck="total")
	average = round(sum(flt(t) for t in totals) / len(totals), 2) if totals else None
	frappe.db.set_value(
		AWARD, award, {"average_score": average, "score_count": len(totals)}, update_modified=False
	)


# -- ranking and result -----------------------------------------------------------------------------


def ranking(campaign: str, award_kind: str, places: int = PLACES, user_permissions: bool = True) -> list:
	"""The nominations submitted up (and those already selected), ranked by average score, best first;
	then, unranked, those marked not selected. Each row: the nomination's fields and the ranking's
	(rank, tied, in_top, tie_at_cut)."""
	query = frappe.get_list if user_permissions else frappe.get_all
	rows = query(
		AWARD,
		filters={
			"campaign": campaign,
			"award_kind": award_kind,
			"workflow_state": ("in", (SUBMITTED_UP, SELECTED, NOT_SELECTED)),
		},
		fields=[
			"name",
			"title",
			"unit",
			"workflow_state",
			"average_score",
			"score_count",
			"nominee_name",
			"case_title",
		],
		order_by="creation asc",
	)
	pool = [r for r in rows if r.workflow_state != NOT_SELECTED]
	by_name = {r.name: r for r in rows}
	out = []
	for ranked in rank(((r.name, r.average_score if r.score_count else None) for r in pool), places):
		row = by_name[ranked.key]
		row.update(rank=ranked.rank, tied=ranked.tied, in_top=ranked.in_top, tie_at_cut=ranked.tie_at_cut)
		out.append(row)
	for row in rows:
		if row.workflow_state == NOT_SELECTED:
			row.update(rank=None, tied=False, in_top=False, tie_at_cut=False)
			out.append(row)
	return out


def display_name(row) -> str:
	return row.nominee_name or row.case_title or row.name


@frappe.whitelist()
def publish_result(campaign: str, award_kind: str, places: int = PLACES) -> str:
	"""Select the top ``places`` of the ranking and mark the rest not selected (through the workflow,
	as the current user), then publish the result as a Note shown to everyone on login. Refused while
	a nomination is unscored or a tie straddles the last place: people decide those, not the app."""
	if not {"System Manager", CAMPAIGN_MANAGER, LEADER} & set(frappe.get_roles()):
		frappe.throw(
			_("Only the lead unit (campaign managers) and the leaders publish the result."),
			frappe.PermissionError,
			title=_("Not Yours to Do"),
		)
	places = int(places or PLACES)
	if places < 1:
		frappe.throw(_("Places: enter how many are selected, e.g. 10."), title=_("Invalid Places"))
	rows = ranking(campaign, award_kind, places, user_permissions=False)
	pool = [r for r in rows if r.workflow_state != NOT_SELECTED]
	if not pool:
		frappe.throw(
			_("There is nothing to publish: no {0} nomination of {1} has been submitted up.").format(
				_(award_kind), campaign
			),
			title=_("Nothing to Publish"),
		)
	unscored = [display_name(r) for r in pool if r.rank is None]
	if unscored:
		frappe.throw(
			_(
				"Not scored yet: {0}. Ask the reviewers to score them, or mark them Do Not Select, then "
				"publish."
			).format("、".join(unscored)),
			title=_("Scores Missing"),
		)
	tied = [r for r in pool if r.tie_at_cut]
	if tied:
		frappe.throw(
			_(
				"Places: {0} share place {1} with {2} points, which goes past place {3}. Decide "
				"between them (mark those not chosen Do Not Select) or publish more places."
			).format(
				"、".join(display_name(r) for r in tied),
				tied[0].rank,
				f"{flt(tied[0].average_score):.2f}",
				places,
			),
			title=_("Tie at the Last Place"),
		)
	wrongly_selected = [display_name(r) for r in pool if r.workflow_state == SELECTED and not r.in_top]
	if wrongly_selected:
		frappe.throw(
			_("{0}: already Selected, yet outside the top {1} of the ranking. Check the scores.").format(
				"、".join(wrongly_selected), places
			),
			title=_("Ranking Conflict"),
		)
	for row in pool:
		if row.workflow_state == SUBMITTED_UP:
			apply_action(row.name, "Select for Award" if row.in_top else "Do Not Select")
	return publish_note(campaign, award_kind, [r for r in pool if r.in_top])


def apply_action(award: str, action: str) -> None:
	from frappe.model.workflow import apply_workflow

	apply_workflow(frappe.get_doc(AWARD, award).as_dict(), action)


def publish_note(campaign: str, award_kind: str, selected: list) -> str:
	short_name = frappe.db.get_value("ZGZ Campaign", campaign, "short_name")
	title = _("{0}: {1} Selection Result").format(short_name, _(award_kind))
	head = "".join(
		f"<th>{label}</th>"
		for label in (_("Rank"), _("Nominee or Case"), _("Nominating Unit"), _("Average Score"))
	)
	body = "".join(
		"<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td></tr>".format(
			r.rank,
			frappe.utils.escape_html(display_name(r)),
			frappe.utils.escape_html(r.unit),
			flt(r.average_score),
		)
		for r in selected
	)
	intro = _("Selected by the reviewers' average scores, best first:")
	content = (
		f"<p>{intro}</p>"
		f'<table class="table table-bordered"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
	)
	name = frappe.db.get_value("Note", {"title": title})
	note = frappe.get_doc("Note", name) if name else frappe.new_doc("Note")
	note.update(
		{
			"title": title,
			"public": 1,
			"notify_on_login": 1,
			"expire_notification_on": add_days(today(), 30),
			"content": content,
		}
	)
	note.save(ignore_permissions=True)
	return note.name
