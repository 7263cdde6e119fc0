# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet
from zgz_app.campaign.permissions import grant_baseline_roles, sync_user_unit_permissions, unit_users
from zgz_app.concurrency import UniqueKeyMessage
from zgz_app.core.rules import creates_cycle, duplicates
from zgz_app.key_tasks.access import refresh_lead_unit_people


class ZGZUnit(UniqueKeyMessage, NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_unit_member.zgz_unit_member import ZGZUnitMember

		deputy: DF.Link | None
		head: DF.Link | None
		head_name: DF.Data | None
		is_group: DF.Check
		lft: DF.Int
		members: DF.Table[ZGZUnitMember]
		old_parent: DF.Link | None
		parent_zgz_unit: DF.Link | None
		rgt: DF.Int
		seal: DF.AttachImage | None
		supervising_leader: DF.Link | None
		supervising_leader_name: DF.Data | None
		unit_name: DF.Data
		unit_type: DF.Literal["Bureau", "Section", "Affiliated Institution", "Other"]
	# end: auto-generated types
	nsm_parent_field = "parent_zgz_unit"

	def validate(self):
		self.validate_parent()
		self.validate_members()

	def on_update(self):
		super().on_update()
		self.sync_member_permissions()
		self.refresh_key_task_people()

	def on_trash(self):
		super().on_trash()
		self.remove_member_permissions()

	def validate_parent(self):
		parent = self.parent_zgz_unit
		if not parent:
			return
		if parent == self.name:
			frappe.throw(
				_(
					"Parent Unit: {0} cannot be its own parent. Choose the unit above it, or leave Parent Unit empty for the top unit."
				).format(self.name),
				title=_("Invalid Parent Unit"),
			)
		parent_of = dict(frappe.get_all("ZGZ Unit", fields=["name", "parent_zgz_unit"], as_list=True))
		if creates_cycle(self.name, parent, parent_of):
			frappe.throw(
				_(
					"Parent Unit: {0} is under {1} already, so it cannot also be above it. Choose another Parent Unit."
				).format(parent, self.name),
				title=_("Invalid Parent Unit"),
			)

	def validate_members(self):
		for user in duplicates(row.user for row in self.members):
			frappe.throw(
				_("Members: {0} is listed more than once. Remove the extra row.").format(user),
				title=_("Duplicate Member"),
			)

	def sync_member_permissions(self):
		"""Membership is the source of User Permissions: resync everyone who joined, left or stayed."""
		users = unit_users(self)
		before = self.get_doc_before_save()
		if before:
			users |= unit_users(before)
		grant_baseline_roles(self)
		for user in sorted(users):
			sync_user_unit_permissions(user)

	def refresh_key_task_people(self):
		"""The tasks this unit leads keep copies of its head and deputy for their workflow's conditions."""
		if self.has_value_changed("head") or self.has_value_changed("deputy"):
			refresh_lead_unit_people(self.name, self.head, self.deputy)

	def remove_member_permissions(self):
		for name in frappe.get_all(
			"User Permission", filters={"allow": "ZGZ Unit", "for_value": self.name}, pluck="name"
		):
			frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
