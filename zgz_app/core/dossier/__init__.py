"""The campaign dossier's PDF assembly: many PDFs into one, with an outline and page numbers.

No Frappe here. ``zgz_app.records`` renders the records, reads the uploads and hands their PDFs to
``DossierWriter`` one after another; this package only knows PDFs.

- ``checks``: why an upload or a stored PDF is refused (``check_pdf``, ``PdfProblem`` and its
  reasons), and opening and releasing PDFs;
- ``pages``: a page's box and rotation as the reader sees them, and the page-number stamp;
- ``batches``: many records in one wkhtmltopdf run (``combine_html``), dealt back to the records by
  the pages that show the mark (``marked_pages``, ``record_ranges``);
- ``outline``: the outline's items and the table of contents' pages (``deal``);
- ``writer``: ``DossierWriter``, which streams pages to the file as they come, so that memory does
  not grow with the dossier.

Callers use ``from zgz_app.core import dossier as pdf`` and ``pdf.<name>``: every public name of
these modules is re-exported here.
"""

from zgz_app.core.dossier.batches import MARK_HTML, MARK_SIZE, combine_html, marked_pages, record_ranges
from zgz_app.core.dossier.checks import (
	EMPTY,
	ENCRYPTED,
	MB,
	MISSING,
	NOT_PDF,
	TOO_LARGE,
	UNREADABLE,
	PdfProblem,
	check_pdf,
	open_pdf,
	pypdf_warnings_quiet,
	release,
	too_large,
)
from zgz_app.core.dossier.outline import OutlineItem, deal
from zgz_app.core.dossier.pages import (
	PAGE_NUMBER_BASELINE,
	PAGE_NUMBER_FONT,
	PAGE_NUMBER_SIZE,
	inherited,
	label_width,
	page_box,
	page_label,
	page_rotation,
	stamp_content,
	visual_matrix,
)
from zgz_app.core.dossier.writer import KEEP_SOURCES, DossierWriter
