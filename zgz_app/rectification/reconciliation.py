"""Reconciliation (月对账、季对账、年对账): a frozen snapshot of the problem items per unit and per campaign
at the end of each month, quarter and year, signed off by the unit's head.

The daily job calls :func:`create_snapshots` with yesterday's date, so a period is frozen the first time
the job runs after its last day, with everything done on that day counted. Which periods are reconciled
is set in ZGZ Settings (Monthly / Quarterly / Yearly Reconciliation). Every campaign running during the
period gets one snapshot for each participating unit (and each other unit that has items in it) and one
for the whole campaign. A snapshot's figures are counted here once and never again (see the DocType's
controller, which refuses any change to them); a second run on the same day finds the snapshots made
and makes nothing (the snapshot key is unique).

The figures are "as at the end of the period's last day":

- counted: every problem item made by then, except the withdrawn ones;
- closed out: closed out on or before the last day (an item closed out later still counts as open);
- not closed out (open): the others, being rectified or awaiting verification;
- overdue: open, with a deadline before the last day (calendar days);
- deadline extended: the deadline was extended at least once (the item's extension count);
- new in the period / closed out in the period: made / closed out between the first and last day.

One grouped query counts the items of every running campaign for a period type; the number of queries
does not depend on the number of items (each snapshot is then one insert).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate
from zgz_app.core.periods import MONTH, QUARTER, YEAR, overlaps, period_code, period_of, periods_ending_on
from zgz_app.core.tally import Snapshot, percent, tally
from zgz_app.key_tasks.reconciliation import key_task_figures
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import (
	AWAITING,
	CLOSED,
	ITEM,
	WITHDRAWN,
)

RECONCILIATION = "ZGZ Reconciliation"
CAMPAIGN = "ZGZ Campaign"
SETTINGS_FLAGS = {MONTH: "reconcile_monthly", QUARTER: "reconcile_quarterly", YEAR: "reconcile_yearly"}


def enabled_period_types() -> list[str]:
	from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

	settings = get_settings()
	return [kind for kind, field in SETTINGS_FLAGS.items() if settings.get(field)]


def create_snapshots(day: date | str, checkpoint=None) -> list[str]:
	"""Freeze the periods (month, quarter, year, as switched on in ZGZ Settings) whose last day is
	``day``. Returns the names of the snapshots made; nothing on a day that ends no period, and nothing
	for a snapshot that already exists. ``checkpoint`` commits each snapshot as it is made (the
	scheduled job passes ``frappe.db.commit``; tests nothing), so that a run that dies half-way is
	finished by running it again: it makes exactly the snapshots still missing."""
	day = getdate(day)
	made: list[str] = []
	for kind in periods_ending_on(day, enabled_period_types()):
		made.extend(create_period_snapshots(kind, period_of(kind, day), checkpoint))
	return made


def create_period_snapshots(kind: str, period: tuple[date, date], checkpoint=None) -> list[str]:
	campaigns = running_campaigns(period)
	if not campaigns:
		return []
	names = [c.name for c in campaigns]
	units = participating_units(names)
	snapshots = tally(count_items(names, period), units)
	categories = campaign_categories(names)
	existing = set(
		frappe.get_all(
			RECONCILIATION,
			filters={"campaign": ("in", names), "period_type": kind, "period_end": period[1]},
			pluck="snapshot_key",
		)
	)
	made = []
	# the whole campaign first, then its units by name
	for (campaign, unit), snapshot in sorted(snapshots.items(), key=lambda e: (e[0][0], e[0][1] or "")):
		if snapshot_key(campaign, unit, kind, period[1]) in existing:
			continue
		doc = new_snapshot(campaign, unit, kind, period, snapshot, categories.get(campaign, []))
		name = insert_snapshot(doc)
		if name:
			made.append(name)
		if checkpoint:
			checkpoint()  # one snapshot, one unit of work
	return made


def insert_snapshot(doc) -> str | None:
	"""Insert one snapshot; a failure (say, a unit deleted meanwhile) is logged and the others go on.
	One made meanwhile by another run (the unique snapshot key) is simply not made twice."""
	savepoint = f"zgz_rec_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		doc.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_messages()
		return None
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=_("Reconciliation {0} could not be made").format(doc.snapshot_key))
		return None
	frappe.db.release_savepoint(savepoint)
	return doc.name


def new_snapshot(campaign, unit, kind, period, snapshot: Snapshot, known_categories):
	doc = frappe.get_doc(
		{
			"doctype": RECONCILIATION,
			"campaign": campaign,
			"unit": unit,
			"period_type": kind,
			"period_start": period[0],
			"period_end": period[1],
		}
	)
	set_figures(doc, snapshot, known_categories)
	return doc


def set_figures(doc, snapshot: Snapshot, known_categories) -> None:
	"""Write the snapshot's figures onto the document and mark them as counted (the controller counts
	them itself for a snapshot made any other way)."""
	doc.update(snapshot.figures.as_dict())
	doc.set("categories", snapshot.category_rows(known_categories))
	doc.update(key_task_figures(doc.campaign, doc.unit, doc.period_end))  # the key tasks beside them
	doc.flags.zgz_figures_counted = True


def count_for(campaign: str, unit: str | None, kind: str, period_end: date) -> tuple[Snapshot, list[str]]:
	"""One snapshot's figures (a snapshot made by hand, e.g. for a day the scheduler missed)."""
	period = period_of(kind, getdate(period_end))
	snapshots = tally(count_items([campaign], period, unit))
	return snapshots.get((campaign, unit), Snapshot()), campaign_categories([campaign]).get(campaign, [])


def snapshot_key(campaign: str, unit: str | None, kind: str, period_end) -> str:
	return f"{campaign}|{unit or '*'}|{kind}|{getdate(period_end).isoformat()}"


def snapshot_title(unit: str | None, kind: str, period_start) -> str:
	who = unit or _("Whole Campaign")
	return _("{0} Reconciliation {1}").format(who, period_code(kind, getdate(period_start)))


def running_campaigns(period: tuple[date, date]) -> list:
	"""Campaigns in progress on any day of the period (started by its end, not ended before its start)."""
	campaigns = frappe.get_all(CAMPAIGN, fields=["name", "start_date", "end_date"], order_by="name")
	return [c for c in campaigns if overlaps(_date(c.start_date), _date(c.end_date), period)]


def participating_units(campaigns: list[str]) -> dict[str, list[str]]:
	units: dict[str, list[str]] = {c: [] for c in campaigns}
	for row in frappe.get_all(
		"ZGZ Campaign Unit",
		filters={"parenttype": CAMPAIGN, "parentfield": "units", "parent": ("in", campaigns)},
		fields=["parent", "unit"],
		order_by="parent, idx",
	):
		units[row.parent].append(row.unit)
	return units


def campaign_categories(campaigns: list[str]) -> dict[str, list[str]]:
	categories: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"ZGZ Problem Category",
		filters={"parenttype": CAMPAIGN, "parentfield": "categories", "parent": ("in", campaigns)},
		fields=["parent", "category_name"],
		order_by="parent, idx",
	):
		categories.setdefault(row.parent, []).append(row.category_name)
	return categories


def count_items(campaigns: list[str], period: tuple[date, date], unit: str | None = None) -> list[dict]:
	"""The counts of zgz_app.core.tally.COUNTED per campaign, unit and category, in one grouped query."""
	start, end = period
	item = frappe.qb.DocType(ITEM)
	# closed out by the period end (an item closed out on an unknown day counts as closed, not in the period)
	closed = (item.status == CLOSED) & (item.closed_on.isnull() | (item.closed_on <= end))
	still_open = (item.status != CLOSED) | (item.closed_on > end)

	def count(condition):
		return Sum(Case().when(condition, 1).else_(0))

	query = (
		frappe.qb.from_(item)
		.select(
			item.campaign,
			item.unit,
			item.category,
			Count("*").as_("total_items"),
			count(closed).as_("closed_items"),
			count(item.status == AWAITING).as_("awaiting_verification"),
			count(still_open & (item.deadline < end)).as_("overdue_items"),
			count(item.extension_count > 0).as_("extended_items"),
			count(item.creation >= datetime.combine(start, time.min)).as_("new_in_period"),
			count(closed & (item.closed_on >= start)).as_("closed_in_period"),
		)
		.where(item.campaign.isin(campaigns))
		.where(item.status != WITHDRAWN)
		.where(item.creation < datetime.combine(end + timedelta(days=1), time.min))
		.groupby(item.campaign, item.unit, item.category)
	)
	if unit:
		query = query.where(item.unit == unit)
	return query.run(as_dict=True)


def _date(value) -> date | None:
	return getdate(value) if value else None


# --- the workspace's number card -------------------------------------------------------------------


@frappe.whitelist()
def percent_closed_card(filters: str | list | dict | None = None) -> dict:
	"""Number card "Percent Closed Out": closed-out problems of all problems (withdrawn ones left out),
	over the items the user may see (frappe.get_list applies his unit permissions)."""
	frappe.has_permission(ITEM, "read", throw=True)
	conditions = frappe.parse_json(filters) if isinstance(filters, str) else filters
	if isinstance(conditions, dict):
		conditions = [[ITEM, field, "=", value] for field, value in conditions.items()]
	rows = frappe.get_list(
		ITEM,
		filters=[*(conditions or []), [ITEM, "status", "!=", WITHDRAWN]],
		fields=["status", "count(name) as items"],
		group_by="status",
		order_by="status asc",
	)
	counts = {row.status: row["items"] for row in rows}
	total = sum(counts.values())
	return {
		"value": percent(counts.get(CLOSED, 0), total),
		"fieldtype": "Percent",
		"route": ["query-report", "ZGZ Rectification Ledger"],
	}
