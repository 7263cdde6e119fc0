"""What goes into the campaign dossier: its sections, and the records and uploads of each.

A section is an entry of ``SECTIONS``; one whose DocType is not on the site is left out, so the
registry can name forms that arrive later. ``collect`` reads the records of each section, grouped by
unit in the tree's order, with the PDFs uploaded to each (the scans of the sealed paper forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe.utils import getdate
from zgz_app.core.awards import CASE, PRINT_FORMATS

DOSSIER = "ZGZ Dossier"
CAMPAIGN = "ZGZ Campaign"
UNIT = "ZGZ Unit"


# ---------------------------------------------------------------------------------------------------
# The sections


@dataclass(frozen=True)
class Section:
	"""A part of the dossier: the records of one DocType, printed with its print format.

	``campaign_field`` links a record to the campaign ("name" for the campaign itself);
	``unit_field`` groups the records by unit (None: the campaign's own; a record whose unit is empty
	goes before the units); ``filters`` picks the records that belong in a bound record (e.g. signed);
	``print_format_field`` and ``print_formats`` choose the print format by a field's value;
	``attachment_fields`` are Attach fields whose files come first after the record (then the other
	PDFs attached to it); ``label`` names a record in the outline from the fields read."""

	key: str
	title: str
	doctype: str
	label: Callable[[dict], str]
	print_format: str | None = None
	print_format_field: str | None = None
	print_formats: dict[str, str] = field(default_factory=dict)
	campaign_field: str = "campaign"
	unit_field: str | None = "unit"
	filters: dict = field(default_factory=dict)
	fields: tuple[str, ...] = ()
	order_by: str = "creation asc"
	attachment_fields: tuple[str, ...] = ()

	def print_format_for(self, row: dict) -> str | None:
		if self.print_format_field:
			return self.print_formats.get(row.get(self.print_format_field)) or self.print_format
		return self.print_format


def _plan_label(row: dict) -> str:
	if row.get("plan_type") == "Unit":
		return "单位问题摸排表"
	return f"个人问题摸排表（{row.get('owner_name') or ''}）"


def _award_label(row: dict) -> str:
	if row.get("award_kind") == CASE:
		return f"优质服务事例申报表（{row.get('case_title') or ''}）"
	return f"十佳优秀服务明星申报表（{row.get('nominee_name') or ''}）"


def _reconciliation_label(row: dict) -> str:
	end = getdate(row.get("period_end")) if row.get("period_end") else None
	if not end:
		return "对账表"
	if row.get("period_type") == "Year":
		return f"{end.year}年对账表"
	if row.get("period_type") == "Quarter":
		return f"{end.year}年第{(end.month - 1) // 3 + 1}季度对账表"
	return f"{end.year}年{end.month}月对账表"


SECTIONS: list[Section] = [
	Section(
		"campaign",
		"实施方案与领导小组",
		CAMPAIGN,
		label=lambda row: "附件1 领导小组",
		print_format="附件1 领导小组",
		campaign_field="name",
		unit_field=None,
	),
	Section(
		"plans",
		"问题摸排表",
		"ZGZ Rectification Plan",
		label=_plan_label,
		print_format="附件2 问题摸排表",
		filters={"docstatus": 1},  # signed
		fields=("plan_type", "owner_name"),
		order_by="plan_type desc, owner_name asc, creation asc",  # the unit's own plan first
	),
	Section(
		"awards",
		"评选申报表",
		"ZGZ Service Award",
		label=_award_label,
		print_format_field="award_kind",
		print_formats=PRINT_FORMATS,
		filters={"docstatus": 1},  # submitted up by the lead unit
		fields=("award_kind", "nominee_name", "case_title"),
		order_by="award_kind desc, creation asc",  # the stars, then the cases
	),
	Section(
		"reconciliations",
		"对账表",
		"ZGZ Reconciliation",
		label=_reconciliation_label,
		print_format="对账表",
		filters={"docstatus": 1},  # signed by the head
		fields=("period_type", "period_end"),
		order_by="period_end asc, creation asc",
	),
	Section(
		"summaries",
		"工作总结",
		"ZGZ Work Summary",
		label=lambda row: "工作总结",
		print_format="工作总结",
		attachment_fields=("attachment",),
	),
]


# ---------------------------------------------------------------------------------------------------
# What goes in


@dataclass
class Upload:
	file_name: str
	file_url: str | None
	is_pdf: bool = True


@dataclass
class Record:
	section: Section
	name: str
	unit: str | None
	label: str
	print_format: str | None
	uploads: list[Upload] = field(default_factory=list)


@dataclass
class Group:
	unit: str | None  # None: the campaign's own records
	records: list[Record] = field(default_factory=list)


@dataclass
class Part:
	section: Section
	groups: list[Group]


@dataclass
class LeftOut:
	where: str  # section · unit · record
	what: str  # the file, or the record
	reason: str  # a core.dossier reason, or "render"
	detail: str = ""


def available_sections() -> list[Section]:
	return [s for s in SECTIONS if frappe.db.exists("DocType", s.doctype)]


def chosen_units(names: list[str]) -> set[str] | None:
	"""The chosen units and every unit under them (None: all)."""
	if not names:
		return None
	bounds = frappe.get_all(UNIT, filters={"name": ("in", names)}, fields=["lft", "rgt"])
	units = frappe.qb.DocType(UNIT)
	query = frappe.qb.from_(units).select(units.name)
	condition = None
	for b in bounds:
		clause = (units.lft >= b.lft) & (units.rgt <= b.rgt)
		condition = clause if condition is None else condition | clause
	return set(query.where(condition).run(pluck=True)) if condition is not None else set()


def collect(campaign: str, units: list[str], with_uploads: bool) -> list[Part]:
	"""The records of each section, grouped by unit in the tree's order (one query per section for
	the records, one for their uploads, one for the units' order)."""
	allowed = chosen_units(units)
	parts = []
	for section in available_sections():
		meta = frappe.get_meta(section.doctype)
		wanted = [
			f
			for f in (
				section.unit_field,
				section.print_format_field,
				*section.fields,
				*section.attachment_fields,
			)
			if f and meta.has_field(f)
		]
		filters = {section.campaign_field: campaign, **section.filters}
		fields = ["name", *dict.fromkeys(wanted)]
		if allowed is None or not section.unit_field:
			rows = frappe.get_all(section.doctype, filters=filters, fields=fields, order_by=section.order_by)
		else:  # the chosen units' records, and the campaign's own (no unit), which belong to every choice
			rows = frappe.get_all(
				section.doctype,
				filters={**filters, section.unit_field: ("is", "not set")},
				fields=fields,
				order_by=section.order_by,
			)
			if allowed:
				rows += frappe.get_all(
					section.doctype,
					filters={**filters, section.unit_field: ("in", list(allowed))},
					fields=fields,
					order_by=section.order_by,
				)
		if not rows:
			continue
		uploads = _uploads(section, rows) if with_uploads else {}
		records = [
			Record(
				section,
				row.name,
				row.get(section.unit_field) if section.unit_field else None,
				section.label(row),
				_existing_print_format(section.print_format_for(row)),
				uploads.get(row.name, []),
			)
			for row in rows
		]
		parts.append(Part(section, _grouped(records)))
	return parts


def _existing_print_format(name: str | None) -> str | None:
	"""A print format the registry names but the site lacks falls back to the standard one."""
	return name if name and frappe.db.exists("Print Format", name) else None


def _grouped(records: list[Record]) -> list[Group]:
	order = dict(
		frappe.get_all(
			UNIT,
			filters={"name": ("in", list({r.unit for r in records if r.unit}))},
			fields=["name", "lft"],
			as_list=True,
		)
	)
	groups: dict[str | None, Group] = {}
	for record in sorted(records, key=lambda r: (r.unit is not None, order.get(r.unit, 0))):
		groups.setdefault(record.unit, Group(record.unit)).records.append(record)
	return list(groups.values())


def _uploads(section: Section, rows: list[dict]) -> dict[str, list[Upload]]:
	"""Per record: its Attach fields' files, then its other attached PDFs, oldest first."""
	files = frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": section.doctype,
			"attached_to_name": ("in", [r.name for r in rows]),
			"is_folder": 0,
		},
		fields=["attached_to_name", "file_name", "file_url"],
		order_by="creation asc",
	)
	by_record: dict[str, list] = {}
	for f in files:
		by_record.setdefault(f.attached_to_name, []).append(f)
	out: dict[str, list[Upload]] = {}
	for row in rows:
		uploads, seen = [], set()
		for fieldname in section.attachment_fields:
			url = row.get(fieldname)
			if not url:
				continue
			seen.add(url)
			known = next((f for f in by_record.get(row.name, []) if f.file_url == url), None)
			name = (known.file_name if known else None) or url.rsplit("/", 1)[-1]
			uploads.append(Upload(name, url, is_pdf(name) or is_pdf(url)))
		for f in by_record.get(row.name, []):
			if f.file_url in seen or not (is_pdf(f.file_name) or is_pdf(f.file_url)):
				continue
			seen.add(f.file_url)
			uploads.append(Upload(f.file_name or f.file_url.rsplit("/", 1)[-1], f.file_url))
		if uploads:
			out[row.name] = uploads
	return out


def is_pdf(name: str | None) -> bool:
	return bool(name) and name.lower().split("?", 1)[0].endswith(".pdf")


def upload_path(file_url: str | None) -> str | None:
	"""Where a site file lives on disk (None for a link to another site)."""
	if not file_url or "://" in file_url:
		return None
	url = file_url.split("?", 1)[0]
	if url.startswith("/private/files/"):
		return frappe.get_site_path("private", "files", url[len("/private/files/") :])
	if url.startswith("/files/"):
		return frappe.get_site_path("public", "files", url[len("/files/") :])
	return None
