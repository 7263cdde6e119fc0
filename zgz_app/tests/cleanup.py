"""Deleting what a test or a benchmark committed (the usual rollback cannot): campaigns with everything
made under them, units and users, and the platform's records about them. Shared by the site tests that
need several connections (test_reliability) and the load benchmark (benchmarks/load.py)."""

import frappe

PLAN, ITEM = "ZGZ Rectification Plan", "ZGZ Problem Item"
BY_CAMPAIGN = (PLAN, ITEM, "ZGZ Dossier", "ZGZ Reconciliation", "ZGZ Key Task")


def purge_committed(campaigns: list[str], units: list[str], users: list[str]) -> None:
	"""Delete ``campaigns`` (and their lead units) with their records, ``units`` and ``users``; commits."""
	frappe.db.rollback()
	campaigns, users = campaigns or [""], users or [""]
	leads = frappe.get_all("ZGZ Campaign", filters={"name": ("in", campaigns)}, pluck="lead_unit")
	units = list(dict.fromkeys([*units, *filter(None, leads)])) or [""]
	records = {
		dt: frappe.get_all(dt, filters={"campaign": ("in", campaigns)}, pluck="name") for dt in BY_CAMPAIGN
	}
	records["ZGZ Digest Log"] = frappe.get_all(
		"ZGZ Digest Log", filters={"recipient": ("in", users)}, pluck="name"
	)
	records["ZGZ Campaign"], records["ZGZ Unit"] = campaigns, units
	names = [n for names in records.values() for n in names] or [""]
	mails = frappe.get_all("Email Queue", filters={"reference_name": ("in", names)}, pluck="name") or [""]
	actions = frappe.get_all("Workflow Action", filters={"reference_name": ("in", names)}, pluck="name") or [
		""
	]
	contacts = frappe.get_all("Contact", filters={"user": ("in", users)}, pluck="name") or [
		""
	]  # one per user
	for doctype, filters in (
		("Workflow Action Permitted Role", {"parent": ("in", actions)}),
		("Workflow Action", {"name": ("in", actions)}),
		("Email Queue Recipient", {"parent": ("in", mails)}),
		("Email Queue", {"name": ("in", mails)}),
		("ToDo", {"reference_name": ("in", names)}),
		("Comment", {"reference_name": ("in", names)}),
		("Version", {"docname": ("in", names)}),
		("Notification Log", {"document_name": ("in", names)}),
		("Error Log", {"reference_name": ("in", names)}),
		("Activity Log", {"user": ("in", users)}),
		("Sessions", {"user": ("in", users)}),
		("Contact Email", {"parent": ("in", contacts)}),
		("Contact", {"name": ("in", contacts)}),
		("User Permission", {"user": ("in", users)}),
		("Has Role", {"parent": ("in", users)}),
		("User", {"name": ("in", users)}),
	):
		frappe.db.delete(doctype, filters)
	for campaign in campaigns:  # the numbering counters of the campaign (zgz_app.concurrency)
		if campaign:
			frappe.db.delete("Series", {"name": ("like", f"ZGZ-%{campaign}%")})
	for doctype, names_ in records.items():
		if names_ and names_ != [""]:
			for table in [df.options for df in frappe.get_meta(doctype).get_table_fields()]:
				frappe.db.delete(table, {"parent": ("in", names_)})
			frappe.db.delete(doctype, {"name": ("in", names_)})
	frappe.db.commit()
