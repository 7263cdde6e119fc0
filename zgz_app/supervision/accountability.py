"""问责: holding a person (or a unit, through its head) to account, and who sees it.

The steps are Frappe's Workflow "ZGZ Accountability" (zgz_app/defaults, editable): proposed by the
lead office → the person states his case (陈述申辩) until a due date → decided by the campaign's
leading-group head (组长) → served (送达: the person acknowledges it, or the lead office records the
service) → carried out. What the steps record is set here, from the controller.

Seed 004 §五's three kinds (违规问责, 监管问责, 考评问责) and its measures (the list in ZGZ Settings). The
basis is an inspection's finding of the same unit, a problem item of the same unit overdue into red and
not closed, or an evaluation result.

Only the leading group, the lead office and the person concerned see it (has_permission and
permission_query_conditions hooks, as for inspections); the head of his unit learns that one exists
from the report 问责统计, which counts without naming."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, formatdate, get_fullname, getdate, today
from zgz_app.campaign.permissions import in_leading_group, leading_group_campaigns_sql
from zgz_app.integrity import user_changes
from zgz_app.roles import CAMPAIGN_MANAGER
from zgz_app.supervision.inspection import unit_people
from zgz_app.supervision.secrecy import FINDING
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

ACCOUNTABILITY = "ZGZ Accountability"
PROPOSED, STATING, DECIDED, SERVED, DONE = "Proposed", "Stating Case", "Decided", "Served", "Carried Out"
OFFICE = frozenset({"System Manager", CAMPAIGN_MANAGER})


# ---------------------------------------------------------------------------------------------------
# Who sees it


def may_see(doc, user: str) -> bool:
	if user == "Administrator" or doc.person == user or OFFICE.intersection(frappe.get_roles(user)):
		return True
	return in_leading_group(doc.campaign, user)


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""hooks.has_permission for ZGZ Accountability: None lets the role permissions decide."""
	return None if may_see(doc, user or frappe.session.user) else False


def query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if user == "Administrator" or OFFICE.intersection(frappe.get_roles(user)):
		return ""
	return (
		f"(`tabZGZ Accountability`.`person` = {frappe.db.escape(user)} or "
		f"`tabZGZ Accountability`.`campaign` in {leading_group_campaigns_sql(user)})"
	)


# ---------------------------------------------------------------------------------------------------
# What it may say


# Seed 004 and the list; an office edits it in ZGZ Settings.
DEFAULT_MEASURES = (
	"提醒谈话",
	"批评教育",
	"责令书面检查",
	"通报批评",
	"诫勉",
	"调离岗位/停职检查",
	"移送纪检监察机关",
)


def ensure_measures() -> None:
	"""After install and migrate: the shipped measures, only while the list is empty."""
	settings = frappe.get_single("ZGZ Settings")
	if settings.accountability_measures:
		return
	for measure in DEFAULT_MEASURES:
		settings.append("accountability_measures", {"measure": measure})
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)


def measures() -> list[str]:
	return [row.measure for row in get_settings().accountability_measures]


@frappe.whitelist()
def measure_options() -> list[str]:
	"""The measures in ZGZ Settings, for the form's Measure field."""
	return measures()


def label(doc, field: str) -> str:
	return _(doc.meta.get_label(field))


def set_person(doc) -> None:
	"""A unit is held to account through its head."""
	if doc.target == "Unit":
		head = frappe.db.get_value("ZGZ Unit", doc.unit, "head")
		if not head:
			frappe.throw(
				_("Unit: {0} has no head to answer for it. Set its head in ZGZ Unit first.").format(doc.unit),
				title=_("No Unit Head"),
			)
		doc.person = head
	if not doc.person:
		frappe.throw(_("{0}: choose who is held to account.").format(label(doc, "person")))


def check_person_and_basis(doc) -> None:
	if doc.person not in unit_people(doc.unit):
		frappe.throw(
			_(
				"{0}: {1} does not belong to {2}. Choose a member of the unit, or the unit he belongs to."
			).format(label(doc, "person"), get_fullname(doc.person), doc.unit),
			title=_("Person Not in Unit"),
		)
	if doc.basis_type == "Inspection Finding":
		check_finding_basis(doc)
	elif doc.basis_type == "Overdue Problem Item":
		check_item_basis(doc)
	elif not (doc.evaluation_note or "").strip():
		frappe.throw(
			_("{0}: say which evaluation result this rests on.").format(label(doc, "evaluation_note"))
		)
	if doc.measure not in measures():
		frappe.throw(
			_(
				"{0}: {1} is not in the list of measures. Choose one of: {2} (the list is in ZGZ Settings)."
			).format(label(doc, "measure"), doc.measure, "、".join(measures())),
			title=_("Unknown Measure"),
		)


def check_finding_basis(doc) -> None:
	if not doc.finding:
		frappe.throw(_("{0}: choose the finding this rests on.").format(label(doc, "finding")))
	unit, inspection = frappe.db.get_value(FINDING, doc.finding, ["unit", "inspection"])
	if unit != doc.unit:
		frappe.throw(
			_("{0}: {1} concerns {2}, not {3}. Hold {2} (or its people) to account for it.").format(
				label(doc, "finding"), doc.finding, unit, doc.unit
			),
			title=_("Another Unit's Record"),
		)
	if frappe.db.get_value("ZGZ Inspection", inspection, "docstatus") != 1:
		frappe.throw(
			_("{0}: inspection {1} has not been reported yet. Wait until its team leader submits it.").format(
				label(doc, "finding"), inspection
			)
		)


def check_item_basis(doc) -> None:
	if not doc.problem_item:
		frappe.throw(_("{0}: choose the overdue problem item.").format(label(doc, "problem_item")))
	item = frappe.db.get_value(
		"ZGZ Problem Item", doc.problem_item, ["unit", "status", "colour", "deadline"], as_dict=True
	)
	if item.unit != doc.unit:
		frappe.throw(
			_(
				"{0}: {1} belongs to {2}; nobody of {3} is held to account for it. Choose an item of {3}."
			).format(label(doc, "problem_item"), doc.problem_item, item.unit, doc.unit),
			title=_("Another Unit's Record"),
		)
	if item.status not in ("Rectifying", "Awaiting Verification") or item.colour != "Red":
		frappe.throw(
			_(
				"{0}: {1} is not overdue into red and open (it is {2}, deadline {3}). Choose a red item."
			).format(label(doc, "problem_item"), doc.problem_item, _(item.status), formatdate(item.deadline)),
			title=_("Not Overdue"),
		)


def group_leader_of(campaign: str) -> str:
	leader = frappe.db.get_value(
		"ZGZ Leading Group Member",
		{"parenttype": "ZGZ Campaign", "parent": campaign, "group_role": "Leader", "user": ("is", "set")},
		"user",
	)
	if not leader:
		frappe.throw(
			_(
				"Campaign: the leading group of {0} has no 组长 with a user to decide. Set the user of its 组长."
			).format(campaign),
			title=_("No Leading-group Head"),
		)
	return leader


# ---------------------------------------------------------------------------------------------------
# Who changes what, and what each step records

PERSON_FIELDS, LEADER_FIELDS = ("statement",), ("decision",)


def guard_changes(doc) -> None:
	"""The person writes only his statement, and only while stating his case; the 组长 only the decision,
	before deciding; the lead office the rest, until the decision (then only how it was carried out)."""
	before = doc.get_doc_before_save()
	if not before or doc.flags.zgz_system:
		return
	changed = user_changes(doc)
	if not changed:
		return
	user, state = frappe.session.user, before.workflow_state
	office = user == "Administrator" or OFFICE.intersection(frappe.get_roles(user))
	for field in changed:
		if field in PERSON_FIELDS and user == doc.person and state == STATING:
			continue
		if field in LEADER_FIELDS and user == doc.group_leader and state == STATING:
			continue
		if (
			office
			and field not in PERSON_FIELDS + LEADER_FIELDS
			and (state in (PROPOSED, STATING) or (field == "execution_note" and state != DONE))
		):
			continue
		frappe.throw(
			_("{0}: not yours to change now ({1}).").format(label(doc, field), _(state or PROPOSED)),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	if "statement" in changed:
		doc.statement_on = today()


def record_step(doc) -> None:
	transition = doc.flags.zgz_transition
	if not transition:
		return
	step, day = transition.next_state, today()
	if step == STATING:
		doc.statement_due = add_days(day, get_settings().statement_days or 5)
	elif step == DECIDED:
		check_decision(doc)
		doc.decided_on = day
		doc.silence_recorded = 0 if (doc.statement or "").strip() else 1
	elif step == SERVED:
		doc.served_on, doc.acknowledged = day, int(frappe.session.user == doc.person)
	elif step == DONE:
		if not (doc.execution_note or "").strip():
			frappe.throw(_("{0}: say how the measure was carried out.").format(label(doc, "execution_note")))
		doc.carried_out_on = day


def check_decision(doc) -> None:
	"""No decision while the person may still state his case (unless he already has), nor without its text."""
	stated = (doc.statement or "").strip()
	if not stated and doc.statement_due and getdate(today()) <= getdate(doc.statement_due):
		frappe.throw(
			_(
				"{0}: {1} may state his case until {2}. Decide after that day, or once he has stated it."
			).format(
				label(doc, "statement_due"), doc.person_name or doc.person, formatdate(doc.statement_due)
			),
			title=_("Statement Period Running"),
		)
	if not (doc.decision or "").strip():
		frappe.throw(_("{0}: write the decision before deciding.").format(label(doc, "decision")))
