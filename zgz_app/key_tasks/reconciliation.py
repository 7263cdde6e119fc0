"""Key tasks in the reconciliation snapshots (月对账、季对账、年对账): beside the problem items, each snapshot
counts the campaign's key tasks (a unit's snapshot: the tasks it leads) as at the end of the period's
last day: the tasks made by then, those closed out (销号) by then, and those not closed out whose due date
had passed. One grouped query per snapshot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate
from zgz_app.core.key_tasks import CLOSED_OUT, KEY_TASK_FIGURES, TASK


def key_task_figures(campaign: str, unit: str | None, period_end: date | str) -> dict[str, int]:
	end = getdate(period_end)
	task = frappe.qb.DocType(TASK)
	closed = (task.workflow_state == CLOSED_OUT) & (task.closed_on.isnull() | (task.closed_on <= end))
	still_open = (task.workflow_state != CLOSED_OUT) | (task.closed_on > end)
	query = (
		frappe.qb.from_(task)
		.select(
			Count("*").as_("key_tasks"),
			Sum(Case().when(closed, 1).else_(0)).as_("key_tasks_closed"),
			Sum(Case().when(still_open & (task.due_date < end), 1).else_(0)).as_("key_tasks_overdue"),
		)
		.where(task.campaign == campaign)
		.where(task.creation < datetime.combine(end + timedelta(days=1), time.min))
	)
	if unit:
		query = query.where(task.lead_unit == unit)
	row = query.run(as_dict=True)[0]
	return {f: int(row.get(f) or 0) for f in KEY_TASK_FIGURES}
