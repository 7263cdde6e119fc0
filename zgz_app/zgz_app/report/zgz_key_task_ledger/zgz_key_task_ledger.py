# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""重点工作台账: every key task as it stands (colour as the daily job last set it, progress, milestones
completed of planned, the units yet to report this period), with a chart of the tasks behind schedule
(coloured) by lead unit. A fixed handful of queries whatever the number of tasks."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import today
from zgz_app.key_tasks.reporting import reporting_status


def columns() -> list[dict]:
	def col(fieldname, fieldtype, label, options=None, width=100):
		return {
			"fieldname": fieldname,
			"fieldtype": fieldtype,
			"label": label,
			"options": options,
			"width": width,
		}

	return [
		col("task_no", "Int", _("No."), width=60),
		col("name", "Link", _("Key Task"), "ZGZ Key Task", 140),
		col("title", "Data", _("Task"), width=300),
		col("lead_unit", "Link", _("Lead Unit"), "ZGZ Unit", 120),
		col("responsible_leader_name", "Data", _("Responsible Leader")),
		col("due_date", "Date", _("Due Date")),
		col("workflow_state", "Data", _("Plan Status"), width=110),
		col("colour", "Data", _("Warning Colour"), width=80),
		col("progress_percent", "Percent", _("Progress"), width=90),
		col("milestones", "Data", _("Milestones Completed")),
		col("not_reported", "Data", _("Not Reported"), width=200),
	]


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {k: filters[k] for k in ("campaign", "lead_unit", "colour") if filters.get(k)}
	tasks = frappe.get_list(
		"ZGZ Key Task",
		filters=conditions,
		fields=[
			"name",
			"task_no",
			"title",
			"lead_unit",
			"responsible_leader_name",
			"due_date",
			"workflow_state",
			"colour",
			"progress_percent",
		],
		order_by="campaign asc, task_no asc",
	)
	names = [t.name for t in tasks]
	planned, done = Counter(), Counter()
	if names:
		for m in frappe.get_all(
			"ZGZ Key Task Milestone", filters={"key_task": ("in", names)}, fields=["key_task", "completed_on"]
		):
			planned[m.key_task] += 1
			done[m.key_task] += bool(m.completed_on)
	missing = {t.name: t.missing_now for t in reporting_status(today(), filters.get("campaign"))}
	for t in tasks:
		t.milestones = f"{done[t.name]}/{planned[t.name]}"
		t.not_reported = "、".join(missing.get(t.name, []))
		t.workflow_state = _(t.workflow_state or "")
		t.colour = _(t.colour) if t.colour else ""
	behind = Counter(t.lead_unit for t in tasks if t.colour)
	chart = {
		"data": {
			"labels": list(behind),
			"datasets": [{"name": _("Key tasks behind schedule"), "values": list(behind.values())}],
		},
		"type": "bar",
	}
	return columns(), tasks, None, chart
