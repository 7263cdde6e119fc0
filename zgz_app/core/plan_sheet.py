"""A plan's rows as a spreadsheet in the 附件2 layout (问题摸排表): read them in, write them out.

Pure: the caller reads the file (xlsx, csv, or text pasted from Excel) into rows of cell values and
supplies the people a name may stand for; :func:`parse_sheet` finds the header row, maps the columns by
their header text, turns every cell into the value the plan's row takes and reports each cell it cannot
read with the sheet's own row number and column header. :func:`check_sheet` adds the rules every plan
row keeps (core.plan_rows), renumbered the same way, so the user fixes the file in one go.

The sheet the app writes (:func:`sheet_layout`) is the paper form: 附件2, the form's title, 填报单位 and
填报日期, the header row, then one row per problem; reading it back gives the same rows."""

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from zgz_app.core.plan_rows import EXTRA_COLUMNS, FORM_COLUMNS, SOURCES, PlanContext, blank, check_rows

SERIAL = "序号"
ATTACHMENT = "附件2"
# fieldname → the header the paper form (and the app's two extra columns) gives it.
HEADERS = dict(FORM_COLUMNS + EXTRA_COLUMNS)
# The columns of the sheet the app writes, in order; a sheet without a header row is read in this order.
SHEET_COLUMNS = (SERIAL, *HEADERS.values())
FIELDS = tuple(HEADERS)
# A sheet must have these columns; 备注, 问题类别, 问题来源 and 责任领导 may be left out.
REQUIRED_COLUMNS = ("problem", "measures", "responsible_person", "deadline")
PEOPLE = ("responsible_leader", "responsible_person")

_SPACE = re.compile(r"[\s\u3000]+")
_FULL_WIDTH = str.maketrans("（）【】［］：", "()[][]:")
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]")


def header_key(value) -> str:
	"""A header cell without spaces, bracketed hints and required-markers: ``" 整改时限（年月日）*"``
	→ ``"整改时限"``."""
	text = _SPACE.sub("", "" if value is None else str(value)).translate(_FULL_WIDTH)
	return _BRACKETED.sub("", text).strip("*:").casefold()


# Header texts each column is known by (as header_key gives them): the form's own, common variants,
# and the English labels of the plan row's fields.
ALIASES = {
	SERIAL: ("序号", "编号", "no", "no."),
	"problem": ("查摆出的问题", "查摆问题", "存在问题", "存在的问题", "问题", "problemfound", "problem"),
	"measures": ("整改措施", "措施", "rectificationmeasures", "measures"),
	"responsible_leader": ("责任领导", "分管领导", "responsibleleader"),
	"responsible_person": ("责任人", "具体责任人", "responsibleperson"),
	"deadline": ("整改时限", "完成时限", "整改期限", "时限", "deadline"),
	"remarks": ("备注", "remarks"),
	"category": ("问题类别", "类别", "category"),
	"source": ("问题来源", "来源", "source"),
}
_COLUMN_OF = {alias: column for column, aliases in ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class SheetError:
	"""One bad cell (or a missing column). ``row`` is the sheet's own row number (None when the error is
	about the sheet as a whole); ``column`` the header as the sheet writes it (the form's header when the
	column is missing); ``field`` the plan row's fieldname. ``kind`` is one of no_header, missing_column,
	duplicate_column, no_rows, bad_date, unknown_source, unknown_person, ambiguous_person,
	several_people, or a kind of core.plan_rows.RowError. ``options`` lists the users an ambiguous name
	may be."""

	row: int | None
	column: str
	kind: str
	value: object = None
	field: str | None = None
	options: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetRow:
	number: int  # the sheet's own row number
	values: dict  # fieldname → value as the plan's row takes it (users, a date, a Select option)


@dataclass
class ParsedSheet:
	rows: list[SheetRow] = field(default_factory=list)
	errors: list[SheetError] = field(default_factory=list)
	headers: dict[str, str] = field(default_factory=dict)  # fieldname → header as written in the sheet
	header_row: int | None = None

	def column(self, fieldname: str) -> str:
		return self.headers.get(fieldname) or HEADERS.get(fieldname, fieldname)


# --- people ---------------------------------------------------------------------------------------


def name_key(value) -> str:
	"""Names are compared without spaces (paper forms pad two-character names: 张  伟) and case."""
	return _SPACE.sub("", "" if value is None else str(value)).casefold()


def build_directory(*layers: Iterable[tuple[str, str | None]]) -> dict[str, tuple[str, ...]]:
	"""Name or user id → the users it may mean, from (user, full name) pairs given in layers of
	priority: a name found in an earlier layer means only the users of that layer (a member of the unit
	wins over a namesake elsewhere); two users of one layer with one name make the name ambiguous."""
	directory: dict[str, tuple[str, ...]] = {}
	for layer in layers:
		found: dict[str, set[str]] = {}
		for user, full_name in layer:
			for key in {name_key(user), name_key(full_name)} - {""}:
				found.setdefault(key, set()).add(user)
		for key, users in found.items():
			directory.setdefault(key, tuple(sorted(users)))
	return directory


_SEVERAL = re.compile(r"[、,，;；/／]")


def resolve_person(text: str, directory: Mapping[str, Sequence[str]]):
	"""(user, None) or (None, (kind, options))."""
	users = directory.get(name_key(text)) or ()
	if len(users) == 1:
		return users[0], None
	if len(users) > 1:
		return None, ("ambiguous_person", tuple(users))
	return None, ("several_people" if _SEVERAL.search(text) else "unknown_person", ())


# --- cells ----------------------------------------------------------------------------------------

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
_SERIALS = range(20_000, 100_000)  # 1954–2173: a number outside this is not a deadline
_YMD = re.compile(
	r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
	r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:之前|以前|前)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末)?\s*(?:之前|以前|前)?$")


def parse_date(value) -> date | None:
	"""A deadline cell: a date or datetime, an Excel serial number, or text such as 2026-12-01,
	2026/12/1, 2026.12.1, 2026年12月1日(前), 20261201; 2026年12月(底) is the month's last day.
	None when it is none of these."""
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, int | float) and not isinstance(value, bool):
		return _serial(value)
	text = _SPACE.sub(" ", str(value)).strip()
	try:
		if match := _YMD.match(text) or _COMPACT.match(text):
			return date(*(int(g) for g in match.groups()))
		if match := _MONTH.match(text):
			year, month = int(match[1]), int(match[2])
			return date(year, month, calendar.monthrange(year, month)[1])
	except ValueError:  # 2026-02-30, month 13
		return None
	if re.fullmatch(r"\d+(\.0+)?", text):
		return _serial(float(text))
	return None


def _serial(number: float) -> date | None:
	if number != int(number) or int(number) not in _SERIALS:
		return None
	return EXCEL_EPOCH + timedelta(days=int(number))


_SOURCE_OF = {name_key(k): k for k in SOURCES} | {name_key(v): k for k, v in SOURCES.items()}


def parse_source(text: str) -> str | None:
	"""问题来源 as the Chinese word on paper (自己找) or the Select option (Self-found)."""
	return _SOURCE_OF.get(name_key(text))


def cell_text(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	elif isinstance(value, datetime):
		value = value.date() if value == datetime.combine(value.date(), datetime.min.time()) else value
	if isinstance(value, date):
		return value.isoformat()
	return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --- the sheet ------------------------------------------------------------------------------------

# A line under the table (注：…, 填表人：…) is not a problem.
_FOOTNOTE = re.compile(r"^(注|说明|填表说明|填表人|审核人|联系人|联系电话)\s*\d*\s*[:：]")


def find_header(rows: Sequence[Sequence]) -> int | None:
	"""Index of the first row with both 查摆出的问题 and 整改措施 (by any of their names)."""
	for index, row in enumerate(rows):
		columns = {_COLUMN_OF.get(header_key(cell)) for cell in row}
		if {"problem", "measures"} <= columns:
			return index
	return None


def _default_layout(rows: Sequence[Sequence]) -> dict[str, int]:
	"""Columns of a sheet without a header row: the order the app writes, with or without 序号 (there
	when every first cell is a whole number and the second is not)."""
	filled = [r for r in rows if any(not blank(cell_text(c)) for c in r)]

	def serial(row) -> bool:
		first, second = (cell_text(c) for c in [*row, None, None][:2])
		return first.isdigit() and not second.isdigit()

	offset = 0 if filled and all(serial(r) for r in filled) else 1
	return {column: i - offset for i, column in enumerate((SERIAL, *FIELDS)) if i - offset >= 0}


def parse_sheet(
	rows: Sequence[Sequence],
	people: Mapping[str, Sequence[str]],
	leaders: Mapping[str, Sequence[str]] | None = None,
	first_row: int = 1,
	headerless: bool = False,
) -> ParsedSheet:
	"""Rows of cell values → the plan's rows and every cell that cannot be read.

	``people`` resolves 责任人 and ``leaders`` 责任领导 (default: ``people``), both as
	:func:`build_directory` makes them. ``first_row`` is the sheet's number of ``rows[0]``.
	``headerless``: a sheet without a header row (rows pasted from the middle of a table) is read in
	the app's column order instead of being refused."""
	leaders = people if leaders is None else leaders
	sheet = ParsedSheet()
	header = find_header(rows)
	if header is None:
		if not headerless:
			sheet.errors.append(SheetError(None, HEADERS["problem"], "no_header", field="problem"))
			return sheet
		layout, start = _default_layout(rows), 0
		sheet.headers = {c: HEADERS[c] for c in layout if c in HEADERS}
	else:
		sheet.header_row = header + first_row
		layout, start = _map_header(rows[header], sheet), header + 1
		missing = [c for c in REQUIRED_COLUMNS if c not in layout]
		if missing or any(e.kind == "duplicate_column" for e in sheet.errors):
			sheet.errors.extend(
				SheetError(sheet.header_row, HEADERS[c], "missing_column", field=c) for c in missing
			)
			return sheet

	for index in range(start, len(rows)):
		cells = list(rows[index])
		texts = {c: cell_text(cells[i]) if i < len(cells) else "" for c, i in layout.items()}
		if not any(texts[c] for c in layout if c != SERIAL):
			continue
		filled = [t for t in (cell_text(c) for c in cells) if t]
		if len(filled) == 1 and _FOOTNOTE.match(filled[0]):
			continue
		number = index + first_row
		raw = {c: cells[layout[c]] if layout[c] < len(cells) else None for c in layout if c != SERIAL}
		values, errors = _read_row(number, raw, texts, sheet, people, leaders)
		sheet.rows.append(SheetRow(number, values))
		sheet.errors.extend(errors)
	if not sheet.rows and not sheet.errors:
		sheet.errors.append(SheetError(sheet.header_row, HEADERS["problem"], "no_rows", field="problem"))
	return sheet


def _map_header(row: Sequence, sheet: ParsedSheet) -> dict[str, int]:
	layout: dict[str, int] = {}
	for i, cell in enumerate(row):
		column = _COLUMN_OF.get(header_key(cell))
		if not column:
			continue  # a column the app does not know: ignored
		if column in layout:
			sheet.errors.append(
				SheetError(sheet.header_row, cell_text(cell), "duplicate_column", field=column)
			)
			continue
		layout[column] = i
		if column in HEADERS:
			sheet.headers[column] = cell_text(cell)
	return layout


def _read_row(number, raw, texts, sheet, people, leaders) -> tuple[dict, list[SheetError]]:
	values: dict = dict.fromkeys(FIELDS)
	errors: list[SheetError] = []
	for column in raw:
		text = texts[column]
		if not text:
			continue
		if column == "deadline":
			values[column] = parse_date(raw[column])
			if values[column] is None:
				errors.append(SheetError(number, sheet.column(column), "bad_date", text, column))
		elif column == "source":
			values[column] = parse_source(text)
			if values[column] is None:
				errors.append(SheetError(number, sheet.column(column), "unknown_source", text, column))
		elif column in PEOPLE:
			user, problem = resolve_person(text, leaders if column == "responsible_leader" else people)
			values[column] = user
			if problem:
				kind, options = problem
				errors.append(SheetError(number, sheet.column(column), kind, text, column, options))
		else:
			values[column] = text
	return values, errors


def check_sheet(sheet: ParsedSheet, ctx: PlanContext) -> list[SheetError]:
	"""The sheet's own errors and the plan-row rules (core.plan_rows) for every row read, numbered as
	the sheet numbers its rows, in the order a user reads the sheet. A cell that could not be read is
	not reported a second time as empty."""
	errors = list(sheet.errors)
	if not sheet.rows:  # no header, a missing column, or nothing under the header
		return errors
	unreadable = {(e.row, e.field) for e in errors}
	for error in check_rows([r.values for r in sheet.rows], ctx):
		number = sheet.rows[error.row - 1].number
		if (number, error.field) not in unreadable:
			column = sheet.column(error.field)
			errors.append(SheetError(number, column, error.kind, error.value, error.field))
	order = {c: i for i, c in enumerate(FIELDS)}
	return sorted(errors, key=lambda e: (e.row or 0, order.get(e.field, len(order))))


# --- writing --------------------------------------------------------------------------------------


def form_title(organisation: str | None, campaign_title: str | None = None) -> str:
	"""The paper form's title as the print format 附件2 问题摸排表 writes it: the organisation, then the
	campaign's title on forms as the office wrote it, quotes included (seed 000's paper, with no
	campaign: 常州市金坛区规划局“中梗阻”问题摸排表)."""
	return f"{organisation or ''}{campaign_title or '“中梗阻”'}问题摸排表"


def sheet_layout(title: str, unit: str | None, plan_date: date | None, rows: Iterable[Mapping]) -> list[list]:
	"""The 附件2 sheet: title rows, 填报单位/填报日期, the header, one row per problem. ``rows`` hold the
	people as the sheet should show them (names), the deadline as a date and the source as its option."""
	width = len(SHEET_COLUMNS)
	filed_on = plan_date.isoformat() if plan_date else ""
	unit_line = [f"填报单位：{unit or ''}"] + [None] * (width - 1)
	unit_line[SHEET_COLUMNS.index(HEADERS["deadline"])] = f"填报日期：{filed_on}"
	out = [[ATTACHMENT], [title], unit_line, list(SHEET_COLUMNS)]
	for number, row in enumerate(rows, start=1):
		line: list = [number]
		for fieldname in FIELDS:
			value = row.get(fieldname)
			if fieldname == "deadline":
				value = value.isoformat() if isinstance(value, date) else value
			elif fieldname == "source":
				value = SOURCES.get(value, value)
			line.append(None if blank(value) else value)
		out.append(line)
	return out
