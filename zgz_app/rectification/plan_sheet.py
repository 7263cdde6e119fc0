"""A plan's rows in and out of Excel, in the 附件2 layout (问题摸排表): the plan form's buttons call these.

Reading and checking the sheet is core.plan_sheet's (pure, tested without a site); this module reads the
file, supplies who a name stands for, and saves the plan once, with every row or with none.

Who a name in 责任人 or 责任领导 means (the name → user dict core.plan_sheet asks for):

- 责任人: the people of the plan's unit and of the units under it (members, heads, deputy signatories:
  ``unit_people``, the same people the row rule accepts). A name none of them has is looked up among
  all enabled users, so that someone from another unit is refused as "not in this unit" rather than
  as an unknown name.
- 责任领导: the unit's supervising leader, head and deputy signatory; else any enabled user (a
  responsible leader is often outside the unit).

A name is compared without spaces (张  伟 is 张伟); an email (the user's id) always picks its user; a
name that two users of the same group share is refused as ambiguous, with their emails to choose from.
Export writes names, and a user's email instead where his name is ambiguous, so that an exported sheet
imports back unchanged."""

import csv
import io

import frappe
from frappe import _
from frappe.utils import escape_html, getdate
from frappe.utils.csvutils import read_csv_content
from frappe.utils.xlsxutils import (
	make_xlsx,
	read_xls_file_from_attached_file,
	read_xlsx_file_from_attached_file,
)
from zgz_app.core import plan_sheet as sheet
from zgz_app.core.plan_rows import SOURCES, RowError
from zgz_app.workflow import editable_states
from zgz_app.zgz_app.doctype.zgz_rectification_plan.zgz_rectification_plan import (
	row_error_detail,
	unit_people,
)

PLAN = "ZGZ Rectification Plan"
COLUMN_WIDTHS = (6, 40, 40, 12, 12, 14, 20, 14, 12)


@frappe.whitelist()
def download_template(plan: str | None = None) -> None:
	"""An empty 附件2 sheet; with ``plan``, headed with its unit and date."""
	doc = _readable(plan) if plan else None
	_send(doc, [], "附件2问题摸排表" if doc is None else f"附件2问题摸排表-{doc.name}")


@frappe.whitelist()
def export_rows(plan: str) -> None:
	"""The plan's rows as its unit files them on paper: 附件2 with 问题类别 and 问题来源 added."""
	doc = _readable(plan)
	full_name = enabled_users()
	people, leaders = directories(doc, full_name)
	rows = [
		dict(
			row.as_dict(),
			responsible_leader=_display(row.responsible_leader, leaders, full_name),
			responsible_person=_display(row.responsible_person, people, full_name),
			deadline=getdate(row.deadline) if row.deadline else None,
		)
		for row in doc.rows
	]
	_send(doc, rows, f"附件2-{doc.name}")


@frappe.whitelist(methods=["POST"])
def import_rows(plan: str, file_url: str | None = None, text: str | None = None, replace: int = 1) -> int:
	"""Read rows from an uploaded sheet (``file_url``: .xlsx, .xls or .csv) or from ``text`` pasted from
	Excel (tab-separated), check them all, then replace the plan's rows with them (``replace`` 0:
	add them after its rows) and save the plan once. Any error: one message listing every bad cell,
	and the plan is left as it was. Returns the number of rows imported."""
	doc = frappe.get_doc(PLAN, plan)
	doc.check_permission("write")
	check_editable(doc)
	if file_url:
		cells, headerless = read_file(file_url), False
	elif text and text.strip():
		cells, headerless = read_pasted(text), True
	else:
		frappe.throw(_("Choose a file or paste the rows to import."), title=_("Nothing to Import"))
	people, leaders = directories(doc)
	parsed = sheet.parse_sheet(cells, people, leaders, headerless=headerless)
	ctx = doc.context()
	errors = sheet.check_sheet(parsed, ctx)
	if errors:
		frappe.throw(
			"<br>".join(
				[
					_(
						"Nothing was imported. Fix these cells in the sheet and import it again "
						"(rows are numbered as in the sheet):"
					)
				]
				+ [error_message(e, ctx) for e in errors]
			),
			title=_("The Sheet Has Errors"),
		)
	set_rows(doc, [r.values for r in parsed.rows], replace=bool(int(replace)))
	doc.save()
	return len(parsed.rows)


def _readable(plan: str):
	doc = frappe.get_doc(PLAN, plan)
	doc.check_permission("read")
	return doc


def check_editable(doc) -> None:
	"""Rows go only into a draft plan in a state the workflow lets this user edit (Allow Edit)."""
	states = editable_states(doc.doctype)
	if doc.docstatus == 0 and (not doc.workflow_state or doc.workflow_state in states):
		return
	state = doc.workflow_state or ("Signed" if doc.docstatus == 1 else "Cancelled")
	names = [_(s) for s in states] or [_("Draft")]
	allowed = _("{0} or {1}").format("、".join(names[:-1]), names[-1]) if len(names) > 1 else names[0]
	frappe.throw(
		_(
			"Rows can be imported only into a plan that is {0}, and {1} is {2}. "
			"A signed plan is changed by cancelling and amending it."
		).format(allowed, doc.name, _(state)),
		title=_("Plan Not Editable"),
	)


# --- who a name means ------------------------------------------------------------------------------


def directories(doc, full_name: dict[str, str] | None = None) -> tuple[dict, dict]:
	"""(people for 责任人, people for 责任领导) as core.plan_sheet.build_directory makes them."""
	full_name = enabled_users() if full_name is None else full_name
	everyone = list(full_name.items())
	unit = frappe.db.get_value("ZGZ Unit", doc.unit, ["supervising_leader", "head", "deputy"], as_dict=True)
	members = [(u, full_name[u]) for u in sorted(unit_people(doc.unit)) if u in full_name]
	leaders = [(u, full_name[u]) for u in (unit.supervising_leader, unit.head, unit.deputy) if u in full_name]
	return sheet.build_directory(members, everyone), sheet.build_directory(leaders, everyone)


def enabled_users() -> dict[str, str]:
	"""user → full name, for every enabled user who is a person."""
	users = frappe.get_all(
		"User",
		filters={"enabled": 1, "name": ("not in", ("Guest", "Administrator"))},
		fields=["name", "full_name"],
	)
	return {u.name: u.full_name for u in users}


def _display(user: str | None, directory: dict, full_name: dict) -> str | None:
	"""A user's name if it reads back as him, else his email."""
	if not user:
		return None
	name = full_name.get(user)
	return name if name and directory.get(sheet.name_key(name)) == (user,) else user


# --- reading ---------------------------------------------------------------------------------------


def read_file(file_url: str) -> list[list]:
	file = readable_file(file_url)
	extension = (file.file_name or file_url).rsplit(".", 1)[-1].lower()
	if extension not in ("xlsx", "xls", "csv"):
		frappe.throw(
			_("{0} is not a spreadsheet. Upload an .xlsx, .xls or .csv file.").format(
				escape_html(file.file_name or file_url)
			),
			title=_("Wrong File Type"),
		)
	content = file.get_content()
	try:
		if extension == "xlsx":
			return read_xlsx_file_from_attached_file(fcontent=content) or []
		if extension == "xls":
			return read_xls_file_from_attached_file(content)
		return read_csv_content(_decode_csv(content))
	except frappe.ValidationError:
		raise
	except Exception:
		frappe.throw(
			_("{0} could not be read as a spreadsheet. Save it again from Excel as .xlsx and retry.").format(
				escape_html(file.file_name or file_url)
			),
			title=_("Unreadable File"),
		)


def _decode_csv(content: bytes | str) -> str:
	"""Excel saves CSV as UTF-8 with a BOM ("CSV UTF-8") or, on a Chinese Windows, as GBK; Frappe's
	reader would take GBK for Windows-1252."""
	if isinstance(content, str):
		return content.removeprefix("\ufeff")
	try:
		return content.decode("utf-8-sig")
	except UnicodeDecodeError:
		return content.decode("gb18030")


def readable_file(file_url: str):
	"""The File at ``file_url`` the user may read (Frappe gives files of the same content one URL, so
	several File records, perhaps of other users, can share it)."""
	for name in frappe.get_all(
		"File", filters={"file_url": file_url}, pluck="name", order_by="creation desc"
	):
		file = frappe.get_doc("File", name)
		if file.has_permission("read"):
			return file
	frappe.throw(
		_("You cannot read the file {0}. Upload it again.").format(escape_html(file_url)),
		frappe.PermissionError,
		title=_("Not Allowed"),
	)


def read_pasted(text: str) -> list[list]:
	"""Cells copied from Excel: tab between cells, a new line between rows, a cell with line breaks in
	double quotes."""
	return [list(row) for row in csv.reader(io.StringIO(text.strip("\r\n")), delimiter="\t")]


# --- writing ---------------------------------------------------------------------------------------


def set_rows(doc, values: list[dict], replace: bool = True) -> None:
	"""Replace (or add to) the plan's rows. A replaced row's problem item (an amended plan's) stays
	with the imported row of the same problem."""
	carried = {}
	if replace:
		carried = {(r.problem or "").strip(): r.problem_item for r in doc.rows if r.problem_item}
		doc.set("rows", [])
	for row_values in values:
		row = doc.append("rows", row_values)
		row.problem_item = carried.pop((row.problem or "").strip(), None)


def _send(doc, rows: list[dict], filename: str) -> None:
	if doc:
		campaign = frappe.db.get_value(
			"ZGZ Campaign", doc.campaign, ["organisation", "form_title", "short_name"], as_dict=True
		)
		title = sheet.form_title(campaign.organisation, campaign.form_title or campaign.short_name)
		plan_date = getdate(doc.plan_date) if doc.plan_date else None
		data = sheet.sheet_layout(title, doc.unit, plan_date, rows)
	else:
		data = sheet.sheet_layout(sheet.form_title(None), None, None, rows)
	content = make_xlsx(data, sheet.ATTACHMENT, column_widths=list(COLUMN_WIDTHS)).getvalue()
	frappe.response["filename"] = f"{filename}.xlsx"
	frappe.response["filecontent"] = content
	frappe.response["type"] = "binary"


# --- messages --------------------------------------------------------------------------------------


def error_message(error: sheet.SheetError, ctx) -> str:
	"""One line per bad cell: the sheet's row number, its column header, what is wrong and the fix."""
	column, value = escape_html(error.column), escape_html(str(error.value or ""))
	if error.kind == "no_header":
		return _(
			"No header row: the sheet needs a row with the column headers {0} and {1}. Download the "
			"template (Export Attachment 2) and fill it in."
		).format(sheet.HEADERS["problem"], sheet.HEADERS["measures"])
	if error.kind == "missing_column":
		return _("Header row {0}: there is no column {1}. Add it, or download the template.").format(
			error.row, column
		)
	if error.kind == "duplicate_column":
		return _("Header row {0}: the column {1} appears twice. Keep one of them.").format(error.row, column)
	if error.kind == "no_rows":
		return _("There are no rows under the header (row {0}). Fill in at least one problem.").format(
			error.row
		)
	if error.kind == "bad_date":
		what = _("{0} is not a date. Write it as 2026-12-31 (or 2026/12/31, 2026年12月31日).").format(value)
	elif error.kind == "unknown_source":
		what = _("{0} is not a known source. Write one of: {1}.").format(value, "、".join(SOURCES.values()))
	elif error.kind == "unknown_person":
		what = _(
			"{0} matches no user. Write the person's full name as in the system, or their email."
		).format(value)
	elif error.kind == "ambiguous_person":
		what = _("{0} is the name of several users ({1}). Write the email of the one you mean.").format(
			value, "、".join(error.options)
		)
	elif error.kind == "several_people":
		what = _("{0} names more than one person. Write one person here (others can go under {1}).").format(
			value, sheet.HEADERS["remarks"]
		)
	else:  # a plan-row rule: the same words as the form gives
		what = row_error_detail(
			RowError(error.row, error.field, error.kind, escape_html(error.value) if error.value else None),
			ctx,
		)
	return _("Row {0}, column {1}: {2}").format(error.row, column, what)
