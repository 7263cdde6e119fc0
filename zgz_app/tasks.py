"""Entry points for scheduler_events: short, each handing off to a function testable for a given day."""

import frappe
from frappe.utils import add_days, getdate, today


def daily():
	from zgz_app.campaign.status import refresh_campaign_status
	from zgz_app.recognition.nominations import refresh_all_units_yet_to_nominate
	from zgz_app.rectification.reconciliation import create_snapshots

	day = getdate(today())
	refresh_campaign_status(day)
	# the nomination reminder (Notification "ZGZ Nomination Due") goes to the units yet to nominate
	refresh_all_units_yet_to_nominate(day)
	# 月对账、季对账、年对账: freeze the periods that ended yesterday, so the last day's work counts. A job
	# may commit: each snapshot is committed as it is made, so that a rerun after a crash makes the rest.
	create_snapshots(add_days(day, -1), checkpoint=frappe.db.commit)


def morning_digest():
	"""The escalation digest, before office hours (its own job: a failure elsewhere never stops it)."""
	from zgz_app.rectification import escalation

	# A job may commit: each recipient batch is committed as it is done, so that a run that dies
	# half-way is finished by running it again the same day (see zgz_app.rectification.escalation).
	escalation.run(getdate(today()), checkpoint=frappe.db.commit)


def fail_lost_jobs():
	"""Every minute: the records of long jobs that died (zgz_app.jobs) say so, and their requesters are
	told and may ask again."""
	from zgz_app.records.job import fail_lost_dossiers

	fail_lost_dossiers()
