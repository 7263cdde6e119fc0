"""Pages as the reader sees them, and the page number stamped on each.

Every page gets a page number, "— 12 —" centred at the foot of the page as the reader sees it (a
rotated scan included), in Helvetica, one of the 14 standard fonts that every PDF reader has, so
nothing is embedded for it. The original content is wrapped in q … Q so that its graphics state
cannot move the number.
"""

from collections.abc import Sequence

from pypdf.generic import DictionaryObject

# The page number: Helvetica with the WinAnsi encoding, where the em dash is byte 0x97.
PAGE_NUMBER_FONT = "/ZGZPageNo"
PAGE_NUMBER_SIZE = 12.0
PAGE_NUMBER_BASELINE = 22.0  # points above the foot of the page (about 8 mm)
_HELVETICA_WIDTHS = {" ": 278, "—": 1000, **dict.fromkeys("0123456789", 556)}
_WIN_ANSI = {"—": b"\\227"}


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
