"""督查问责统计: the figures of the report ZGZ Supervision Summary, each read with frappe.get_list so
that every reader counts only what he may see (a unit's member: his unit's reported findings).

Accountability is the exception the issue asks for: only the leading group, the lead office and the
person see a case, but the head of a unit learns that cases exist against his unit's people. For a
reader who sees no case himself, the counts per unit, kind and step of his own units are read past the
permission (frappe.get_all), without names, measures or facts."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today
from zgz_app.campaign.permissions import user_units
from zgz_app.supervision.accountability import ACCOUNTABILITY, query_conditions
from zgz_app.supervision.rounds import campaign_rounds
from zgz_app.supervision.secrecy import FINDING, INSPECTION

VIEWS = ("Inspections by Kind", "Findings by Unit and Category", "Accountability", "Inspection Plan")


def col(fieldname: str, label: str, fieldtype: str = "Data", width: int = 140, options: str | None = None):
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": fieldtype,
		"width": width,
		"options": options,
	}


def inspections_by_kind(campaign: str, year: int):
	rows = frappe.get_list(
		INSPECTION,
		filters={
			"campaign": campaign,
			"docstatus": 1,
			"start_date": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		fields=[
			"kind",
			"count(name) as inspections",
			"sum(finding_count) as findings",
			"sum(item_count) as items",
		],
		group_by="kind",
		order_by=None,  # sorted here: PostgreSQL's order by a grouped query is Frappe's to rewrite, badly
	)
	data = [{**r, "kind": _(r.kind)} for r in sorted(rows, key=lambda r: r.kind or "")]
	return [
		col("kind", _("Inspection Kind")),
		col("inspections", _("Inspections"), "Int", 100),
		col("findings", _("Findings"), "Int", 100),
		col("items", _("Problem Items Raised"), "Int", 140),
	], data


def findings_by_unit(campaign: str, year: int):
	"""Findings of reported inspections by unit and category, with how many of their items are closed
	out, and the units found wanting in more than one inspection (repeated findings)."""
	findings = frappe.get_list(
		FINDING,
		filters={"campaign": campaign, "creation": ("between", [f"{year}-01-01", f"{year}-12-31 23:59:59"])},
		fields=["name", "unit", "category", "inspection", "problem_item"],
		limit_page_length=0,
	)
	reported = set(
		frappe.get_list(
			INSPECTION, filters={"campaign": campaign, "docstatus": 1}, pluck="name", limit_page_length=0
		)
	)
	findings = [f for f in findings if f.inspection in reported]
	items = [f.problem_item for f in findings if f.problem_item]
	closed = set(
		frappe.get_all(
			"ZGZ Problem Item", filters={"name": ("in", items or [""]), "status": "Closed Out"}, pluck="name"
		)
	)
	inspections_per_unit: dict[str, set] = {}
	groups: dict[tuple, dict] = {}
	for f in findings:
		inspections_per_unit.setdefault(f.unit, set()).add(f.inspection)
		row = groups.setdefault(
			(f.unit, f.category or ""),
			{"unit": f.unit, "category": f.category, "findings": 0, "items": 0, "closed": 0},
		)
		row["findings"] += 1
		row["items"] += int(bool(f.problem_item))
		row["closed"] += int(f.problem_item in closed)
	data = []
	for (unit, _category), row in sorted(groups.items()):
		row["percent_closed"] = round(100.0 * row["closed"] / row["items"], 1) if row["items"] else 0
		row["repeated"] = len(inspections_per_unit[unit]) > 1
		data.append(row)
	return [
		col("unit", _("Unit"), "Link", 160, "ZGZ Unit"),
		col("category", _("Category")),
		col("findings", _("Findings"), "Int", 100),
		col("items", _("Problem Items Raised"), "Int", 140),
		col("closed", _("Closed Out"), "Int", 100),
		col("percent_closed", _("Percent Closed Out"), "Percent", 120),
		col("repeated", _("Found Again"), "Check", 100),
	], data


def accountability(campaign: str):
	if may_see_cases():
		rows = frappe.get_list(
			ACCOUNTABILITY,
			filters={"campaign": campaign},
			fields=["kind", "measure", "count(name) as cases"],
			group_by="kind, measure",
			order_by=None,  # sorted here (see above)
		)
		rows.sort(key=lambda r: (r.kind or "", r.measure or ""))
		data = [{"kind": _(r.kind), "measure": r.measure, "cases": r.cases} for r in rows]
		return [
			col("kind", _("Accountability Kind")),
			col("measure", _("Measure"), width=180),
			col("cases", _("Cases"), "Int", 100),
		], data
	units = user_units(frappe.session.user)
	rows = frappe.get_all(  # past the permission on purpose: counts only (see the module's docstring)
		ACCOUNTABILITY,
		filters={"campaign": campaign, "unit": ("in", units or [""])},
		fields=["unit", "kind", "workflow_state", "count(name) as cases"],
		group_by="unit, kind, workflow_state",
		order_by=None,  # sorted here (see above)
	)
	rows.sort(key=lambda r: r.unit or "")
	data = [
		{"unit": r.unit, "kind": _(r.kind), "state": _(r.workflow_state or ""), "cases": r.cases}
		for r in rows
	]
	return [
		col("unit", _("Unit"), "Link", 160, "ZGZ Unit"),
		col("kind", _("Accountability Kind")),
		col("state", _("Accountability Step")),
		col("cases", _("Cases"), "Int", 100),
	], data


def may_see_cases() -> bool:
	"""Whether the reader sees cases themselves: the lead office, or a member of a leading group."""
	condition = query_conditions()
	return not condition or bool(
		frappe.db.exists(
			"ZGZ Leading Group Member", {"parenttype": "ZGZ Campaign", "user": frappe.session.user}
		)
	)


def inspection_plan(campaign: str, year: int):
	labels = {"Held": _("Held"), "Missed": _("Missed"), "Due": _("Due"), "Planned": _("Planned")}
	data = [
		{**r, "kind": _(r["kind"]), "status": labels[r["status"]]} for r in campaign_rounds(campaign, year)
	]
	return [
		col("kind", _("Inspection Kind")),
		col("period", _("Period")),
		col("period_start", _("Period Start"), "Date", 100),
		col("period_end", _("Period End"), "Date", 100),
		col("inspections", _("Inspections"), width=200),
		col("status", _("Status"), width=100),
	], data


def run(filters) -> tuple[list, list]:
	filters = frappe._dict(filters or {})
	if not filters.campaign:
		frappe.throw(_("Campaign: choose the campaign to summarise."), title=_("Invalid Filter"))
	year = int(filters.year or getdate(today()).year)
	view = filters.view or VIEWS[0]
	if view == "Findings by Unit and Category":
		return findings_by_unit(filters.campaign, year)
	if view == "Accountability":
		return accountability(filters.campaign)
	if view == "Inspection Plan":
		return inspection_plan(filters.campaign, year)
	return inspections_by_kind(filters.campaign, year)
