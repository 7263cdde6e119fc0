"""/complaint/track: status and public reply by tracking code (zgz_app.public_channel.tracking)."""

import frappe
from frappe import _
from zgz_app.public_channel.intake import speak_to_public

no_cache = 1
sitemap = 0


def get_context(context):
	speak_to_public()
	context.no_cache = 1
	context.title = _("Track a Complaint")
	return context
