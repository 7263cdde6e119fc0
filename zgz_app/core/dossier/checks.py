"""Why a PDF cannot go into the dossier, and opening one that can.

An upload is checked here before it is saved (``check_pdf``), and every PDF the dossier copies is
opened here (``open_pdf``), so that a damaged, encrypted or empty file is refused with a reason the
user can act on instead of failing half-way through the dossier.
"""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from pypdf import PdfReader

from zgz_app.core.dossier.pages import page_box

# Why an uploaded or stored PDF cannot go into the dossier.
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
EMPTY = "empty"
TOO_LARGE = "too_large"
MISSING = "missing"
NOT_PDF = "not_pdf"

MB = 1024 * 1024


class PdfProblem(Exception):
	"""A PDF that cannot be used; ``reason`` is one of the constants above."""

	def __init__(self, reason: str, detail: str = ""):
		super().__init__(f"{reason}: {detail}" if detail else reason)
		self.reason = reason
		self.detail = detail


def too_large(size: int, max_mb: float | None) -> bool:
	return bool(max_mb) and size > max_mb * MB


@contextmanager
def pypdf_warnings_quiet() -> Iterator[None]:
	"""pypdf logs, as warnings to stderr, what it finds wrong in a file it is asked to read ("EOF marker
	not found", "invalid pdf header"). ``open_pdf`` says the same to the user as a PdfProblem, in words
	they can act on, or the file opens and there is nothing to say."""
	logger = logging.getLogger("pypdf")
	level = logger.level
	logger.setLevel(logging.ERROR)
	try:
		yield
	finally:
		logger.setLevel(level)


def open_pdf(source: str | BinaryIO | bytes) -> PdfReader:
	"""A reader on a readable, unencrypted PDF with at least one page, else PdfProblem.

	Every page is looked at, so that a file whose page tree is broken is found here and not half-way
	through copying it."""
	if isinstance(source, bytes):
		source = io.BytesIO(source)
	with pypdf_warnings_quiet():
		try:
			reader = PdfReader(source, strict=False)
		except Exception as e:  # pypdf raises many kinds on damaged input: all of them mean unreadable
			raise PdfProblem(UNREADABLE, str(e)) from e
		if reader.is_encrypted:
			raise PdfProblem(ENCRYPTED)
		try:
			pages = reader.pages
			count = len(pages)
			for page in pages:
				page_box(page)
		except Exception as e:
			raise PdfProblem(UNREADABLE, str(e)) from e
	if not count:
		raise PdfProblem(EMPTY)
	return reader


def release(reader: PdfReader) -> None:
	"""Let go of what a reader holds (the file's bytes, the objects read) now. A reader sits in
	reference cycles that only Python's occasional full collection breaks, so a dossier of many scans
	would otherwise keep them all until then."""
	getattr(reader, "resolved_objects", {}).clear()
	reader.flattened_pages = None
	stream = getattr(reader, "stream", None)
	if stream is not None and hasattr(stream, "close"):
		stream.close()


def check_pdf(
	source: str | BinaryIO | bytes, size: int | None = None, max_mb: float | None = None
) -> str | None:
	"""Why ``source`` may not be uploaded (one of the reasons above), or None when it is fine."""
	if size is not None and too_large(size, max_mb):
		return TOO_LARGE
	try:
		open_pdf(source)
	except PdfProblem as e:
		return e.reason
	return None
