"""Official document numbers (文号) such as ``坛规党组发〔2018〕22号``.

The form is: issuer's abbreviation, the year in hexagonal brackets 〔〕, the serial, then 号.
"""

import re
from dataclasses import dataclass

_DOC_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\[\]()（）\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")
# Brackets people type instead of 〔〕: square, round (ASCII and full width), 【】, ［］.
_WRONG_BRACKETS = re.compile(r"[\[\(（【［](\d{4})[\]\)）】］]")


@dataclass(frozen=True)
class DocNumber:
	prefix: str
	year: int
	serial: int

	def __str__(self) -> str:
		return f"{self.prefix}〔{self.year}〕{self.serial}号"


class DocNumberError(ValueError):
	"""``reason`` is one of: empty, wrong_brackets, no_year, no_serial, bad_form."""

	def __init__(self, reason: str, value: str):
		super().__init__(reason)
		self.reason = reason
		self.value = value


def parse_doc_number(value: str | None) -> DocNumber:
	text = (value or "").strip()
	if not text:
		raise DocNumberError("empty", text)
	match = _DOC_NUMBER.match(text)
	if match:
		return DocNumber(match["prefix"], int(match["year"]), int(match["serial"]))
	if _WRONG_BRACKETS.search(text):
		raise DocNumberError("wrong_brackets", text)
	if not re.search(r"〔\d{4}〕", text):
		raise DocNumberError("no_year", text)
	if not re.search(r"〕[1-9]\d*号$", text):
		raise DocNumberError("no_serial", text)
	raise DocNumberError("bad_form", text)


def normalize_doc_number(value: str) -> str:
	"""Fix the common typing slips: full-width digits, stray spaces, the wrong bracket pair."""
	text = (value or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
	text = re.sub(r"\s+", "", text)
	return _WRONG_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
