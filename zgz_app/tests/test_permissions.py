"""Department isolation: staff of one unit never see another unit's records, whatever the path."""

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase
from zgz_app.roles import STAFF
from zgz_app.tests.factories import make_campaign, make_unit, make_user


class TestUnitIsolation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff_a = make_user(roles=[STAFF])
		cls.staff_b = make_user(roles=[STAFF])
		cls.unit_a = make_unit(members=[cls.staff_a]).name
		cls.unit_b = make_unit(members=[cls.staff_b]).name
		cls.campaign = make_campaign(
			lead_unit=cls.unit_b, units=[{"unit": cls.unit_a}, {"unit": cls.unit_b}]
		).name
		cls.summary_b = cls.make_summary(cls.unit_b).name

	def setUp(self):
		frappe.db.delete("ZGZ Work Summary", {"unit": self.unit_a})

	@classmethod
	def make_summary(cls, unit):
		return frappe.get_doc(
			{
				"doctype": "ZGZ Work Summary",
				"campaign": cls.campaign,
				"unit": unit,
				"summary": "<p>工作总结</p>",
			}
		).insert(ignore_permissions=True)

	def test_staff_reads_own_unit_but_not_another(self):
		with self.set_user(self.staff_a):
			self.assertTrue(frappe.has_permission("ZGZ Unit", doc=self.unit_a))
			self.assertFalse(frappe.has_permission("ZGZ Unit", doc=self.unit_b))
			names = frappe.get_list("ZGZ Unit", pluck="name")
		self.assertIn(self.unit_a, names)
		self.assertNotIn(self.unit_b, names)

	def test_rest_api_get_of_another_units_record_is_forbidden(self):
		# /api/resource/<doctype>/<name> and /api/method/frappe.client.get both check read permission
		with self.set_user(self.staff_a), self.assertRaises(frappe.PermissionError):
			frappe.client.get("ZGZ Work Summary", self.summary_b)
		with self.set_user(self.staff_a), self.assertRaises(frappe.PermissionError):
			frappe.get_doc("ZGZ Unit", self.unit_b).check_permission("read")

	def test_rest_api_list_shows_only_own_units_records(self):
		own = self.make_summary(self.unit_a).name
		with self.set_user(self.staff_a):
			rows = frappe.client.get_list("ZGZ Work Summary", fields=["name", "unit"], limit_page_length=0)
		self.assertEqual({r["name"] for r in rows}, {own})

	def test_staff_cannot_write_a_summary_for_another_unit(self):
		with self.set_user(self.staff_a), self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "ZGZ Work Summary",
					"campaign": self.campaign,
					"unit": self.unit_b,
					"summary": "x",
				}
			).insert()

	def test_staff_writes_own_units_summary(self):
		with self.set_user(self.staff_a):
			doc = frappe.get_doc(
				{
					"doctype": "ZGZ Work Summary",
					"campaign": self.campaign,
					"unit": self.unit_a,
					"summary": "x",
				}
			).insert()
		self.assertEqual(doc.author, self.staff_a)

	def test_campaign_led_by_another_unit_is_visible_to_all_staff(self):
		with self.set_user(self.staff_a):
			self.assertIn(self.campaign, frappe.get_list("ZGZ Campaign", pluck="name"))
			frappe.get_doc("ZGZ Campaign", self.campaign).check_permission("read")

	def test_staff_cannot_create_or_edit_a_campaign(self):
		with self.set_user(self.staff_a):
			self.assertFalse(frappe.has_permission("ZGZ Campaign", "create"))
			self.assertFalse(frappe.has_permission("ZGZ Campaign", "write", doc=self.campaign))

	def test_second_summary_for_a_unit_is_refused(self):
		with self.assertRaises(frappe.ValidationError) as cm:
			self.make_summary(self.unit_b)
		self.assertIn(self.summary_b, str(cm.exception))
