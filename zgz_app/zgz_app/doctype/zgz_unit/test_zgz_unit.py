# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase
from zgz_app.roles import CAMPAIGN_MANAGER, SECTION_HEAD, STAFF
from zgz_app.tests.factories import make_unit, make_user


def unit_permissions(user):
	return {
		p.for_value: p.hide_descendants
		for p in frappe.get_all(
			"User Permission",
			filters={"user": user, "allow": "ZGZ Unit"},
			fields=["for_value", "hide_descendants"],
		)
	}


class TestZGZUnit(FrappeTestCase):
	def test_unit_cannot_be_its_own_parent(self):
		unit = make_unit()
		unit.parent_zgz_unit = unit.name
		with self.assertRaises(frappe.ValidationError) as cm:
			unit.save()
		self.assertIn(_("Parent Unit"), str(cm.exception))

	def test_unit_cannot_move_under_its_own_descendant(self):
		top = make_unit(is_group=1)
		child = make_unit(parent=top.name, is_group=1)
		top.reload()
		top.parent_zgz_unit = child.name
		with self.assertRaises(frappe.ValidationError) as cm:
			top.save()
		self.assertIn(child.name, str(cm.exception))

	def test_membership_grants_and_revokes_the_user_permission(self):
		user = make_user(roles=[STAFF])
		unit = make_unit(members=[user])
		self.assertEqual(unit_permissions(user), {unit.name: 1})
		unit.members = []
		unit.save()
		self.assertEqual(unit_permissions(user), {})

	def test_moving_a_member_moves_the_permission(self):
		user = make_user(roles=[STAFF])
		a = make_unit(members=[user])
		b = make_unit()
		a.members = []
		a.save()
		b.append("members", {"user": user})
		b.save()
		self.assertEqual(unit_permissions(user), {b.name: 1})

	def test_head_sees_sub_units_and_gets_the_section_head_role(self):
		head = make_user(roles=[])
		unit = make_unit(head=head, members=[head], is_group=1)
		self.assertEqual(unit_permissions(head), {unit.name: 0})
		self.assertIn(SECTION_HEAD, frappe.get_roles(head))

	def test_new_member_gets_the_staff_role(self):
		user = make_user(roles=[])
		make_unit(members=[user])
		self.assertIn(STAFF, frappe.get_roles(user))

	def test_campaign_manager_is_not_restricted_to_his_unit(self):
		manager = make_user(roles=[CAMPAIGN_MANAGER])
		make_unit(members=[manager])
		self.assertEqual(unit_permissions(manager), {})

	def test_becoming_campaign_manager_lifts_the_restriction(self):
		user = make_user(roles=[STAFF])
		make_unit(members=[user])
		self.assertTrue(unit_permissions(user))
		frappe.get_doc("User", user).add_roles(CAMPAIGN_MANAGER)
		self.assertEqual(unit_permissions(user), {})

	def test_deleting_a_unit_removes_its_permissions(self):
		user = make_user(roles=[STAFF])
		unit = make_unit(members=[user])
		frappe.delete_doc("ZGZ Unit", unit.name)
		self.assertEqual(unit_permissions(user), {})

	def test_duplicate_member_is_refused(self):
		user = make_user(roles=[STAFF])
		with self.assertRaises(frappe.ValidationError) as cm:
			make_unit(members=[user, user])
		self.assertIn(user, str(cm.exception))
