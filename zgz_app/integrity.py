"""What the app keeps, nobody writes.

The fields the app sets itself (who signed or verified and when, counts, colours, computed figures,
numbers, names fetched from links) sit at permlevel 1 in every ZGZ DocType, where every role that reads
the record may read them and no role may write them. That is the platform's guard: on any save by a user
(the form, ``/api/resource``, ``frappe.client.set_value``, Data Import) Frappe puts those fields back to
their stored values before the controller runs; the controllers then set them in ``validate`` or with
``db_set`` / ``ignore_permissions``. The workflow's state field and ``amended_from`` stay at level 0:
Frappe's Workflow and amendment rules guard them. A site test (zgz_app/tests/test_integrity.py) tries
every read-only field of every ZGZ DocType as every role.

Written by hand, because the platform lacks it: on insert, Frappe fetches linked values (``fetch_from``)
*before* it resets the high-permlevel fields, so a new record would lose its fetched names. This hook
fetches them again, after the reset.
"""

import frappe
from frappe.model import no_value_fields

MODULE = "ZGZ App"


def user_changes(doc, state_field: str = "workflow_state") -> list[str]:
	"""The level-0 fields this save changes, the state field aside (the workflow guards it): what a user
	may have written. Higher levels need no look: Frappe has put them back already (see above). The
	controllers refuse from this list what no role's permission can say."""
	return [
		f.fieldname
		for f in doc.meta.fields
		if f.fieldtype not in no_value_fields
		and not f.permlevel
		and f.fieldname != state_field
		and doc.has_value_changed(f.fieldname)
	]


def refetch_kept_links(doc, method=None) -> None:
	"""``before_validate`` of a ZGZ record being inserted by a user: fill the permlevel-1 fields that
	are fetched from a link (``fetch_from``) and that Frappe's reset just emptied."""
	if not doc.is_new() or doc.flags.ignore_permissions or doc.meta.module != MODULE:
		return
	for df in doc.meta.get_high_permlevel_fields():
		if not df.fetch_from or doc.get(df.fieldname):
			continue
		link_field, source = df.fetch_from.split(".", 1)
		link = doc.meta.get_field(link_field)
		if link and link.fieldtype == "Link" and doc.get(link_field):
			doc.set(df.fieldname, frappe.db.get_value(link.options, doc.get(link_field), source))
