"""Award nominations across a campaign: who has not nominated yet, the selection criteria, the
ranking of the scored nominations and the published result.

- :func:`units_yet_to_nominate` and :func:`refresh_units_yet_to_nominate` keep the campaign's hidden
  table *Units Yet to Nominate* current (on every nomination's change, daily, and right before the
  standard Notification "ZGZ Nomination Due" sends), so that the Notification's recipients are simply
  ``head`` of that table: the platform sends the reminder, an administrator can edit it.
- :func:`ranking` ranks one kind of award of a campaign by the reviewers' average score
  (zgz_app.core.awards.rank: ties share a rank; a tie across the last place is shown in full).
- :func:`publish_result` applies the ranking through the workflow (Select for Award / Do Not Select) and
  publishes it as a desk Note that everyone sees on their next login.
"""

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, today
from zgz_app.core.awards import criteria_problems, rank
from zgz_app.roles import CAMPAIGN_MANAGER, LEADER

AWARD = "ZGZ Service Award"
SCORE = "ZGZ Award Score"
PENDING = "ZGZ Unit Yet to Nominate"
PENDING_FIELD = "units_yet_to_nominate"
STAR, CASE = "Service Star", "Service Case"
SUBMITTED_UP, SELECTED, NOT_SELECTED = "Submitted Up", "Selected", "Not Selected"
# the unit has nominated once its head has signed and sealed
SEALED_STATES = ("Awaiting Collection", "Collected", SUBMITTED_UP, SELECTED, NOT_SELECTED)
PLACES = 10  # 十佳
# the paper form of each kind (the campaign dossier prints each nomination with its own)
PRINT_FORMATS = {STAR: "附件3 十佳优秀服务明星申报表", CASE: "附件4 优质服务事例申报表"}


def print_format_for(award_kind: str) -> str:
	return PRINT_FORMATS[award_kind]


# -- who has nominated ------------------------------------------------------------------------------


def participating_units(campaign: str) -> list[str]:
	"""The campaign's participating units in the unit tree's order (a campaign listing none takes every
	unit that is not a group)."""
	listed = frappe.get_all(
		"ZGZ Campaign Unit", filters={"parent": campaign, "parenttype": "ZGZ Campaign"}, pluck="unit"
	)
	filters = {"name": ("in", listed)} if listed else {"is_group": 0}
	return frappe.get_all("ZGZ Unit", filters=filters, order_by="lft", pluck="name")


def units_yet_to_nominate(campaign: str) -> list[dict]:
	"""Participating units without a nomination their head has signed and sealed, with their heads."""
	nominated = set(
		frappe.get_all(
			AWARD,
			filters={"campaign": campaign, "workflow_state": ("in", SEALED_STATES)},
			pluck="unit",
			distinct=True,
		)
	)
	units = [u for u in participating_units(campaign) if u not in nominated]
	if not units:
		return []
	heads = dict(
		frappe.get_all("ZGZ Unit", filters={"name": ("in", units)}, fields=["name", "head"], as_list=1)
	)
	return [{"unit": u, "head": heads.get(u)} for u in units]


def refresh_units_yet_to_nominate(campaign: str, doc=None) -> list[dict]:
	"""Rewrite the campaign's hidden table (only when it changed; the campaign itself is not saved, so
	someone editing it meanwhile is not interrupted). With ``doc``, the loaded campaign gets it too."""
	if not campaign:
		return []
	rows = units_yet_to_nominate(campaign)
	stored = frappe.get_all(
		PENDING,
		filters={"parent": campaign, "parenttype": "ZGZ Campaign", "parentfield": PENDING_FIELD},
		fields=["unit", "head"],
		order_by="idx",
	)
	if [(r.unit, r.head) for r in stored] != [(r["unit"], r["head"]) for r in rows]:
		frappe.db.delete(PENDING, {"parent": campaign, "parenttype": "ZGZ Campaign"})
		for idx, row in enumerate(rows, start=1):
			child = frappe.new_doc(PENDING)
			child.update(
				{
					"parent": campaign,
					"parenttype": "ZGZ Campaign",
					"parentfield": PENDING_FIELD,
					"idx": idx,
					**row,
				}
			)
			child.db_insert()
	if doc is not None:
		doc.set(PENDING_FIELD, rows)
	return rows


def refresh_all_units_yet_to_nominate(day) -> int:
	"""Daily: every campaign still taking nominations (participating units may have changed)."""
	campaigns = frappe.get_all(
		"ZGZ Campaign",
		filters={"nomination_due": (">=", getdate(day)), "nomination_start": ("is", "set")},
		pluck="name",
	)
	for campaign in campaigns:
		refresh_units_yet_to_nominate(campaign)
	return len(campaigns)


# -- selection criteria -----------------------------------------------------------------------------


def validate_criteria(campaign) -> None:
	"""From ZGZ Campaign.validate: each criterion has a maximum above zero and appears once per kind."""
	rows = [row.as_dict() for row in campaign.get("award_criteria") or []]
	for idx, fieldname, kind in criteria_problems(rows):
		label = _(frappe.get_meta("ZGZ Award Criterion").get_label(fieldname))
		if kind == "not_positive":
			message = _(
				"Selection Criteria row {0}: {1} must be above 0. Enter the most a reviewer can give."
			)
		else:
			message = _(
				"Selection Criteria row {0}: {1} is listed twice for the same kind of award. Remove the extra row."
			)
		frappe.throw(message.format(idx, label), title=_("Invalid Selection Criteria"))


def criteria_for(campaign: str, award_kind: str) -> list[dict]:
	"""The campaign's criteria that apply to ``award_kind`` (those without a kind apply to both)."""
	return [
		row
		for row in frappe.get_all(
			"ZGZ Award Criterion",
			filters={"parent": campaign, "parenttype": "ZGZ Campaign"},
			fields=["criterion", "award_kind", "max_score"],
			order_by="idx",
		)
		if not row.award_kind or row.award_kind == award_kind
	]


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
