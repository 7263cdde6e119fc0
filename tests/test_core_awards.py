from datetime import date

import pytest

from zgz_app.core.awards import (
	TEXT_LIMIT,
	char_count,
	criteria_problems,
	month_in_future,
	normalize_name,
	normalize_phone,
	over_limit,
	parse_year_month,
	person_key,
	rank,
)

# char_count: what a reader counts ------------------------------------------------------------------


def test_each_chinese_character_letter_and_digit_counts_one():
	assert char_count("窗口服务") == 4
	assert char_count("3550目标") == 6
	assert char_count("APP办件") == 5


def test_whitespace_and_line_breaks_are_not_counted():
	assert char_count("窗口 服务\n一次\t办好\u3000！") == 9
	assert char_count("  \n ") == 0
	assert char_count(None) == 0


def test_punctuation_counts_one_each_as_on_squared_paper():
	assert char_count("“店小二”服务，好！") == 10
	assert char_count("等等……") == 4  # 省略号 takes two squares
	assert char_count("a,b.") == 4


def test_invisible_characters_and_combining_marks_are_not_counted():
	assert char_count("办\u200b事\ufeff") == 2
	assert char_count("e\u0301") == 1  # é written as e and a combining accent
	assert char_count("é") == 1


def test_limit_is_500():
	assert TEXT_LIMIT == 500
	assert over_limit("字" * 500) == 0
	assert over_limit("字" * 501) == 1
	assert over_limit("字" * 500 + "\n" * 30 + " " * 10) == 0


# phone numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"raw, expected",
	[
		("13812345678", "13812345678"),
		("138 1234 5678", "13812345678"),
		("138-1234-5678", "13812345678"),
		("+86 138 1234 5678", "13812345678"),
		("008619912345678", "19912345678"),
		("8613812345678", "13812345678"),
		("１３８１２３４５６７８", "13812345678"),  # full-width digits
		("0519-82812345", "0519-82812345"),
		("0519 8281 2345", "0519-82812345"),
		("(0519)82812345", "0519-82812345"),
		("（0519）8281234", "0519-8281234"),
		("051982812345", "0519-82812345"),
		("010-12345678", None),  # a local number never starts with 1
		("010-62345678", "010-62345678"),
		("02152345678", "021-52345678"),
		("+86 519 82812345", "0519-82812345"),
		("0519-82812345转801", "0519-82812345-801"),
		("010-62345678-801", "010-62345678-801"),
		("82812345", "82812345"),
		("8281234", "8281234"),
	],
)
def test_mainland_numbers_are_accepted_in_one_form(raw, expected):
	assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
	"raw",
	[
		"",
		None,
		"12812345678",  # no 12x mobile range
		"1381234567",  # 10 digits
		"138123456789",  # 12 digits
		"021-5234567",  # 02x takes 8 digits
		"0519-123456",  # too short
		"0519-02812345",  # a local number never starts with 0
		"051-982812345",  # the dash is not where the area code ends
		"+1 415 555 0100",
		"852 2345 6789",
		"138-1234-5678转8",  # a mobile has no extension
		"电话13812345678",
		"12345",
	],
)
def test_other_numbers_are_refused(raw):
	assert normalize_phone(raw) is None


# 出生年月 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"raw, expected",
	[
		("1985-06", (1985, 6)),
		("1985.6", (1985, 6)),
		("1985/06", (1985, 6)),
		("1985年6月", (1985, 6)),
		("1985年06", (1985, 6)),
		("198506", (1985, 6)),
		("1985-06-15", (1985, 6)),
		("１９８５．０６", (1985, 6)),
	],
)
def test_birth_month_as_written_on_forms(raw, expected):
	assert parse_year_month(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "1985", "1985-13", "1985-0", "85-06", "June 1985", "1899-12"])
def test_unreadable_birth_months(raw):
	assert parse_year_month(raw) is None


def test_month_in_future():
	today = date(2018, 9, 10)
	assert not month_in_future(2018, 9, today)
	assert month_in_future(2018, 10, today)
	assert month_in_future(2019, 1, today)
	assert not month_in_future(1985, 12, today)


# duplicates ----------------------------------------------------------------------------------------


def test_person_key_by_user_else_by_name_within_the_unit():
	assert person_key("a@x.cn", "张伟", "规划管理科") == person_key("a@x.cn", "张 伟", "综合科")
	assert person_key(None, "陈 辉", "规划管理科") == person_key(None, "陈辉", "规划管理科")
	assert person_key(None, "陈辉", "规划管理科") != person_key(None, "陈辉", "综合科")
	assert normalize_name(" Li  Ming ") == normalize_name("liming")


# ranking -------------------------------------------------------------------------------------------


def keys(ranked, **flag):
	((name, value),) = flag.items()
	return [r.key for r in ranked if getattr(r, name) == value]


def test_competition_ranking_with_ties():
	ranked = rank([("a", 90), ("b", 95), ("c", 90), ("d", 80), ("e", None)], places=10)
	assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("c", 2), ("d", 4), ("e", None)]
	assert keys(ranked, tied=True) == ["a", "c"]
	assert keys(ranked, in_top=True) == ["b", "a", "c", "d"]
	assert not any(r.tie_at_cut for r in ranked)


def test_averages_that_differ_by_float_noise_tie():
	ranked = rank([("a", 86.66666666666667), ("b", 86.666666666666)], places=1)
	assert [r.rank for r in ranked] == [1, 1]


def test_top_ten_exact():
	entries = [(f"n{i:02d}", 100 - i) for i in range(12)]
	ranked = rank(entries, places=10)
	assert keys(ranked, in_top=True) == [f"n{i:02d}" for i in range(10)]
	assert not any(r.tie_at_cut for r in ranked)


def test_a_tie_straddling_tenth_place_is_shown_in_full_and_flagged():
	entries = [(f"n{i:02d}", 100 - i) for i in range(8)] + [("x", 50), ("y", 50), ("z", 50), ("w", 40)]
	ranked = rank(entries, places=10)
	top = keys(ranked, in_top=True)
	assert len(top) == 11 and top[-3:] == ["x", "y", "z"]
	assert keys(ranked, tie_at_cut=True) == ["x", "y", "z"]
	assert {r.rank for r in ranked if r.key in "xyz"} == {9}
	assert next(r for r in ranked if r.key == "w").rank == 12


def test_a_tie_inside_the_top_is_not_flagged_at_the_cut():
	entries = [("a", 90), ("b", 90), ("c", 80), ("d", 70)]
	ranked = rank(entries, places=3)
	assert keys(ranked, in_top=True) == ["a", "b", "c"]
	assert not any(r.tie_at_cut for r in ranked)


def test_tie_on_exactly_the_last_place_inside_the_top():
	ranked = rank([("a", 90), ("b", 80), ("c", 80)], places=3)
	assert keys(ranked, in_top=True) == ["a", "b", "c"]
	assert not any(r.tie_at_cut for r in ranked)


# selection criteria ---------------------------------------------------------------------------------


def test_criteria_need_a_positive_maximum_and_no_repeats_per_kind():
	rows = [
		{"criterion": "服务质效", "award_kind": "Service Star", "max_score": 40},
		{"criterion": "服务质效", "award_kind": "Service Case", "max_score": 40},  # other kind: fine
		{"criterion": "群众评价", "award_kind": None, "max_score": 0},
		{"criterion": "群众 评价", "award_kind": "Service Star", "max_score": 10},  # clashes with row 3
		{"criterion": "服务质效", "award_kind": "Service Star", "max_score": 10},  # clashes with row 1
	]
	assert criteria_problems(rows) == [
		(3, "max_score", "not_positive"),
		(4, "criterion", "duplicate"),
		(5, "criterion", "duplicate"),
	]
