# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""投诉举报: a complaint or suggestion filed by the public on the website (zgz_app/www/complaint).

Handled through Frappe's Workflow "ZGZ Complaint Handling": the lead office triages it (passes it to a
unit, merges it with a duplicate, or closes it with a reason), the unit answers; an upheld complaint
becomes a problem item. What the public sent is at a permlevel nobody writes; who sent it is a ZGZ
Complainant record that only the lead office reads, linked at permlevel 2. The steps live in
zgz_app.public_channel.handling."""

import frappe
from frappe.model.document import Document
from frappe.utils import getdate, today
from zgz_app import workflow
from zgz_app.concurrency import UniqueKeyMessage
from zgz_app.public_channel.handling import after_step, check_step, stamp_new
from zgz_app.roles import CAMPAIGN_MANAGER
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

COMPLAINT = "ZGZ Complaint"
TRIAGE, WITH_UNIT = "Awaiting Triage", "With Unit"


class ZGZComplaint(UniqueKeyMessage, Document):
	def before_validate(self):
		# Not before_insert: Frappe resets the fields only the app writes (permlevel 1) after that hook.
		if self.is_new():
			stamp_new(self)

	def validate(self):
		workflow.check_transition(self)
		check_step(self)

	def on_update(self):
		after_step(self)

	def on_change(self):
		workflow.follow_up(self)


def overdue_complaints(day=None) -> dict[str, list]:
	"""Complaints past their step's deadline, by who holds them (for the morning digest): the lead
	office's handlers (campaign managers) at triage, the unit's head and deputy once passed to it."""
	day = getdate(day or today())
	rows = frappe.get_all(
		COMPLAINT,
		filters={"workflow_state": ("in", (TRIAGE, WITH_UNIT))},
		fields=["name", "kind", "workflow_state", "unit", "received_on", "triage_due", "answer_due"],
		order_by="received_on",
	)
	calendar = get_settings().calendar()
	managers = workflow.role_users(CAMPAIGN_MANAGER)
	heads = {
		u.name: (u.head, u.deputy)
		for u in frappe.get_all(
			"ZGZ Unit",
			filters={"name": ("in", [r.unit for r in rows if r.unit] or [""])},
			fields=["name", "head", "deputy"],
		)
	}
	held: dict[str, list] = {}
	for row in rows:
		due = row.triage_due if row.workflow_state == TRIAGE else row.answer_due
		left = calendar.days_left(day, getdate(due)) if due else 0
		if left >= 0:
			continue
		row.due, row.days_overdue = getdate(due), -left  # working days
		holders = managers if row.workflow_state == TRIAGE else heads.get(row.unit, ())
		for user in filter(None, set(holders)):
			held.setdefault(user, []).append(row)
	return held
