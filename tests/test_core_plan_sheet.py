from datetime import date, datetime

import pytest

from zgz_app.core.plan_rows import PlanContext
from zgz_app.core.plan_sheet import (
	SHEET_COLUMNS,
	build_directory,
	check_sheet,
	form_title,
	header_key,
	parse_date,
	parse_sheet,
	parse_source,
	sheet_layout,
)

ZW, LM, WF, ZW2 = "zhangwei@x.cn", "liming@x.cn", "wangfang@x.cn", "zhangwei2@x.cn"
UNIT = [(ZW, "张伟"), (LM, "李明")]
EVERYONE = [(ZW, "张伟"), (LM, "李明"), (WF, "王芳"), (ZW2, "张伟")]
PEOPLE = build_directory(UNIT, EVERYONE)
HEADER = [
	"序号",
	"查摆出的问题",
	"整改措施",
	"责任领导",
	"责任人",
	"整改时限",
	"备注",
	"问题类别",
	"问题来源",
]
CTX = PlanContext(
	plan_date=date(2026, 11, 20),
	campaign_end=date(2027, 6, 30),
	categories=("思维中梗阻", "责任中梗阻"),
	unit_people=frozenset({ZW, LM}),
)


def row(n, **kw):
	values = {
		"problem": "办事拖拉",
		"measures": "限时办结",
		"leader": "李明",
		"person": "张伟",
		"deadline": "2026-12-31",
		"remarks": None,
		"category": "思维中梗阻",
		"source": "自己找",
	}
	values.update(kw)
	return [n, *values.values()]


def titled(*rows):
	"""The sheet the way a unit fills it: title rows above the header."""
	return [
		["附件2"],
		["常州市金坛区规划局“中梗阻”问题摸排表"],
		["填报单位：规划管理科", None, None, None, None, "填报日期：2026-11-20"],
		HEADER,
		*rows,
	]


def kinds(sheet_or_errors):
	errors = getattr(sheet_or_errors, "errors", sheet_or_errors)
	return [(e.row, e.column, e.kind) for e in errors]


def test_header_found_under_the_title_rows_and_rows_numbered_as_the_sheet():
	sheet = parse_sheet(titled(row(1), row(2, problem="推诿扯皮")), PEOPLE)
	assert sheet.errors == []
	assert sheet.header_row == 4
	assert [r.number for r in sheet.rows] == [5, 6]
	assert sheet.rows[0].values == {
		"problem": "办事拖拉",
		"measures": "限时办结",
		"responsible_leader": LM,
		"responsible_person": ZW,
		"deadline": date(2026, 12, 31),
		"remarks": None,
		"category": "思维中梗阻",
		"source": "Self-found",
	}


def test_first_row_offsets_the_numbering():
	sheet = parse_sheet([HEADER, row(1, deadline="明年")], PEOPLE, first_row=3)
	assert kinds(sheet) == [(4, "整改时限", "bad_date")]


@pytest.mark.parametrize(
	"cell,key",
	[
		(" 查摆出的 问题 ", "查摆出的问题"),
		("整改时限（年月日）", "整改时限"),
		("整改时限(年月日)", "整改时限"),
		("*责任人", "责任人"),
		("备\u3000注", "备注"),
		("问题来源：", "问题来源"),
	],
)
def test_header_key_ignores_spaces_brackets_and_markers(cell, key):
	assert header_key(cell) == key


def test_columns_mapped_by_header_in_any_order_with_variants_and_without_optional_ones():
	header = ["整改措施 ", "责任人（姓名）", "查摆出的问题", "完成时限", "无关的列"]
	sheet = parse_sheet([header, ["限时办结", "李明", "办事拖拉", "2026/12/1", "x"]], PEOPLE)
	assert sheet.errors == []
	values = sheet.rows[0].values
	assert (values["problem"], values["measures"], values["responsible_person"]) == (
		"办事拖拉",
		"限时办结",
		LM,
	)
	assert values["deadline"] == date(2026, 12, 1)
	assert values["responsible_leader"] is values["category"] is values["source"] is values["remarks"] is None
	assert sheet.headers["responsible_person"] == "责任人（姓名）"


def test_missing_required_column_is_one_error_naming_it():
	header = ["序号", "查摆出的问题", "整改措施", "责任人"]
	sheet = parse_sheet([["附件2"], header, [1, "a", "b", "张伟"], [2, "c", "d", "李明"]], PEOPLE)
	assert kinds(sheet) == [(2, "整改时限", "missing_column")]
	assert sheet.rows == []


def test_no_header_row_is_one_error():
	sheet = parse_sheet([["附件2"], ["问题", "办法"], ["a", "b"]], PEOPLE)
	assert kinds(sheet) == [(None, "查摆出的问题", "no_header")]


def test_duplicate_column_refused():
	sheet = parse_sheet([[*HEADER, "备注"], row(1)], PEOPLE)
	assert kinds(sheet) == [(1, "备注", "duplicate_column")]


def test_header_without_rows():
	assert kinds(parse_sheet(titled([None] * 9, [3, None, None]), PEOPLE)) == [(4, "查摆出的问题", "no_rows")]


def test_blank_rows_serial_only_rows_and_footnotes_skipped():
	sheet = parse_sheet(
		titled(
			[None, "", "  ", None],
			row(1),
			[2] + [None] * 8,
			[],
			row(3),
			["注：整改时限请写具体日期。"],
			[None, "填表人：张伟"],
		),
		PEOPLE,
	)
	assert sheet.errors == []
	assert [r.number for r in sheet.rows] == [6, 9]


@pytest.mark.parametrize(
	"cell",
	[
		date(2026, 12, 1),
		datetime(2026, 12, 1, 0, 0),
		"2026-12-01",
		"2026/12/1",
		"2026.12.1",
		"2026年12月1日",
		"2026 年 12 月 1 日",
		"2026年12月1日前",
		"2026-12-01 00:00:00",
		"20261201",
		46357,
		46357.0,
		"46357",
	],
)
def test_deadline_formats(cell):
	assert parse_date(cell) == date(2026, 12, 1)


def test_month_only_deadline_is_the_months_last_day():
	assert parse_date("2026年12月底") == date(2026, 12, 31)
	assert parse_date("2027年2月") == date(2027, 2, 28)


@pytest.mark.parametrize(
	"cell", ["长期坚持", "12月1日", "2026-02-30", "2026-13-01", "12", 3.5, True, "2026-12"]
)
def test_unreadable_deadlines(cell):
	assert parse_date(cell) is None


def test_source_from_the_chinese_word_or_the_option():
	assert parse_source("领导点") == "Raised by Leaders"
	assert parse_source(" 巡视巡察反馈 ") == "Inspection Feedback"
	assert parse_source("Raised by the Public") == "Raised by the Public"
	assert parse_source("self-found") == "Self-found"
	assert parse_source("路上捡的") is None


def test_people_by_name_padded_name_or_email_and_unit_members_win_over_namesakes():
	assert PEOPLE["张伟"] == (ZW,)  # the other 张伟 is outside the unit
	sheet = parse_sheet(
		[
			HEADER,
			row(1, person="张  伟"),
			row(2, person="wangfang@X.cn"),
			row(3, person="王芳"),
			row(4, person=ZW2),
		],
		PEOPLE,
	)
	assert sheet.errors == []
	assert [r.values["responsible_person"] for r in sheet.rows] == [ZW, WF, WF, ZW2]


def test_ambiguous_unknown_and_several_people():
	people = build_directory([(ZW, "张伟"), (ZW2, "张伟"), (LM, "李明")])
	sheet = parse_sheet(
		[HEADER, row(1, person="张伟"), row(2, person="赵六"), row(3, person="张伟、李明")], people
	)
	assert kinds(sheet) == [
		(2, "责任人", "ambiguous_person"),
		(3, "责任人", "unknown_person"),
		(4, "责任人", "several_people"),
	]
	assert sheet.errors[0].options == tuple(sorted((ZW, ZW2)))
	assert sheet.errors[0].value == "张伟"


def test_leaders_resolved_with_their_own_directory():
	leaders = build_directory([(WF, "王芳")])
	sheet = parse_sheet([HEADER, row(1, leader="王芳"), row(2, leader="李明")], PEOPLE, leaders)
	assert sheet.rows[0].values["responsible_leader"] == WF
	assert kinds(sheet) == [(3, "责任领导", "unknown_person")]


def test_bad_source_named_with_the_sheets_header():
	sheet = parse_sheet([[*HEADER[:-1], "问题来源（自己找/领导点）"], row(1, source="随便")], PEOPLE)
	assert kinds(sheet) == [(2, "问题来源（自己找/领导点）", "unknown_source")]


def test_check_sheet_adds_the_plan_rules_with_sheet_numbers_and_headers():
	sheet = parse_sheet(
		titled(
			row(1),
			row(2, measures=None),
			[None] * 9,
			row(3, deadline="2027-07-01"),
			row(4, category="作风中梗阻"),
			row(5, person="王芳"),
			row(6, deadline="长期坚持"),
			row(7, deadline="2026-11-19"),
		),
		PEOPLE,
	)
	errors = check_sheet(sheet, CTX)
	assert kinds(errors) == [
		(6, "整改措施", "required"),
		(8, "整改时限", "deadline_after_campaign"),
		(9, "问题类别", "unknown_category"),
		(10, "责任人", "person_outside_unit"),
		(11, "整改时限", "bad_date"),  # not also "required"
		(12, "整改时限", "deadline_before_plan"),
	]
	assert errors[3].value == WF


def test_check_sheet_names_a_missing_optional_column_by_the_forms_header():
	sheet = parse_sheet([HEADER[:7], row(1)[:7]], PEOPLE)
	assert kinds(check_sheet(sheet, CTX)) == [(2, "问题类别", "category_required")]


def test_check_sheet_stops_at_a_missing_column():
	sheet = parse_sheet([HEADER[:5], row(1)[:5]], PEOPLE)
	assert kinds(check_sheet(sheet, CTX)) == [(1, "整改时限", "missing_column")]


def test_headerless_paste_read_in_the_apps_order_with_or_without_serial():
	with_serial = parse_sheet([row(1), row(2)], PEOPLE, headerless=True)
	without = parse_sheet([row(1)[1:], row(2)[1:]], PEOPLE, headerless=True)
	assert with_serial.errors == without.errors == []
	assert [r.values for r in with_serial.rows] == [r.values for r in without.rows]
	assert with_serial.rows[0].values["deadline"] == date(2026, 12, 31)
	assert [r.number for r in without.rows] == [1, 2]


def test_layout_is_the_paper_form_and_reads_back_the_same_rows():
	rows = [
		{
			"problem": "办事拖拉",
			"measures": "限时办结\n每周通报",
			"responsible_leader": "李明",
			"responsible_person": "张伟",
			"deadline": date(2026, 12, 31),
			"remarks": None,
			"category": "思维中梗阻",
			"source": "Raised by the Public",
		}
	]
	assert (
		form_title("常州市金坛区规划局", "“打通中梗阻、激发新动能”专项活动")
		== "常州市金坛区规划局“打通中梗阻、激发新动能”专项活动问题摸排表"
	)
	assert (
		form_title("常州市金坛区规划局", "“中梗阻”专项治理工作")
		== "常州市金坛区规划局“中梗阻”专项治理工作问题摸排表"
	)
	sheet = sheet_layout(form_title("常州市金坛区规划局"), "规划管理科", date(2026, 11, 20), rows)
	assert sheet[0] == ["附件2"]
	assert sheet[1] == ["常州市金坛区规划局“中梗阻”问题摸排表"]
	assert sheet[2][0] == "填报单位：规划管理科" and sheet[2][5] == "填报日期：2026-11-20"
	assert sheet[3] == list(SHEET_COLUMNS) == HEADER
	assert sheet[4] == [
		1,
		"办事拖拉",
		"限时办结\n每周通报",
		"李明",
		"张伟",
		"2026-12-31",
		None,
		"思维中梗阻",
		"群众提",
	]
	back = parse_sheet(sheet, PEOPLE)
	assert back.errors == []
	assert back.rows[0].values == dict(rows[0], responsible_leader=LM, responsible_person=ZW)
