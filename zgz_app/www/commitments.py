"""/commitments: every unit's signed public commitments (公开承诺, 年初对外承诺 in seed 004) on the site's
website, for anyone, signed in or not, readable on a phone; ``?q=`` keeps the commitments whose text
holds the words searched. Only signed sets, and of them only what a citizen is promised
(zgz_app.evaluation.commitments)."""

import frappe
from frappe import _
from zgz_app.evaluation.commitments import public_commitments
from zgz_app.public_channel.intake import speak_to_public

no_cache = 1


def get_context(context):
	speak_to_public()
	context.no_breadcrumbs = True
	context.search = (frappe.form_dict.get("q") or "").strip()[:50]
	context.sets = public_commitments(context.search)
	context.title = _("Public Commitments")
	return context
