"""People's names in public notices (通报 published on the website), masked as the office's settings
say: ``张某某`` (surname and 某某), ``张某`` (surname and 某), or ``张*伟`` (the middle hidden).

A compound surname (欧阳, 司马, …) is kept whole, as Chinese readers expect."""

from __future__ import annotations

import re

SURNAME_MOUGOU, SURNAME_MOU, MIDDLE_STAR = "Surname and 某某", "Surname and 某", "Middle Hidden"
STYLES = (SURNAME_MOUGOU, SURNAME_MOU, MIDDLE_STAR)
COMPOUND_SURNAMES = (
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
)  # fmt: skip


def surname(name: str) -> str:
	return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def mask_name(name: str, style: str = SURNAME_MOUGOU) -> str:
	name = (name or "").strip()
	if len(name) < 2:
		return name
	family = surname(name)
	if style == SURNAME_MOU:
		return family + "某"
	if style == MIDDLE_STAR:
		given = name[len(family) :]
		return family + ("*" * max(len(given) - 1, 1)) + (given[-1] if len(given) > 1 else "")
	return family + "某某"


def mask_text(text: str, names: list[str], style: str = SURNAME_MOUGOU) -> str:
	"""``text`` with every name of ``names`` masked (longest first, so 张伟华 is not left as 张某某华)."""
	for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
		text = text.replace(name, mask_name(name, style))
	return text


def unmasked_names(text: str, names: list[str]) -> list[str]:
	"""The names of ``names`` still written out in full in ``text``."""
	return [n for n in dict.fromkeys(n.strip() for n in names if n) if len(n) >= 2 and n in (text or "")]


def strip_tags(html: str) -> str:
	return re.sub(r"<[^>]+>", "", html or "")
