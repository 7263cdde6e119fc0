"""Who reads a round of 评议 and its results.

Until its results are published a round is read by the lead office (campaign manager) and the
campaign's leading group only; a unit's people see their own unit's results and rank through
``own_results`` — not the other units' figures. Publishing (a button on the round, or the 评议结果通报
being signed and issued) sets the round Published, and everyone with a desk role then reads it whole.
Frappe's role permissions cannot say "the leading group of this campaign", hence the has_permission and
query conditions here, as for the supervision module's records."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.query_builder import Order
from zgz_app.campaign.permissions import in_leading_group, leading_group_campaigns_sql
from zgz_app.core.evaluation import CLOSED, PUBLISHED
from zgz_app.evaluation.ballots import own_units

EVALUATION = "ZGZ Evaluation"
OFFICE = {"System Manager", "ZGZ Campaign Manager"}


def is_office(user: str) -> bool:
	return user == "Administrator" or bool(OFFICE.intersection(frappe.get_roles(user)))


def may_read(doc, user: str) -> bool:
	return is_office(user) or doc.status == PUBLISHED or in_leading_group(doc.campaign, user)


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return None if may_read(doc, user or frappe.session.user) else False


def query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office(user):
		return ""
	return (
		f"(`tabZGZ Evaluation`.`status` = {frappe.db.escape(PUBLISHED)} or "
		f"`tabZGZ Evaluation`.`campaign` in {leading_group_campaigns_sql(user)})"
	)


@frappe.whitelist()
def own_results(name: str) -> dict:
	"""The signed-in user's own units' rows of a closed round (total, rank, figures, flagged), with the
	number of units ranked; the other units' rows only once the results are published."""
	status, title = frappe.db.get_value(EVALUATION, name, ["status", "title"]) or (None, None)
	if not status:
		frappe.throw(_("Evaluation: {0} does not exist.").format(name), frappe.DoesNotExistError)
	fields = ("unit", "total", "rank", "flagged", "ballots", "figures", "missing")
	rows = [{f: r[f] for f in fields} for r in visible_results(frappe.session.user, name)]
	units = frappe.db.count("ZGZ Evaluation Unit", {"parent": name, "parenttype": EVALUATION})
	return {"title": title, "status": status, "units": units, "results": rows}


def visible_results(user: str, evaluation: str | None = None) -> list[frappe._dict]:
	"""The result rows of closed rounds (or one round) that ``user`` may see, newest round first, by
	rank: every row of a round he reads whole (the lead office, its leading group, a published round),
	else only his own units' rows — each with ``ranked``, the number of units the round ranked. One
	query for the rows whatever the number of rounds."""
	ev, res = frappe.qb.DocType(EVALUATION), frappe.qb.DocType("ZGZ Evaluation Result")
	query = (
		frappe.qb.from_(res)
		.join(ev)
		.on(res.parent == ev.name)
		.select(
			ev.name.as_("evaluation"),
			ev.title,
			ev.status,
			ev.campaign,
			res.unit,
			res.total,
			res.rank,
			res.flagged,
			res.ballots,
			res.figures,
			res.missing,
		)
		.where((res.parenttype == EVALUATION) & ev.status.isin((CLOSED, PUBLISHED)))
		.orderby(ev.creation, order=Order.desc)
		.orderby(res.rank)
		.orderby(res.idx)
	)
	if evaluation:
		query = query.where(ev.name == evaluation)
	rows = query.run(as_dict=True)
	ranked = Counter(r.evaluation for r in rows)
	mine, whole = own_units(user), {}
	out = []
	for r in rows:
		if r.evaluation not in whole:
			whole[r.evaluation] = may_read(r, user)
		if whole[r.evaluation] or r.unit in mine:
			r.ranked = ranked[r.evaluation]
			out.append(r)
	return out


def publish(round_doc) -> None:
	if round_doc.status != CLOSED:
		frappe.throw(
			_("Status: {0} is {1}; only a closed round's results are published.").format(
				round_doc.title, _(round_doc.status)
			),
			title=_("Wrong Round Status"),
		)
	round_doc.status = PUBLISHED
	round_doc.flags.zgz_system = True
	round_doc.save(ignore_permissions=True)


@frappe.whitelist(methods=["POST"])
def publish_results(name: str) -> None:
	"""The lead office opens a closed round's results to everyone."""
	round_doc = frappe.get_doc(EVALUATION, name, for_update=True)
	round_doc.check_permission("write")
	publish(round_doc)


def publish_with_notice(notice) -> None:
	"""The 评议结果通报 is issued: the round it reports is published (if it is not already)."""
	if not notice.get("evaluation"):
		return
	round_doc = frappe.get_doc(EVALUATION, notice.evaluation, for_update=True)
	if round_doc.status == CLOSED:
		publish(round_doc)
