"""The campaign dossier's PDF assembly: many PDFs into one, with an outline and page numbers.

No Frappe here. ``zgz_app.dossier`` renders the records, reads the uploads and hands their PDFs to
``DossierWriter`` one after another; this module only knows PDFs.

The writer streams. pypdf's own PdfWriter keeps every page (and every font and image it uses) in
memory until ``write()``; a campaign's dossier holds hundreds of scanned pages. So each page is
copied straight to the output file as it arrives: its objects are renumbered and written at once,
and all that stays in memory is one number per page, the outline and the cross-reference offsets.
Objects shared by several pages of one source (a font subset that wkhtmltopdf embeds once per run)
are written once per source, as long as that source is still open (the last ``KEEP_SOURCES`` ones).
The pages tree, the outline and the catalogue go at the end; the order of the pages is the order of
``/Kids``, so front matter can be added last and still come first.

Every page gets a page number, "— 12 —" centred at the foot of the page as the reader sees it (a
rotated scan included), in Helvetica, one of the 14 standard fonts that every PDF reader has, so
nothing is embedded for it. The original content is wrapped in q … Q so that its graphics state
cannot move the number.
"""

import base64
import hashlib
import io
import logging
import re
import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
	ArrayObject,
	DictionaryObject,
	IndirectObject,
	NameObject,
	NullObject,
	StreamObject,
	TextStringObject,
)

# Why an uploaded or stored PDF cannot go into the dossier.
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
EMPTY = "empty"
TOO_LARGE = "too_large"
MISSING = "missing"
NOT_PDF = "not_pdf"

MB = 1024 * 1024

# The page number: Helvetica with the WinAnsi encoding, where the em dash is byte 0x97.
PAGE_NUMBER_FONT = "/ZGZPageNo"
PAGE_NUMBER_SIZE = 12.0
PAGE_NUMBER_BASELINE = 22.0  # points above the foot of the page (about 8 mm)
_HELVETICA_WIDTHS = {" ": 278, "—": 1000, **dict.fromkeys("0123456789", 556)}
_WIN_ANSI = {"—": b"\\227"}

# Keys of a page that are not copied: the source's page tree, links and form fields (they point at
# the source's pages and fields), article beads and the structure tree's keys.
_PAGE_KEYS_DROPPED = {"/Parent", "/Annots", "/B", "/StructParents", "/Tabs"}
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Objects that must not be copied when something points at them: they would drag in the source's
# whole page tree.
_NOT_COPIED_TYPES = {"/Page", "/Pages", "/Catalog"}

KEEP_SOURCES = 4


class PdfProblem(Exception):
	"""A PDF that cannot be used; ``reason`` is one of the constants above."""

	def __init__(self, reason: str, detail: str = ""):
		super().__init__(f"{reason}: {detail}" if detail else reason)
		self.reason = reason
		self.detail = detail


def too_large(size: int, max_mb: float | None) -> bool:
	return bool(max_mb) and size > max_mb * MB


@contextmanager
def pypdf_warnings_quiet() -> Iterator[None]:
	"""pypdf logs, as warnings to stderr, what it finds wrong in a file it is asked to read ("EOF marker
	not found", "invalid pdf header"). ``open_pdf`` says the same to the user as a PdfProblem, in words
	they can act on, or the file opens and there is nothing to say."""
	logger = logging.getLogger("pypdf")
	level = logger.level
	logger.setLevel(logging.ERROR)
	try:
		yield
	finally:
		logger.setLevel(level)


def open_pdf(source: str | BinaryIO | bytes) -> PdfReader:
	"""A reader on a readable, unencrypted PDF with at least one page, else PdfProblem.

	Every page is looked at, so that a file whose page tree is broken is found here and not half-way
	through copying it."""
	if isinstance(source, bytes):
		source = io.BytesIO(source)
	with pypdf_warnings_quiet():
		try:
			reader = PdfReader(source, strict=False)
		except Exception as e:  # pypdf raises many kinds on damaged input: all of them mean unreadable
			raise PdfProblem(UNREADABLE, str(e)) from e
		if reader.is_encrypted:
			raise PdfProblem(ENCRYPTED)
		try:
			pages = reader.pages
			count = len(pages)
			for page in pages:
				page_box(page)
		except Exception as e:
			raise PdfProblem(UNREADABLE, str(e)) from e
	if not count:
		raise PdfProblem(EMPTY)
	return reader


def release(reader: PdfReader) -> None:
	"""Let go of what a reader holds (the file's bytes, the objects read) now. A reader sits in
	reference cycles that only Python's occasional full collection breaks, so a dossier of many scans
	would otherwise keep them all until then."""
	getattr(reader, "resolved_objects", {}).clear()
	reader.flattened_pages = None
	stream = getattr(reader, "stream", None)
	if stream is not None and hasattr(stream, "close"):
		stream.close()


def check_pdf(
	source: str | BinaryIO | bytes, size: int | None = None, max_mb: float | None = None
) -> str | None:
	"""Why ``source`` may not be uploaded (one of the reasons above), or None when it is fine."""
	if size is not None and too_large(size, max_mb):
		return TOO_LARGE
	try:
		open_pdf(source)
	except PdfProblem as e:
		return e.reason
	return None


# ---------------------------------------------------------------------------------------------------
# Pages


def inherited(page: DictionaryObject, key: str):
	"""A page attribute, looked up the page tree when the page itself does not carry it."""
	node = page
	for _depth in range(64):
		if key in node:
			return node.get(key)
		parent = node.get("/Parent")
		if parent is None:
			return None
		node = parent.get_object()
	return None


def page_box(page: DictionaryObject) -> tuple[float, float, float, float]:
	"""The visible box (crop box, else media box) as (x0, y0, x1, y1), normalised."""
	box = inherited(page, "/CropBox") or inherited(page, "/MediaBox")
	if box is None:
		return (0.0, 0.0, 595.0, 842.0)  # A4, what a reader assumes for a page without one
	x0, y0, x1, y1 = (float(v.get_object()) for v in box.get_object())
	return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def page_rotation(page: DictionaryObject) -> int:
	value = inherited(page, "/Rotate")
	return int(value.get_object()) % 360 if value is not None else 0


def visual_matrix(box: Sequence[float], rotate: int) -> tuple[tuple[float, ...], float, float]:
	"""The matrix from the page as the reader sees it (origin at its lower left) to the page's own
	coordinates, and the seen width and height. /Rotate turns the page clockwise for display."""
	x0, y0, x1, y1 = box
	width, height = x1 - x0, y1 - y0
	if rotate == 90:
		return (0, 1, -1, 0, x1, y0), height, width
	if rotate == 180:
		return (-1, 0, 0, -1, x1, y1), width, height
	if rotate == 270:
		return (0, -1, 1, 0, x0, y1), height, width
	return (1, 0, 0, 1, x0, y0), width, height


def page_label(number: int) -> str:
	"""The page number as printed, in the form official documents use."""
	return f"— {number} —"


def label_width(text: str, size: float = PAGE_NUMBER_SIZE) -> float:
	return sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in text) * size / 1000


def _pdf_string(text: str) -> bytes:
	return b"(" + b"".join(_WIN_ANSI[ch] if ch in _WIN_ANSI else ch.encode("ascii") for ch in text) + b")"


def stamp_content(number: int, box: Sequence[float], rotate: int) -> bytes:
	"""The content stream that closes the original content's q and draws the number on a white
	patch, centred at the foot of the page as seen."""
	matrix, width, _height = visual_matrix(box, rotate)
	text = page_label(number)
	text_width = label_width(text)
	x = (width - text_width) / 2
	y = PAGE_NUMBER_BASELINE
	pad = 3.0
	cm = " ".join(_num(v) for v in matrix)
	return b"\n".join(
		[
			b"Q",
			b"q",
			f"{cm} cm".encode(),
			f"1 g {_num(x - pad)} {_num(y - pad - 2)} {_num(text_width + 2 * pad)} {_num(PAGE_NUMBER_SIZE + 2 * pad)} re f".encode(),
			b"BT",
			b"0 g",
			f"{PAGE_NUMBER_FONT} {_num(PAGE_NUMBER_SIZE)} Tf".encode(),
			f"{_num(x)} {_num(y)} Td".encode(),
			_pdf_string(text) + b" Tj",
			b"ET",
			b"Q",
			b"",
		]
	)


def _num(value: float) -> str:
	text = f"{value:.2f}".rstrip("0").rstrip(".")
	return "0" if text in ("", "-0") else text


# ---------------------------------------------------------------------------------------------------
# Rendering many records in one wkhtmltopdf run
#
# wkhtmltopdf takes about 0.4 s to start, load the CJK fonts and fetch the print CSS, whatever the
# size of the document: per record that is most of the time. So the records of one print format go
# through it together, each starting on a new page, and the pages are dealt back to the records
# afterwards. The Debian build (no patched Qt) writes no links or outlines that could mark where a
# record starts, so each record starts with a tiny white image of an odd size (MARK_SIZE pixels):
# Qt lists an image in the resources of exactly the pages that show it, so the pages whose
# resources hold that image are the records' first pages. It draws nothing visible and adds no text.

MARK_SIZE = (7, 3)


def _png(width: int, height: int) -> bytes:
	def chunk(kind: bytes, data: bytes) -> bytes:
		return (
			struct.pack(">I", len(data))
			+ kind
			+ data
			+ struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
		)

	rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
	header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(rows))
		+ chunk(b"IEND", b"")
	)


MARK_HTML = (
	'<img class="zgz-dossier-mark" alt="" style="position:absolute;width:1px;height:1px;border:0" '
	f'src="data:image/png;base64,{base64.b64encode(_png(*MARK_SIZE)).decode()}">'
)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_PDFKIT_META = re.compile(r"<meta\s+name=[\"']pdfkit-[^>]*>", re.I)


def _body(html: str) -> tuple[str, str, str]:
	"""``html`` cut into what comes before the body's content, the content, and what follows."""
	start = re.search(r"<body\b[^>]*>", html, re.I)
	end = html.lower().rfind("</body>")
	if not start or end < start.end():
		return "", html, ""
	return html[: start.end()], html[start.end() : end], html[end:]


def combine_html(pages: Sequence[str]) -> str:
	"""One HTML document of several printed records (as Frappe's print view makes them, all in the
	same print format), each on new pages and starting with the mark. The first record's head (the
	print CSS) serves all; a style block or pdfkit option already given is not repeated."""
	head, first, tail = _body(pages[0])
	seen = set(_STYLE.findall(first))
	parts = [head, f'<div class="zgz-dossier-record">{MARK_HTML}{first}</div>']
	for html in pages[1:]:
		body = _body(html)[1]
		body = _PDFKIT_META.sub("", body)
		for style in _STYLE.findall(body):
			if style in seen:
				body = body.replace(style, "", 1)
			seen.add(style)
		parts.append(
			f'<div class="zgz-dossier-record" style="page-break-before: always">{MARK_HTML}{body}</div>'
		)
	parts.append(tail or "</body></html>")
	return "".join(parts)


def marked_pages(reader: PdfReader) -> list[int]:
	"""The pages that show the mark: where each record of a combined rendering starts."""
	found = []
	for index, page in enumerate(reader.pages):
		resources = inherited(page, "/Resources")
		resources = resources.get_object() if resources is not None else None
		images = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
		images = images.get_object() if images is not None else None
		if not isinstance(images, DictionaryObject):
			continue
		for ref in images.values():
			image = ref.get_object()
			if (
				isinstance(image, DictionaryObject)
				and image.get("/Subtype") == "/Image"
				and (image.get("/Width"), image.get("/Height")) == MARK_SIZE
			):
				found.append(index)
				break
	return found


def record_ranges(starts: Sequence[int], page_count: int, records: int) -> list[range] | None:
	"""The page range of each record from the pages where they start, or None when the marks do not
	tell (not one per record, or the first page unmarked)."""
	if len(starts) != records or not starts or starts[0] != 0 or list(starts) != sorted(set(starts)):
		return None
	ends = [*starts[1:], page_count]
	return [range(a, b) for a, b in zip(starts, ends, strict=True)]


# ---------------------------------------------------------------------------------------------------
# Table of contents


def deal(rows: Sequence, first: int, per_page: int) -> list[list]:
	"""Rows dealt into pages: ``first`` on the first page (under its heading), ``per_page`` after."""
	pages: list[list] = []
	start, room = 0, first
	while start < len(rows) or not pages:
		pages.append(list(rows[start : start + room]))
		start += room
		room = per_page
	return pages


# ---------------------------------------------------------------------------------------------------
# The outline


@dataclass(eq=False)
class OutlineItem:
	title: str
	page: int | None = None  # object number of the target page
	number: int | None = None  # the printed page number of the target page
	is_open: bool = False
	children: list["OutlineItem"] = field(default_factory=list)

	def add(self, title: str, is_open: bool = False) -> "OutlineItem":
		child = OutlineItem(title, is_open=is_open)
		self.children.append(child)
		return child

	def walk(self):
		yield self
		for child in self.children:
			yield from child.walk()


def _visible(item: OutlineItem) -> int:
	"""How many descendants show when ``item`` is open (its closed children's hidden ones don't)."""
	return sum(1 + (_visible(child) if child.is_open else 0) for child in item.children)


# ---------------------------------------------------------------------------------------------------
# The writer


class _Source:
	"""A reader and what of it has been written: its object numbers mapped to ours."""

	def __init__(self, reader: PdfReader):
		self.reader = reader
		self.numbers: dict[tuple[int, int], int] = {}


class DossierWriter:
	"""Writes pages to ``fh`` as they are added; ``close()`` finishes the file.

	Pages are added with ``add_pages`` (all of a source's pages or some of them), each stamped with
	its printed number. Outline items are made with ``outline.add()``; an item without a page
	takes the next page added (``point_next``), or a page given explicitly."""

	def __init__(self, fh: BinaryIO, title: str = ""):
		self.fh = fh
		self.title = title
		self.offset = 0
		self.offsets: dict[int, int] = {}
		self.last_number = 0
		self.kids: list[int] = []
		self.numbers: dict[int, int] = {}  # page object -> printed number
		self.outline = OutlineItem(title, is_open=True)
		self._waiting: list[OutlineItem] = []
		self._sources: OrderedDict[int, _Source] = OrderedDict()
		self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
		self.catalog = self._alloc()
		self.pages_root = self._alloc()
		self.outlines_root = self._alloc()
		self.font = self._alloc()
		self.wrap_open = self._alloc()
		self._write_object(
			self.font, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
		)
		self._write_stream(self.wrap_open, b"q\n")
		self.closed = False

	# -- low level -----------------------------------------------------------------------------------

	def _write(self, data: bytes) -> None:
		self.fh.write(data)
		self.offset += len(data)

	def _alloc(self) -> int:
		self.last_number += 1
		return self.last_number

	def _write_object(self, number: int, body: bytes) -> None:
		self.offsets[number] = self.offset
		self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

	def _write_stream(self, number: int, data: bytes, head: bytes = b"") -> None:
		self.offsets[number] = self.offset
		self._write(b"%d 0 obj\n<<%s /Length %d >>\nstream\n" % (number, head, len(data)))
		self._write(data)
		self._write(b"\nendstream\nendobj\n")

	def _source(self, reader: PdfReader) -> _Source:
		key = id(reader)
		source = self._sources.get(key)
		if source is None or source.reader is not reader:
			source = self._sources[key] = _Source(reader)
			while len(self._sources) > KEEP_SOURCES:
				self._sources.popitem(last=False)
		self._sources.move_to_end(key)
		return source

	def forget(self, reader: PdfReader) -> None:
		"""Drop what is known of ``reader`` (after a failure, its objects may be half written)."""
		self._sources.pop(id(reader), None)

	def _emit(self, obj, out: io.BytesIO, source: _Source, pending: list) -> None:
		"""Write a direct object, with references renumbered (new ones queued in ``pending``)."""
		if isinstance(obj, IndirectObject):
			key = (obj.idnum, obj.generation)
			number = source.numbers.get(key)
			if number is None:
				number = source.numbers[key] = self._alloc()
				pending.append((obj, number))
			out.write(b"%d 0 R" % number)
		elif isinstance(obj, DictionaryObject):
			out.write(b"<<")
			for key, value in obj.items():
				out.write(b" ")
				_name(key).write_to_stream(out)
				out.write(b" ")
				self._emit(value, out, source, pending)
			out.write(b" >>")
		elif isinstance(obj, ArrayObject):
			out.write(b"[")
			for value in obj:
				self._emit(value, out, source, pending)
				out.write(b" ")
			out.write(b"]")
		elif obj is None:
			out.write(b"null")
		else:
			obj.write_to_stream(out)

	def _drain(self, source: _Source, pending: list) -> None:
		"""Write every object that the written ones point at, and what those point at, once each."""
		while pending:
			ref, number = pending.pop()
			obj = ref.get_object()
			if isinstance(obj, DictionaryObject) and obj.get("/Type") in _NOT_COPIED_TYPES:
				self._write_object(number, b"null")
			elif isinstance(obj, StreamObject):
				head = io.BytesIO()
				for key, value in obj.items():
					if key == "/Length":
						continue
					head.write(b" ")
					_name(key).write_to_stream(head)
					head.write(b" ")
					self._emit(value, head, source, pending)
				self._write_stream(number, obj._data or b"", head.getvalue())
			elif obj is None or isinstance(obj, NullObject):
				self._write_object(number, b"null")
			else:
				out = io.BytesIO()
				self._emit(obj, out, source, pending)
				self._write_object(number, out.getvalue())

	# -- pages ---------------------------------------------------------------------------------------

	def add_pages(
		self,
		reader: PdfReader,
		indices: Iterable[int] | None = None,
		first_number: int | None = None,
		at: int | None = None,
	) -> list[int]:
		"""Copy pages of ``reader`` (all, or those at ``indices``), stamping them ``first_number``,
		``first_number`` + 1 … (no stamp when None). They go at the end, or before position ``at``.
		Returns their object numbers. When a page cannot be copied none of them is added: the
		exception propagates and the writer stays usable."""
		source = self._source(reader)
		pages = reader.pages
		chosen = range(len(pages)) if indices is None else list(indices)
		added: list[int] = []
		try:
			for k, index in enumerate(chosen):
				number = None if first_number is None else first_number + k
				added.append(self._copy_page(pages[index], source, number))
		except Exception:
			self.forget(reader)
			raise
		if at is None:
			self.kids.extend(added)
		else:
			self.kids[at:at] = added
		if added:
			for item in self._waiting:
				item.page = added[0]
				item.number = self.numbers.get(added[0])
			self._waiting = []
		return added

	def _copy_page(self, page: DictionaryObject, source: _Source, number: int | None) -> int:
		pending: list = []
		out = io.BytesIO()
		out.write(b"<< /Type /Page /Parent %d 0 R" % self.pages_root)
		for key in _INHERITED:
			value = inherited(page, key)
			if value is not None and key != "/Resources":
				out.write(b" " + key.encode() + b" ")
				self._emit(value, out, source, pending)
		for key, value in page.items():
			if key in _PAGE_KEYS_DROPPED or key in _INHERITED or key in ("/Type", "/Contents"):
				continue
			out.write(b" ")
			_name(key).write_to_stream(out)
			out.write(b" ")
			self._emit(value, out, source, pending)
		out.write(b" /Resources ")
		self._emit_resources(
			inherited(page, "/Resources"), out, source, pending, with_font=number is not None
		)
		out.write(b" /Contents [")
		if number is not None:
			out.write(b"%d 0 R " % self.wrap_open)
		for ref in _content_refs(page.get("/Contents")):
			self._emit(ref, out, source, pending)
			out.write(b" ")
		stamp = None
		if number is not None:
			stamp = self._alloc()
			out.write(b"%d 0 R" % stamp)
		out.write(b"] >>")
		self._drain(source, pending)
		if stamp is not None:
			self._write_stream(stamp, stamp_content(number, page_box(page), page_rotation(page)))
		page_number = self._alloc()
		self._write_object(page_number, out.getvalue())
		if number is not None:
			self.numbers[page_number] = number
		return page_number

	def _emit_resources(self, resources, out, source, pending, with_font: bool) -> None:
		resources = resources.get_object() if resources is not None else DictionaryObject()
		if not isinstance(resources, DictionaryObject):
			resources = DictionaryObject()
		out.write(b"<<")
		for key, value in resources.items():
			if key == "/Font" and with_font:
				continue
			out.write(b" ")
			_name(key).write_to_stream(out)
			out.write(b" ")
			self._emit(value, out, source, pending)
		if with_font:
			fonts = resources.get("/Font")
			fonts = fonts.get_object() if fonts is not None else DictionaryObject()
			out.write(b" /Font <<")
			if isinstance(fonts, DictionaryObject):
				for key, value in fonts.items():
					if key == PAGE_NUMBER_FONT:
						continue
					out.write(b" ")
					_name(key).write_to_stream(out)
					out.write(b" ")
					self._emit(value, out, source, pending)
			out.write(b" %s %d 0 R >>" % (PAGE_NUMBER_FONT.encode(), self.font))
		out.write(b" >>")

	# -- outline -------------------------------------------------------------------------------------

	def point_next(self, item: OutlineItem) -> OutlineItem:
		"""``item`` will point at the next page added."""
		self._waiting.append(item)
		return item

	def point_at(self, item: OutlineItem, page: int) -> OutlineItem:
		item.page = page
		item.number = self.numbers.get(page)
		return item

	@property
	def page_count(self) -> int:
		return len(self.kids)

	# -- finishing -----------------------------------------------------------------------------------

	def close(self, info: dict[str, str] | None = None) -> int:
		"""Write the pages tree, the outline, the catalogue and the cross-reference table. Returns the
		number of pages."""
		if self.closed:
			return len(self.kids)
		if not self.kids:
			raise ValueError("a PDF needs at least one page")
		for item in self._waiting:  # nothing came after them: the last page
			self.point_at(item, self.kids[-1])
		self._waiting = []
		kids = b" ".join(b"%d 0 R" % k for k in self.kids)
		self._write_object(
			self.pages_root, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self.kids), kids)
		)
		self._write_outline()
		self._write_object(
			self.catalog,
			b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines >>"
			% (self.pages_root, self.outlines_root),
		)
		info_number = self._alloc()
		info_out = io.BytesIO()
		info_out.write(b"<< /Producer (zgz_app)")
		for key, value in ({"Title": self.title} | (info or {})).items():
			if value:
				info_out.write(b" /" + key.encode("ascii") + b" ")
				TextStringObject(value).write_to_stream(info_out)
		info_out.write(b" >>")
		self._write_object(info_number, info_out.getvalue())
		for number in range(1, self.last_number + 1):  # allocated but never written: cannot happen,
			if number not in self.offsets:  # but a gap would make the table lie
				self._write_object(number, b"null")
		xref = self.offset
		size = self.last_number + 1
		lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
		lines.extend(b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size))
		self._write(b"".join(lines))
		file_id = hashlib.md5(f"{self.title}:{self.offset}:{len(self.kids)}".encode()).hexdigest().encode()
		self._write(
			b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
			% (size, self.catalog, info_number, file_id, file_id, xref)
		)
		self.closed = True
		self._sources.clear()
		return len(self.kids)

	def _write_outline(self) -> None:
		root = self.outline
		if root.page is None:
			self.point_at(root, self.kids[0])
		items = [root]
		numbers = {id(root): self._alloc()}
		for item in root.walk():
			for child in item.children:
				numbers[id(child)] = self._alloc()
				items.append(child)
		parents = {id(c): item for item in items for c in item.children}
		top = numbers[id(root)]
		self._write_object(
			self.outlines_root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count 1 >>" % (top, top)
		)
		for item in items:
			out = io.BytesIO()
			out.write(b"<< /Title ")
			TextStringObject(item.title).write_to_stream(out)
			parent = parents.get(id(item))
			out.write(b" /Parent %d 0 R" % (numbers[id(parent)] if parent else self.outlines_root))
			siblings = parent.children if parent else [root]
			position = next(i for i, s in enumerate(siblings) if s is item)
			if position > 0:
				out.write(b" /Prev %d 0 R" % numbers[id(siblings[position - 1])])
			if position < len(siblings) - 1:
				out.write(b" /Next %d 0 R" % numbers[id(siblings[position + 1])])
			if item.children:
				count = _visible(item)
				out.write(
					b" /First %d 0 R /Last %d 0 R /Count %d"
					% (
						numbers[id(item.children[0])],
						numbers[id(item.children[-1])],
						count if item.is_open else -count,
					)
				)
			target = item.page if item.page is not None else self.kids[0]
			out.write(b" /Dest [%d 0 R /Fit] >>" % target)
			self._write_object(numbers[id(item)], out.getvalue())


def _name(key) -> NameObject:
	return key if isinstance(key, NameObject) else NameObject(str(key))


def _content_refs(raw) -> list:
	"""The page's content streams as references (a single stream or an array of them)."""
	if isinstance(raw, IndirectObject):
		resolved = raw.get_object()
		if isinstance(resolved, ArrayObject):
			return [r for r in resolved if isinstance(r, IndirectObject)]
		return [raw]
	if isinstance(raw, ArrayObject):
		return [r for r in raw if isinstance(r, IndirectObject)]
	return []
