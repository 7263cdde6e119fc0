from datetime import date

from zgz_app.core.dates import (
	ENDED,
	IN_PROGRESS,
	NOT_STARTED,
	Span,
	campaign_status,
	current_phase,
	outside,
	phase_problems,
)

D = date
START, END = D(2018, 8, 20), D(2019, 6, 30)
SEED_PHASES = [
	Span("宣传发动", D(2018, 8, 20), D(2018, 8, 31)),
	Span("全面推进", D(2018, 9, 1), D(2018, 12, 31)),
	Span("持续深化", D(2019, 1, 1), D(2019, 6, 30)),
]


def test_status_before_during_after():
	assert campaign_status(START, END, D(2018, 8, 19)) == NOT_STARTED
	assert campaign_status(START, END, START) == IN_PROGRESS
	assert campaign_status(START, END, END) == IN_PROGRESS
	assert campaign_status(START, END, D(2019, 7, 1)) == ENDED


def test_open_ended_campaign_never_ends():
	assert campaign_status(START, None, D(2030, 1, 1)) == IN_PROGRESS


def test_current_phase_follows_the_calendar():
	assert current_phase(SEED_PHASES, D(2018, 8, 24)).name == "宣传发动"
	assert current_phase(SEED_PHASES, D(2018, 9, 1)).name == "全面推进"
	assert current_phase(SEED_PHASES, D(2018, 8, 19)) is None
	assert current_phase(SEED_PHASES, D(2019, 7, 1)) is None


def test_open_ended_phase_contains_later_days():
	assert current_phase([Span("常态化", D(2019, 1, 1), None)], D(2025, 5, 5)).name == "常态化"


def test_seed_phases_are_valid():
	assert phase_problems(SEED_PHASES, START, END) == []


def kinds(problems):
	return [(p.kind, p.index, p.other) for p in problems]


def test_phase_outside_the_campaign():
	phases = [Span("a", D(2018, 8, 1), D(2018, 8, 31)), Span("b", D(2019, 6, 1), D(2019, 7, 31))]
	assert kinds(phase_problems(phases, START, END)) == [
		("before_campaign", 0, None),
		("after_campaign", 1, None),
	]


def test_open_phase_in_a_closed_campaign_runs_past_its_end():
	assert kinds(phase_problems([Span("a", START, None)], START, END)) == [("after_campaign", 0, None)]


def test_phases_out_of_order_and_overlapping():
	swapped = [SEED_PHASES[1], SEED_PHASES[0]]
	assert kinds(phase_problems(swapped, START, END)) == [("out_of_order", 1, 0)]
	overlapping = [Span("a", D(2018, 8, 20), D(2018, 9, 5)), Span("b", D(2018, 9, 1), D(2018, 12, 31))]
	assert kinds(phase_problems(overlapping, START, END)) == [("overlap", 1, 0)]


def test_touching_phases_overlap_but_adjacent_ones_do_not():
	same_day = [Span("a", D(2018, 8, 20), D(2018, 8, 31)), Span("b", D(2018, 8, 31), D(2018, 9, 30))]
	assert kinds(phase_problems(same_day, START, END)) == [("overlap", 1, 0)]


def test_phase_end_before_its_start_and_missing_start():
	assert kinds(phase_problems([Span("a", D(2018, 9, 2), D(2018, 9, 1))], START, END)) == [
		("end_before_start", 0, None)
	]
	assert kinds(phase_problems([Span("a", None, None)], START, END)) == [("missing_start", 0, None)]


def test_outside():
	assert outside(D(2018, 8, 19), START, END)
	assert not outside(START, START, END)
	assert not outside(D(2040, 1, 1), START, None)
	assert not outside(None, START, END)
