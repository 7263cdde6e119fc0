"""Who reads a round of 评议 and its results.

Until its results are published a round is read by the lead office (campaign manager) and the
campaign's leading group only; a unit's people see their own unit's results and rank through
``own_results`` — not the other units' figures. Publishing (a button on the round, or the 评议结果通报
being signed and issued) sets the round Published, and everyone with a desk role then reads it whole.
Frappe's role permissions cannot say "the leading group of this campaign", hence the has_permission and
query conditions here, as for the supervision module's records."""

from __future__ import annotations

import frappe
from frappe import _
from zgz_app.campaign.permissions import in_leading_group, leading_group_campaigns_sql, user_units
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
	status, title, campaign = frappe.db.get_value(EVALUATION, name, ["status", "title", "campaign"]) or (
		None,
		None,
		None,
	)
	if not status:
		frappe.throw(_("Evaluation: {0} does not exist.").format(name), frappe.DoesNotExistError)
	user = frappe.session.user
	round_doc = frappe.get_doc(EVALUATION, name)
	if status not in (CLOSED, PUBLISHED):
		return {"title": title, "status": status, "units": len(round_doc.units), "results": []}
	mine = own_units(user) | set(user_units(user))
	everyone = may_read(round_doc, user)
	fields = ("unit", "total", "rank", "flagged", "ballots", "figures", "missing")
	rows = [{f: r.get(f) for f in fields} for r in round_doc.results if everyone or r.unit in mine]
	return {"title": title, "status": status, "units": len(round_doc.units), "results": rows}


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
