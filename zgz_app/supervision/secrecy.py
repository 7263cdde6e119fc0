"""Who sees an inspection (督查) and its findings.

Before the team leader reports it (submits), an inspection and its findings are for its team (leader
and members) and the campaign's leading group; a routine, concentrated or special one also for the
lead office (campaign managers) and the inspectors, who plan and staff it. A 明察暗访 (unannounced
check) stays with the team and the leading group alone: nobody else, whatever his role, learns of it.

After it is reported, the unrestricted roles (zgz_app.roles) see everything; anyone else sees the
inspections of his units, and of their findings only his units' ones: the finding's ``unit`` Link
carries Frappe's User Permissions, so the rest is the platform's (desk, REST, reports alike).

Frappe's has_permission and permission_query_conditions hooks carry the rule (as ZGZ Dossier's do):
Frappe has no per-record "visible to these users until submitted" rule of its own."""

from __future__ import annotations

import frappe
from zgz_app.campaign.permissions import (
	in_leading_group,
	is_unrestricted,
	leading_group_campaigns_sql,
	user_units,
)
from zgz_app.core.supervision import UNANNOUNCED
from zgz_app.roles import CAMPAIGN_MANAGER, INSPECTOR

INSPECTION, FINDING = "ZGZ Inspection", "ZGZ Inspection Finding"
ALWAYS = frozenset({"Administrator"})
STAFF_OF_ROUNDS = frozenset({"System Manager", CAMPAIGN_MANAGER, INSPECTOR})


def team_of(inspection) -> set[str]:
	return {inspection.team_leader, *(row.user for row in inspection.get("team") or [])} - {None}


def may_see_draft(inspection, user: str) -> bool:
	"""The team and the leading group; for any kind but 明察暗访, also those who run the rounds."""
	if user in ALWAYS or user in team_of(inspection) or in_leading_group(inspection.campaign, user):
		return True
	return inspection.kind != UNANNOUNCED and bool(STAFF_OF_ROUNDS.intersection(frappe.get_roles(user)))


def may_see(inspection, user: str) -> bool:
	if inspection.docstatus == 0:
		return may_see_draft(inspection, user)
	if is_unrestricted(user) or user in team_of(inspection):
		return True
	units = set(user_units(user))
	return any(row.unit in units for row in inspection.units)


def inspection_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""hooks.has_permission for ZGZ Inspection: None lets the role permissions decide."""
	user = user or frappe.session.user
	return None if may_see(doc, user) else False


def finding_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""hooks.has_permission for ZGZ Inspection Finding: as its inspection; the unit's User Permission
	does the rest. A reported inspection's findings are changed by nobody."""
	user = user or frappe.session.user
	if not doc.inspection or not frappe.db.exists(INSPECTION, doc.inspection):
		return None  # a new finding: its controller refuses an unknown inspection, naming the field
	inspection = frappe.get_doc(INSPECTION, doc.inspection)  # not the cache: its docstatus decides
	if not may_see(inspection, user):
		return False
	if inspection.docstatus != 0 and ptype in ("write", "create", "delete"):
		return False
	return None


def visible_inspections_sql(user: str) -> str:
	"""The inspections ``user`` sees, as a condition on `tabZGZ Inspection`."""
	if user in ALWAYS:
		return ""
	esc = frappe.db.escape(user)
	team = (
		f"(`tabZGZ Inspection`.team_leader = {esc} or `tabZGZ Inspection`.name in (select parent from "
		f"`tabZGZ Inspection Member` where parenttype = 'ZGZ Inspection' and `user` = {esc}))"
	)
	group = f"`tabZGZ Inspection`.campaign in {leading_group_campaigns_sql(user)}"
	draft = [team, group]
	if STAFF_OF_ROUNDS.intersection(frappe.get_roles(user)):
		draft.append(f"`tabZGZ Inspection`.kind != {frappe.db.escape(UNANNOUNCED)}")
	if is_unrestricted(user):
		reported = "1=1"
	else:
		units = ", ".join(frappe.db.escape(u) for u in user_units(user)) or "''"
		reported = (
			f"({team} or `tabZGZ Inspection`.name in (select parent from `tabZGZ Inspection Unit` where "
			f"parenttype = 'ZGZ Inspection' and unit in ({units})))"
		)
	return (
		f"((`tabZGZ Inspection`.docstatus = 0 and ({' or '.join(draft)})) or "
		f"(`tabZGZ Inspection`.docstatus > 0 and {reported}))"
	)


def inspection_query(user: str | None = None) -> str:
	"""hooks.permission_query_conditions for ZGZ Inspection: the same rule for lists and reports."""
	return visible_inspections_sql(user or frappe.session.user)


def finding_query(user: str | None = None) -> str:
	"""hooks.permission_query_conditions for ZGZ Inspection Finding: those of visible inspections (the
	unit filter of a restricted user is Frappe's User Permission on ``unit``)."""
	condition = visible_inspections_sql(user or frappe.session.user)
	if not condition:
		return ""
	return (
		"`tabZGZ Inspection Finding`.inspection in (select `tabZGZ Inspection`.name from "
		f"`tabZGZ Inspection` where {condition})"
	)
