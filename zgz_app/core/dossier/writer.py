"""The streaming writer: pages copied into one PDF as they come, with an outline and page numbers.

The writer streams. pypdf's own PdfWriter keeps every page (and every font and image it uses) in
memory until ``write()``; a campaign's dossier holds hundreds of scanned pages. So each page is
copied straight to the output file as it arrives: its objects are renumbered and written at once,
and all that stays in memory is one number per page, the outline and the cross-reference offsets.
Objects shared by several pages of one source (a font subset that wkhtmltopdf embeds once per run)
are written once per source, as long as that source is still open (the last ``KEEP_SOURCES`` ones).
The pages tree, the outline and the catalogue go at the end; the order of the pages is the order of
``/Kids``, so front matter can be added last and still come first.
"""

import hashlib
import io
from collections import OrderedDict
from collections.abc import Iterable
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

from zgz_app.core.dossier.outline import OutlineItem, _visible
from zgz_app.core.dossier.pages import PAGE_NUMBER_FONT, inherited, page_box, page_rotation, stamp_content

# Keys of a page that are not copied: the source's page tree, links and form fields (they point at
# the source's pages and fields), article beads and the structure tree's keys.
_PAGE_KEYS_DROPPED = {"/Parent", "/Annots", "/B", "/StructParents", "/Tabs"}
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Objects that must not be copied when something points at them: they would drag in the source's
# whole page tree.
_NOT_COPIED_TYPES = {"/Page", "/Pages", "/Catalog"}

KEEP_SOURCES = 4


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
