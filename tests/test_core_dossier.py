"""The dossier's PDF assembly (zgz_app.core.dossier) on small PDFs written here by hand."""

import io
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader, PdfWriter

from zgz_app.core import dossier as pdf
from zgz_app.core.dossier.outline import _visible

# ---------------------------------------------------------------------------------------------------
# Test PDFs, written object by object so that every case (inherited attributes, rotation, shared
# objects, marked pages) is exactly what the test says.


def tiny_pdf(
	texts: list[str],
	rotate: int = 0,
	size: tuple[int, int] = (595, 842),
	inherit: bool = False,
	marked: tuple[int, ...] = (),
	shared: bytes = b"",
) -> bytes:
	"""One page per text (Helvetica). ``inherit``: /MediaBox and /Resources sit on the pages tree,
	not on the pages. ``marked``: pages that show the dossier's record mark. ``shared``: a stream
	that every page's resources point at."""
	objects: dict[int, bytes] = {}
	font, mark_image, blob = 3, 4, 5
	objects[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	w, h = pdf.MARK_SIZE
	data = b"\xff" * (w * h * 3)
	objects[mark_image] = (
		b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
		b"/BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream" % (w, h, len(data), data)
	)
	objects[blob] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(shared), shared)
	kids = []
	number = 6
	box = b"[0 0 %d %d]" % size
	for index, text in enumerate(texts):
		content = b"BT /F1 18 Tf 72 400 Td (%s) Tj ET" % text.encode("latin-1")
		if index in marked:
			content = b"q 1 0 0 1 0 0 cm /Mark Do Q " + content
		objects[number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
		mark = b"/Mark %d 0 R " % mark_image if index in marked else b""
		resources = b"<< /Font << /F1 %d 0 R >> /XObject << %s/Blob %d 0 R >> >>" % (font, mark, blob)
		page = b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R" % number
		if not inherit:
			page += b" /MediaBox " + box + b" /Resources " + resources
		if rotate:
			page += b" /Rotate %d" % rotate
		objects[number + 1] = page + b" >>"
		kids.append(number + 1)
		number += 2
	pages = b"<< /Type /Pages /Count %d /Kids [%s]" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
	if inherit:
		pages += b" /MediaBox " + box + b" /Resources << /Font << /F1 %d 0 R >> >>" % font
	objects[2] = pages + b" >>"
	objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
	out = io.BytesIO()
	out.write(b"%PDF-1.7\n")
	offsets = {}
	for n in sorted(objects):
		offsets[n] = out.tell()
		out.write(b"%d 0 obj\n%s\nendobj\n" % (n, objects[n]))
	xref = out.tell()
	size_ = max(objects) + 1
	out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size_)
	for n in range(1, size_):
		out.write(b"%010d 00000 n \n" % offsets[n])
	out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size_, xref))
	return out.getvalue()


def reader(data: bytes) -> PdfReader:
	return pdf.open_pdf(io.BytesIO(data))


def texts(data: bytes) -> list[str]:
	return [page.extract_text() for page in PdfReader(io.BytesIO(data), strict=True).pages]


def merged(*parts, first_number=1) -> tuple[bytes, pdf.DossierWriter]:
	out = io.BytesIO()
	writer = pdf.DossierWriter(out, "台账")
	number = first_number
	for part in parts:
		added = writer.add_pages(reader(part), first_number=number)
		number += len(added)
	writer.close()
	return out.getvalue(), writer


# ---------------------------------------------------------------------------------------------------
# Merging and numbering


def test_pages_keep_their_order_and_every_page_is_numbered():
	data, writer = merged(tiny_pdf(["A1", "A2"]), tiny_pdf(["B1"]), tiny_pdf(["C1", "C2", "C3"]))
	assert writer.page_count == 6
	pages = texts(data)
	assert [re.search(r"[A-C]\d", t).group() for t in pages] == ["A1", "A2", "B1", "C1", "C2", "C3"]
	for number, text in enumerate(pages, start=1):
		assert f"— {number} —" in text


def test_numbering_starts_where_the_caller_says():
	data, _writer = merged(tiny_pdf(["A1", "A2"]), first_number=5)
	assert ["— 5 —" in t for t in texts(data)] == [True, False]
	assert "— 6 —" in texts(data)[1]


def test_output_is_a_strictly_valid_pdf_with_a_correct_cross_reference_table():
	data, _writer = merged(tiny_pdf(["A1"]), tiny_pdf(["B1", "B2"], inherit=True))
	strict = PdfReader(io.BytesIO(data), strict=True)
	assert len(strict.pages) == 3
	offsets = [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n", data)]
	for number, offset in enumerate(offsets, start=1):
		assert data[offset:].startswith(b"%d 0 obj" % number)


def test_attributes_inherited_from_the_pages_tree_are_carried_onto_each_page():
	data, _writer = merged(tiny_pdf(["X1", "X2"], size=(842, 595), inherit=True))
	out = PdfReader(io.BytesIO(data))
	for page in out.pages:
		assert [float(v) for v in page.mediabox] == [0, 0, 842, 595]
		assert "/F1" in page["/Resources"]["/Font"]
	assert "X2" in out.pages[1].extract_text()


def test_an_object_shared_by_the_pages_of_one_source_is_written_once():
	blob = b"SHARED-FONT-PROGRAM" + b"." * 4000
	data, _writer = merged(tiny_pdf(["P1", "P2", "P3", "P4"], shared=blob))
	assert data.count(b"SHARED-FONT-PROGRAM") == 1
	twice, _writer = merged(tiny_pdf(["P1"], shared=blob), tiny_pdf(["P2"], shared=blob))
	assert twice.count(b"SHARED-FONT-PROGRAM") == 2  # two sources: two copies


def test_pages_of_one_source_can_be_taken_in_several_ranges():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out)
	source = reader(tiny_pdf(["R1", "R2", "R3", "R4"]))
	writer.add_pages(source, range(0, 1), first_number=1)
	writer.add_pages(reader(tiny_pdf(["S1"])), first_number=2)
	writer.add_pages(source, range(1, 4), first_number=3)
	writer.close()
	pages = texts(out.getvalue())
	assert [re.search(r"[RS]\d", t).group() for t in pages] == ["R1", "S1", "R2", "R3", "R4"]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_the_number_stands_at_the_foot_of_a_rotated_page_as_seen(rotate):
	data, _writer = merged(tiny_pdf(["Scan"], rotate=rotate, size=(600, 800)))
	assert "— 1 —" in texts(data)[0]
	matrix, width, height = pdf.visual_matrix((0, 0, 600, 800), rotate)
	a, b, c, d, e, f = matrix
	# the middle of the seen bottom edge, in the page's own coordinates
	x, y = a * width / 2 + c * 0 + e, b * width / 2 + d * 0 + f
	expected = {0: (300, 0), 90: (600, 400), 180: (300, 800), 270: (0, 400)}[rotate]
	assert (round(x), round(y)) == expected
	assert (width, height) == ((600, 800) if rotate in (0, 180) else (800, 600))


def test_front_matter_added_last_comes_first():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out)
	writer.add_pages(reader(tiny_pdf(["Body1", "Body2"])), first_number=3)
	front = writer.add_pages(reader(tiny_pdf(["Cover", "Contents"])), first_number=1, at=0)
	writer.close()
	pages = texts(out.getvalue())
	assert "Cover" in pages[0] and "— 1 —" in pages[0]
	assert "Contents" in pages[1] and "Body1" in pages[2] and "— 3 —" in pages[2]
	assert writer.kids[:2] == front


def test_a_page_that_cannot_be_copied_leaves_the_writer_as_it_was():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out)
	writer.add_pages(reader(tiny_pdf(["Good"])), first_number=1)

	broken = SimpleNamespace(pages=[PdfReader(io.BytesIO(tiny_pdf(["Half"]))).pages[0], None])
	with pytest.raises(Exception):
		writer.add_pages(broken, first_number=2)
	assert writer.page_count == 1
	writer.add_pages(reader(tiny_pdf(["After"])), first_number=2)
	writer.close()
	pages = texts(out.getvalue())
	assert len(pages) == 2 and "After" in pages[1] and "— 2 —" in pages[1]


def test_only_the_last_sources_are_remembered():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out)
	for k in range(5):
		writer.add_pages(reader(tiny_pdf([f"K{k}"])), first_number=k + 1)
	assert len(writer._sources) == pdf.KEEP_SOURCES
	writer.close()
	assert len(texts(out.getvalue())) == 5


# ---------------------------------------------------------------------------------------------------
# The outline


def outline_of(data: bytes) -> list[tuple[int, str, int]]:
	"""(depth, title, page index) in reading order."""
	out = PdfReader(io.BytesIO(data))
	found = []

	def walk(items, depth):
		for item in items:
			if isinstance(item, list):
				walk(item, depth + 1)
			else:
				found.append((depth, item.title, out.get_destination_page_number(item)))

	walk(out.outline, 0)
	return found


def test_outline_campaign_section_unit_document_with_their_pages():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out, "“打通中梗阻”专项活动")
	section = writer.point_next(writer.outline.add("问题摸排表", is_open=True))
	unit = writer.point_next(section.add("规划管理科"))
	first = writer.add_pages(reader(tiny_pdf(["D1a", "D1b"])), first_number=1)
	writer.point_at(unit.add("个人问题摸排表（张伟）"), first[0])
	second = writer.add_pages(reader(tiny_pdf(["D2"])), first_number=3)
	document = writer.point_at(unit.add("工作总结"), second[0])
	scan = writer.add_pages(reader(tiny_pdf(["S1", "S2"])), first_number=4)
	writer.point_at(document.add("附件：扫描件.pdf"), scan[0])
	writer.close()
	assert outline_of(out.getvalue()) == [
		(0, "“打通中梗阻”专项活动", 0),
		(1, "问题摸排表", 0),
		(2, "规划管理科", 0),
		(3, "个人问题摸排表（张伟）", 0),
		(3, "工作总结", 2),
		(4, "附件：扫描件.pdf", 3),
	]
	assert document.number == 3 and unit.number == 1


def test_outline_counts_follow_open_and_closed_items():
	root = pdf.OutlineItem("root", is_open=True)
	section = root.add("s", is_open=True)
	unit = section.add("u")
	unit.add("d1")
	unit.add("d2")
	assert _visible(root) == 2  # the section, and its closed unit
	assert _visible(unit) == 2


def test_an_item_with_nothing_after_it_points_at_the_last_page():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out, "root")
	writer.add_pages(reader(tiny_pdf(["A", "B"])), first_number=1)
	writer.point_next(writer.outline.add("empty section"))
	writer.close()
	assert outline_of(out.getvalue())[1] == (1, "empty section", 1)


# ---------------------------------------------------------------------------------------------------
# Checking PDFs


def test_a_good_pdf_passes():
	assert pdf.check_pdf(io.BytesIO(tiny_pdf(["ok"]))) is None


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.4\n garbage", b"<html>scan</html>"])
def test_what_is_not_a_readable_pdf_is_refused(data):
	assert pdf.check_pdf(io.BytesIO(data)) == pdf.UNREADABLE


def test_an_encrypted_pdf_is_refused():
	source = PdfWriter()
	source.append(PdfReader(io.BytesIO(tiny_pdf(["secret"]))))
	try:
		source.encrypt("secret", algorithm="RC4-40")
	except Exception:  # pragma: no cover - a pypdf without RC4
		pytest.skip("this pypdf cannot encrypt")
	data = io.BytesIO()
	source.write(data)
	assert pdf.check_pdf(io.BytesIO(data.getvalue())) == pdf.ENCRYPTED


def test_size_limit_in_megabytes():
	data = tiny_pdf(["ok"])
	assert pdf.check_pdf(io.BytesIO(data), size=21 * pdf.MB, max_mb=20) == pdf.TOO_LARGE
	assert pdf.check_pdf(io.BytesIO(data), size=20 * pdf.MB, max_mb=20) is None
	assert not pdf.too_large(10**9, None)


def test_open_pdf_says_why():
	with pytest.raises(pdf.PdfProblem) as caught:
		pdf.open_pdf(b"%PDF-1.4 broken")
	assert caught.value.reason == pdf.UNREADABLE


# ---------------------------------------------------------------------------------------------------
# Several records in one rendering


def page_html(body: str, style: str = "<style>.zgz-form{}</style>") -> str:
	return (
		'<!DOCTYPE html><html><head><link rel="stylesheet" href="/assets/print.css"></head><body>'
		f'<div class="print-format"><meta name="pdfkit-orientation" content="Landscape">{style}{body}</div>'
		"<script>x()</script></body><!-- Administrator --></html>"
	)


def test_combined_html_starts_each_record_on_a_new_page_with_the_mark():
	html = pdf.combine_html([page_html("第一份"), page_html("第二份"), page_html("第三份")])
	assert html.count(pdf.MARK_HTML) == 3
	assert html.count("page-break-before: always") == 2
	assert html.index("第一份") < html.index("第二份") < html.index("第三份")
	assert html.count("<head>") == 1 and html.count("</html>") == 1


def test_combined_html_gives_a_style_and_the_pdfkit_options_once():
	html = pdf.combine_html([page_html("一"), page_html("二", "<style>.other{}</style>"), page_html("三")])
	assert html.count("<style>.zgz-form{}</style>") == 1
	assert html.count("<style>.other{}</style>") == 1
	assert html.count('name="pdfkit-orientation"') == 1


def test_marked_pages_tell_where_records_start():
	data = tiny_pdf(["a", "b", "c", "d", "e", "f"], marked=(0, 2, 5))
	source = reader(data)
	starts = pdf.marked_pages(source)
	assert starts == [0, 2, 5]
	assert pdf.record_ranges(starts, 6, 3) == [range(0, 2), range(2, 5), range(5, 6)]


@pytest.mark.parametrize("starts,records", [([0, 2], 3), ([1, 3], 2), ([], 1), ([0, 0], 2)])
def test_marks_that_do_not_tell_give_none(starts, records):
	assert pdf.record_ranges(starts, 6, records) is None


def test_the_mark_is_a_png_of_the_agreed_size():
	from base64 import b64decode

	png = b64decode(re.search(r"base64,([^\"]+)", pdf.MARK_HTML).group(1))
	assert png.startswith(b"\x89PNG") and png[16:24] == (7).to_bytes(4, "big") + (3).to_bytes(4, "big")


# ---------------------------------------------------------------------------------------------------
# Contents pages


def test_rows_are_dealt_into_pages():
	assert pdf.deal(list(range(5)), 2, 3) == [[0, 1], [2, 3, 4]]
	assert pdf.deal(list(range(6)), 2, 3) == [[0, 1], [2, 3, 4], [5]]
	assert pdf.deal([], 2, 3) == [[]]


def test_page_label_and_its_width():
	assert pdf.page_label(12) == "— 12 —"
	assert pdf.label_width("— 12 —", 10) == pytest.approx((1000 * 2 + 278 * 2 + 556 * 2) / 100)


def test_a_released_source_lets_go_of_its_bytes_and_the_writer_goes_on():
	out = io.BytesIO()
	writer = pdf.DossierWriter(out)
	source = reader(tiny_pdf(["Scan1", "Scan2"]))
	writer.add_pages(source, first_number=1)
	writer.forget(source)
	pdf.release(source)
	assert source.stream.closed and not source.resolved_objects
	writer.add_pages(reader(tiny_pdf(["Next"])), first_number=3)
	writer.close()
	assert len(texts(out.getvalue())) == 3
