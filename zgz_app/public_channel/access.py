"""Who sees a complaint. The lead office (campaign managers) and the leading group see them all; a unit
sees a complaint only once it was passed to it (``unit`` set), and then through the User Permission on
ZGZ Unit like every unit record. Frappe would show a record whose unit link is empty to everyone, hence
these two hooks (hooks.py). The complainant's identity is a ZGZ Complainant record that only campaign
managers read, so it is out of REST, reports, list views and their filters for everyone else."""

import frappe
from zgz_app.campaign.permissions import is_unrestricted


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	if is_unrestricted(user or frappe.session.user):
		return ""
	return "coalesce(`tabZGZ Complaint`.`unit`, '') != ''"


def has_permission(doc, ptype: str = "read", user: str | None = None, debug=False) -> bool | None:
	if is_unrestricted(user or frappe.session.user):
		return None  # the role permissions decide
	return None if doc.get("unit") else False  # None: the role and User Permissions decide
