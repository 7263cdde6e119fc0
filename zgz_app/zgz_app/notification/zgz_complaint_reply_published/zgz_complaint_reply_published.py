"""Context for the standard Notification of the same name (its message is the .html beside it).

It is sent for the ZGZ Complainant, not the complaint: the mail Frappe records as a Communication on
its document would otherwise show the complainant's address on the complaint's timeline, which the
unit reads. A complainant record is read by the lead office only. zgz_app.public_channel.handling runs
the method ``zgz_reply_published`` on it when the reply is published; anonymous filings keep no address."""

import frappe


def get_context(context):
	complaint = (
		frappe.db.get_value(
			"ZGZ Complaint",
			{"complainant": context["doc"].name},
			["kind", "received_on"],
			as_dict=True,
		)
		or frappe._dict()
	)
	return {"complaint": complaint, "track_url": frappe.utils.get_url("/complaint/track")}
