"""The year's planned inspection rounds, held and missed, and conflicts of interest (no site)."""

from datetime import date

from zgz_app.core.supervision import (
	CONCENTRATED,
	HALF_YEARLY,
	NOT_PLANNED,
	ROUTINE,
	conflicts,
	held_by,
	periods,
	planned_rounds,
	round_status,
	to_remind,
)


def test_quarters_and_halves_cover_the_year():
	assert [(s, e) for _n, s, e in periods(2024, 3)] == [
		(date(2024, 1, 1), date(2024, 3, 31)),
		(date(2024, 4, 1), date(2024, 6, 30)),
		(date(2024, 7, 1), date(2024, 9, 30)),
		(date(2024, 10, 1), date(2024, 12, 31)),
	]
	assert [(s, e) for _n, s, e in periods(2024, 6)] == [
		(date(2024, 1, 1), date(2024, 6, 30)),
		(date(2024, 7, 1), date(2024, 12, 31)),
	]


def test_rounds_follow_the_settings_and_stay_inside_the_campaign():
	# seed 000's campaign: 2018-08-20 to 2019-06-30
	rounds = planned_rounds(2018, date(2018, 8, 20), date(2019, 6, 30))
	assert [(r.kind, r.number) for r in rounds] == [(ROUTINE, 3), (ROUTINE, 4), (CONCENTRATED, 2)]
	rounds = planned_rounds(2019, date(2018, 8, 20), date(2019, 6, 30), HALF_YEARLY, concentrated=False)
	assert [(r.kind, r.number, r.end) for r in rounds] == [(ROUTINE, 1, date(2019, 6, 30))]
	assert planned_rounds(2019, date(2018, 8, 20), date(2019, 6, 30), NOT_PLANNED, concentrated=False) == []


def test_a_round_is_held_by_an_inspection_of_its_kind_starting_in_its_period():
	q3 = planned_rounds(2018, date(2018, 8, 20), date(2019, 6, 30))[0]
	inspections = [
		("A", ROUTINE, date(2018, 10, 2)),  # next quarter
		("B", CONCENTRATED, date(2018, 9, 3)),  # another kind
		("C", ROUTINE, date(2018, 9, 28)),
	]
	assert held_by(q3, inspections) == ["C"]
	assert held_by(q3, inspections[:2]) == []


def test_a_round_not_held_by_its_periods_end_is_missed():
	q3 = planned_rounds(2018, date(2018, 8, 20), date(2019, 6, 30))[0]
	assert round_status(q3, [], date(2018, 9, 30)) == "Due"
	assert round_status(q3, [], date(2018, 10, 1)) == "Missed"
	assert round_status(q3, ["C"], date(2018, 10, 1)) == "Held"
	assert round_status(q3, [], date(2018, 6, 1)) == "Planned"


def test_a_team_member_of_an_inspected_unit_is_a_conflict():
	units = {"规划管理科": {"zhang", "wang"}, "综合科": {"li"}}
	assert conflicts(["chen", "wang", "li"], units) == [("wang", "规划管理科"), ("li", "综合科")]
	assert conflicts(["chen"], units) == []


def test_a_missed_round_is_reminded_while_the_period_after_it_runs():
	q3, _q4, h2 = planned_rounds(2018, date(2018, 8, 20), date(2019, 6, 30))
	assert not to_remind(q3, [], date(2018, 9, 30))  # its own period: due, not missed
	assert to_remind(q3, [], date(2018, 10, 1))
	assert to_remind(q3, [], date(2018, 12, 31))  # the quarter after it
	assert not to_remind(q3, [], date(2019, 1, 2))
	assert not to_remind(q3, ["C"], date(2018, 10, 1))  # held
	assert to_remind(h2, [], date(2019, 6, 30))  # a half-year's round: the half-year after it
	assert not to_remind(h2, [], date(2019, 7, 2))
