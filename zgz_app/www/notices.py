"""/notices: the notices issued for the public (通报 / 曝光 / 表扬 with the scope 公开), on the site's
website, for anyone, signed in or not. Only their public text, with people's names masked, is shown
(zgz_app.supervision.notices)."""

import frappe
from frappe import _
from zgz_app.supervision.notices import public_notice, public_notices

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
	name = frappe.form_dict.get("notice")
	if name:
		context.notice = public_notice(name)
		if not context.notice:
			raise frappe.DoesNotExistError(_("No public notice {0}.").format(name))
		context.title = context.notice.title
	else:
		context.notices = public_notices()
		context.title = _("Public Notices")
	return context
