import frappe
from frappe.tests.utils import FrappeTestCase
from zgz_app.demo import DOC_NUMBER, load_demo


class TestDemo(FrappeTestCase):
	def test_demo_loads_seed_000_and_is_idempotent(self):
		name = load_demo(commit=False)
		counts = {dt: frappe.db.count(dt) for dt in ("User", "ZGZ Unit", "ZGZ Campaign", "ZGZ Key Task")}
		self.assertEqual(load_demo(commit=False), name)
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})
		campaign = frappe.get_doc("ZGZ Campaign", name)
		self.assertEqual(campaign.doc_number, DOC_NUMBER)
		self.assertEqual(str(campaign.problem_list_due), "2018-08-24")
		self.assertEqual(str(campaign.nomination_due), "2018-10-15")
		self.assertEqual([r.group_role for r in campaign.leading_group][:2], ["Leader", "Deputy Leader"])
		self.assertEqual(frappe.db.count("ZGZ Key Task", {"campaign": name}), 4)

	def test_demo_holds_a_closed_round_with_its_last_three_flagged_and_proposed(self):
		load_demo(commit=False)
		count = frappe.db.count("ZGZ Evaluation Ballot")
		load_demo(commit=False)
		self.assertEqual(frappe.db.count("ZGZ Evaluation Ballot"), count)
		name = frappe.db.get_value("ZGZ Evaluation", {"title": "“中梗阻”专项治理年度集中评议"})
		round_doc = frappe.get_doc("ZGZ Evaluation", name)
		self.assertEqual(round_doc.status, "Closed")
		self.assertEqual(len(round_doc.results), 6)
		self.assertEqual(frappe.db.count("ZGZ Evaluation Ballot", {"evaluation": name}), 27)
		flagged = [r for r in round_doc.results if r.flagged]
		self.assertEqual(len(flagged), 3)
		self.assertEqual({r.proposal for r in flagged}, {"Proposed"})
		self.assertEqual(round_doc.results[0].unit, "规划管理科")
		self.assertIn("信息管理科", {r.unit for r in flagged})

	def test_demo_units_publish_signed_commitments_and_the_mid_year_check_finds_one_broken(self):
		from zgz_app.core.evaluation import BROKEN
		from zgz_app.evaluation.indicators import compute

		load_demo(commit=False)
		counts = {dt: frappe.db.count(dt) for dt in ("ZGZ Commitment", "ZGZ Commitment Check")}
		load_demo(commit=False)
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})
		signed = frappe.get_all(
			"ZGZ Commitment", {"docstatus": 1}, ["unit", "signed_by", "workflow_state"], order_by="unit"
		)
		units = {"行政服务科", "规划管理科", "规划监察科"}
		self.assertTrue(units <= {s.unit for s in signed})
		for s in signed:
			if s.unit in units:
				self.assertEqual(s.signed_by, frappe.db.get_value("ZGZ Unit", s.unit, "head"))
				self.assertEqual(s.workflow_state, "Made Public")
		current = frappe.db.get_value("ZGZ Commitment", {"unit": "规划管理科", "docstatus": 1}, "campaign")
		figures = compute(current, sorted(units))[BROKEN]
		self.assertEqual(figures, {"行政服务科": 0.5, "规划管理科": 1.0, "规划监察科": 0.0})

	def test_demo_staff_sees_only_their_section(self):
		load_demo(commit=False)
		user = "zhangwei@jtgh.example.cn"
		perms = frappe.get_all(
			"User Permission", filters={"user": user, "allow": "ZGZ Unit"}, pluck="for_value"
		)
		self.assertEqual(perms, ["规划管理科"])
		leader = "zhouliqun@jtgh.example.cn"
		self.assertEqual(frappe.get_all("User Permission", filters={"user": leader, "allow": "ZGZ Unit"}), [])

	def test_demo_forms_print_each_campaigns_title_with_one_pair_of_quotes(self):
		from zgz_app.demo import ensure_current_campaign

		titles = {
			load_demo(commit=False): "“打通中梗阻、激发新动能”专项活动",
			ensure_current_campaign(): "“中梗阻”专项治理工作",
		}
		for name, title in titles.items():
			self.assertEqual(frappe.db.get_value("ZGZ Campaign", name, "form_title"), title)
			html = frappe.get_print("ZGZ Campaign", name, print_format="附件1 领导小组")
			self.assertIn(f"常州市金坛区规划局开展{title}领导小组", html)
			self.assertIn(f"{title}由综合科负责牵头", html)
			self.assertNotIn("““", html)

	def test_demo_tracks_seed_004s_key_tasks_to_close_out(self):
		from zgz_app.demo import ensure_current_campaign
		from zgz_app.key_tasks.reporting import reporting_status

		load_demo(commit=False)
		current = ensure_current_campaign()
		count = {
			dt: frappe.db.count(dt)
			for dt in ("ZGZ Key Task", "ZGZ Key Task Milestone", "ZGZ Key Task Report")
		}
		load_demo(commit=False)  # idempotent
		self.assertEqual(count, {dt: frappe.db.count(dt) for dt in count})
		tasks = {
			t.title: t
			for t in frappe.get_all(
				"ZGZ Key Task",
				filters={"campaign": current},
				fields=["name", "title", "lead_unit", "workflow_state", "colour", "closed_by"],
			)
		}
		self.assertEqual(len(tasks), 6)
		states = sorted(t.workflow_state for t in tasks.values())
		self.assertEqual(states, ["Awaiting Signature", "Closed Out", *["Signed"] * 4])
		walk = next(t for title, t in tasks.items() if "走进基层" in title)
		self.assertEqual((walk.workflow_state, walk.closed_by), ("Closed Out", "liminghua@jtgh.example.cn"))
		four = next(t for title, t in tasks.items() if "四个一" in title)
		self.assertEqual([t.name for t in tasks.values() if t.colour == "Red"], [four.name])
		status = next(s for s in reporting_status(campaign=current) if s.name == four.name)
		self.assertEqual(status.missed, ["规划管理科", "规划技术科"])
		self.assertGreater(frappe.db.count("ZGZ Key Task Milestone", {"key_task": four.name}), 2)
