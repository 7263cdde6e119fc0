# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""Dashboard chart source "ZGZ Weekly Trend": problems found and problems closed out, week by week (or
by the interval chosen on the chart), as two lines.

Read with ``frappe.get_list`` grouped by day, so a user limited to his unit sees his unit's trend and
the rows read grow with the days shown, not with the items."""

import frappe
from frappe import _
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get_result
from frappe.utils import getdate, today
from frappe.utils.data import format_date
from frappe.utils.dateutils import get_from_date_from_timespan, get_period, get_period_beginning

ITEM = "ZGZ Problem Item"


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	frappe.has_permission(ITEM, "read", throw=True)
	if chart_name:
		chart = frappe.get_doc("Dashboard Chart", chart_name)
	else:
		chart = frappe._dict(frappe.parse_json(chart) or {})
	timespan = timespan or chart.timespan or "Last Quarter"
	interval = time_interval or chart.time_interval or "Weekly"
	if timespan == "Select Date Range" and from_date and to_date:
		start, end = getdate(from_date), getdate(to_date)
	else:
		end = getdate(today())
		start = getdate(get_period_beginning(get_from_date_from_timespan(end, timespan), interval))
	conditions = frappe.parse_json(filters) or {}
	campaign = conditions.get("campaign") if isinstance(conditions, dict) else None

	found = per_day("creation", start, end, campaign)
	closed = per_day("closed_on", start, end, campaign, [[ITEM, "status", "=", "Closed Out"]])
	found_result = get_result(found, interval, start, end, "Count")
	closed_result = get_result(closed, interval, start, end, "Count")
	return {
		"labels": [
			format_date(get_period(r[0], interval), parse_day_first=True)
			if interval in ("Daily", "Weekly")
			else get_period(r[0], interval)
			for r in found_result
		],
		"datasets": [
			{"name": _("Problems Found"), "values": [r[1] for r in found_result]},
			{"name": _("Closed Out"), "values": [r[1] for r in closed_result]},
		],
	}


def per_day(datefield: str, start, end, campaign=None, extra=()) -> list[list]:
	"""[[day, count, count]] for the days with items, oldest first (the rows Frappe's get_result bins)."""
	filters = [
		[ITEM, "status", "!=", "Withdrawn"],
		[ITEM, datefield, ">=", start],
		[ITEM, datefield, "<", frappe.utils.add_days(end, 1)],
		*extra,
	]
	if campaign:
		filters.append([ITEM, "campaign", "=", campaign])
	rows = frappe.get_list(
		ITEM,
		fields=[f"date({datefield}) as day", "count(name) as items"],
		filters=filters,
		group_by=f"date({datefield})",
		order_by="day asc",
		limit_page_length=0,
	)
	return [[row.day, row["items"], row["items"]] for row in rows]
