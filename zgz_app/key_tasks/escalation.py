"""Key tasks in the daily digest: each task under way, and each of its open milestones, gets 蓝 / 黄 / 红
from the problem items' rules and working-day calendar (zgz_app.core.key_tasks.task_colour); the colours
are stored (one UPDATE per colour that changed) and each task goes to the same people a problem item of
its colour would: the lead unit's head and deputy (as the 责任人 and 科室负责人), from red the responsible
leader and the unit's supervising leader, and when long overdue the campaign's leading group.

Called by zgz_app.rectification.escalation.run, which puts the tasks in the one mail a day each person
gets; a fixed handful of queries whatever the number of tasks, milestones and reports.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import getdate
from zgz_app.core.escalation import COLOURS, GROUP, HEAD, LEADER, PERSON, audience, colour
from zgz_app.core.key_tasks import MILESTONE, TASK, task_colour
from zgz_app.key_tasks.reporting import reporting_status


def open_milestones(tasks: list) -> dict[str, list[frappe._dict]]:
	by_task: dict[str, list] = defaultdict(list)
	if not tasks:
		return by_task
	# frappe.qb, not get_all's ("is", "not set"): that compares a date with '', which PostgreSQL refuses
	m = frappe.qb.DocType(MILESTONE)
	for row in (
		frappe.qb.from_(m)
		.select(m.name, m.key_task, m.end_date, m.progress_percent, m.colour)
		.where(m.key_task.isin([t.name for t in tasks]) & m.completed_on.isnull())
		.orderby(m.end_date)
	).run(as_dict=True):
		by_task[row.key_task].append(row)
	return by_task


def colour_tasks(day: date, thresholds, calendar) -> list[frappe._dict]:
	"""Every task under way with ``new_colour`` and ``days_left`` set (and stored); the coloured ones
	are returned."""
	tasks = reporting_status(day)
	milestones = open_milestones(tasks)
	task_changes: dict[str | None, list[str]] = defaultdict(list)
	milestone_changes: dict[str | None, list[str]] = defaultdict(list)
	coloured = []
	for task in tasks:
		rows = milestones.get(task.name, [])
		for m in rows:
			m.new_colour = colour(
				calendar.days_left(day, getdate(m.end_date)), m.progress_percent, thresholds
			)
			if (m.colour or None) != m.new_colour:
				milestone_changes[m.new_colour].append(m.name)
		task.new_colour, task.days_left = task_colour(
			day,
			getdate(task.due_date) if task.due_date else None,
			task.progress_percent,
			[(getdate(m.end_date), m.progress_percent) for m in rows],
			task.missed_due,
			thresholds,
			calendar,
		)
		task.open_milestones = len(rows)
		if (task.colour or None) != task.new_colour:
			task_changes[task.new_colour].append(task.name)
		if task.new_colour:
			coloured.append(task)
	for doctype, changes in ((TASK, task_changes), (MILESTONE, milestone_changes)):
		table = frappe.qb.DocType(doctype)
		for new_colour, names in changes.items():
			frappe.qb.update(table).set(table.colour, new_colour or "").where(table.name.isin(names)).run()
	return coloured


def task_recipients(coloured: list, thresholds) -> dict[str, list]:
	"""user → the tasks he is told about, most urgent first (two queries: the lead units' people, the
	leading groups of the campaigns with a red task long overdue)."""
	by_user: dict[str, list] = defaultdict(list)
	if not coloured:
		return by_user
	units = {
		u.name: u
		for u in frappe.get_all(
			"ZGZ Unit",
			filters={"name": ("in", sorted({t.lead_unit for t in coloured}))},
			fields=["name", "head", "deputy", "supervising_leader"],
		)
	}
	groups: dict[str, set[str]] = defaultdict(set)
	long_overdue = sorted(
		{t.campaign for t in coloured if GROUP in audience(t.new_colour, t.days_left or 0, thresholds)}
	)
	if long_overdue:
		for row in frappe.get_all(
			"ZGZ Leading Group Member",
			filters={"parenttype": "ZGZ Campaign", "parent": ("in", long_overdue), "user": ("is", "set")},
			fields=["parent", "user"],
		):
			groups[row.parent].add(row.user)
	urgency = {c: i for i, c in enumerate(COLOURS)}
	coloured = sorted(coloured, key=lambda t: (urgency[t.new_colour], t.days_left or 0, t.task_no or 0))
	for task in coloured:
		unit = units.get(task.lead_unit) or frappe._dict()
		people: set[str] = set()
		for level in audience(task.new_colour, task.days_left or 0, thresholds):
			if level in (PERSON, HEAD):
				people.update((unit.head, unit.deputy))
			elif level == LEADER:
				people.update((unit.supervising_leader, task.responsible_leader))
			elif level == GROUP:
				people.update(groups.get(task.campaign, ()))
		for user in people - {None, ""}:
			by_user[user].append(task)
	return by_user
