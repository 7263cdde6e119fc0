"""The check on every PDF uploaded to a ZGZ record (File before_insert, hooks.py): it must be one
the campaign dossier can bind in — readable, not encrypted, within ZGZ Settings' size limit — and the
uploader hears at once what to do, not the lead office weeks later when the dossier leaves it out."""

from __future__ import annotations

import io

import frappe
from frappe import _
from frappe.utils import flt
from zgz_app.core import dossier as pdf
from zgz_app.records.sections import DOSSIER, is_pdf

DEFAULT_MAX_UPLOAD_MB = 20


def max_upload_mb() -> float:
	if not frappe.db.exists("DocType", "ZGZ Settings"):
		return DEFAULT_MAX_UPLOAD_MB
	return flt(frappe.db.get_single_value("ZGZ Settings", "dossier_max_upload_mb")) or DEFAULT_MAX_UPLOAD_MB


def check_upload(doc, method=None) -> None:
	"""File before_insert: a PDF attached to a ZGZ record must be one the dossier can bind in —
	readable, not encrypted, within ZGZ Settings' size limit."""
	if (
		doc.is_folder
		or not (doc.attached_to_doctype or "").startswith("ZGZ ")
		or doc.attached_to_doctype == DOSSIER
	):
		return
	if "://" in (doc.file_url or "") or not (is_pdf(doc.file_name) or is_pdf(doc.file_url)):
		return
	content = doc.get_content()
	if isinstance(content, str):
		content = content.encode()
	limit = max_upload_mb()
	reason = pdf.check_pdf(io.BytesIO(content), size=len(content), max_mb=limit)
	if not reason:
		return
	label = (
		_(frappe.get_meta(doc.attached_to_doctype).get_label(doc.attached_to_field))
		if doc.attached_to_field
		else _("Attachment")
	)
	name = doc.file_name or doc.file_url
	if reason == pdf.TOO_LARGE:
		message = _(
			"{0}: {1} is {2} MB, more than the {3} MB allowed for an uploaded PDF (ZGZ Settings). Scan it "
			"at a lower resolution or split it, then upload it again."
		).format(label, name, flt(len(content) / pdf.MB, 1), f"{limit:g}")
	elif reason == pdf.ENCRYPTED:
		message = _(
			"{0}: {1} is protected with a password. Save it without the password and upload it again."
		).format(label, name)
	elif reason == pdf.EMPTY:
		message = _("{0}: {1} has no pages. Scan the paper form again and upload the PDF.").format(
			label, name
		)
	else:
		message = _(
			"{0}: {1} is not a readable PDF (it is damaged or of another kind). Scan or save it again as PDF "
			"and upload it again."
		).format(label, name)
	frappe.throw(message, title=_("PDF Refused"))
