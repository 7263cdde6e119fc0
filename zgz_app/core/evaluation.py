"""评议 rules that need no database: weights, ratings to points, indicators to points, weighted totals,
ranks with ties and the last places flagged.

Seed 004: key sections are publicly evaluated (年初对外承诺、年中监督检查、年底集中评议) and the heads of
the last three are held to account (考评问责). A round's criteria are ratings (满意 / 基本满意 / 不满意, or a
score from 0 to 100) or indicators computed from the record; its rater groups (服务对象, 监督员与代表委员,
领导小组 …) each carry a weight. Both sets of weights sum to 100."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

RATING, INDICATOR = "Rating", "Indicator"
SATISFACTION, SCORE = "Satisfaction", "Score 0-100"
SCALES = (SATISFACTION, SCORE)
SATISFIED, BASICALLY, UNSATISFIED = "Satisfied", "Basically Satisfied", "Unsatisfied"
RATING_POINTS = {SATISFIED: 100.0, BASICALLY: 60.0, UNSATISFIED: 0.0}
INTERNAL, OUTSIDE = "Internal", "Outside"
DRAFT, OPEN, CLOSED, PUBLISHED = "Draft", "Open", "Closed", "Published"
DEFAULT_FLAG_LAST = 3

# indicator -> (higher is better, is a percentage); the formulas are stated in
# zgz_app.evaluation.indicators.FORMULAS, beside the queries that compute them
ON_TIME, OVERDUE, FINDINGS, UPHELD, PLANS_LATE, BROKEN, RED_DAYS = (
	"Items Closed on Time",
	"Overdue Items",
	"Inspection Findings",
	"Complaints Upheld",
	"Plans Signed Late",
	"Commitments Broken",
	"Red Days",
)
INDICATORS = {
	ON_TIME: (True, True),
	OVERDUE: (False, False),
	FINDINGS: (False, False),
	UPHELD: (False, False),
	PLANS_LATE: (False, False),
	BROKEN: (False, False),
	RED_DAYS: (False, False),
}

# 年中监督检查: how the lead office finds each public commitment kept (已兑现 / 部分兑现 / 未兑现)
KEPT, PARTLY_KEPT, BROKEN_RESULT = "Kept", "Partly Kept", "Broken"
CHECK_RESULTS = (KEPT, PARTLY_KEPT, BROKEN_RESULT)
# what each result weighs in the indicator Commitments Broken: a commitment partly kept is half broken
BROKEN_WEIGHT = {KEPT: 0.0, PARTLY_KEPT: 0.5, BROKEN_RESULT: 1.0}


def commitments_broken(results: Iterable[str | None]) -> float | None:
	"""The figure Commitments Broken of one check: 1 for each commitment found broken, ½ for each partly
	kept. A check that has found nothing yet (no result given) gives None: missing, never 0."""
	found = [r for r in results if r in BROKEN_WEIGHT]
	if not found:
		return None
	return sum(BROKEN_WEIGHT[r] for r in found)


def weight_sum(weights: Iterable[float | None]) -> float:
	return round(sum(float(w or 0) for w in weights), 6)


def weights_ok(weights: Iterable[float | None]) -> bool:
	"""Weights sum to exactly 100 and none is negative."""
	weights = [float(w or 0) for w in weights]
	return all(w >= 0 for w in weights) and abs(sum(weights) - 100) < 1e-6


def criterion_error(kind: str, scale: str | None, indicator: str | None) -> str | None:
	"""What is missing from a criterion: a rating needs its scale, an indicator its code."""
	if kind == RATING and scale not in SCALES:
		return "scale"
	if kind == INDICATOR and indicator not in INDICATORS:
		return "indicator"
	return None


def rating_points(scale: str, rating: str | None = None, score: float | None = None) -> float:
	"""A rater's answer on a criterion as points from 0 to 100. Raises ValueError on an answer the
	scale does not take."""
	if scale == SATISFACTION:
		if rating not in RATING_POINTS:
			raise ValueError("rating")
		return RATING_POINTS[rating]
	if score is None or not 0 <= float(score) <= 100:
		raise ValueError("score")
	return float(score)


def indicator_points(values: Mapping[str, float | None], code: str) -> dict[str, float | None]:
	"""Each unit's figure on an indicator as points from 0 to 100. A share is its own points (or 100
	less it, when lower is better); a count is placed between the best unit (100) and the worst (0),
	and when all units are equal each gets 100. A unit whose figure is missing stays missing (None)."""
	higher_better, is_share = INDICATORS[code]
	present = {u: float(v) for u, v in values.items() if v is not None}
	out: dict[str, float | None] = {u: None for u in values}
	if is_share:
		for u, v in present.items():
			out[u] = v if higher_better else 100.0 - v
		return out
	if not present:
		return out
	best, worst = (max, min) if higher_better else (min, max)
	b, w = best(present.values()), worst(present.values())
	for u, v in present.items():
		out[u] = 100.0 if b == w else round(100.0 * (v - w) / (b - w), 4)
	return out


def weighted(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> tuple[float | None, list]:
	"""The weighted mean of the parts present (weights renormalised over them) and the keys missing.
	Nothing present gives None: a missing figure is never counted as 0."""
	missing = [k for k in weights if parts.get(k) is None]
	present = {k: float(parts[k]) for k in weights if parts.get(k) is not None}
	total_weight = sum(float(weights[k]) for k in present)
	if not present or total_weight <= 0:
		return None, missing
	return round(sum(present[k] * float(weights[k]) for k in present) / total_weight, 2), missing


def mean(values: Iterable[float]) -> float | None:
	values = list(values)
	return round(sum(values) / len(values), 4) if values else None


def ranks(totals: Mapping[str, float | None]) -> dict[str, int | None]:
	"""Standard competition ranking: equal totals share a place and the next place is skipped
	(1, 2, 2, 4). A unit without a total gets no rank."""
	scored = sorted(((t, u) for u, t in totals.items() if t is not None), key=lambda x: -x[0])
	out: dict[str, int | None] = {u: None for u in totals}
	for i, (t, u) in enumerate(scored):
		out[u] = out[scored[i - 1][1]] if i and scored[i - 1][0] == t else i + 1
	return out


def flagged_last(ranking: Mapping[str, int | None], n: int) -> set[str]:
	"""The last ``n`` places. A tie across the cut is flagged whole (none of the tied units is
	better than another), so more than ``n`` may be flagged; with ``n`` 0 none is."""
	placed = sorted(r for r in ranking.values() if r is not None)
	if n <= 0 or not placed:
		return set()
	cut = placed[max(len(placed) - n, 0)]
	return {u for u, r in ranking.items() if r is not None and r >= cut}


def commitment_row_errors(rows: Iterable[Mapping]) -> list[tuple[int, str]]:
	"""Each public commitment row lacking what a citizen needs, as (row number, fieldname): the service
	promised and its time limit."""
	errors = []
	for idx, row in enumerate(rows, start=1):
		for field in ("service", "time_limit"):
			if not str(row.get(field) or "").strip():
				errors.append((row.get("idx") or idx, field))
	return errors
