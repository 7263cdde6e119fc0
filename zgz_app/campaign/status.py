"""The campaign's status (未开始 / 进行中 / 已结束) and its current phase, moved on with the calendar.

The rules (which status a day gives, which phase is current) are ``zgz_app.core.dates``; this runs
them over every campaign once a day (``zgz_app.tasks.daily``) and tells the platform when a phase
starts.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate
from zgz_app.core.dates import Span, campaign_status, current_phase


def _opt_date(value) -> date | None:
	return getdate(value) if value else None


def refresh_campaign_status(day: date) -> int:
	"""Daily: move each campaign's status and current phase on with the calendar. Returns how many changed.

	One query for the campaigns and one for all their phases; writes only what changed."""
	campaigns = frappe.get_all(
		"ZGZ Campaign", fields=["name", "start_date", "end_date", "status", "current_phase"]
	)
	if not campaigns:
		return 0
	phases: dict[str, list[Span]] = {}
	for row in frappe.get_all(
		"ZGZ Campaign Phase",
		filters={"parenttype": "ZGZ Campaign"},
		fields=["parent", "phase_name", "start_date", "end_date"],
		order_by="parent, idx",
	):
		phases.setdefault(row.parent, []).append(
			Span(row.phase_name, _opt_date(row.start_date), _opt_date(row.end_date))
		)
	changed = 0
	for c in campaigns:
		status = campaign_status(getdate(c.start_date), _opt_date(c.end_date), day)
		phase = current_phase(phases.get(c.name, []), day)
		phase_name = phase.name if phase else None
		if status != c.status or phase_name != (c.current_phase or None):
			frappe.db.set_value(
				"ZGZ Campaign", c.name, {"status": status, "current_phase": phase_name}, update_modified=False
			)
			changed += 1
			if phase_name and phase_name != c.current_phase:
				# The platform's hook for "a phase starts": a Notification with event Method
				# "zgz_phase_started" (shipped: ZGZ Phase Starts) and any doc_events an office adds.
				frappe.get_doc("ZGZ Campaign", c.name).run_method("zgz_phase_started")
	return changed
