"""Ranking a round of 评议 at scale: ``units`` units, ``ballots`` ballots and indicators over ``items``
problem items, beside computing each unit's figures one unit at a time.

    bench --site SITE execute zgz_app.benchmarks.evaluation.run
    bench --site SITE execute zgz_app.benchmarks.evaluation.run --kwargs "{'items': 5000}"

Seeds with frappe.db.bulk_insert inside the current transaction (the campaign and items as
zgz_app.benchmarks.problem_items does; the ballots and their scores directly) and rolls everything
back at the end; frappe.db.commit refuses to work meanwhile."""

import random
import time

import frappe
from frappe.utils import now_datetime
from zgz_app.benchmarks.problem_items import STANDARD_FIELDS, commits_refused, counting_queries, seed_campaign
from zgz_app.core.evaluation import FINDINGS, ON_TIME, OVERDUE, RATING_POINTS, UPHELD
from zgz_app.evaluation.indicators import compute_one
from zgz_app.evaluation.ranking import results

GROUPS = (("服务对象", "Outside", 40), ("监督员与代表委员", "Outside", 30), ("领导小组", "Internal", 30))
RATED = ("服务态度", "办事效率")


def run(units: int = 100, items: int = 50_000, ballots: int = 5_000, seed: int = 2026) -> None:
	frappe.set_user("Administrator")
	units, items, ballots = int(units), int(items), int(ballots)
	rng = random.Random(seed)
	try:
		with commits_refused():
			started = time.perf_counter()
			campaign = seed_campaign(units, items, rng)
			round_doc = seed_round(campaign, ballots, rng)
			seeded = time.perf_counter() - started
			ranked = timed(lambda: results(round_doc))
			one_by_one = timed(lambda: per_unit(round_doc))
		print_table(units, items, ballots, seeded, ranked, one_by_one)
	finally:
		frappe.db.rollback()


def seed_round(campaign: str, ballots: int, rng: random.Random):
	unit_names = frappe.get_all(
		"ZGZ Campaign Unit", {"parent": campaign, "parenttype": "ZGZ Campaign"}, pluck="unit", order_by="idx"
	)
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Evaluation",
			"title": "基准测试年度评议",
			"campaign": campaign,
			"units": [{"unit": u} for u in unit_names],
			"criteria": [
				{"criterion": RATED[0], "kind": "Rating", "scale": "Satisfaction", "weight": 30},
				{"criterion": RATED[1], "kind": "Rating", "scale": "Score 0-100", "weight": 20},
				{"criterion": "按期销号", "kind": "Indicator", "indicator": ON_TIME, "weight": 20},
				{"criterion": "超期问题", "kind": "Indicator", "indicator": OVERDUE, "weight": 10},
				{"criterion": "督查发现", "kind": "Indicator", "indicator": FINDINGS, "weight": 10},
				{"criterion": "投诉查实", "kind": "Indicator", "indicator": UPHELD, "weight": 10},
			],
			"rater_groups": [{"rater_group": g, "kind": k, "weight": w} for g, k, w in GROUPS],
		}
	).insert(ignore_permissions=True)
	doc.db_set("status", "Open")
	now = now_datetime()
	ballot_rows, score_rows = [], []
	for i in range(ballots):
		name = f"bench-ballot-{doc.name}-{i}"
		group = GROUPS[i % len(GROUPS)][0]
		ballot_rows.append(
			(name, now, now, "Administrator", "Administrator", 0, 0, doc.name, group, rng.choice(unit_names))
		)
		rating = rng.choice(list(RATING_POINTS))
		score = rng.randint(40, 100)
		for j, (criterion, scale, value, points) in enumerate(
			(
				(RATED[0], "Satisfaction", rating, RATING_POINTS[rating]),
				(RATED[1], "Score 0-100", None, score),
			),
			start=1,
		):
			score_rows.append((f"{name}-{j}", now, now, "Administrator", "Administrator", 0, j, name,
				"ZGZ Evaluation Ballot", "scores", criterion, scale, value, score if value is None else 0, points))  # fmt: skip
	frappe.db.bulk_insert(
		"ZGZ Evaluation Ballot",
		[*STANDARD_FIELDS, "evaluation", "rater_group", "evaluated_unit"],
		ballot_rows,
	)
	frappe.db.bulk_insert(
		"ZGZ Evaluation Ballot Score",
		[
			*STANDARD_FIELDS,
			"parent",
			"parenttype",
			"parentfield",
			"criterion",
			"scale",
			"rating",
			"score",
			"points",
		],
		score_rows,
	)
	doc.reload()
	return doc


def per_unit(round_doc) -> None:
	"""The slow way: each unit's indicators and each unit's ballots read one unit at a time."""
	for row in round_doc.units:
		compute_one(round_doc.campaign, row.unit)
		for name in frappe.get_all(
			"ZGZ Evaluation Ballot", {"evaluation": round_doc.name, "evaluated_unit": row.unit}, pluck="name"
		):
			frappe.get_all("ZGZ Evaluation Ballot Score", {"parent": name}, ["criterion", "points"])


def timed(fn) -> dict:
	with counting_queries() as counter:
		started = time.perf_counter()
		fn()
		seconds = time.perf_counter() - started
	return {"seconds": seconds, "queries": counter["queries"]}


def print_table(units, items, ballots, seeded, ranked, one_by_one) -> None:
	print(f"评议 ranking: {units} units, {ballots} ballots, {items} problem items (seeded in {seeded:.1f} s)")
	print(f"{'way':<40}{'seconds':>10}{'queries':>10}")
	print(f"{'grouped (zgz_app.evaluation.ranking)':<40}{ranked['seconds']:>10.2f}{ranked['queries']:>10}")
	print(f"{'one unit at a time':<40}{one_by_one['seconds']:>10.2f}{one_by_one['queries']:>10}")
