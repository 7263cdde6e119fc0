"""Rendering many records in one wkhtmltopdf run.

wkhtmltopdf takes about 0.4 s to start, load the CJK fonts and fetch the print CSS, whatever the
size of the document: per record that is most of the time. So the records of one print format go
through it together, each starting on a new page, and the pages are dealt back to the records
afterwards. The Debian build (no patched Qt) writes no links or outlines that could mark where a
record starts, so each record starts with a tiny white image of an odd size (MARK_SIZE pixels):
Qt lists an image in the resources of exactly the pages that show it, so the pages whose
resources hold that image are the records' first pages. It draws nothing visible and adds no text.
"""

import base64
import re
import struct
import zlib
from collections.abc import Sequence

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from zgz_app.core.dossier.pages import inherited

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
