"""An inspection's rules with the database: its team (conflicts of interest), its findings, and the
findings turned into problem items when the team leader reports it.

A finding becomes a ZGZ Problem Item like a signed plan's row does (``create_item`` of the item's
controller): origin Inspection, source 督查发现 (or 明察暗访 for an unannounced check), the unit's head as
responsible leader, the person found (or the head) as responsible person, and the deadline the team set
(the finding's, else the unit's row, else the inspection's, else ZGZ Settings' days after its end). The
item is numbered in the unit's sequence by the same counter as every other item, so it is then tracked,
escalated, reconciled and closed out like them. A finding marked "No Action Needed" gives no item but
must say why."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today
from zgz_app.core.supervision import UNANNOUNCED, conflicts
from zgz_app.supervision.secrecy import FINDING, INSPECTION, team_of
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import create_item
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

NO_ACTION = "No Action Needed"


def unit_people(unit: str) -> set[str]:
	"""Who belongs to ``unit``: its members, head, deputy signatory and supervising leader."""
	row = frappe.db.get_value("ZGZ Unit", unit, ["head", "deputy", "supervising_leader"], as_dict=True) or {}
	people = set(
		frappe.get_all("ZGZ Unit Member", filters={"parenttype": "ZGZ Unit", "parent": unit}, pluck="user")
	)
	people.update(v for v in row.values() if v)
	return people


def check_team(doc) -> None:
	"""Refuse a team member who belongs to an inspected unit (conflict of interest), naming him."""
	team = [doc.team_leader, *(row.user for row in doc.team if row.user)]
	found = conflicts(
		list(dict.fromkeys(u for u in team if u)), {row.unit: unit_people(row.unit) for row in doc.units}
	)
	if found:
		user, unit = found[0]
		frappe.throw(
			_(
				"Team: {0} belongs to {1}, which this inspection inspects (conflict of interest). Take {0} "
				"off the team or {1} off Units Inspected."
			).format(frappe.utils.get_fullname(user), unit),
			title=_("Conflict of Interest"),
		)


def check_dates(doc) -> None:
	if getdate(doc.end_date) < getdate(doc.start_date):
		frappe.throw(
			_("End Date: the inspection cannot end before it starts. Set it on or after {0}.").format(
				frappe.utils.formatdate(doc.start_date)
			),
			title=_("Invalid Dates"),
		)


def check_reporter(doc) -> None:
	"""Only the team leader reports (submits) the inspection."""
	user = frappe.session.user
	if user != doc.team_leader and user != "Administrator":
		frappe.throw(
			_(
				"Team Leader: only {0}, who leads the team, reports this inspection. Ask him to submit it."
			).format(doc.team_leader_name or doc.team_leader),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)


def check_finding(finding) -> None:
	"""A finding belongs to a draft inspection and one of its units, says what was seen, and either
	asks for rectification or says why none is needed."""
	if not frappe.db.exists(INSPECTION, finding.inspection):
		frappe.throw(_("Inspection: {0} does not exist. Choose an inspection.").format(finding.inspection))
	if not finding.unit:
		frappe.throw(
			_("Unit: choose the unit where this was seen."), frappe.MandatoryError, title=_("Missing Unit")
		)
	inspection = frappe.get_doc(INSPECTION, finding.inspection)
	if inspection.docstatus != 0 and not finding.flags.zgz_system:
		frappe.throw(
			_("Inspection: {0} has been reported; its findings can no longer change.").format(
				inspection.name
			),
			title=_("Not Allowed"),
		)
	if not (finding.description or "").strip():
		frappe.throw(_("What Was Seen: describe what the inspectors saw."), title=_("Missing Description"))
	units = [row.unit for row in inspection.units]
	if finding.unit not in units:
		frappe.throw(
			_(
				"Unit: {0} is not among the units {1} inspects. Choose one of them or add it to the inspection."
			).format(finding.unit, inspection.name),
			title=_("Unit Not Inspected"),
		)
	if finding.person and finding.person not in unit_people(finding.unit):
		frappe.throw(
			_(
				"Person Concerned: {0} does not belong to {1}. Choose a member of the unit or leave Person Concerned empty."
			).format(frappe.utils.get_fullname(finding.person), finding.unit),
			title=_("Person Not in Unit"),
		)
	if finding.action == NO_ACTION and not (finding.no_action_reason or "").strip():
		frappe.throw(
			_("Reason for No Action: say why this finding needs no rectification."),
			title=_("Reason Required"),
		)


def findings_of(inspection: str) -> list:
	return [
		frappe.get_doc(FINDING, name)
		for name in frappe.get_all(FINDING, {"inspection": inspection}, pluck="name", order_by="creation asc")
	]


def deadline_for(inspection, finding) -> str:
	row = next((r for r in inspection.units if r.unit == finding.unit), None)
	return (
		finding.deadline
		or (row and row.deadline)
		or inspection.rectify_deadline
		or add_days(inspection.end_date or today(), get_settings().inspection_rectify_days or 30)
	)


def raise_items(inspection) -> int:
	"""On reporting: one problem item per finding that asks for rectification, in the order found."""
	raised = 0
	findings = findings_of(inspection.name)
	for finding in findings:
		if finding.action == NO_ACTION or finding.problem_item:
			continue
		head = frappe.db.get_value("ZGZ Unit", finding.unit, "head")
		item = create_item(
			{
				"campaign": inspection.campaign,
				"unit": finding.unit,
				"origin": "Inspection",
				"level": "Personal" if finding.person else "Unit",
				"source": "Unannounced Check" if inspection.kind == UNANNOUNCED else "Supervision Finding",
				"category": finding.category,
				"problem": finding.description,
				"measures": finding.requirement or _("Rectify as the inspection's feedback requires"),
				"responsible_leader": head,
				"responsible_person": finding.person or head,
				"deadline": deadline_for(inspection, finding),
				"remarks": _("Found by inspection {0}").format(inspection.name),
				"finding": finding.name,
			}
		)
		finding.db_set("problem_item", item, update_modified=False)
		raised += 1
	inspection.db_set({"finding_count": len(findings), "item_count": raised, "reported_on": today()})
	return raised


def team_members(inspection) -> set[str]:
	return team_of(inspection)
