"""Who may change a key task and its milestones. Every unit reads every task (the campaign's list of
tasks is shared), but only these may save one, and so take its workflow actions (Frappe's
apply_workflow saves the document): the lead unit's head and deputy (who plan the milestones and ask for
close-out), the responsible leader (who signs), the lead office (who closes out) and the campaign
managers. Frappe's role permissions cannot say "this task's lead unit", hence this hook."""

from __future__ import annotations

import frappe
from zgz_app.campaign.permissions import is_unrestricted, unit_grants
from zgz_app.core.key_tasks import CLOSED_OUT, TASK

WRITES = ("write", "create", "delete", "submit", "cancel")


def may_change(task, user: str) -> bool:
	if is_unrestricted(user):
		return True
	if user in (task.get("lead_unit_head"), task.get("lead_unit_deputy"), task.get("responsible_leader")):
		return True
	office = (
		frappe.db.get_value("ZGZ Campaign", task.get("campaign"), "lead_unit")
		if task.get("campaign")
		else None
	)
	grants = unit_grants(user)
	return bool(office and office in grants) or task.get("lead_unit") in grants


def task_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	if ptype not in WRITES:
		return None
	return None if may_change(doc, user or frappe.session.user) else False


def milestone_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	if ptype not in WRITES or not doc.get("key_task"):
		return None
	task = frappe.db.get_value(
		TASK,
		doc.key_task,
		["campaign", "lead_unit", "lead_unit_head", "lead_unit_deputy", "responsible_leader"],
		as_dict=True,
	)
	return None if task and may_change(task, user or frappe.session.user) else False


def refresh_lead_unit_people(unit: str, head: str | None, deputy: str | None) -> None:
	"""A unit's head or deputy changed: its open tasks' copies (``lead_unit_head`` / ``lead_unit_deputy``,
	fetched on save for the workflow's conditions) follow at once, in one grouped UPDATE, so the new head
	plans and asks for close-out and the old one no longer may. Closed-out tasks keep who led them."""
	task = frappe.qb.DocType(TASK)
	(
		frappe.qb.update(task)
		.set(task.lead_unit_head, head)
		.set(task.lead_unit_deputy, deputy)
		.where(
			(task.lead_unit == unit) & (task.workflow_state.isnull() | (task.workflow_state != CLOSED_OUT))
		)
	).run()
