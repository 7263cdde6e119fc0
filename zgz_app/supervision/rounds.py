"""The year's inspection rounds (ZGZ Settings: routine quarterly or half-yearly, a concentrated one
each half-year) for a campaign, and which of them were held or missed: the report 督查计划 and the
lead office's daily digest read them from here."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, getdate
from zgz_app.core.supervision import CONCENTRATED, Round, held_by, planned_rounds, round_status, to_remind
from zgz_app.supervision.secrecy import INSPECTION
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings


def period_label(kind: str, day) -> str:
	"""The period an inspection of ``kind`` starting on ``day`` counts for: a quarter or a half."""
	day = getdate(day)
	routine = get_settings().routine_inspections or "Quarterly"
	if kind == CONCENTRATED or (kind == "Routine" and routine == "Half-yearly"):
		return (
			_("{0} first half").format(day.year) if day.month <= 6 else _("{0} second half").format(day.year)
		)
	return _("{0} quarter {1}").format(day.year, (day.month - 1) // 3 + 1)


def round_label(r: Round) -> str:
	if r.end.month - r.start.month == 2:
		return _("{0} quarter {1}").format(r.year, r.number)
	return _("{0} first half").format(r.year) if r.number == 1 else _("{0} second half").format(r.year)


def campaign_rounds(campaign: str, year: int, today: date | None = None) -> list[dict]:
	"""Each planned round of ``campaign`` in ``year`` with the inspections that held it and its status."""
	settings = get_settings()
	start, end = frappe.db.get_value("ZGZ Campaign", campaign, ["start_date", "end_date"])
	rounds = planned_rounds(
		year,
		getdate(start),
		getdate(end),
		settings.routine_inspections or "Quarterly",
		bool(settings.concentrated_inspections),
	)
	held = [
		(r.name, r.kind, getdate(r.start_date))
		for r in frappe.get_all(
			INSPECTION,
			filters={"campaign": campaign, "docstatus": 1},
			fields=["name", "kind", "start_date"],
		)
	]
	today = getdate(today)
	out = []
	for r in rounds:
		names = held_by(r, held)
		out.append(
			{
				"kind": r.kind,
				"period": round_label(r),
				"period_start": r.start,
				"period_end": r.end,
				"inspections": ", ".join(names),
				"status": round_status(r, names, today),
				"remind": to_remind(r, names, today),
			}
		)
	return out


def missed_rounds(day: date) -> dict[str, list[dict]]:
	"""user → the rounds to remind him of today (core.supervision.to_remind: missed, and the period
	after still running), for the lead office of each campaign: the campaign managers and the lead
	unit's head. The escalation digest puts them into the same one mail a day as his problem items."""
	from zgz_app.roles import CAMPAIGN_MANAGER
	from zgz_app.workflow import role_users

	day = getdate(day)
	since = add_days(day, -200)  # a half-year and the half-year after it, at most
	campaigns = frappe.get_all(
		"ZGZ Campaign",
		filters={"start_date": ("<", day), "end_date": (">=", since)},
		fields=["name", "title", "lead_unit"],
	)
	out: dict[str, list[dict]] = {}
	managers = None
	for campaign in campaigns:
		rounds = [
			{**r, "campaign": campaign.name, "campaign_title": campaign.title}
			for year in sorted({since.year, day.year})
			for r in campaign_rounds(campaign.name, year, day)
			if r["remind"]
		]
		if not rounds:
			continue
		if managers is None:
			managers = set(role_users(CAMPAIGN_MANAGER))
		head = frappe.db.get_value("ZGZ Unit", campaign.lead_unit, "head") if campaign.lead_unit else None
		for user in managers | ({head} - {None}):
			out.setdefault(user, []).extend(rounds)
	return out
