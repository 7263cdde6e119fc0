"""附件3 and 附件4 through wkhtmltopdf as Frappe runs it (no site): one A4 page for anything the form
takes, every text on it, and text a reader can search (no radical code points). Skipped where
wkhtmltopdf is not installed; zgz_app/tests/test_award_print.py prints the same cases through Frappe."""

import base64
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.test_award_templates import CASE_FORM, STAR_FORM, award, case, render
from zgz_app.core.pdftext import compact, radicals

pytestmark = pytest.mark.skipif(not shutil.which("wkhtmltopdf"), reason="wkhtmltopdf is not installed")

# The rules of Frappe's print view that bear on pagination and cells (frappe/templates/styles/
# standard.css and bootstrap's print rules in print.bundle.css): the form must hold under them.
FRAPPE_PRINT_CSS = """
body { margin: 0; }
.print-format { font-size: 13px; }
.print-format td, .print-format th { vertical-align: top !important; padding: 6px !important; }
table td div { page-break-inside: avoid !important; }
@media print { tr, img { page-break-inside: avoid; } img { max-width: 100% !important; } }
"""
# wkhtmltopdf's options as frappe.utils.pdf.get_pdf gives them (15 mm margins without header or footer)
OPTIONS = [
	"--print-media-type",
	"--background",
	"--images",
	"--quiet",
	"--encoding",
	"UTF-8",
	"--page-size",
	"A4",
	"--orientation",
	"Portrait",
	*("--margin-top", "15mm", "--margin-bottom", "15mm", "--margin-left", "15mm", "--margin-right", "15mm"),
	"--disable-javascript",
	"--disable-local-file-access",
	"--disable-smart-shrinking",
]
# wkhtmltopdf lays a page out 1.3 times wider than the paper and draws it smaller; a browser prints
# at full size. Zoomed by as much, the form is what a browser prints from the print view.
FULL_SIZE = 1.3008


def seal_png(size: int = 120) -> str:
	"""A red ring, as a data URL: stands in for the seal stamped at signing."""
	rows = []
	for y in range(size):
		row = bytearray(b"\0")
		for x in range(size):
			r = ((x - size / 2) ** 2 + (y - size / 2) ** 2) ** 0.5
			row += bytes((200, 0, 0, 255)) if size / 2 - 6 < r < size / 2 - 1 else bytes(4)
		rows.append(bytes(row))

	def chunk(kind: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	png = b"".join(
		(
			b"\x89PNG\r\n\x1a\n",
			chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)),
			chunk(b"IDAT", zlib.compress(b"".join(rows))),
			chunk(b"IEND", b""),
		)
	)
	return "data:image/png;base64," + base64.b64encode(png).decode()


SEAL = seal_png()
HONOURS = "\n".join(f"{year}年度全区机关作风建设先进个人" for year in range(2009, 2019))
DEEDS = ("牢固树立“店小二”服务意识，主动对接重大项目，推行容缺受理、并联审批，做到服务不缺位。" * 12)[:500]
PARAGRAPHS = "\n".join(
	f"{n}是梳理规划审批事项十八项，统一材料清单，取消重复材料二十三项。" for n in "一二三四五六七八"
)
OPINION = ("该同志服务意识强、业务精、作风实，群众满意度高，经单位集体研究，同意推荐。" * 6)[:200]
EMPTY = dict.fromkeys(
	(
		"unit",
		"phone",
		"nominee_name",
		"post",
		"gender",
		"birth_month",
		"political_status",
		"honours",
		"deeds",
		"opinion",
		"opinion_date",
		"seal",
		"case_title",
		"lead_section",
		"case_leader_name",
		"practice",
	)
)
CASES = {
	"star, empty": (STAR_FORM, award(**EMPTY)),
	"star, as signed": (STAR_FORM, award(seal=SEAL)),
	"star, ten honours, 500 characters, long opinion, seal": (
		STAR_FORM,
		award(seal=SEAL, honours=HONOURS, deeds=DEEDS, opinion=OPINION),
	),
	"star, the same without the seal": (
		STAR_FORM,
		award(seal=None, opinion_date=None, honours=HONOURS, deeds=DEEDS, opinion=OPINION),
	),
	"star, 500 characters in paragraphs": (
		STAR_FORM,
		award(seal=SEAL, honours=HONOURS, deeds=PARAGRAPHS, opinion=OPINION),
	),
	"case, empty": (CASE_FORM, case(**EMPTY)),
	"case, as signed": (CASE_FORM, case(seal=SEAL)),
	"case, 500 characters, long opinion, seal": (CASE_FORM, case(seal=SEAL, practice=DEEDS, opinion=OPINION)),
	"case, the same without the seal": (
		CASE_FORM,
		case(seal=None, opinion_date=None, practice=DEEDS, opinion=OPINION),
	),
	"case, 500 characters in paragraphs": (CASE_FORM, case(seal=SEAL, practice=PARAGRAPHS, opinion=OPINION)),
}


def printed(form: str, doc, tmp_path: Path, zoom: float | None = None) -> PdfReader:
	"""The form as Frappe's print view wraps it, through wkhtmltopdf."""
	return print_html(render(form, doc), tmp_path, zoom)


def print_html(rendered: str, tmp_path: Path, zoom: float | None = None) -> PdfReader:
	"""A rendered print format wrapped as Frappe's print view wraps it, through wkhtmltopdf."""
	body = f'<body style="zoom: {zoom}">' if zoom else "<body>"
	html = (
		f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><style>{FRAPPE_PRINT_CSS}</style>'
		f'</head>{body}<div class="print-format-gutter"><div class="print-format">{rendered}'
		"</div></div></body></html>"
	)
	source, out = tmp_path / "form.html", tmp_path / "form.pdf"
	source.write_text(html, encoding="utf-8")
	subprocess.run(["wkhtmltopdf", *OPTIONS, str(source), str(out)], check=True, capture_output=True)
	return PdfReader(out)


FIELDS = {
	STAR_FORM: ("unit", "nominee_name", "post", "phone", "honours", "deeds", "opinion"),
	CASE_FORM: ("unit", "lead_section", "case_leader_name", "phone", "case_title", "practice", "opinion"),
}
TITLES = {STAR_FORM: "“十佳优秀服务明星”申报表", CASE_FORM: "“优质服务事例”申报表"}


@pytest.mark.parametrize("label", list(CASES))
def test_one_page_with_all_the_text(label, tmp_path):
	form, doc = CASES[label]
	for zoom in (None, FULL_SIZE):
		pdf = printed(form, doc, tmp_path, zoom)
		where = f"{label}{' (full size)' if zoom else ''}"
		assert len(pdf.pages) == 1, where
		text = "".join(page.extract_text() for page in pdf.pages)
		assert radicals(text) == "", where
		flat = compact(text)
		for wording in (TITLES[form], "申报单位（盖章）：", "主管部门意见", "（盖章）"):
			assert wording in flat, (where, wording)
		assert flat.count(TITLES[form]) == 1, "once: no made-up bold, which draws the text twice"
		for field in FIELDS[form]:
			value = compact(getattr(doc, field) or "")
			assert value in flat, (where, field)
		if doc.opinion_date:
			assert "2018年10月10日" in flat, where
		assert len(pdf.pages[0].images) == (2 if doc.seal else 0), where


def test_the_print_fonts_are_installed():
	"""scripts/lib.sh installs them; without them the text falls back to faces that bring the radicals back."""
	families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
	for family, package in (
		("AR PL UMing CN", "fonts-arphic-uming"),
		("WenQuanYi Micro Hei", "fonts-wqy-microhei"),
	):
		assert family in families, f"{family} is missing: install the Debian package {package}"
