"""After the services moved into packages by stage (README, "Layout"), every dotted path a site or an
office may hold still answers: hooks and scheduled jobs, the whitelisted methods the desk calls (and a
browser opened before the upgrade still calls by their old names), jobs queued before it, and the
functions a Server Script or a report may import."""

import frappe
from frappe.handler import execute_cmd
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

# old dotted path -> where it lives now
MOVED = {
	# whitelisted: the desk calls these
	"zgz_app.dossier.start": "zgz_app.records.job.start",
	"zgz_app.dossier.status": "zgz_app.records.job.status",
	"zgz_app.awards.score_rows": "zgz_app.recognition.scoring.score_rows",
	"zgz_app.awards.publish_result": "zgz_app.recognition.scoring.publish_result",
	"zgz_app.plan_sheet.download_template": "zgz_app.rectification.plan_sheet.download_template",
	"zgz_app.plan_sheet.export_rows": "zgz_app.rectification.plan_sheet.export_rows",
	"zgz_app.plan_sheet.import_rows": "zgz_app.rectification.plan_sheet.import_rows",
	"zgz_app.reconciliation.percent_closed_card": "zgz_app.rectification.reconciliation.percent_closed_card",
	# hooks and jobs of a site migrated from before the move, or queued before it
	"zgz_app.dossier.build_job": "zgz_app.records.job.build_job",
	"zgz_app.dossier.check_upload": "zgz_app.records.uploads.check_upload",
	"zgz_app.dossier.has_permission": "zgz_app.records.job.has_permission",
	"zgz_app.dossier.query_conditions": "zgz_app.records.job.query_conditions",
	"zgz_app.dossier.fail_lost_dossiers": "zgz_app.records.job.fail_lost_dossiers",
	"zgz_app.permissions.on_user_update": "zgz_app.campaign.permissions.on_user_update",
	# what a Server Script, a report or the daily job may have imported
	"zgz_app.permissions.is_unrestricted": "zgz_app.campaign.permissions.is_unrestricted",
	"zgz_app.escalation.run": "zgz_app.rectification.escalation.run",
	"zgz_app.reconciliation.create_snapshots": "zgz_app.rectification.reconciliation.create_snapshots",
	"zgz_app.awards.ranking": "zgz_app.recognition.scoring.ranking",
	"zgz_app.awards.refresh_units_yet_to_nominate": "zgz_app.recognition.nominations.refresh_units_yet_to_nominate",
	"zgz_app.awards.STAR": "zgz_app.core.awards.STAR",
	"zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign.refresh_campaign_status": (
		"zgz_app.campaign.status.refresh_campaign_status"
	),
	"zgz_app.demo.load_demo": "zgz_app.demo.loader.load_demo",
	"zgz_app.demo.run": "zgz_app.demo.loader.run",
}


WHITELISTED = [path for path in MOVED if path.split(".")[1] != "zgz_app"][:8]


class TestOldPathsAnswer(FrappeTestCase):
	def test_each_old_path_is_the_function_at_its_new_place(self):
		for old, new in MOVED.items():
			with self.subTest(old=old):
				self.assertIs(frappe.get_attr(old), frappe.get_attr(new))

	def test_the_desk_may_still_call_the_old_whitelisted_paths(self):
		for old in WHITELISTED:
			with self.subTest(old=old):
				self.assertIn(frappe.get_attr(MOVED[old]), frappe.whitelisted)
				self.assertIn(frappe.get_attr(old), frappe.whitelisted)

	def test_a_request_to_an_old_path_is_served(self):
		"""Through Frappe's own request handler (what /api/method/<path> runs), as the desk would."""
		path = "zgz_app.reconciliation.percent_closed_card"
		frappe.set_user("Administrator")
		set_request(method="GET", path=f"/api/method/{path}")
		self.addCleanup(lambda: frappe.local.__delattr__("request"))
		frappe.local.form_dict = frappe._dict(cmd=path)
		frappe.local.response = frappe._dict()
		result = execute_cmd(path)
		self.assertEqual(result, frappe.get_attr(MOVED["zgz_app.reconciliation.percent_closed_card"])())

	def test_every_path_the_hooks_name_resolves(self):
		hooks = frappe.get_hooks(app_name="zgz_app")
		paths = set()

		def walk(value):
			if isinstance(value, str) and value.startswith("zgz_app."):
				paths.add(value)
			elif isinstance(value, dict):
				for v in value.values():
					walk(v)
			elif isinstance(value, list | tuple):
				for v in value:
					walk(v)

		walk(dict(hooks))
		self.assertIn("zgz_app.records.uploads.check_upload", paths)
		for path in paths:
			with self.subTest(path=path):
				self.assertTrue(callable(frappe.get_attr(path)), path)

	def test_every_scheduled_job_of_the_app_resolves(self):
		methods = frappe.get_all(
			"Scheduled Job Type", filters={"method": ("like", "zgz_app.%")}, pluck="method"
		)
		self.assertTrue(methods)
		for method in methods:
			with self.subTest(method=method):
				self.assertTrue(callable(frappe.get_attr(method)))

	def test_the_number_card_calls_the_new_path(self):
		self.assertEqual(
			frappe.db.get_value("Number Card", "ZGZ Percent Closed Out", "method"),
			"zgz_app.rectification.reconciliation.percent_closed_card",
		)
