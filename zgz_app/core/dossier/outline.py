"""The dossier's navigation: the outline (the reader's bookmarks) and the pages of the printed table
of contents.

The outline is a tree of ``OutlineItem``; ``DossierWriter`` points each at its page and writes it
when the file is closed. ``deal`` spreads the table of contents' rows over its pages.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field


def deal(rows: Sequence, first: int, per_page: int) -> list[list]:
	"""Rows dealt into pages: ``first`` on the first page (under its heading), ``per_page`` after."""
	pages: list[list] = []
	start, room = 0, first
	while start < len(rows) or not pages:
		pages.append(list(rows[start : start + room]))
		start += room
		room = per_page
	return pages


@dataclass(eq=False)
class OutlineItem:
	title: str
	page: int | None = None  # object number of the target page
	number: int | None = None  # the printed page number of the target page
	is_open: bool = False
	children: list["OutlineItem"] = field(default_factory=list)

	def add(self, title: str, is_open: bool = False) -> "OutlineItem":
		child = OutlineItem(title, is_open=is_open)
		self.children.append(child)
		return child

	def walk(self):
		yield self
		for child in self.children:
			yield from child.walk()


def _visible(item: OutlineItem) -> int:
	"""How many descendants show when ``item`` is open (its closed children's hidden ones don't)."""
	return sum(1 + (_visible(child) if child.is_open else 0) for child in item.children)
