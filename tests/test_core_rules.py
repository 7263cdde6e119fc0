from zgz_app.core.rules import creates_cycle, duplicates, leader_count, sort_leading_group


def test_leader_count():
	assert leader_count(["Leader", "Deputy Leader", "Member"]) == 1
	assert leader_count(["Deputy Leader", "Member"]) == 0
	assert leader_count(["Leader", "Leader"]) == 2


def test_sort_leading_group_keeps_entered_order_within_a_role():
	rows = [
		{"group_role": "Member", "n": 1},
		{"group_role": "Leader", "n": 2},
		{"group_role": "Deputy Leader", "n": 3},
		{"group_role": "Member", "n": 4},
	]
	assert [r["n"] for r in sort_leading_group(rows)] == [2, 3, 1, 4]


def test_self_parent_and_descendant_parent_are_cycles():
	parents = {"局": None, "中心": "局", "信息科": "中心"}
	assert creates_cycle("中心", "中心", parents)
	assert creates_cycle("中心", "信息科", parents)
	assert not creates_cycle("信息科", "局", parents)
	assert not creates_cycle("新科室", "中心", parents)


def test_existing_loop_elsewhere_does_not_hang():
	assert not creates_cycle("x", "a", {"a": "b", "b": "a"})


def test_duplicates():
	assert duplicates(["a", "b", "a", None, "", "b", "a"]) == ["a", "b"]
	assert duplicates([]) == []
