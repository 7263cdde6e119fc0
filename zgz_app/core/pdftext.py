"""Text read back from PDFs, made comparable with the text that was printed.

wkhtmltopdf with the Noto CJK fonts writes a ToUnicode map that sends some ideographs to the
radical code points that share their glyph: 小 comes back as ⼩ (Kangxi radical), 长 as ⻓ (CJK
radical supplement). NFKC folds the Kangxi radicals; the supplement's simplified forms have no
decomposition, so they are mapped here.
"""

import unicodedata

_SUPPLEMENT = str.maketrans(
	{
		"⻓": "长", "⻔": "门", "⻋": "车", "⻜": "飞", "⻅": "见", "⻢": "马", "⻉": "贝", "⻆": "角",
		"⻘": "青", "⻝": "食", "⻥": "鱼", "⻦": "鸟", "⻄": "西", "⻚": "页", "⻛": "风", "⻁": "虎",
		"⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻈": "讠", "⻒": "钅", "⻖": "阝",
		"⺠": "民", "⻟": "饣", "⻣": "骨", "⻭": "齿", "⺟": "母", "⺬": "示", "⺮": "竹", "⻨": "麦",
	}
)  # fmt: skip


def normalize_cjk(text: str) -> str:
	return unicodedata.normalize("NFKC", text).translate(_SUPPLEMENT)


def compact(text: str) -> str:
	"""Normalised and without whitespace: PDF text breaks lines and spaces where layout put them."""
	return "".join(normalize_cjk(text).split())
