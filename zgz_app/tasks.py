"""Entry points for scheduler_events: short, each handing off to a function testable for a given day."""

from frappe.utils import getdate, today


def daily():
	from zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign import refresh_campaign_status

	refresh_campaign_status(getdate(today()))
