"""The campaign dossier (台账 / 汇编): the whole campaign, or chosen units, as one bound PDF.

The lead unit (campaign managers) or a member of the campaign's leading group starts it from the
campaign (``start``). A ZGZ Dossier record keeps the request and its progress; a background job on
the "long" queue (``build_job``) builds the PDF:

1. the records, section by section (``SECTIONS``), units in the tree's order, each printed with its
   print format (the records of one print format go through wkhtmltopdf together, see
   ``zgz_app.core.dossier``), each followed by the PDFs uploaded to it (the scans of the sealed
   paper forms);
2. a last page listing what could not go in (a broken or encrypted upload, a record that would not
   print) — the job never stops for one of them;
3. the cover and the table of contents, placed first: their page count is known before the first
   page is written (the contents are dealt into pages of fixed rows), so every page is numbered as
   it is written.

The pages go straight to the file (``DossierWriter``), so memory does not grow with the dossier.
The file is a private File attached to the ZGZ Dossier record: Frappe lets whoever may read the
record a private file is attached to download it, and every participant may read the campaign,
while only the lead unit and the leading group may read its dossiers. The requester is told by a
notification and a mail.

A job that dies (killed, out of memory, a worker restarted during a deployment) cannot record that
itself: ``fail_lost_dossiers`` asks RQ about it (zgz_app.jobs) every minute and whenever the requester
asks again, marks the dossier failed with why, tells the requester, and so lets him ask for another.

The dossier is an official record in Chinese: its own wording (cover, contents, section headings,
the list of what was left out) is written in Chinese, like the print formats'. What the desk shows
goes through _().

A section is an entry of ``SECTIONS``; one whose DocType is not on the site is left out, so the
registry can name forms that arrive later.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, flt, get_url_to_form, getdate, now_datetime, random_string
from frappe.utils.pdf import get_pdf
from zgz_app import jobs
from zgz_app.core import dossier as pdf
from zgz_app.roles import CAMPAIGN_MANAGER

DOSSIER = "ZGZ Dossier"
CAMPAIGN = "ZGZ Campaign"
UNIT = "ZGZ Unit"
FRONT_TEMPLATE = "zgz_app/templates/dossier/front.html"
WARNINGS_TEMPLATE = "zgz_app/templates/dossier/warnings.html"
DEFAULT_MAX_UPLOAD_MB = 20
BATCH = 20  # records per wkhtmltopdf run (see benchmarks/dossier.py)
# The table of contents: rows under the heading on its first page, rows on each further page. The
# template gives each row a fixed height and never wraps a title, so these are exact.
TOC_FIRST_PAGE_ROWS = 24
TOC_ROWS_PER_PAGE = 30
WARNINGS_TITLE = "附件核验情况"
BUILDERS = frozenset({"System Manager", CAMPAIGN_MANAGER})
UNFINISHED = ("Queued", "Running")


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
	if row.get("award_kind") == "Service Case":
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
		print_formats={
			"Service Star": "附件3 十佳优秀服务明星申报表",
			"Service Case": "附件4 优质服务事例申报表",
		},
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
# Who may build and read dossiers


def may_build(campaign: str, user: str | None = None) -> bool:
	"""The lead unit (campaign managers, system managers) and the campaign's leading group."""
	user = user or frappe.session.user
	if user == "Administrator" or BUILDERS.intersection(frappe.get_roles(user)):
		return True
	return bool(
		frappe.db.exists(
			"ZGZ Leading Group Member", {"parenttype": CAMPAIGN, "parent": campaign, "user": user}
		)
	)


def check_may_build(campaign: str) -> None:
	if not may_build(campaign):
		frappe.throw(
			_(
				"Only the lead unit (campaign managers) and the members of the campaign's leading group "
				"may build or open the dossier of {0}. Ask one of them for it."
			).format(campaign),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""hooks.has_permission: a dossier is for the lead unit, the leading group and its requester."""
	user = user or frappe.session.user
	if doc.requested_by == user or may_build(doc.campaign, user):
		return None  # the role permissions decide
	return False


def query_conditions(user: str | None = None) -> str:
	"""hooks.permission_query_conditions: the same rule for lists and reports."""
	user = user or frappe.session.user
	if user == "Administrator" or BUILDERS.intersection(frappe.get_roles(user)):
		return ""
	user = frappe.db.escape(user)
	return (
		f"(`tabZGZ Dossier`.requested_by = {user} or `tabZGZ Dossier`.campaign in (select parent from "
		f"`tabZGZ Leading Group Member` where parenttype = 'ZGZ Campaign' and user = {user}))"
	)


# ---------------------------------------------------------------------------------------------------
# Starting and following a build


@frappe.whitelist(methods=["POST"])
def start(campaign: str, units: str | list | None = None, include_attachments: int = 1) -> str:
	"""Queue a dossier of ``campaign`` (``units``: only these and the units under them). Returns the
	ZGZ Dossier's name; the form follows it (``status``)."""
	frappe.get_doc(CAMPAIGN, campaign).check_permission("read")
	check_may_build(campaign)
	units = [u for u in (frappe.parse_json(units) if isinstance(units, str) else units or []) if u]
	for unit in units:
		if not frappe.db.exists(UNIT, unit):
			frappe.throw(
				_("Units: {0} does not exist. Choose units from the list.").format(unit),
				title=_("Invalid Unit"),
			)
	fail_lost_dossiers({"campaign": campaign, "requested_by": frappe.session.user})
	running = frappe.db.get_value(
		DOSSIER,
		{"campaign": campaign, "requested_by": frappe.session.user, "status": ("in", UNFINISHED)},
	)
	if running:
		frappe.throw(
			_("Your dossier {0} of this campaign is still being built. Wait for it to finish.").format(
				running
			),
			title=_("Dossier Already Queued"),
		)
	doc = frappe.get_doc(
		{
			"doctype": DOSSIER,
			"campaign": campaign,
			"units": [{"unit": u} for u in dict.fromkeys(units)],
			"include_attachments": 1 if cint(include_attachments) else 0,
			"status": "Queued",
			"requested_by": frappe.session.user,
		}
	)
	doc.insert(ignore_permissions=True)  # nobody creates dossiers by hand: check_may_build is the rule
	frappe.enqueue(
		"zgz_app.dossier.build_job",
		queue="long",
		timeout=3600,
		job_id=job_id(doc.name),
		enqueue_after_commit=True,
		dossier=doc.name,
	)
	return doc.name


def job_id(dossier: str) -> str:
	"""The RQ job id of the dossier's build (frappe.enqueue prefixes the site)."""
	return f"zgz_dossier::{dossier}"


def fail_lost_dossiers(filters: dict | None = None) -> list[str]:
	"""Dossiers still queued or running whose job RQ says will never finish (zgz_app.jobs): each is
	marked failed, with why, and its requester is told as on success (notification and mail), which
	lets him ask for a new one. Run by the scheduler every minute, and whenever the requester asks again
	or the form asks how far it is."""
	failed = []
	for row in frappe.get_all(
		DOSSIER,
		filters={**(filters or {}), "status": ("in", UNFINISHED)},
		fields=["name", "creation"],
		order_by="creation",
	):
		reason = jobs.lost(job_id(row.name), row.creation)
		if not reason:
			continue
		# the job may have ended normally meanwhile: decide on the row as it is now, locked
		if frappe.db.get_value(DOSSIER, row.name, "status", for_update=True) not in UNFINISHED:
			continue
		error = _("The job was lost: {0}. Ask for the dossier again.").format(reason)
		frappe.db.set_value(
			DOSSIER, row.name, {"status": "Failed", "finished_on": now_datetime(), "error": error}
		)
		tell_requester(row.name)
		failed.append(row.name)
	return failed


def tell_requester(dossier: str) -> None:
	"""``notify``, which a failure of its own must not turn into a second failure of the dossier."""
	try:
		notify(frappe.get_doc(DOSSIER, dossier))
	except Exception:
		frappe.log_error(title=_("Dossier {0}: the requester could not be told").format(dossier))


@frappe.whitelist()
def status(dossier: str) -> dict:
	"""What the campaign form polls while a dossier is built (socket.io may not reach the browser)."""
	doc = frappe.get_doc(DOSSIER, dossier)
	doc.check_permission("read")
	if doc.status in UNFINISHED and fail_lost_dossiers({"name": doc.name}):
		doc.reload()
	return {
		k: doc.get(k)
		for k in (
			"name",
			"status",
			"progress",
			"progress_note",
			"result_file",
			"page_count",
			"warning_count",
			"error",
		)
	}


def build_job(dossier: str) -> None:
	"""The background job. It commits as it goes, which a request must not do but a job may: each
	progress step is committed so that the form, polling the record, can show it while the job
	runs (the job's other writes come at the very end), and a failure is recorded for good."""
	try:
		build(dossier, checkpoint=frappe.db.commit)
	except Exception:
		frappe.db.rollback()
		frappe.log_error(
			title=_("Dossier {0} failed").format(dossier), reference_doctype=DOSSIER, reference_name=dossier
		)
		error = frappe.get_traceback().strip().splitlines()[-1][:500]
		frappe.db.set_value(
			DOSSIER,
			dossier,
			{"status": "Failed", "finished_on": now_datetime(), "error": error},
			update_modified=False,
		)
		tell_requester(dossier)
		frappe.db.commit()


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
			uploads.append(Upload(name, url, _is_pdf(name) or _is_pdf(url)))
		for f in by_record.get(row.name, []):
			if f.file_url in seen or not (_is_pdf(f.file_name) or _is_pdf(f.file_url)):
				continue
			seen.add(f.file_url)
			uploads.append(Upload(f.file_name or f.file_url.rsplit("/", 1)[-1], f.file_url))
		if uploads:
			out[row.name] = uploads
	return out


def _is_pdf(name: str | None) -> bool:
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


# ---------------------------------------------------------------------------------------------------
# Rendering


@dataclass
class Rendered:
	record: Record
	reader: object | None  # PdfReader
	pages: range | None
	error: str | None = None


class Renderer:
	"""Prints records to PDF, ``batch`` records of one print format per wkhtmltopdf run."""

	def __init__(self, batch: int = BATCH):
		self.batch = batch
		self.seconds = 0.0
		self.runs = 0

	def render(self, records: list[Record]) -> Iterator[Rendered]:
		"""The records printed, in their order. They are taken a window at a time and printed by
		print format within it, so that a section whose records alternate between two forms (a unit's
		star nomination, then its case) still prints in full batches."""
		kinds = list(dict.fromkeys(map(_kind, records)))
		window = self.batch * max(len(kinds), 1)
		for start in range(0, len(records), window):
			chunk = records[start : start + window]
			by_kind = sorted(chunk, key=lambda r: kinds.index(_kind(r)))  # stable: order kept within a kind
			done: dict[int, Rendered] = {}
			for batch in _batches(by_kind, self.batch):
				for rendered in self._render_batch(batch):
					done[id(rendered.record)] = rendered
			yield from (done[id(r)] for r in chunk)
			for reader in {id(r.reader): r.reader for r in done.values() if r.reader}.values():
				pdf.release(reader)  # the window's pages are all written

	def _render_batch(self, records: list[Record]) -> list[Rendered]:
		started = time.perf_counter()
		try:
			failed: dict[str, Rendered] = {}
			ok, htmls = [], []
			for record in records:
				try:
					htmls.append(self.html(record))
					ok.append(record)
				except Exception:
					failed[record.name] = Rendered(record, None, None, _short_error())
			rendered = {r.record.name: r for r in self._pdf_for(ok, htmls)} if ok else {}
			return [failed.get(r.name) or rendered[r.name] for r in records]
		finally:
			self.seconds += time.perf_counter() - started

	def html(self, record: Record) -> str:
		return printable(
			frappe.get_print(record.section.doctype, record.name, print_format=record.print_format)
		)

	def _pdf_for(self, records: list[Record], htmls: list[str]) -> list[Rendered]:
		if len(records) > 1:
			try:
				self.runs += 1
				reader = pdf.open_pdf(get_pdf(pdf.combine_html(htmls)))
				ranges = pdf.record_ranges(pdf.marked_pages(reader), len(reader.pages), len(records))
				if ranges:
					return [Rendered(r, reader, pages) for r, pages in zip(records, ranges, strict=True)]
			except Exception:
				frappe.log_error(
					title=_("Dossier: printing {0} records together failed").format(len(records))
				)
		out = []
		for record, html in zip(records, htmls, strict=True):  # one by one
			try:
				self.runs += 1
				reader = pdf.open_pdf(get_pdf(html))
				out.append(Rendered(record, reader, range(len(reader.pages))))
			except Exception:
				out.append(Rendered(record, None, None, _short_error()))
		return out


def printable(html: str) -> str:
	"""The print view without its header and footer blocks (the standard print format has them).
	Frappe hands them to wkhtmltopdf as local files, which --disable-local-file-access then refuses
	(and a Qt without the wkhtmltopdf patches ignores them anyway); the dossier numbers its pages
	itself."""
	if 'id="header-html"' not in html and 'id="footer-html"' not in html:
		return html
	from bs4 import BeautifulSoup

	soup = BeautifulSoup(html, "html.parser")
	for block in soup.find_all(id=("header-html", "footer-html")):
		block.decompose()
	return str(soup)


def _kind(record: Record) -> tuple[str, str | None]:
	return (record.section.doctype, record.print_format)


def _batches(records: list[Record], size: int) -> Iterator[list[Record]]:
	"""Consecutive records of one print format, at most ``size`` of them."""
	chunk: list[Record] = []
	for record in records:
		if chunk and (len(chunk) >= size or _kind(record) != _kind(chunk[0])):
			yield chunk
			chunk = []
		chunk.append(record)
	if chunk:
		yield chunk


def _short_error() -> str:
	lines = frappe.get_traceback().strip().splitlines()
	return (lines[-1] if lines else "")[:300]


# ---------------------------------------------------------------------------------------------------
# Building


@dataclass
class TocRow:
	level: int
	title: str
	item: pdf.OutlineItem


@dataclass
class Assembly:
	"""What went into a dossier, and how long it took."""

	pages: int = 0
	records: int = 0
	uploads: int = 0
	warnings: list[LeftOut] = field(default_factory=list)
	render_seconds: float = 0.0
	merge_seconds: float = 0.0
	front_seconds: float = 0.0
	wkhtmltopdf_runs: int = 0
	outline: pdf.OutlineItem | None = None


class Progress:
	"""Reports the build's progress: a realtime progress bar for the requester, and the dossier's own
	fields (committed through ``checkpoint`` at most every ``every`` seconds) for the form to poll."""

	def __init__(self, dossier: str | None, checkpoint: Callable[[], None] | None = None, every: float = 1.0):
		self.dossier = dossier
		self.checkpoint = checkpoint
		self.every = every
		self.last = 0.0

	def __call__(self, percent: float, note: str) -> None:
		percent = min(max(flt(percent, 1), 0), 100)
		frappe.publish_progress(percent, title=_("Campaign Dossier"), description=note)
		now = time.monotonic()
		if self.dossier and (percent >= 100 or now - self.last >= self.every):
			frappe.db.set_value(
				DOSSIER,
				self.dossier,
				{"progress": percent, "progress_note": note[:140]},
				update_modified=False,
			)
			if self.checkpoint:
				self.checkpoint()
			self.last = now


def build(
	dossier: str, checkpoint: Callable[[], None] | None = None, renderer: Renderer | None = None
) -> Assembly:
	"""Build the PDF of the ZGZ Dossier ``dossier`` and attach it; raises on failure (``build_job``
	records it). ``checkpoint`` commits (in the job; nothing in tests)."""
	from frappe.translate import print_language

	doc = frappe.get_doc(DOSSIER, dossier)
	progress = Progress(doc.name, checkpoint)
	language = frappe.db.get_value("User", doc.requested_by, "language") if doc.requested_by else None
	with print_language(language or frappe.local.lang):
		doc.db_set({"status": "Running", "started_on": now_datetime(), "progress": 0, "error": None})
		if checkpoint:
			checkpoint()
		progress(1, _("Collecting the records"))
		campaign = frappe.get_doc(CAMPAIGN, doc.campaign)
		units = [row.unit for row in doc.units]
		parts = collect(campaign.name, units, bool(doc.include_attachments))
		file_name = _free_file_name(f"{doc.name}.pdf")
		path = frappe.get_site_path("private", "files", file_name)
		# Who may build it was checked when it was queued (may_build): the dossier is the campaign's
		# whole record, with the units the requester's own roles would not print.
		ignored = frappe.flags.ignore_print_permissions
		frappe.flags.ignore_print_permissions = True
		try:
			with open(path, "wb") as fh:
				result = assemble(
					fh, campaign, parts, units=units, with_uploads=bool(doc.include_attachments),
					renderer=renderer or Renderer(), progress=progress,
				)  # fmt: skip
			file_url = register_file(path, file_name, doc)
			# the File row goes with a rollback (a test, a failed job): the file must go too
			frappe.db.after_rollback.add(lambda: os.path.exists(path) and os.remove(path))
		except BaseException:
			if os.path.exists(path):
				os.remove(path)
			raise
		finally:
			frappe.flags.ignore_print_permissions = ignored
		size = os.path.getsize(path)
		doc.db_set(
			{
				"status": "Done",
				"finished_on": now_datetime(),
				"progress": 100,
				"progress_note": _("Done"),
				"result_file": file_url,
				"page_count": result.pages,
				"file_size_mb": flt(size / pdf.MB, 1),
				"document_count": result.records,
				"attachment_count": result.uploads,
				"warning_count": len(result.warnings),
				"warnings": "\n".join(warning_line(w) for w in result.warnings) or None,
				"render_seconds": flt(result.render_seconds, 1),
				"merge_seconds": flt(result.merge_seconds, 1),
			}
		)
		notify(doc)
		progress(100, _("Done"))
	return result


def assemble(
	fh,
	campaign,
	parts: list[Part],
	*,
	units: list[str],
	with_uploads: bool,
	renderer: Renderer,
	progress: Callable[[float, str], None] | None = None,
) -> Assembly:
	"""Write the dossier of ``parts`` to ``fh``: body first (numbered from after the front matter),
	then the list of what was left out, then the cover and contents, which go before the body."""
	progress = progress or (lambda percent, note: None)
	out = Assembly()
	planned = sum(1 + sum(len(g.records) if g.unit is None else 1 for g in p.groups) for p in parts) + 1
	toc_pages = len(pdf.deal(range(planned), TOC_FIRST_PAGE_ROWS, TOC_ROWS_PER_PAGE))
	front_pages = 1 + toc_pages
	writer = pdf.DossierWriter(fh, campaign.title)
	root = writer.outline
	out.outline = root
	toc_item = root.add("目录")
	rows: list[TocRow] = []
	number = front_pages + 1
	steps = sum(len(g.records) for p in parts for g in p.groups) or 1
	done = 0
	for part in parts:
		section_item = writer.point_next(root.add(part.section.title, is_open=True))
		rows.append(TocRow(1, part.section.title, section_item))
		parents: dict[str | None, pdf.OutlineItem] = {}
		records = [r for g in part.groups for r in g.records]
		for rendered in renderer.render(records):
			record = rendered.record
			done += 1
			progress(2 + 90 * done / steps, _("{0}: {1} of {2}").format(part.section.title, done, steps))
			parent = parents.get(record.unit)
			if parent is None:
				parent = section_item
				if record.unit:
					parent = writer.point_next(section_item.add(record.unit))
					rows.append(TocRow(2, record.unit, parent))
				parents[record.unit] = parent
			where = " · ".join(x for x in (part.section.title, record.unit, record.label) if x)
			if rendered.error:
				out.warnings.append(LeftOut(where, record.label, "render", rendered.error))
				continue
			started = time.perf_counter()
			try:
				pages = writer.add_pages(rendered.reader, rendered.pages, first_number=number)
			except Exception as e:
				out.warnings.append(LeftOut(where, record.label, "render", str(e)[:300]))
				continue
			number += len(pages)
			out.records += 1
			item = writer.point_at(parent.add(record.label), pages[0])
			if record.unit is None:
				rows.append(TocRow(2, record.label, item))
			for upload in record.uploads if with_uploads else ():
				added, reason = _add_upload(writer, upload, number)
				if reason:
					out.warnings.append(LeftOut(where, upload.file_name, reason))
					continue
				number += len(added)
				out.uploads += 1
				writer.point_at(item.add(f"附件：{upload.file_name}"), added[0])
			out.merge_seconds += time.perf_counter() - started
	out.render_seconds = renderer.seconds
	out.wkhtmltopdf_runs = renderer.runs
	progress(93, _("Writing the contents"))
	started = time.perf_counter()
	if out.warnings:
		html = frappe.render_template(
			WARNINGS_TEMPLATE, {"campaign": campaign, "warnings": out.warnings, "title": WARNINGS_TITLE}
		)
		pages = writer.add_pages(pdf.open_pdf(get_pdf(html)), first_number=number)
		number += len(pages)
		item = writer.point_at(root.add(WARNINGS_TITLE), pages[0])
		rows.append(TocRow(1, WARNINGS_TITLE, item))
	dealt = pdf.deal(rows, TOC_FIRST_PAGE_ROWS, TOC_ROWS_PER_PAGE)
	html = frappe.render_template(
		FRONT_TEMPLATE,
		{
			"campaign": campaign,
			"scope": scope_text(units),
			"with_uploads": with_uploads,
			"generated_on": getdate(),
			"total_pages": number - 1,
			"records": out.records,
			"uploads": out.uploads,
			"toc": [
				[{"level": r.level, "title": r.title, "number": r.item.number} for r in page]
				for page in dealt
			],
			"pad": toc_pages - len(dealt),
		},
	)
	front = pdf.open_pdf(get_pdf(html))
	if len(front.pages) != front_pages:
		raise frappe.ValidationError(
			_("The cover and contents came out as {0} pages instead of {1}.").format(
				len(front.pages), front_pages
			)
		)
	pages = writer.add_pages(front, first_number=1, at=0)
	writer.point_at(root, pages[0])
	writer.point_at(toc_item, pages[1])
	out.pages = writer.close({"Author": campaign.organisation, "Subject": campaign.doc_number})
	out.front_seconds = time.perf_counter() - started
	return out


def _add_upload(writer: pdf.DossierWriter, upload: Upload, number: int) -> tuple[list[int], str | None]:
	"""Copy an uploaded PDF in, numbered from ``number``; or say why not."""
	if not upload.is_pdf:
		return [], pdf.NOT_PDF
	path = upload_path(upload.file_url)
	if not path or not os.path.isfile(path):
		return [], pdf.MISSING
	try:
		reader = pdf.open_pdf(path)
	except pdf.PdfProblem as e:
		return [], e.reason
	try:
		return writer.add_pages(reader, first_number=number), None
	except Exception:
		return [], pdf.UNREADABLE
	finally:
		writer.forget(reader)  # never used again: let its objects go
		pdf.release(reader)


def scope_text(units: list[str]) -> str:
	if not units:
		return "全部参加单位"
	if len(units) <= 3:
		return "、".join(units)
	return f"{'、'.join(units[:3])}等{len(units)}个单位"


def _free_file_name(name: str) -> str:
	stem, ext = os.path.splitext(name)
	while os.path.exists(frappe.get_site_path("private", "files", name)):
		name = f"{stem}-{random_string(4).lower()}{ext}"
	return name


def register_file(path: str, file_name: str, doc) -> str:
	"""A private File for the PDF already written at ``path``, attached to the dossier.

	Inserted without File's controller on purpose: File.insert reads the whole file into memory,
	refuses it above the site's upload limit (a dossier is often larger) and writes it out again."""
	digest = hashlib.md5()
	with open(path, "rb") as fh:
		for chunk in iter(lambda: fh.read(1 << 20), b""):
			digest.update(chunk)
	now = now_datetime()
	file = frappe.new_doc("File")
	file.update(
		{
			"name": frappe.generate_hash(length=10),
			"file_name": file_name,
			"file_url": f"/private/files/{file_name}",
			"is_private": 1,
			"file_type": "PDF",
			"file_size": os.path.getsize(path),
			"content_hash": digest.hexdigest(),
			"folder": "Home/Attachments",
			"attached_to_doctype": DOSSIER,
			"attached_to_name": doc.name,
			"attached_to_field": "result_file",
			"owner": doc.requested_by or frappe.session.user,
			"modified_by": doc.requested_by or frappe.session.user,
			"creation": now,
			"modified": now,
		}
	)
	file.db_insert()
	return file.file_url


# ---------------------------------------------------------------------------------------------------
# Telling the requester


def warning_line(warning: LeftOut) -> str:
	reasons = {
		pdf.UNREADABLE: _("not a readable PDF"),
		pdf.ENCRYPTED: _("protected with a password"),
		pdf.EMPTY: _("has no pages"),
		pdf.MISSING: _("missing from the site"),
		pdf.NOT_PDF: _("not a PDF"),
		"render": _("could not be printed"),
	}
	line = _("{0}: {1} was left out ({2})").format(
		warning.where, warning.what, reasons.get(warning.reason, warning.reason)
	)
	return f"{line} {warning.detail}" if warning.detail else line


def notify(doc) -> None:
	"""A notification (the bell) and a mail (through the Email Queue) to whoever asked."""
	doc.reload()
	if not doc.requested_by:
		return
	title = doc.campaign_title or doc.campaign
	if doc.status == "Done":
		subject = _("The dossier of {0} is ready: {1} pages").format(title, doc.page_count)
		lines = [subject]
		if doc.warning_count:
			lines.append(
				_("{0} items could not go in; they are listed on its last page.").format(doc.warning_count)
			)
	else:
		subject = _("The dossier of {0} could not be built").format(title)
		lines = [subject, doc.error or ""]
	url = get_url_to_form(DOSSIER, doc.name)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": doc.requested_by,
			"type": "Alert",
			"document_type": DOSSIER,
			"document_name": doc.name,
			"subject": subject,
		}
	).insert(ignore_permissions=True)
	email = frappe.db.get_value("User", doc.requested_by, "email")
	if not email:
		return
	body = "".join(f"<p>{frappe.utils.escape_html(line)}</p>" for line in lines if line)
	body += f'<p><a href="{url}">{frappe.utils.escape_html(_("Open the dossier"))}</a></p>'
	try:
		frappe.sendmail(
			recipients=[email],
			subject=subject,
			message=body,
			reference_doctype=DOSSIER,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=_("Dossier {0}: the mail could not be queued").format(doc.name))


# ---------------------------------------------------------------------------------------------------
# Checking uploads


def max_upload_mb() -> float:
	if not frappe.db.exists("DocType", "ZGZ Settings"):
		return DEFAULT_MAX_UPLOAD_MB
	return flt(frappe.db.get_single_value("ZGZ Settings", "dossier_max_upload_mb")) or DEFAULT_MAX_UPLOAD_MB


def check_upload(doc, method=None) -> None:
	"""File before_insert: a PDF attached to a ZGZ record must be one the dossier can bind in —
	readable, not encrypted, within ZGZ Settings' size limit."""
	if (
		doc.is_folder
		or not (doc.attached_to_doctype or "").startswith("ZGZ ")
		or doc.attached_to_doctype == DOSSIER
	):
		return
	if "://" in (doc.file_url or "") or not (_is_pdf(doc.file_name) or _is_pdf(doc.file_url)):
		return
	content = doc.get_content()
	if isinstance(content, str):
		content = content.encode()
	limit = max_upload_mb()
	reason = pdf.check_pdf(io.BytesIO(content), size=len(content), max_mb=limit)
	if not reason:
		return
	label = (
		_(frappe.get_meta(doc.attached_to_doctype).get_label(doc.attached_to_field))
		if doc.attached_to_field
		else _("Attachment")
	)
	name = doc.file_name or doc.file_url
	if reason == pdf.TOO_LARGE:
		message = _(
			"{0}: {1} is {2} MB, more than the {3} MB allowed for an uploaded PDF (ZGZ Settings). Scan it "
			"at a lower resolution or split it, then upload it again."
		).format(label, name, flt(len(content) / pdf.MB, 1), f"{limit:g}")
	elif reason == pdf.ENCRYPTED:
		message = _(
			"{0}: {1} is protected with a password. Save it without the password and upload it again."
		).format(label, name)
	elif reason == pdf.EMPTY:
		message = _("{0}: {1} has no pages. Scan the paper form again and upload the PDF.").format(
			label, name
		)
	else:
		message = _(
			"{0}: {1} is not a readable PDF (it is damaged or of another kind). Scan or save it again as PDF "
			"and upload it again."
		).format(label, name)
	frappe.throw(message, title=_("PDF Refused"))
