# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate
from zgz_app.campaign.status import refresh_campaign_status
from zgz_app.tests.factories import make_campaign


class TestZGZCampaign(FrappeTestCase):
	def assertRefused(self, message_part, **kw):
		with self.assertRaises(frappe.ValidationError) as cm:
			make_campaign(**kw)
		self.assertIn(message_part, str(cm.exception))
		return cm.exception

	def test_seed_campaign_is_accepted_with_its_phases_in_order(self):
		doc = make_campaign()
		self.assertEqual([p.phase_name for p in doc.phases], ["宣传发动", "全面推进", "持续深化"])
		self.assertEqual(doc.category_names(), ["思维中梗阻", "责任中梗阻", "禁令中梗阻", "执行中梗阻"])

	def test_title_on_forms_is_kept_as_written_or_made_once_from_the_name(self):
		self.assertEqual(make_campaign().form_title, "“打通中梗阻、激发新动能”专项活动")
		self.assertEqual(make_campaign(short_name="“中梗阻”专项治理").form_title, "“中梗阻”专项治理")
		doc = make_campaign(short_name="“中梗阻”专项治理", form_title=" “中梗阻”专项治理工作 ")
		self.assertEqual(doc.form_title, "“中梗阻”专项治理工作")
		doc.short_name = "作风建设"
		doc.save()
		self.assertEqual(doc.form_title, "“中梗阻”专项治理工作", "made once, then the office's to change")

	def test_duplicate_document_number_is_refused(self):
		first = make_campaign()
		exc = self.assertRefused(_("Document Number"), doc_number=first.doc_number)
		self.assertIsInstance(exc, frappe.UniqueValidationError)
		self.assertIn(first.name, str(exc))

	def test_document_number_needs_the_year_in_brackets(self):
		self.assertRefused("〔〕", doc_number="坛规党组发2018年23号")

	def test_document_number_typed_with_square_brackets_is_corrected(self):
		doc = make_campaign(doc_number="坛规党组发[2018]4321号")
		self.assertEqual(doc.doc_number, "坛规党组发〔2018〕4321号")

	def test_document_number_year_must_match_issue_date(self):
		self.assertRefused(_("Issue Date"), doc_number="坛规党组发〔2017〕8765号")

	def test_phases_out_of_order_are_refused(self):
		self.assertRefused(
			"全面推进",
			phases=[
				{
					"phase_name": "全面推进",
					"phase_type": "Rectification",
					"start_date": "2018-09-01",
					"end_date": "2018-12-31",
				},
				{
					"phase_name": "宣传发动",
					"phase_type": "Mobilisation",
					"start_date": "2018-08-20",
					"end_date": "2018-08-31",
				},
			],
		)

	def test_overlapping_phases_are_refused(self):
		exc = self.assertRefused(
			"宣传发动",
			phases=[
				{
					"phase_name": "宣传发动",
					"phase_type": "Mobilisation",
					"start_date": "2018-08-20",
					"end_date": "2018-09-10",
				},
				{
					"phase_name": "全面推进",
					"phase_type": "Rectification",
					"start_date": "2018-09-01",
					"end_date": "2018-12-31",
				},
			],
		)
		self.assertIn("全面推进", str(exc))

	def test_phase_outside_the_campaign_is_refused(self):
		self.assertRefused(
			"持续深化",
			phases=[
				{
					"phase_name": "持续深化",
					"phase_type": "Consolidation",
					"start_date": "2019-01-01",
					"end_date": "2019-12-31",
				}
			],
		)

	def test_leading_group_without_a_leader_is_refused(self):
		exc = self.assertRefused(
			_("Leading Group"),
			leading_group=[{"group_role": "Deputy Leader", "member_name": "吴志宏", "post": "副局长"}],
		)
		self.assertIn("0", str(exc))

	def test_leading_group_with_two_leaders_is_refused(self):
		self.assertRefused(
			_("Leading Group"),
			leading_group=[
				{"group_role": "Leader", "member_name": "周立群", "post": "局长"},
				{"group_role": "Leader", "member_name": "吴志宏", "post": "副局长"},
			],
		)

	def test_deadline_outside_the_campaign_is_refused(self):
		self.assertRefused(_("Nominations Due"), nomination_due="2019-10-15")

	def test_nominations_due_before_they_open_is_refused(self):
		self.assertRefused(_("Nominations Open"), nomination_start="2018-10-01", nomination_due="2018-09-15")

	def test_a_participating_unit_listed_twice_is_refused(self):
		campaign = make_campaign()
		self.assertRefused(
			campaign.lead_unit, units=[{"unit": campaign.lead_unit}, {"unit": campaign.lead_unit}]
		)

	def test_end_before_start_is_refused(self):
		self.assertRefused(_("End Date"), end_date="2018-08-01", phases=[])

	def test_status_and_phase_follow_the_dates(self):
		with self.freeze_time("2018-08-10"):
			self.assertEqual(make_campaign().status, "Not Started")
		with self.freeze_time("2018-08-24"):
			doc = make_campaign()
			self.assertEqual((doc.status, doc.current_phase), ("In Progress", "宣传发动"))
		with self.freeze_time("2019-07-01"):
			doc = make_campaign()
			self.assertEqual((doc.status, doc.current_phase), ("Ended", None))

	def test_daily_refresh_moves_status_and_phase_on(self):
		with self.freeze_time("2018-08-24"):
			doc = make_campaign()
		refresh_campaign_status(getdate("2018-09-15"))
		self.assertEqual(
			frappe.db.get_value("ZGZ Campaign", doc.name, ["status", "current_phase"]),
			("In Progress", "全面推进"),
		)
		refresh_campaign_status(getdate("2019-07-01"))
		self.assertEqual(frappe.db.get_value("ZGZ Campaign", doc.name, "status"), "Ended")

	def test_daily_refresh_is_a_scheduled_job(self):
		self.assertIn("zgz_app.tasks.daily", frappe.get_hooks("scheduler_events")["daily"])
		self.assertTrue(frappe.db.exists("Scheduled Job Type", {"method": "zgz_app.tasks.daily"}))
