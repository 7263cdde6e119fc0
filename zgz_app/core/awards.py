"""Rules of the award nominations (附件3 十佳优秀服务明星, 附件4 优质服务事例) that need no database.

- :func:`char_count`: "500字以内" counted as a reader counts a form: every character that shows is one
  — each Chinese character, letter, digit, and each punctuation mark (full- or half-width), as on
  squared manuscript paper (稿纸) and in Word's 字数, where "……" takes two squares. Whitespace, line
  breaks, zero-width characters and combining marks are not counted. The form's live count
  (zgz_service_award.js) applies the same rule.
- :func:`normalize_phone`: a mainland mobile (11 digits from 13–19, optionally after +86) or a landline
  (area code 010/02x with 8 digits, 0xxx with 7–8 digits, or a local 7–8 digit number; an extension
  after 转 or a dash), returned in one written form, or None.
- :func:`parse_year_month`: 出生年月 as written on forms (1985-06, 1985.6, 1985/06, 1985年6月, 198506).
- :func:`rank`: competition ranking ("1224") of the average scores, the top places with a tie that
  straddles the last place shown in full and flagged.
- :func:`person_key`: the key under which a person is nominated once per campaign.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# The names the nomination's controller, its reports and zgz_app.recognition share: the DocTypes, the
# kinds of award, the workflow states past the unit (ZGZ Award Nomination) and the paper forms.
AWARD = "ZGZ Service Award"
SCORE = "ZGZ Award Score"
STAR, CASE = "Service Star", "Service Case"
SUBMITTED_UP, SELECTED, NOT_SELECTED = "Submitted Up", "Selected", "Not Selected"
# the unit has nominated once its head has signed and sealed
SEALED_STATES = ("Awaiting Collection", "Collected", SUBMITTED_UP, SELECTED, NOT_SELECTED)
PLACES = 10  # 十佳
# the paper form of each kind (the campaign dossier prints each nomination with its own)
PRINT_FORMATS = {STAR: "附件3 十佳优秀服务明星申报表", CASE: "附件4 优质服务事例申报表"}

TEXT_LIMIT = 500  # 主要事迹 / 主要做法及成效（500字以内）
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def char_count(text: str | None) -> int:
	"""How many characters a reader counts in ``text`` (see the module's docstring)."""
	if not text:
		return 0
	text = unicodedata.normalize("NFC", text)
	return sum(
		1
		for ch in text
		if not ch.isspace() and ch not in _INVISIBLE and not unicodedata.category(ch).startswith("M")
	)


def over_limit(text: str | None, limit: int = TEXT_LIMIT) -> int:
	"""How many characters over ``limit`` (0 when within it)."""
	return max(char_count(text) - limit, 0)


_MOBILE = re.compile(r"1[3-9]\d{9}")
_EXTENSION = re.compile(r"(?P<number>.*?)\s*(?:转|分机|ext\.?|x)\s*(?P<ext>\d{1,6})", re.I)
_COUNTRY = re.compile(r"^(?:\+\s*86|0086)[\s\-]*")


def normalize_phone(value: str | None) -> str | None:
	"""The number in one written form (13812345678, 0519-82812345, 010-12345678-801, 82812345), or
	None when it is not a mainland mobile or landline number."""
	text = unicodedata.normalize("NFKC", value or "").strip()
	ext = None
	m = _EXTENSION.fullmatch(text)
	if m:
		text, ext = m.group("number"), m.group("ext")
	text, international = _COUNTRY.sub("", text), bool(_COUNTRY.match(text))
	if not text or re.search(r"[^\d\s\-()]", text):
		return None
	groups = re.findall(r"\d+", text)
	digits = "".join(groups)
	if not international and len(digits) == 13 and digits.startswith("86"):
		digits = digits[2:]  # 86 written without the plus
	if _MOBILE.fullmatch(digits):
		return None if ext else digits
	if international and not digits.startswith("0"):
		groups[0] = "0" + groups[0]  # +86 519 82812345: the area code loses its 0 abroad
	number = _landline(groups)
	if number is None and ext is None and len(groups) > 2 and groups[0][0] == "0" and len(groups[-1]) <= 6:
		number, ext = _landline(groups[:-1]), groups[-1]  # 010-12345678-801: the extension after a dash
	if number is None:
		return None
	return f"{number}-{ext}" if ext else number


def _landline(groups: list[str]) -> str | None:
	"""Area code and local number: 010 and 02x take 8 digits, other codes (0xxx) 7 or 8; a local
	number without its area code has 7 or 8. A local number never starts with 0 or 1."""
	digits = "".join(groups)
	if digits.startswith("0") and len(digits) > 3:
		size, lengths = (3, (8,)) if digits[1] in "12" else (4, (7, 8))
		area, local = digits[:size], digits[size:]
		if len(groups) > 1 and groups[0] != area:
			return None  # written 051-982812345: the dash is not where the area code ends
		if len(local) in lengths and local[0] in "23456789":
			return f"{area}-{local}"
		return None
	if len(digits) in (7, 8) and digits[0] in "23456789":
		return digits
	return None


_YEAR_MONTH = (
	re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月?"),
	re.compile(r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})(?:\s*[-./]\s*\d{1,2})?"),
	re.compile(r"(?P<y>\d{4})(?P<m>\d{2})"),
)


def parse_year_month(value: str | None) -> tuple[int, int] | None:
	"""(year, month) from 出生年月 as written, or None when it cannot be read as one."""
	if not value:
		return None
	text = unicodedata.normalize("NFKC", str(value)).strip()
	for pattern in _YEAR_MONTH:
		m = pattern.fullmatch(text)
		if m:
			year, month = int(m.group("y")), int(m.group("m"))
			if 1 <= month <= 12 and year >= 1900:
				return year, month
			return None
	return None


def format_year_month(year: int, month: int) -> str:
	return f"{year:04d}-{month:02d}"


def month_in_future(year: int, month: int, today: date) -> bool:
	return (year, month) > (today.year, today.month)


def normalize_name(name: str | None) -> str:
	"""A person's name as compared for duplicates: width-folded, without spaces (陈 辉 = 陈辉), any case."""
	return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def person_key(nominee: str | None, name: str | None, unit: str | None) -> tuple:
	"""The person a nomination is for: the user when linked, else the name within the unit."""
	if nominee:
		return ("user", nominee)
	return ("name", normalize_name(name), unit or "")


@dataclass(frozen=True)
class Ranked:
	key: str
	score: float | None
	rank: int | None  # None: not scored, not ranked
	tied: bool  # shares its rank with another
	in_top: bool  # within the places (all of a tie on the last place included)
	tie_at_cut: bool  # part of a tie that straddles the last place


def rank(entries: Iterable[tuple[str, float | None]], places: int = 10, digits: int = 2) -> list[Ranked]:
	"""Competition ranking of ``(key, score)`` by score, highest first: equal scores (to ``digits``
	decimals, so averages that differ only by float noise tie) share the better rank and the next rank
	skips (1, 2, 2, 4). The top ``places`` take everyone ranked ``places`` or better, so when a tie
	straddles the last place all of it is in, and flagged ``tie_at_cut``. Unscored entries come last,
	unranked, in the given order; ties otherwise keep the given order."""
	scored, unscored = [], []
	for key, score in entries:
		if score is None:
			unscored.append((key, None))
		else:
			scored.append((key, round(float(score), digits)))
	scored.sort(key=lambda e: -e[1])
	counts: dict[float, int] = {}
	for _key, score in scored:
		counts[score] = counts.get(score, 0) + 1
	out: list[Ranked] = []
	position, previous, current = 0, None, 0
	for key, score in scored:
		position += 1
		if score != previous:
			current, previous = position, score
		last = current + counts[score] - 1  # the last position this tie covers
		in_top = current <= places
		out.append(Ranked(key, score, current, counts[score] > 1, in_top, in_top and last > places))
	out.extend(Ranked(key, None, None, False, False, False) for key, _score in unscored)
	return out


def criteria_problems(rows: list[dict]) -> list[tuple[int, str, str]]:
	"""(row number, field, kind) for bad selection criteria: a maximum score not above zero, or the
	same criterion twice for one kind of award (a criterion without a kind applies to both)."""
	problems: list[tuple[int, str, str]] = []
	for i, row in enumerate(rows):
		if not (row.get("max_score") or 0) > 0:
			problems.append((i + 1, "max_score", "not_positive"))
		name, kind = normalize_name(row.get("criterion")), row.get("award_kind")
		for other in rows[:i]:
			other_kind = other.get("award_kind")
			if normalize_name(other.get("criterion")) == name and (
				not kind or not other_kind or kind == other_kind
			):
				problems.append((i + 1, "criterion", "duplicate"))
				break
	return problems
