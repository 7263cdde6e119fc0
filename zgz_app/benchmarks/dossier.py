"""The campaign dossier at scale: ``units`` units, each with a signed plan of ``rows`` rows, two
nominations (one 十佳优秀服务明星, one 优质服务事例) and a work summary whose Signed Copy is a scan of
``scan_pages`` pages; beside the ways of merging that keep every page in memory.

    bench --site SITE execute zgz_app.benchmarks.dossier.run
    bench --site SITE execute zgz_app.benchmarks.dossier.run --kwargs "{'units': 20}"

wkhtmltopdf fetches the print CSS from the site: serve it while this runs (make bench-dossier does).

Seeds with frappe.db.bulk_insert inside the current transaction and rolls everything back at the end;
the scans are written under the site's private files and removed at the end. Printing a record
through Frappe's print view commits (it writes an Access Log), so frappe.db.commit does nothing while
the benchmark runs and the rollback undoes it all. When ZGZ Service Award or its print formats are not
on the site, the nominations are stand-ins: a one-page form in the same batch printing, said so in
the output.

What is printed:
1. the dossier as the job builds it (zgz_app.records.assembly.assemble): total time, printing (Frappe's print
   view and wkhtmltopdf) against merging (copying, numbering, the outline), pages, file size, and the
   process's peak resident memory;
2. printing one record per wkhtmltopdf run, measured on a sample and scaled, against the batches;
3. merging the same printed parts three ways, with Python's peak memory (tracemalloc): the streamed
   writer; pypdf's PdfWriter (every page in memory until written, no numbers or outline); and the
   naive way that re-reads what it has so far at every append, on the first ``naive_parts`` parts,
   beside the streamed writer on the same parts;
4. the streamed merge on the first quarter, half and all of the parts: it should grow with the pages.
"""

import io
import os
import random
import resource
import shutil
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from datetime import timedelta

from pypdf import PdfReader, PdfWriter

import frappe
from frappe.utils import getdate, now_datetime, random_string, today
from zgz_app.benchmarks.problem_items import MEASURES, PROBLEMS, STANDARD_FIELDS, pad, seed_campaign
from zgz_app.core import dossier as pdf
from zgz_app.records import assembly, sections

PLAN = "ZGZ Rectification Plan"
AWARD = "ZGZ Service Award"
SUMMARY = "ZGZ Work Summary"
AWARD_FORMATS = ("附件3 十佳优秀服务明星申报表", "附件4 优质服务事例申报表")


def run(
	units: int = 100,
	rows: int = 20,
	scan_pages: int = 5,
	naive_parts: int = 120,
	batch: int = assembly.BATCH,
	sample: int = 10,
	seed: int = 2018,
) -> None:
	frappe.set_user("Administrator")
	units, rows, scan_pages, naive_parts = int(units), int(rows), int(scan_pages), int(naive_parts)
	workdir = tempfile.mkdtemp(prefix="zgz-dossier-bench-")
	scans: list[str] = []
	try:
		with commits_ignored():
			started = time.perf_counter()
			campaign, stand_in, scans = seed_dossier(units, rows, scan_pages, random.Random(seed))
			seeded = time.perf_counter() - started
			figures = measure(campaign, stand_in, workdir, naive_parts, int(batch), int(sample))
		print_report(units, rows, scan_pages, seeded, stand_in, figures)
	finally:
		frappe.db.rollback()
		for path in scans:
			if os.path.exists(path):
				os.remove(path)
		shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def commits_ignored():
	"""frappe.db.commit does nothing (an attribute on the instance hides the method)."""
	frappe.db.commit = lambda *args, **kwargs: None
	try:
		yield
	finally:
		del frappe.db.commit


# ---------------------------------------------------------------------------------------------------
# Seeding


def insert(doctype: str, rows: list[dict]) -> None:
	"""Bulk insert ``rows``, keeping the columns the DocType has."""
	if not rows:
		return
	meta = frappe.get_meta(doctype)
	columns = [
		c
		for c in rows[0]
		if c in STANDARD_FIELDS or c in ("parent", "parenttype", "parentfield") or meta.has_field(c)
	]
	frappe.db.bulk_insert(doctype, columns, [tuple(row.get(c) for c in columns) for row in rows])


def standard(name: str, now, docstatus: int = 0, idx: int = 0) -> dict:
	return {
		"name": name,
		"creation": now,
		"modified": now,
		"owner": "Administrator",
		"modified_by": "Administrator",
		"docstatus": docstatus,
		"idx": idx,
	}


def seed_dossier(units: int, rows: int, scan_pages: int, rng: random.Random) -> tuple[str, bool, list[str]]:
	"""The campaign; whether the nominations are stand-ins; the scans written on disk."""
	campaign = seed_campaign(units, 0, rng)
	unit_names = frappe.get_all(
		"ZGZ Campaign Unit",
		filters={"parent": campaign, "parenttype": "ZGZ Campaign"},
		pluck="unit",
		order_by="idx",
	)
	tag = random_string(6).lower()
	now = now_datetime()
	day = getdate(today())
	plans, plan_rows, summaries, files, awards = [], [], [], [], []
	scan = scan_pdf(scan_pages)
	written = []
	for u, unit in enumerate(unit_names, start=1):
		plan = f"ZGZ-PLAN-BENCH-{tag}-{u:04d}"
		plans.append(
			{
				**standard(plan, now, docstatus=1),
				"naming_series": "ZGZ-PLAN-.YYYY.-",
				"title": unit,
				"campaign": campaign,
				"plan_type": "Unit",
				"unit": unit,
				"plan_owner": "Administrator",
				"owner_name": "基准测试员",
				"plan_date": day,
				"signed_by_name": "吴志宏",
				"signed_on": day,
			}
		)
		for r in range(1, rows + 1):
			kind = rng.randrange(len(PROBLEMS))
			plan_rows.append(
				{
					**standard(f"{plan}-{r:03d}", now, docstatus=1, idx=r),
					"parent": plan,
					"parenttype": PLAN,
					"parentfield": "rows",
					"problem": PROBLEMS[kind].format(r),
					"measures": MEASURES[kind].format(r),
					"responsible_leader_name": "吴志宏",
					"responsible_person_name": f"工作人员{r:02d}",
					"deadline": day + timedelta(days=rng.randrange(10, 120)),
					"category": "执行中梗阻",
					"source": "Self-found",
					"remarks": "月度对账" if r % 5 == 0 else None,
				}
			)
		summary = f"ZGZ-SUM-BENCH-{tag}-{u:04d}"
		file_name = f"bench-dossier-{tag}-{u:04d}.pdf"
		path = frappe.get_site_path("private", "files", file_name)
		with open(path, "wb") as fh:
			fh.write(scan)
		written.append(path)
		summaries.append(
			{
				**standard(summary, now),
				"naming_series": "ZGZ-SUM-.YYYY.-",
				"campaign": campaign,
				"unit": unit,
				"author": "Administrator",
				"submitted_on": day,
				"summary": f"<p>{unit}按照实施方案要求，逐项落实整改措施，建立台账，按月对账。</p>" * 6,
				"attachment": f"/private/files/{file_name}",
			}
		)
		files.append(
			{
				**standard(f"bench{tag}{u:04d}", now),
				"file_name": file_name,
				"file_url": f"/private/files/{file_name}",
				"is_private": 1,
				"is_folder": 0,
				"folder": "Home/Attachments",
				"file_size": len(scan),
				"attached_to_doctype": SUMMARY,
				"attached_to_name": summary,
				"attached_to_field": "attachment",
			}
		)
		for k, kind in enumerate(("Service Star", "Service Case"), start=1):
			awards.append(
				{
					**standard(f"ZGZ-AWD-BENCH-{tag}-{u:04d}-{k}", now, docstatus=1),
					"naming_series": "ZGZ-AWD-.YYYY.-",
					"title": f"{unit}申报",
					"award_kind": kind,
					"campaign": campaign,
					"unit": unit,
					"phone": "0519-82812345",
					"nominee_name": f"服务明星{u:03d}",
					"post": "窗口工作人员",
					"gender": "Female",
					"birth_month": "1985-06",
					"political_status": "CPC Member",
					"honours": "2017年度优秀公务员",
					"deeds": "坚持首问负责，一次性告知，群众满意率连续三年第一。" * 8,
					"case_title": f"{unit}“一窗受理”服务事例",
					"lead_section": unit,
					"case_leader_name": "王建国",
					"practice": "推行一窗受理、集成服务，办理时限压缩一半。" * 8,
					"opinion": "同意推荐。",
					"opinion_date": day,
					"signed_by_name": "王建国",
					"workflow_state": "Submitted Up",
				}
			)
	insert(PLAN, plans)
	insert("ZGZ Plan Row", plan_rows)
	insert(SUMMARY, summaries)
	insert("File", files)
	stand_in = not (
		frappe.db.exists("DocType", AWARD) and all(frappe.db.exists("Print Format", f) for f in AWARD_FORMATS)
	)
	if not stand_in:
		insert(AWARD, awards)
	return campaign, stand_in, written


def scan_pdf(pages: int) -> bytes:
	"""A scanned paper form: A4 pages as JPEG images at 150 dpi, grey text lines and scanner noise."""
	from PIL import Image, ImageDraw, ImageFilter

	rng = random.Random(7)
	images = []
	for page in range(pages):
		image = Image.new("L", (1240, 1754), 250)
		draw = ImageDraw.Draw(image)
		for line in range(42):
			y = 160 + line * 36
			x = 150 + (60 if line % 7 == 0 else 0)
			draw.rectangle([x, y, x + rng.randrange(600, 940), y + 16], fill=rng.randrange(40, 90))
		draw.ellipse([820, 1380 + page, 1080, 1640 + page], outline=120, width=10)  # the seal
		noise = Image.effect_noise((1240, 1754), 18).filter(ImageFilter.GaussianBlur(0.6))
		images.append(Image.blend(image, noise.point(lambda v: 255 - v // 6), 0.25).convert("L"))
	out = io.BytesIO()
	images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150, quality=70)
	return out.getvalue()


# ---------------------------------------------------------------------------------------------------
# What is measured


class StandInRenderer(assembly.Renderer):
	"""Prints the stand-in nominations (a one-page form) and keeps every printed part for later."""

	def __init__(self, workdir: str | None, batch: int):
		super().__init__(batch)
		self.workdir = workdir
		self.parts: dict[tuple[str, str], tuple[str, range]] = {}
		self.files: dict[int, str] = {}

	def html(self, record):
		if record.section.key != "stand-in":
			return super().html(record)
		return STAND_IN_FORM.format(
			unit=record.unit, label=record.label, text="坚持首问负责，一次性告知。" * 30
		)

	def _pdf_for(self, records, htmls):
		results = super()._pdf_for(records, htmls)
		for result in results if self.workdir else ():
			if result.reader is None:
				continue
			path = self.files.get(id(result.reader))
			if path is None:
				path = self.files[id(result.reader)] = os.path.join(
					self.workdir, f"part-{len(self.files):05d}.pdf"
				)
				with open(path, "wb") as fh:
					fh.write(result.reader.stream.getvalue())
			self.parts[(result.record.section.doctype, result.record.name)] = (path, result.pages)
		return results


STAND_IN_FORM = """<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body style="font-family: 'AR PL UMing CN', serif"><div class="print-format">
<h1 style="text-align:center">附件3 “十佳优秀服务明星”申报表（替身）</h1>
<table border="1" style="width:100%; border-collapse:collapse; font-size:14pt">
<tr><td>申报单位（盖章）</td><td>{unit}</td></tr><tr><td>名称</td><td>{label}</td></tr>
<tr><td style="height:120mm">主要事迹</td><td>{text}</td></tr>
<tr><td>主管部门意见（盖章）</td><td>同意推荐。 年 月 日</td></tr></table></div></body></html>"""


def stand_in_part(campaign: str) -> sections.Part:
	section = sections.Section("stand-in", "评选申报表", AWARD, label=lambda row: "")
	units = frappe.get_all(
		"ZGZ Campaign Unit",
		filters={"parent": campaign, "parenttype": "ZGZ Campaign"},
		pluck="unit",
		order_by="idx",
	)
	records = [
		sections.Record(section, f"stand-in-{unit}-{k}", unit, label, None)
		for unit in units
		for k, label in enumerate(("十佳优秀服务明星申报表（替身）", "优质服务事例申报表（替身）"))
	]
	return sections.Part(section, sections._grouped(records))


def measure(campaign: str, stand_in: bool, workdir: str, naive_parts: int, batch: int, sample: int) -> dict:
	doc = frappe.get_doc("ZGZ Campaign", campaign)
	parts = sections.collect(campaign, [], True)
	if stand_in:
		parts.insert(2, stand_in_part(campaign))
	records = sum(len(g.records) for p in parts for g in p.groups)
	renderer = StandInRenderer(workdir, batch)
	out_path = os.path.join(workdir, "dossier.pdf")
	rss_before = peak_rss_mb()
	started = time.perf_counter()
	with open(out_path, "wb") as fh:
		result = assembly.assemble(fh, doc, parts, units=[], with_uploads=True, renderer=renderer)
	total = time.perf_counter() - started
	figures = {
		"records": records,
		"total": total,
		"render": result.render_seconds,
		"merge": result.merge_seconds,
		"front": result.front_seconds,
		"runs": result.wkhtmltopdf_runs,
		"pages": result.pages,
		"uploads": result.uploads,
		"warnings": len(result.warnings),
		"size": os.path.getsize(out_path),
		"rss_before": rss_before,
		"rss_after": peak_rss_mb(),
		"batch": batch,
	}
	figures["one_by_one"] = one_by_one(parts, sample)
	ordered = ordered_parts(parts, renderer)
	figures["parts"] = len(ordered)
	figures["merges"] = merges(ordered, workdir, naive_parts)
	return figures


def peak_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_by_one(parts: list, sample: int) -> dict:
	"""Seconds per record when each record gets its own wkhtmltopdf run, on a sample of each section."""
	renderer = StandInRenderer(None, 1)
	chosen = [r for p in parts for r in [r for g in p.groups for r in g.records][:sample]]
	for _ in renderer.render(chosen):
		pass
	return {"records": len(chosen), "seconds": renderer.seconds}


def ordered_parts(parts: list, renderer: StandInRenderer) -> list[tuple[str, range | None]]:
	"""Every printed record and upload, as (file, pages) in the dossier's order."""
	out = []
	for part in parts:
		for group in part.groups:
			for record in group.records:
				printed = renderer.parts.get((record.section.doctype, record.name))
				if printed:
					out.append(printed)
				for upload in record.uploads:
					path = sections.upload_path(upload.file_url)
					if path and os.path.isfile(path):
						out.append((path, None))
	return out


def merges(ordered: list, workdir: str, naive_parts: int) -> list[tuple[str, int, int, float, float, int]]:
	"""(way, parts, pages, seconds, peak MB, bytes) for each way of merging."""
	results = []
	quarter, half = len(ordered) // 4, len(ordered) // 2
	for count in (quarter, half, len(ordered)):
		results.append(
			traced(f"streamed (zgz_app), {count} parts", lambda c=count: streamed(ordered[:c], workdir))
		)
	results.append(traced("pypdf PdfWriter, all in memory", lambda: in_memory(ordered, workdir)))
	first = ordered[:naive_parts]
	results.append(traced(f"streamed, first {len(first)} parts", lambda: streamed(first, workdir)))
	results.append(traced(f"naive re-read, first {len(first)} parts", lambda: naive(first, workdir)))
	return results


def traced(way: str, fn) -> tuple:
	tracemalloc.start()
	started = time.perf_counter()
	pages, size = fn()
	seconds = time.perf_counter() - started
	peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
	tracemalloc.stop()
	return (way, pages, seconds, peak, size)


class Readers:
	"""The readers of the last few parts: the records of one printed batch share its file, which is
	read once (as the job does); a scan is read once anyway."""

	def __init__(self, open_, keep: int = 4, release: bool = True):
		self.open = open_
		self.keep = keep
		self.release = release
		self.readers: dict[str, object] = {}

	def get(self, path: str):
		reader = self.readers.pop(path, None) or self.open(path)
		self.readers[path] = reader
		while len(self.readers) > self.keep:
			old = self.readers.pop(next(iter(self.readers)))
			if self.release:
				pdf.release(old)
		return reader

	def drop(self, path: str) -> None:
		self.readers.pop(path, None)


def streamed(ordered, workdir) -> tuple[int, int]:
	path = os.path.join(workdir, "streamed.pdf")
	with open(path, "wb") as fh:
		writer = pdf.DossierWriter(fh, "基准测试")
		number = 1
		readers = Readers(pdf.open_pdf)
		for source, pages in ordered:
			reader = readers.get(source)
			added = writer.add_pages(reader, pages, first_number=number)
			writer.point_at(writer.outline.add(os.path.basename(source)), added[0])
			if pages is None:  # a scan: used once, as the job lets it go
				writer.forget(reader)
				readers.drop(source)
				pdf.release(reader)
			number += len(added)
		count = writer.close()
	return count, os.path.getsize(path)


def in_memory(ordered, workdir) -> tuple[int, int]:
	writer = PdfWriter()
	readers = Readers(PdfReader, release=False)  # PdfWriter reads the pages again when it writes
	for source, pages in ordered:
		reader = readers.get(source)
		writer.append(reader, pages=list(pages) if pages is not None else None, import_outline=False)
	path = os.path.join(workdir, "in-memory.pdf")
	with open(path, "wb") as fh:
		writer.write(fh)
	return len(writer.pages), os.path.getsize(path)


def naive(ordered, workdir) -> tuple[int, int]:
	"""What one writes first: merge the next part into what is there so far, read back each time."""
	so_far = None
	count = 0
	for source, pages in ordered:
		writer = PdfWriter()
		if so_far is not None:
			writer.append(PdfReader(io.BytesIO(so_far)), import_outline=False)
		writer.append(
			PdfReader(source), pages=list(pages) if pages is not None else None, import_outline=False
		)
		out = io.BytesIO()
		writer.write(out)
		so_far = out.getvalue()
		count = len(writer.pages)
	return count, len(so_far or b"")


# ---------------------------------------------------------------------------------------------------
# The report


def print_report(units, rows, scan_pages, seeded, stand_in, f) -> None:
	mb = 1024 * 1024
	print(
		f"\nZGZ campaign dossier: {units} units, {units} signed plans of {rows} rows, {2 * units} nominations"
		f"{' (STAND-INS: ZGZ Service Award or its print formats are not on this site)' if stand_in else ''},"
		f"\n{units} work summaries each with a {scan_pages}-page scan (seeded in {seeded:.1f} s, rolled back)\n"
	)
	print(f"{pad('dossier (as the job builds it)', 44)} {'':>10}")
	print("-" * 60)
	lines = [
		("total", f"{f['total']:.1f} s"),
		(
			f"  printing ({f['records']} records, {f['runs']} wkhtmltopdf runs of up to {f['batch']})",
			f"{f['render']:.1f} s",
		),
		("  merging (copy, number, outline)", f"{f['merge']:.1f} s"),
		("  cover, contents, warnings, finishing", f"{f['front']:.1f} s"),
		("pages", f"{f['pages']:,}"),
		("scans merged / warnings", f"{f['uploads']} / {f['warnings']}"),
		("file size", f"{f['size'] / mb:.1f} MB"),
		("process peak RSS before / after", f"{f['rss_before']:.0f} / {f['rss_after']:.0f} MB"),
	]
	for what, value in lines:
		print(f"{pad(what, 62)} {value:>12}")
	o = f["one_by_one"]
	if o["records"]:
		per = o["seconds"] / o["records"]
		print(
			f"{pad('printing one record per wkhtmltopdf run (sample, scaled)', 62)} {per * f['records']:>10.1f} s"
			f"   ({o['records']} records at {per:.2f} s)"
		)
	print(f"\nmerging the same {f['parts']} printed parts and scans (Python peak memory by tracemalloc)\n")
	header = f"{pad('way', 44)} {'pages':>7} {'seconds':>9} {'peak MB':>9} {'file MB':>9}"
	print(header)
	print("-" * len(header))
	for way, pages, seconds, peak, size in f["merges"]:
		print(f"{pad(way, 44)} {pages:>7} {seconds:>9.2f} {peak:>9.1f} {size / mb:>9.1f}")
	print()
