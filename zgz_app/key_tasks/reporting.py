"""Who has not reported (汇报): each task under way expects a report from its lead unit and from each
cooperating unit every period (ZGZ Settings → Key Task Reports: weekly or monthly). Two queries for all
tasks, whatever their number: the tasks with their units, and the reports made since the last period began.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import getdate
from zgz_app.core.key_tasks import REPORT, TASK, UNDER_WAY, missing_units, previous_period, report_period

TASK_FIELDS = (
	"name",
	"campaign",
	"task_no",
	"title",
	"lead_unit",
	"responsible_leader",
	"responsible_leader_name",
	"due_date",
	"progress_percent",
	"colour",
	"workflow_state",
	"signed_on",
)


def frequency() -> str:
	return frappe.db.get_single_value("ZGZ Settings", "key_task_report_frequency") or "Weekly"


def tasks_under_way(campaign: str | None = None) -> list[frappe._dict]:
	"""Every task being delivered, with ``units`` (lead first, then cooperating)."""
	filters = {"workflow_state": ("in", UNDER_WAY)}
	if campaign:
		filters["campaign"] = campaign
	tasks = frappe.get_all(TASK, filters=filters, fields=list(TASK_FIELDS), order_by="campaign, task_no")
	cooperating: dict[str, list[str]] = defaultdict(list)
	if tasks:
		for row in frappe.get_all(
			"ZGZ Key Task Unit",
			filters={"parenttype": TASK, "parent": ("in", [t.name for t in tasks])},
			fields=["parent", "unit"],
			order_by="idx asc",
		):
			cooperating[row.parent].append(row.unit)
	for task in tasks:
		task.units = [task.lead_unit, *cooperating[task.name]]
	return tasks


def reported_units(since: date, tasks: list) -> dict[str, dict[str, date]]:
	"""task → unit → the date of its latest report on or after ``since``."""
	latest: dict[str, dict[str, date]] = defaultdict(dict)
	if not tasks:
		return latest
	report = frappe.qb.DocType(REPORT)
	rows = (
		frappe.qb.from_(report)
		.select(report.key_task, report.unit, report.report_date)
		.where(report.report_date >= since)
		.where(report.key_task.isin([t.name for t in tasks]))
	).run(as_dict=True)
	for row in rows:
		day = getdate(row.report_date)
		if day > latest[row.key_task].get(row.unit, date.min):
			latest[row.key_task][row.unit] = day
	return latest


def reporting_status(day: date | str | None = None, campaign: str | None = None, tasks=None) -> list:
	"""Each task under way with ``missing_now`` (units yet to report this period), ``missed`` (units
	that let the last period pass, counted overdue from ``missed_due``, its last day) and the period."""
	day = getdate(day)
	freq = frequency()
	current, previous = report_period(day, freq), previous_period(day, freq)
	tasks = tasks_under_way(campaign) if tasks is None else tasks
	latest = reported_units(previous[0], tasks)
	for task in tasks:
		units = task.units
		reports = latest.get(task.name, {})
		this_period = {u for u, d in reports.items() if d >= current[0]}
		last_period = {u for u, d in reports.items() if previous[0] <= d <= previous[1]}
		task.missing_now = missing_units(units, this_period)
		# a task signed during the last period owed nothing for it
		signed = getdate(task.signed_on) if task.signed_on else None
		owed_last = not signed or signed < previous[0]
		task.missed = missing_units(units, last_period) if owed_last else []
		task.missed_due = previous[1] if task.lead_unit in task.missed else None
		task.period = current
	return tasks
