"""/evaluate: an outside rater's ballot, opened with a one-time code (zgz_app.evaluation.codes)."""

import frappe
from frappe import _
from zgz_app.public_channel.intake import speak_to_public

no_cache = 1
sitemap = 0


def get_context(context):
	speak_to_public()
	context.no_cache = 1
	context.title = _("Public Evaluation")
	context.code = frappe.form_dict.get("code") or ""
	return context
