"""Entry points for scheduler_events: short, each handing off to a function testable for a given day."""

from frappe.utils import add_days, getdate, today


def daily():
	from zgz_app.awards import refresh_all_units_yet_to_nominate
	from zgz_app.reconciliation import create_snapshots
	from zgz_app.zgz_app.doctype.zgz_campaign.zgz_campaign import refresh_campaign_status

	day = getdate(today())
	refresh_campaign_status(day)
	# the nomination reminder (Notification "ZGZ Nomination Due") goes to the units yet to nominate
	refresh_all_units_yet_to_nominate(day)
	# 月对账、季对账、年对账: freeze the periods that ended yesterday, so the last day's work counts
	create_snapshots(add_days(day, -1))


def morning_digest():
	"""The escalation digest, before office hours (its own job: a failure elsewhere never stops it)."""
	from zgz_app import escalation

	escalation.run(getdate(today()))
