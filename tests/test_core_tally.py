"""The reconciliation's figures: groups added up per unit and per campaign, by category, and the
changes from one period to the next."""

from datetime import date

from zgz_app.core.periods import MONTH
from zgz_app.core.tally import Figures, percent, tally, with_changes


def group(campaign, unit, category, total, closed=0, **kw):
	return {
		"campaign": campaign,
		"unit": unit,
		"category": category,
		"total_items": total,
		"closed_items": closed,
		**kw,
	}


ROWS = [
	group("C1", "甲科", "思维中梗阻", 3, closed=1, overdue_items=1, extended_items=1, new_in_period=2),
	group("C1", "甲科", "执行中梗阻", 2, closed=2, closed_in_period=1),
	group("C1", "乙科", "执行中梗阻", 4, closed=1, awaiting_verification=2, overdue_items=3),
	group("C1", "乙科", None, 1),
	group("C2", "甲科", "作风", 5, closed=5),
]


def test_percent_to_one_decimal_and_zero_for_nothing():
	assert percent(1, 3) == 33.3
	assert percent(2, 3) == 66.7
	assert percent(0, 0) == 0.0
	assert percent(5, 5) == 100.0


def test_open_is_every_counted_item_not_closed_out():
	figures = Figures.from_counts({"total_items": 7, "closed_items": 3, "awaiting_verification": 2})
	assert (figures.open_items, figures.awaiting_verification, figures.percent_closed) == (4, 2, 42.9)


def test_unit_and_campaign_snapshots_add_up_the_groups():
	out = tally(ROWS)
	assert set(out) == {("C1", "甲科"), ("C1", "乙科"), ("C1", None), ("C2", "甲科"), ("C2", None)}
	a = out[("C1", "甲科")].figures
	assert (a.total_items, a.open_items, a.closed_items, a.overdue_items, a.extended_items) == (5, 2, 3, 1, 1)
	assert (a.new_in_period, a.closed_in_period, a.percent_closed) == (2, 1, 60.0)
	whole = out[("C1", None)].figures
	assert (whole.total_items, whole.open_items, whole.closed_items) == (10, 6, 4)
	assert (whole.awaiting_verification, whole.overdue_items, whole.percent_closed) == (2, 4, 40.0)
	assert out[("C2", None)].figures.percent_closed == 100.0


def test_participating_units_without_items_get_an_empty_snapshot():
	out = tally(ROWS, units={"C1": ["甲科", "乙科", "丙科"], "C3": ["丙科"]})
	assert out[("C1", "丙科")].figures == Figures()
	assert out[("C3", None)].figures.total_items == 0


def test_category_rows_list_the_campaigns_categories_then_others_then_none():
	snapshot = tally(ROWS)[("C1", None)]
	rows = snapshot.category_rows(known=["思维中梗阻", "责任中梗阻", "执行中梗阻"])
	assert [r["category"] for r in rows] == ["思维中梗阻", "责任中梗阻", "执行中梗阻", ""]
	assert rows[1] == {
		"category": "责任中梗阻",
		"total_items": 0,
		"open_items": 0,
		"closed_items": 0,
		"overdue_items": 0,
		"extended_items": 0,
		"percent_closed": 0.0,
	}
	assert (rows[2]["total_items"], rows[2]["closed_items"], rows[2]["percent_closed"]) == (6, 3, 50.0)
	assert [r["category"] for r in tally(ROWS)[("C2", None)].category_rows(["思维中梗阻"])] == [
		"思维中梗阻",
		"作风",
	]


def snap(start, total, closed, overdue):
	return {
		"period_start": start,
		"total_items": total,
		"closed_items": closed,
		"overdue_items": overdue,
		"percent_closed": percent(closed, total),
	}


def test_changes_against_the_period_just_before():
	rows = [
		snap(date(2018, 10, 1), 12, 6, 1),
		snap(date(2018, 9, 1), 10, 2, 3),
		snap(date(2018, 12, 1), 12, 9, 0),  # November has no snapshot
	]
	out = with_changes(rows, MONTH, names=("total_items", "closed_items", "overdue_items", "percent_closed"))
	assert [r["period_start"] for r in out] == [date(2018, 9, 1), date(2018, 10, 1), date(2018, 12, 1)]
	assert out[0]["closed_items_change"] is None
	assert (out[1]["total_items_change"], out[1]["closed_items_change"], out[1]["overdue_items_change"]) == (
		2,
		4,
		-2,
	)
	assert out[1]["percent_closed_change"] == 30.0
	assert out[2]["closed_items_change"] is None, "no snapshot for the month before: no change shown"
