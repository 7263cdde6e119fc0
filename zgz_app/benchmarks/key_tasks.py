"""The daily digest with key tasks at scale: seed 004's 28 tasks and seed 002's 82 (``tasks``), each
with ``milestones`` milestones and a year of weekly reports by its lead unit, beside ``items`` open
problem items in ``units`` units.

    bench --site SITE execute zgz_app.benchmarks.key_tasks.run --kwargs "{'items': 5000}"

Seeds with frappe.db.bulk_insert inside the current transaction (the problem items and people as
zgz_app.benchmarks.escalation seeds them) and rolls everything back at the end. Prints the job's
queries and mails with and without the tasks, the mails per person (never more than one) and a second
run the same day (no mail). The problems-only run's digest logs are removed before the tasks are seeded,
so that the run with the tasks mails everybody again and can be compared with it."""

import random
import time
from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate, now_datetime, today
from zgz_app.benchmarks.escalation import ensure_outgoing_account, seed_office, timed
from zgz_app.benchmarks.problem_items import STANDARD_FIELDS, commits_refused, pad
from zgz_app.rectification import escalation


def run(units: int = 100, items: int = 50_000, tasks: int = 110, milestones: int = 10, seed: int = 2026):
	frappe.set_user("Administrator")
	units, items, tasks, milestones = int(units), int(items), int(tasks), int(milestones)
	rng = random.Random(seed)
	try:
		with commits_refused():
			started = time.perf_counter()
			campaign = seed_office(units, items, rng)
			day = getdate(today())
			ensure_outgoing_account()
			escalation.get_settings()
			without = timed(lambda: escalation.run(day))
			frappe.db.delete("ZGZ Digest Log", {"digest_date": day})
			seeded = seed_tasks(campaign, tasks, milestones, rng)
			seconds = time.perf_counter() - started
			first = timed(lambda: escalation.run(day))
			per_person = frappe.db.sql(
				"select max(n) from (select count(*) as n from `tabZGZ Digest Log` where digest_date = %s "
				"group by recipient) as t",
				day,
			)[0][0]
			again = timed(lambda: escalation.run(day))
		print_table(units, items, seeded, seconds, without, first, again, per_person)
	finally:
		frappe.db.rollback()


def seed_tasks(campaign: str, count: int, per_task: int, rng: random.Random) -> dict:
	"""Tasks signed a year ago, led by the campaign's units in turn, with milestones spread over the
	year (the past ones done, the rest not) and a weekly report by the lead unit on each week but a few."""
	now, start = now_datetime(), getdate(today())
	units = frappe.get_all("ZGZ Campaign Unit", filters={"parent": campaign}, pluck="unit", order_by="idx")
	heads = dict(
		frappe.get_all("ZGZ Unit", filters={"name": ("in", units)}, fields=["name", "head"], as_list=True)
	)
	leaders = frappe.get_all("ZGZ Unit", filters={"name": ("in", units)}, pluck="supervising_leader")
	task_rows, milestone_rows, report_rows = [], [], []
	for t in range(count):
		name, unit = f"ZGZ-TASK-BENCH-{t + 1:04d}", units[t % len(units)]
		due = add_days(start, rng.randrange(-20, 200))
		task_rows.append(
			(name, now, now, "Administrator", "Administrator", 0, 0, "ZGZ-TASK-.YYYY.-", campaign, t + 1,
			 f"重点工作{t + 1}：优化营商环境专项任务", unit, heads.get(unit), leaders[t % len(leaders)], due,
			 "Signed", add_days(start, -365), rng.choice((20, 50, 80)))
		)  # fmt: skip
		for m in range(per_task):
			end = add_days(start, -330 + (m + 1) * 50 + rng.randrange(-20, 20))
			done = getdate(end) < start and rng.random() < 0.8
			milestone_rows.append(
				(f"{name}-M{m + 1:02d}", now, now, "Administrator", "Administrator", 0, 0, "ZGZ-MS-.YYYY.-",
				 name, campaign, unit, f"节点{m + 1}交付成果", add_days(end, -30), end, 100 if done else 40,
				 end if done else None)
			)  # fmt: skip
		for w in range(52):
			if rng.random() < 0.05:
				continue  # a week not reported
			report_rows.append(
				(f"{name}-R{w:02d}", now, now, "Administrator", "Administrator", 0, 0, "ZGZ-KTR-.YYYY.-",
				 f"{name}-M{min(w // 5, per_task - 1) + 1:02d}", name, campaign, unit, add_days(start, -7 * (w + 1) + 3),
				 50, "按节点推进")
			)  # fmt: skip
	frappe.db.bulk_insert(
		"ZGZ Key Task",
		[*STANDARD_FIELDS, "naming_series", "campaign", "task_no", "title", "lead_unit", "lead_unit_head",
		 "responsible_leader", "due_date", "workflow_state", "signed_on", "progress_percent"],
		task_rows,
	)  # fmt: skip
	frappe.db.bulk_insert(
		"ZGZ Key Task Milestone",
		[*STANDARD_FIELDS, "naming_series", "key_task", "campaign", "lead_unit", "deliverable", "start_date",
		 "end_date", "progress_percent", "completed_on"],
		milestone_rows,
	)  # fmt: skip
	frappe.db.bulk_insert(
		"ZGZ Key Task Report",
		[*STANDARD_FIELDS, "naming_series", "milestone", "key_task", "campaign", "unit", "report_date",
		 "percent", "note"],
		report_rows,
	)  # fmt: skip
	return {"tasks": len(task_rows), "milestones": len(milestone_rows), "reports": len(report_rows)}


def print_table(units, items, seeded, seconds, without, first, again, per_person) -> None:
	print(
		f"\nZGZ daily digest with key tasks: {units} units, {items:,} open problem items, "
		f"{seeded['tasks']} key tasks, {seeded['milestones']:,} milestones, {seeded['reports']:,} weekly "
		f"reports (seeded in {seconds:.1f} s, rolled back)\n"
	)
	header = f"{pad('what', 44)} {'tasks':>6} {'recipients':>10} {'mails':>7} {'seconds':>8} {'queries':>8}"
	print(header)
	print("-" * len(header))
	for what, f in (
		("problems only (before the tasks were seeded)", without),
		("problems and key tasks, first run of the day", first),
		("the same, run again the same day", again),
	):
		print(
			f"{pad(what, 44)} {f.get('key_tasks', 0):>6} {f['recipients']:>10,} {f['queued']:>7,} "
			f"{f['seconds']:>8.2f} {f['queries']:>8,}"
		)
	print(f"\nmails per person on the day: at most {per_person} (one digest log per person and day)\n")
