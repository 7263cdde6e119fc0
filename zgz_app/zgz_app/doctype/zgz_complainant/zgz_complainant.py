# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""投诉人: who filed a public complaint (name, contact, the confidentiality wish, the address it came from).

A record of its own, read by the lead office (campaign managers) only and written by nobody after the
filing page made it: on the complaint itself, fields at a hidden permlevel would still answer a search
(Frappe filters list queries on any field, readable or not), so a unit could find out who complained
by asking whether the name "starts with 王". Here a query that touches it is refused outright."""

from frappe.model.document import Document


class ZGZComplainant(Document):
	pass
