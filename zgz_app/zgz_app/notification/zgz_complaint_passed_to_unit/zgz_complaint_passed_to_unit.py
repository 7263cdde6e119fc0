"""Context for the standard Notification of the same name (its message is the .html beside it): the
addresses of the handling unit's head and deputy, who answer for the unit (the recipients' cc template
reads them; a Notification's recipients can only name the document's own fields). The mail says what
the public sent, never who sent it."""

import frappe


def get_context(context):
	doc = context["doc"]
	people = frappe.db.get_value("ZGZ Unit", doc.unit, ["head", "deputy"]) or ()
	emails = frappe.get_all(
		"User", filters={"name": ("in", [p for p in people if p] or [""]), "enabled": 1}, pluck="email"
	)
	return {"unit_heads": "\n".join(e for e in emails if e)}
