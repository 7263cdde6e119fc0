import pytest

from zgz_app.core import evaluation as ev


def test_weights_must_sum_to_exactly_100():
	assert ev.weights_ok([40, 30, 30])
	assert not ev.weights_ok([40, 30, 20])
	assert not ev.weights_ok([120, -20])
	assert ev.weight_sum([40, 30, None]) == 70


def test_a_criterion_needs_its_scale_or_its_indicator():
	assert ev.criterion_error(ev.RATING, None, None) == "scale"
	assert ev.criterion_error(ev.RATING, ev.SATISFACTION, None) is None
	assert ev.criterion_error(ev.INDICATOR, None, "made_up") == "indicator"
	assert ev.criterion_error(ev.INDICATOR, None, ev.ON_TIME) is None


def test_ratings_become_points():
	assert ev.rating_points(ev.SATISFACTION, ev.SATISFIED) == 100
	assert ev.rating_points(ev.SATISFACTION, ev.BASICALLY) == 60
	assert ev.rating_points(ev.SATISFACTION, ev.UNSATISFIED) == 0
	assert ev.rating_points(ev.SCORE, score=85) == 85
	with pytest.raises(ValueError):
		ev.rating_points(ev.SATISFACTION, "Great")
	with pytest.raises(ValueError):
		ev.rating_points(ev.SCORE, score=101)


def test_a_share_is_its_own_points_and_a_count_is_placed_between_best_and_worst():
	assert ev.indicator_points({"a": 90.0, "b": None}, ev.ON_TIME) == {"a": 90.0, "b": None}
	assert ev.indicator_points({"a": 0, "b": 5, "c": 10, "d": None}, ev.OVERDUE) == {
		"a": 100.0,
		"b": 50.0,
		"c": 0.0,
		"d": None,
	}
	assert ev.indicator_points({"a": 2, "b": 2}, ev.FINDINGS) == {"a": 100.0, "b": 100.0}


def test_a_missing_part_is_left_out_never_counted_as_zero():
	total, missing = ev.weighted({"x": 80, "y": None}, {"x": 60, "y": 40})
	assert total == 80 and missing == ["y"]
	assert ev.weighted({"x": 80, "y": 50}, {"x": 60, "y": 40}) == (68.0, [])
	assert ev.weighted({}, {"x": 100}) == (None, ["x"])


def test_ties_share_a_place_and_the_next_is_skipped():
	assert ev.ranks({"a": 90, "b": 80, "c": 80, "d": 70, "e": None}) == {
		"a": 1,
		"b": 2,
		"c": 2,
		"d": 4,
		"e": None,
	}


def test_the_last_places_are_flagged_and_a_tie_across_the_cut_whole():
	assert ev.flagged_last({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, 3) == {"c", "d", "e"}
	assert ev.flagged_last({"a": 1, "b": 2, "c": 2, "d": 4, "e": 5}, 3) == {"b", "c", "d", "e"}
	assert ev.flagged_last({"a": 1, "b": 2}, 3) == {"a", "b"}
	assert ev.flagged_last({"a": 1, "b": None}, 0) == set()


def test_a_check_counts_broken_commitments_whole_and_partly_kept_ones_half():
	from zgz_app.core.evaluation import commitments_broken

	assert commitments_broken(["Kept", "Broken", "Partly Kept", "Broken"]) == 2.5
	assert commitments_broken(["Kept", "Kept"]) == 0
	assert commitments_broken([None, ""]) is None  # nothing found yet: missing, not 0
	assert commitments_broken([]) is None


def test_a_commitment_row_needs_its_service_and_time_limit():
	from zgz_app.core.evaluation import commitment_row_errors

	rows = [
		{"service": "建设工程规划许可", "time_limit": "5个工作日"},
		{"service": "测绘成果查询", "time_limit": " "},
	]
	assert commitment_row_errors(rows) == [(2, "time_limit")]


def test_red_days_are_working_days_from_turning_red_to_close_out_or_the_day():
	from datetime import date

	from zgz_app.core.escalation import WorkCalendar, red_days

	calendar = WorkCalendar(weekly_off=(5, 6))
	friday = date(2026, 3, 6)
	# overdue Monday 9th (1), Tuesday (2), Wednesday (3): red from the first day overdue with threshold 1
	assert red_days(calendar, friday, date(2026, 3, 11), 1) == 3
	assert red_days(calendar, friday, date(2026, 3, 11), 2) == 2  # red from the second day overdue
	assert red_days(calendar, friday, date(2026, 3, 8), 1) == 0  # the weekend is not counted
	assert red_days(calendar, friday, friday, 1) == 0  # closed out on its deadline
	assert red_days(calendar, friday, date(2026, 3, 3), 1) == 0
