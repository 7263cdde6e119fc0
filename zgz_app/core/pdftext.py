"""Text read back from the PDFs the app makes, as a reader's search or copy gets it.

The print CSS names fonts (AR PL UMing CN, WenQuanYi Micro Hei) whose character maps give each glyph
one code point, so wkhtmltopdf's ToUnicode maps send every glyph back to the character that was
printed. Noto CJK maps the Kangxi radicals (U+2F00–U+2FDF) and the CJK radicals supplement
(U+2E80–U+2EFF) to the same glyphs as 金, 方, 长 …, and Qt's map then gives ⾦, ⽅, ⻓: ``radicals``
finds any such code point in extracted text.
"""

RADICALS = (0x2E80, 0x2FDF)


def compact(text: str) -> str:
	"""Without whitespace: PDF text breaks lines and spaces where layout put them."""
	return "".join(text.split())


def radicals(text: str) -> str:
	"""The radical code points in ``text``, each once, in order: none in a searchable PDF."""
	low, high = RADICALS
	return "".join(dict.fromkeys(c for c in text if low <= ord(c) <= high))
