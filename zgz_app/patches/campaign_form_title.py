"""Give every campaign its Title on Forms, made from its Campaign Name as the forms made it until now
(a name already in quotes is kept as it is)."""

import frappe
from zgz_app.core.titles import campaign_form_title


def execute():
	for row in frappe.get_all(
		"ZGZ Campaign", filters={"form_title": ("is", "not set")}, fields=["name", "short_name"]
	):
		frappe.db.set_value(
			"ZGZ Campaign", row.name, "form_title", campaign_form_title(row.short_name), update_modified=False
		)
