"""Telling whoever asked for a dossier how it went: a notification (the bell) and a mail."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_url_to_form
from zgz_app.core import dossier as pdf
from zgz_app.records.sections import DOSSIER, LeftOut


def warning_line(warning: LeftOut) -> str:
	reasons = {
		pdf.UNREADABLE: _("not a readable PDF"),
		pdf.ENCRYPTED: _("protected with a password"),
		pdf.EMPTY: _("has no pages"),
		pdf.MISSING: _("missing from the site"),
		pdf.NOT_PDF: _("not a PDF"),
		"render": _("could not be printed"),
	}
	line = _("{0}: {1} was left out ({2})").format(
		warning.where, warning.what, reasons.get(warning.reason, warning.reason)
	)
	return f"{line} {warning.detail}" if warning.detail else line


def notify(doc) -> None:
	"""A notification (the bell) and a mail (through the Email Queue) to whoever asked."""
	doc.reload()
	if not doc.requested_by:
		return
	title = doc.campaign_title or doc.campaign
	if doc.status == "Done":
		subject = _("The dossier of {0} is ready: {1} pages").format(title, doc.page_count)
		lines = [subject]
		if doc.warning_count:
			lines.append(
				_("{0} items could not go in; they are listed on its last page.").format(doc.warning_count)
			)
	else:
		subject = _("The dossier of {0} could not be built").format(title)
		lines = [subject, doc.error or ""]
	url = get_url_to_form(DOSSIER, doc.name)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": doc.requested_by,
			"type": "Alert",
			"document_type": DOSSIER,
			"document_name": doc.name,
			"subject": subject,
		}
	).insert(ignore_permissions=True)
	email = frappe.db.get_value("User", doc.requested_by, "email")
	if not email:
		return
	body = "".join(f"<p>{frappe.utils.escape_html(line)}</p>" for line in lines if line)
	body += f'<p><a href="{url}">{frappe.utils.escape_html(_("Open the dossier"))}</a></p>'
	try:
		frappe.sendmail(
			recipients=[email],
			subject=subject,
			message=body,
			reference_doctype=DOSSIER,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=_("Dossier {0}: the mail could not be queued").format(doc.name))
