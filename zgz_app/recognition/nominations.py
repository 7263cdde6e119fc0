"""评优选树 — who has nominated yet, and the selection criteria.

- :func:`units_yet_to_nominate` and :func:`refresh_units_yet_to_nominate` keep the campaign's hidden
  table *Units Yet to Nominate* current (on every nomination's change, daily, and right before the
  standard Notification "ZGZ Nomination Due" sends), so that the Notification's recipients are simply
  ``head`` of that table: the platform sends the reminder, an administrator can edit it.
- :func:`validate_criteria` and :func:`criteria_for`: the campaign's *Selection Criteria*.
"""

import frappe
from frappe import _
from frappe.utils import getdate
from zgz_app.core.awards import AWARD, SEALED_STATES, criteria_problems

PENDING = "ZGZ Unit Yet to Nominate"
PENDING_FIELD = "units_yet_to_nominate"


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
	# frappe.qb, not get_all's ("is", "set"): that compares a date with '', which PostgreSQL refuses
	campaign = frappe.qb.DocType("ZGZ Campaign")
	campaigns = (
		frappe.qb.from_(campaign)
		.select(campaign.name)
		.where((campaign.nomination_due >= getdate(day)) & campaign.nomination_start.isnotnull())
		.run(pluck=True)
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
