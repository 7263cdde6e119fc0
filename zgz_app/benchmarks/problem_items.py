"""The problem reports at scale: 问题清单 (ZGZ Problem List) and the summary (ZGZ Problem Summary) on one
campaign of ``units`` units and ``items`` problem items, beside the naive way (a get_doc per item).

    bench --site SITE execute zgz_app.benchmarks.problem_items.run
    bench --site SITE execute zgz_app.benchmarks.problem_items.run --kwargs "{'items': 5000}"

It seeds with frappe.db.bulk_insert (the unit tree's lft/rgt written directly) inside the current
transaction and rolls everything back at the end; while it runs frappe.db.commit refuses to work, so
nothing it made can stay on the site. Each report runs once to warm the caches (meta, permissions),
then is timed with its queries counted; the naive ways are timed once, after the reports."""

import random
import time
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

import frappe
from frappe.utils import getdate, now_datetime, random_string, today
from zgz_app.core.plan_rows import SOURCES
from zgz_app.zgz_app.report.zgz_problem_list import zgz_problem_list
from zgz_app.zgz_app.report.zgz_problem_summary import zgz_problem_summary

ITEM = "ZGZ Problem Item"
UNIT = "ZGZ Unit"
CATEGORIES = ("思维中梗阻", "责任中梗阻", "禁令中梗阻", "执行中梗阻")
STANDARD_FIELDS = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
PROBLEMS = (
	"窗口服务群众办事一次性告知不到位，存在让群众多次往返的情况（{0}）",
	"对跨科室事项推诿扯皮，牵头科室与配合科室职责边界不清（{0}）",
	"规划审批材料要求层层加码，办理时限超出承诺时限（{0}）",
	"落实上级部署只发文件不抓落实，督促检查流于形式（{0}）",
)
MEASURES = (
	"制定一次性告知清单并在窗口公示，每月抽查一次，结果纳入科室考核（{0}）",
	"明确首问负责和牵头责任，建立跨科室会商机制，每周通报办理进度（{0}）",
	"清理审批材料清单，取消无依据的要求，压缩办理时限并对外承诺（{0}）",
	"建立任务台账和销号制度，逐项明确责任人和完成时限，月对账、季对账（{0}）",
)


def run(units: int = 100, items: int = 50_000, naive: bool = True, seed: int = 2018) -> None:
	"""Seed, time, print the table, roll back."""
	frappe.set_user("Administrator")
	try:
		with commits_refused():
			started = time.perf_counter()
			campaign = seed_campaign(int(units), int(items), random.Random(seed))
			seeded = time.perf_counter() - started
			results = measure(campaign, naive=naive)
		print_table(int(units), int(items), seeded, results)
	finally:
		frappe.db.rollback()


@contextmanager
def commits_refused():
	def refuse(*args, **kwargs):
		raise RuntimeError("zgz_app.benchmarks: no commit while benchmark data is on the site")

	frappe.db.commit = refuse  # an attribute on the instance hides the method until it is deleted
	try:
		yield
	finally:
		del frappe.db.commit


@contextmanager
def counting_queries():
	"""Counts the calls to frappe.db.sql (every query Frappe makes goes through it)."""
	counter = {"queries": 0}
	cls = frappe.db.__class__
	original = cls.sql

	def sql(self, *args, **kwargs):
		counter["queries"] += 1
		return original(self, *args, **kwargs)

	cls.sql = sql
	try:
		yield counter
	finally:
		cls.sql = original


# ---------------------------------------------------------------------------------------------------
# Seeding


def insert_children(campaign, doctype, parentfield, field, values, tag, now) -> None:
	"""One child row of the campaign per value, in order."""
	columns = [*STANDARD_FIELDS, "parent", "parenttype", "parentfield", field]
	key = frappe.scrub(doctype)
	rows = [
		(f"bench-{key}-{tag}-{i}", now, now, "Administrator", "Administrator", 0, i, campaign, "ZGZ Campaign", parentfield, value)
		for i, value in enumerate(values, start=1)
	]  # fmt: skip
	frappe.db.bulk_insert(doctype, columns, rows)


def seed_campaign(units: int, items: int, rng: random.Random) -> str:
	"""A campaign with ``units`` sections under one bureau and ``items`` problem items spread evenly
	over them; returns the campaign's name. Everything is tagged with one random suffix."""
	tag = random_string(6).lower()
	unit_names = seed_units(units, tag, rng)
	campaign = f"ZGZ-CAMP-BENCH-{tag}"
	now = now_datetime()
	frappe.db.bulk_insert(
		"ZGZ Campaign",
		[
			*STANDARD_FIELDS,
			"naming_series",
			"title",
			"short_name",
			"organisation",
			"doc_number",
			"issue_date",
			"start_date",
			"status",
			"lead_unit",
		],
		[
			(
				campaign,
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
				"ZGZ-CAMP-.YYYY.-",
				"基准测试专项活动实施方案",
				"打通中梗阻、激发新动能",
				"基准测试局",
				f"基准发〔2026〕{tag}号",
				today(),
				today(),
				"In Progress",
				unit_names[0],
			)
		],
	)
	insert_children(campaign, "ZGZ Problem Category", "categories", "category_name", CATEGORIES, tag, now)
	insert_children(campaign, "ZGZ Campaign Unit", "units", "unit", unit_names, tag, now)
	frappe.db.bulk_insert(ITEM, ITEM_COLUMNS, item_rows(campaign, unit_names, items, tag, rng))
	return campaign


def seed_units(units: int, tag: str, rng: random.Random) -> list[str]:
	"""A bureau with ``units`` sections, placed after every existing unit in the nested set. The
	sections' tree order is shuffled, so that sorting by name would not give it."""
	base = frappe.db.sql("select coalesce(max(rgt), 0) from `tabZGZ Unit`")[0][0]
	now = now_datetime()
	root = f"基准测试局-{tag}"
	names = [f"基准测试科{i:03d}-{tag}" for i in range(1, units + 1)]
	order = names[:]
	rng.shuffle(order)
	rows = [
		(
			root,
			now,
			now,
			"Administrator",
			"Administrator",
			0,
			0,
			root,
			"Bureau",
			None,
			1,
			base + 1,
			base + 2 * units + 2,
		)
	]
	for position, name in enumerate(order):
		lft = base + 2 + 2 * position
		rows.append(
			(name, now, now, "Administrator", "Administrator", 0, 0, name, "Section", root, 0, lft, lft + 1)
		)
	frappe.db.bulk_insert(
		UNIT, [*STANDARD_FIELDS, "unit_name", "unit_type", "parent_zgz_unit", "is_group", "lft", "rgt"], rows
	)  # fmt: skip
	return order


ITEM_COLUMNS = [
	*STANDARD_FIELDS,
	"naming_series",
	"campaign",
	"unit",
	"serial_no",
	"level",
	"category",
	"source",
	"status",
	"responsible_leader_name",
	"responsible_person_name",
	"deadline",
	"problem",
	"measures",
	"remarks",
	"origin",
]


def item_rows(campaign: str, unit_names: list[str], items: int, tag: str, rng: random.Random):
	"""Items dealt to the units in turn, numbered 1, 2, … within each unit; being rectified or closed
	out (a withdrawn item is not listed by default, and every seeded item should be)."""
	now = now_datetime()
	start = getdate(today())
	sources = list(SOURCES)
	serials: dict[str, int] = {}
	for k in range(items):
		unit = unit_names[k % len(unit_names)]
		serials[unit] = serials.get(unit, 0) + 1
		kind = rng.randrange(len(PROBLEMS))
		yield (
			f"ZGZ-ITEM-BENCH-{tag}-{k + 1:06d}",
			now,
			now,
			"Administrator",
			"Administrator",
			0,
			0,
			"ZGZ-ITEM-.YYYY.-",
			campaign,
			unit,
			serials[unit],
			"Unit",
			rng.choice(CATEGORIES),
			rng.choice(sources),
			"Rectifying" if rng.random() < 0.6 else "Closed Out",
			"吴志宏",
			f"工作人员{k % 37:02d}",
			start + timedelta(days=rng.randrange(-30, 200)),
			PROBLEMS[kind].format(k + 1),
			MEASURES[kind].format(k + 1),
			"" if k % 5 else "已纳入月度对账",
			"Rectification Plan",
		)


# ---------------------------------------------------------------------------------------------------
# The ways measured


def report_list(campaign: str) -> tuple[int, int]:
	rows = zgz_problem_list.execute({"campaign": campaign})[1]
	return len(rows), len(rows)


def report_list_via_run(campaign: str) -> tuple[int, int]:
	"""As the desk calls it: Frappe's report machinery (permission checks, per-row filtering) included."""
	from frappe.desk.query_report import run as run_report

	rows = run_report("ZGZ Problem List", filters={"campaign": campaign}, ignore_prepared_report=True)[
		"result"
	]
	return len(rows), len(rows)


def report_summary(campaign: str) -> tuple[int, int]:
	rows = zgz_problem_summary.execute({"campaign": campaign, "group_by": "Category"})[1]
	return len(rows), sum(row["total"] for row in rows)


def naive_names(campaign: str) -> list[str]:
	return frappe.get_list(
		ITEM, filters={"campaign": campaign, "status": ("!=", "Withdrawn")}, pluck="name", limit_page_length=0
	)


def naive_list(campaign: str) -> tuple[int, int]:
	"""What one writes first: the names, then each item as a document."""
	lft = dict(frappe.get_list(UNIT, fields=["name", "lft"], as_list=True, limit_page_length=0))
	rows = []
	for name in naive_names(campaign):
		doc = frappe.get_doc(ITEM, name)
		rows.append({field: doc.get(field) for field in zgz_problem_list.ITEM_FIELDS})
	rows.sort(key=lambda row: (lft.get(row["unit"], 0), row["serial_no"]))
	return len(rows), len(rows)


def naive_summary(campaign: str) -> tuple[int, int]:
	counts: dict[tuple[str, str], int] = {}
	for name in naive_names(campaign):
		doc = frappe.get_doc(ITEM, name)
		key = (doc.unit, doc.category or "")
		counts[key] = counts.get(key, 0) + 1
	return len({unit for unit, _category in counts}), sum(counts.values())


def timed(fn: Callable[[str], tuple[int, int]], campaign: str) -> dict:
	with counting_queries() as counter:
		started = time.perf_counter()
		rows, items = fn(campaign)
		seconds = time.perf_counter() - started
	return {"rows": rows, "items": items, "seconds": seconds, "queries": counter["queries"]}


def measure(campaign: str, naive: bool = True) -> list[tuple[str, dict, dict | None]]:
	"""[(what, report figures, naive figures or None)]"""
	cases = [
		("问题清单 ZGZ Problem List: execute()", report_list, naive_list),
		("问题清单 via frappe.desk.query_report.run", report_list_via_run, None),
		("问题汇总 ZGZ Problem Summary: execute()", report_summary, naive_summary),
	]
	reports = []
	for _what, fast, _slow in cases:
		fast(campaign)  # warm the caches (meta, permissions) as a running site has them
		reports.append(timed(fast, campaign))
	naives = [timed(slow, campaign) if naive and slow else None for _what, _fast, slow in cases]
	results = [(case[0], report, slow) for case, report, slow in zip(cases, reports, naives, strict=True)]
	return results


def pad(text: str, width: int) -> str:
	"""``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
	shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
	return text + " " * max(width - shown, 0)


def print_table(units: int, items: int, seeded: float, results) -> None:
	print(
		f"\nZGZ problem reports: {units} units, {items:,} problem items (seeded in {seeded:.1f} s, rolled back)\n"
	)
	header = f"{pad('what', 44)} {'rows':>7} {'items':>7} {'seconds':>8} {'queries':>8}   naive/report"
	print(header)
	print("-" * len(header))
	for what, fast, slow in results:
		print(
			f"{pad(what, 44)} {fast['rows']:>7} {fast['items']:>7} {fast['seconds']:>8.3f} {fast['queries']:>8}"
		)
		if slow:
			ratio_time = slow["seconds"] / fast["seconds"] if fast["seconds"] else float("inf")
			ratio_queries = slow["queries"] / fast["queries"] if fast["queries"] else float("inf")
			label = "  naive: a get_doc per item"
			print(
				f"{pad(label, 44)} {slow['rows']:>7} {slow['items']:>7} {slow['seconds']:>8.3f} {slow['queries']:>8}"
				f"   x{ratio_time:.0f} time, x{ratio_queries:.0f} queries"
			)
	print()
