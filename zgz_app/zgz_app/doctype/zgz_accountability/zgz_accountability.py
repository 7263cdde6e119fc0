# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""问责: a person (or a unit, through its head) held to account on a finding, an overdue item or an
evaluation result, through the Workflow "ZGZ Accountability" with the 陈述申辩 step
(zgz_app.supervision.accountability)."""

from frappe.model.document import Document
from zgz_app import workflow
from zgz_app.supervision.accountability import (
	check_person_and_basis,
	group_leader_of,
	guard_changes,
	record_step,
	set_person,
)


class ZGZAccountability(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def before_validate(self):
		if self.is_new():  # not before_insert: Frappe resets the kept fields after that hook
			self.group_leader = group_leader_of(self.campaign)

	def validate(self):
		set_person(self)
		check_person_and_basis(self)
		if not self.is_new():
			guard_changes(self)
		workflow.check_transition(self)
		record_step(self)

	def on_change(self):
		workflow.follow_up(self)
