"""/complaint: the public files a complaint or suggestion (zgz_app.public_channel.intake)."""

import frappe
from frappe import _
from zgz_app.core import complaints as rules
from zgz_app.public_channel.intake import NOT_SURE, new_captcha, participating_units, speak_to_public

no_cache = 1  # each visit gets its own CAPTCHA question
sitemap = 0


def get_context(context):
	speak_to_public()
	context.no_cache = 1
	context.title = _("Complaints and Suggestions")
	context.units = participating_units()
	context.not_sure = NOT_SURE
	context.captcha = new_captcha()
	context.max_files = rules.MAX_FILES
	context.max_file_mb = rules.MAX_FILE_MB
	context.max_description = rules.MAX_DESCRIPTION
	context.accept = ",".join("." + e for e in sorted(rules.ALLOWED_EXTENSIONS))
	return context
