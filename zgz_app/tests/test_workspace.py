"""The workspace 中梗阻专项治理: what it offers each user, and its number cards and charts counting only
what the user may see; the public's complaints (awaiting triage, the list, their statistics and the
public filing page) among them."""

import json
from datetime import datetime

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.tests.utils import FrappeTestCase
from zgz_app.rectification.reconciliation import percent_closed_card
from zgz_app.roles import CAMPAIGN_MANAGER
from zgz_app.tests.factories import make_campaign, make_item, make_unit, make_user
from zgz_app.zgz_app.dashboard_chart_source.zgz_weekly_trend import zgz_weekly_trend

WORKSPACE = "ZGZ Special Campaign"
ITEM = "ZGZ Problem Item"
COMPLAINT = "ZGZ Complaint"


class TestWorkspace(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.staff_a = make_user("ws_staff_a", full_name="沈工作台甲")
		cls.staff_b = make_user("ws_staff_b", full_name="韩工作台乙")
		cls.manager = make_user("ws_cm", roles=(CAMPAIGN_MANAGER,), full_name="杨工作台")
		cls.unit_a = make_unit(members=[cls.staff_a]).name
		cls.unit_b = make_unit(members=[cls.staff_b]).name
		cls.campaign = make_campaign(units=[{"unit": cls.unit_a}, {"unit": cls.unit_b}]).name
		# unit A: three items, one closed out on Wednesday 12 September; unit B: one, open
		for created, status, closed_on in (
			("2018-09-03", "Rectifying", None),
			("2018-09-04", "Closed Out", "2018-09-12"),
			("2018-09-11", "Rectifying", None),
		):
			cls.item(cls.unit_a, created, status=status, closed_on=closed_on)
		cls.item(cls.unit_b, "2018-09-05")
		# the public's complaints: two awaiting triage, one passed to unit A
		for unit, state in ((None, "Awaiting Triage"), (None, "Awaiting Triage"), (cls.unit_a, "With Unit")):
			name = (
				frappe.get_doc(
					{
						"doctype": COMPLAINT,
						"kind": "Complaint",
						"campaign": cls.campaign,
						"description": "推诿",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
			frappe.db.set_value(COMPLAINT, name, {"unit": unit, "workflow_state": state})

	@classmethod
	def item(cls, unit, created, **state):
		name = make_item(cls.campaign, unit, deadline="2018-09-07").name
		state.setdefault("status", "Rectifying")
		state["creation"] = datetime.fromisoformat(f"{created} 10:00:00")
		frappe.db.set_value(ITEM, name, state, update_modified=False)
		return name

	def tearDown(self):
		frappe.set_user("Administrator")

	def page(self):
		return get_desktop_page(json.dumps({"name": WORKSPACE, "title": WORKSPACE, "public": 1}))

	def test_the_workspace_offers_cards_charts_shortcuts_and_links(self):
		frappe.set_user(self.manager)
		page = self.page()
		self.assertEqual(len(page["number_cards"]["items"]), 6)
		self.assertEqual(len(page["charts"]["items"]), 4)
		shortcuts = {s["link_to"] for s in page["shortcuts"]["items"]}
		self.assertTrue(
			{"ZGZ Problem Item", "ZGZ Extension Request", "ZGZ Rectification Ledger"} <= shortcuts, shortcuts
		)
		# the round of 评议: its ballots in (a card, and by rater group a chart) and its figures
		self.assertLessEqual({"ZGZ Evaluation", "ZGZ Evaluation Indicators"}, shortcuts)
		charts = {c.chart_name for c in page["charts"]["items"]}
		self.assertIn("ZGZ Evaluation Ballots by Group", charts)
		links = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
		self.assertIn("ZGZ Reconciliation Comparison", links)
		# the lead unit reaches the nominations, their ranking and the dossiers from here too
		self.assertLessEqual({"ZGZ Service Award", "ZGZ Award Ranking", "ZGZ Dossier"}, links)

	def test_the_lead_office_reaches_the_complaints_and_the_public_page(self):
		frappe.set_user(self.manager)
		page = self.page()
		shortcuts = {s["link_to"] or s["url"]: s for s in page["shortcuts"]["items"]}
		self.assertLessEqual({COMPLAINT, "ZGZ Complaint Statistics", "/complaint"}, set(shortcuts))
		# the shortcut's count: those awaiting triage
		self.assertIn("Awaiting Triage", shortcuts[COMPLAINT]["stats_filter"])
		self.assertEqual(shortcuts["/complaint"]["type"], "URL")
		links = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
		self.assertLessEqual({COMPLAINT, "ZGZ Complainant", "ZGZ Complaint Statistics"}, links)
		cards = [c.number_card_name for c in page["number_cards"]["items"]]
		self.assertIn("ZGZ Complaints Awaiting Triage", cards)

	def test_complaints_awaiting_triage_count_for_the_lead_office_only(self):
		card = frappe.get_doc("Number Card", "ZGZ Complaints Awaiting Triage")
		filters = [*json.loads(card.filters_json), [COMPLAINT, "campaign", "=", self.campaign, False]]
		frappe.set_user(self.manager)
		self.assertEqual(get_result(card.as_dict(), filters), 2)
		frappe.set_user(self.staff_a)  # a unit never sees a complaint before it is passed to it
		self.assertEqual(get_result(card.as_dict(), filters), 0)
		shortcuts = {s["link_to"] for s in self.page()["shortcuts"]["items"]}
		links = {link["link_to"] for card in self.page()["cards"]["items"] for link in card["links"]}
		self.assertNotIn("ZGZ Complaint Statistics", shortcuts | links, "not a staff member's report")
		self.assertNotIn("ZGZ Complainant", links, "who complained is for the lead office only")

	def test_a_staff_member_is_offered_only_what_he_may_open(self):
		frappe.set_user(self.staff_a)
		page = self.page()
		shortcuts = {s["link_to"] for s in page["shortcuts"]["items"]}
		self.assertIn("ZGZ Rectification Ledger", shortcuts)
		self.assertNotIn("ZGZ Reconciliation Comparison", shortcuts, "a report on reconciliations")
		self.assertNotIn("ZGZ Evaluation Indicators", shortcuts, "the round's figures are the office's")
		self.assertEqual(len(page["number_cards"]["items"]), 6)

	def card_value(self, name):
		card = frappe.get_doc("Number Card", name)
		filters = [*json.loads(card.filters_json), [ITEM, "campaign", "=", self.campaign, False]]
		if card.dynamic_filters_json and card.dynamic_filters_json != "[]":
			filters += [[ITEM, "deadline", "<", "2018-09-17", False]]  # what get_today() gives then
		return get_result(card.as_dict(), filters)

	def test_number_cards_count_the_users_units_only(self):
		frappe.set_user(self.manager)
		self.assertEqual(self.card_value("ZGZ Open Problems"), 3)
		self.assertEqual(self.card_value("ZGZ Overdue Problems"), 3)
		frappe.set_user(self.staff_a)
		self.assertEqual(self.card_value("ZGZ Open Problems"), 2)
		frappe.set_user(self.staff_b)
		self.assertEqual(self.card_value("ZGZ Open Problems"), 1)

	def test_percent_closed_out(self):
		campaign = [[ITEM, "campaign", "=", self.campaign]]
		frappe.set_user(self.manager)
		self.assertEqual(percent_closed_card(json.dumps(campaign))["value"], 25.0)
		frappe.set_user(self.staff_a)
		card = percent_closed_card(json.dumps(campaign))
		self.assertEqual((card["value"], card["fieldtype"]), (33.3, "Percent"))
		frappe.set_user(self.staff_b)
		self.assertEqual(percent_closed_card({"campaign": self.campaign})["value"], 0.0)

	def trend(self, user):
		"""The weekly trend chart's data as ``user`` sees it on Monday 17 September 2018."""
		frappe.set_user(user)
		chart = {"name": "ZGZ Weekly Trend", "timespan": "Last Month", "time_interval": "Weekly"}
		with self.freeze_time("2018-09-17 09:00:00"):
			return zgz_weekly_trend.get(
				chart=json.dumps(chart), filters=json.dumps({"campaign": self.campaign})
			)

	def test_weekly_trend_found_and_closed_out(self):
		data = self.trend(self.manager)
		found, closed = (d["values"] for d in data["datasets"])
		self.assertEqual(len(found), len(data["labels"]))
		self.assertGreaterEqual(len(found), 4, "a point per week of the last month")
		self.assertEqual((sum(found), sum(closed)), (4, 1))
		week = next(i for i, n in enumerate(closed) if n)
		self.assertEqual(found[week], 1, "the week of the 12th found one and closed one")
		data = self.trend(self.staff_b)
		self.assertEqual(sum(data["datasets"][0]["values"]), 1, "only his unit's item")
