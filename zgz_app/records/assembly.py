"""Binding the campaign dossier: the records printed (``Renderer``, many records of one print format
per wkhtmltopdf run), each followed by its uploads, then the list of what could not go in, then the
cover and the table of contents, placed first: their page count is known before the first page is
written (the contents are dealt into pages of fixed rows), so every page is numbered as it is written.
The pages go straight to the file (``zgz_app.core.dossier.DossierWriter``), so memory does not grow
with the dossier.

The dossier is an official record in Chinese: its own wording (cover, contents, section headings,
the list of what was left out) is written in Chinese, like the print formats'. What the desk shows
goes through _().
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, random_string
from frappe.utils.pdf import get_pdf
from zgz_app.core import dossier as pdf
from zgz_app.records.notice import notify, warning_line
from zgz_app.records.sections import CAMPAIGN, DOSSIER, LeftOut, Part, Record, Upload, collect, upload_path

FRONT_TEMPLATE = "zgz_app/templates/dossier/front.html"
WARNINGS_TEMPLATE = "zgz_app/templates/dossier/warnings.html"
BATCH = 20  # records per wkhtmltopdf run (see benchmarks/dossier.py)
# The table of contents: rows under the heading on its first page, rows on each further page. The
# template gives each row a fixed height and never wraps a title, so these are exact.
TOC_FIRST_PAGE_ROWS = 24
TOC_ROWS_PER_PAGE = 30
WARNINGS_TITLE = "附件核验情况"


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
