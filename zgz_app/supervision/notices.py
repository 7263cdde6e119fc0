"""通报 / 曝光 / 表扬: a circulated notice built from chosen accountability decisions, findings or
awards, signed off by the campaign's 组长 (Workflow "ZGZ Notice Sign-off") and published to its scope:
the whole office, chosen units, or the public website (www/notices), where people's names are masked
as ZGZ Settings say (张某某).

Its 文号 follows the campaign's rules (zgz_app.core.docnumber) and is unique among notices."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today
from zgz_app.campaign.permissions import (
	in_leading_group,
	is_unrestricted,
	leading_group_campaigns_sql,
	user_units,
)
from zgz_app.core.masking import mask_name, mask_text, unmasked_names
from zgz_app.integrity import user_changes
from zgz_app.supervision.accountability import OFFICE, group_leader_of
from zgz_app.supervision.inspection import unit_people
from zgz_app.supervision.secrecy import FINDING
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

NOTICE = "ZGZ Notice"
WHOLE_OFFICE, SELECTED_UNITS, PUBLIC = "Whole Office", "Selected Units", "Public"
DECIDED_STATES = ("Decided", "Served", "Carried Out")
KIND_WORDS = {"Rule Violation": "违规问责", "Lax Supervision": "监管问责", "Poor Evaluation": "考评问责"}


def label(doc, field: str) -> str:
	return _(doc.meta.get_label(field))


# ---------------------------------------------------------------------------------------------------
# Who sees it


def may_see(doc, user: str) -> bool:
	if user == "Administrator" or OFFICE.intersection(frappe.get_roles(user)) or user == doc.approver:
		return True
	if in_leading_group(doc.campaign, user):
		return True
	if doc.docstatus != 1:
		return False
	if doc.scope != SELECTED_UNITS or is_unrestricted(user):
		return True
	return bool({row.unit for row in doc.scope_units} & set(user_units(user)))


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return None if may_see(doc, user or frappe.session.user) else False


def query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if user == "Administrator" or OFFICE.intersection(frappe.get_roles(user)):
		return ""
	esc = frappe.db.escape(user)
	group = (
		f"(`tabZGZ Notice`.`approver` = {esc} or "
		f"`tabZGZ Notice`.`campaign` in {leading_group_campaigns_sql(user)})"
	)
	if is_unrestricted(user):
		scoped = "1=1"
	else:
		units = ", ".join(frappe.db.escape(u) for u in user_units(user)) or "''"
		scoped = (
			f"(`tabZGZ Notice`.scope != 'Selected Units' or `tabZGZ Notice`.name in (select parent from "
			f"`tabZGZ Notice Unit` where parenttype = 'ZGZ Notice' and unit in ({units})))"
		)
	return f"({group} or (`tabZGZ Notice`.docstatus = 1 and {scoped}))"


# ---------------------------------------------------------------------------------------------------
# What it may say


def describe(row) -> dict:
	"""unit, person's name and a line of text for a record row; refuses one not ready to be notified."""
	if row.record_type == "ZGZ Accountability":
		rec = frappe.db.get_value(
			row.record_type, row.record,
			["campaign", "unit", "person_name", "kind", "measure", "facts", "workflow_state"], as_dict=True,
		)  # fmt: skip
		if rec and rec.workflow_state not in DECIDED_STATES:
			refuse_record(row, _("it has not been decided yet"))
		line = (
			rec
			and f"{rec.unit}{rec.person_name}：{rec.facts}，给予{rec.measure}（{KIND_WORDS.get(rec.kind, rec.kind)}）。"
		)
		person = rec and rec.person_name
	elif row.record_type == FINDING:
		rec = frappe.db.get_value(
			FINDING,
			row.record,
			["campaign", "unit", "person_name", "description", "inspection"],
			as_dict=True,
		)
		if rec and frappe.db.get_value("ZGZ Inspection", rec.inspection, "docstatus") != 1:
			refuse_record(row, _("its inspection has not been reported yet"))
		person = rec and rec.person_name
		line = rec and f"{rec.unit}{('（' + person + '）') if person else ''}：{rec.description}。"
	else:
		rec = frappe.db.get_value(
			row.record_type, row.record,
			["campaign", "unit", "nominee_name", "case_title", "award_kind", "workflow_state"], as_dict=True,
		)  # fmt: skip
		person = rec and rec.nominee_name
		line = (
			rec and f"{rec.unit}{person or ''}{('“' + rec.case_title + '”') if rec.case_title else ''}入选。"
		)
	if not rec:
		refuse_record(row, _("it does not exist"))
	return {"campaign": rec.campaign, "unit": rec.unit, "person_name": person, "line": line}


def refuse_record(row, why: str) -> None:
	frappe.throw(
		_("Records Notified row {0}: {1} cannot be notified: {2}. Remove it or choose another.").format(
			row.idx, row.record, why
		),
		title=_("Invalid Record"),
	)


def check_records(doc) -> list[dict]:
	described = []
	scope_units = {row.unit for row in doc.scope_units}
	if doc.scope == SELECTED_UNITS and not scope_units:
		frappe.throw(
			_("{0}: choose the units this notice goes to, or choose another scope.").format(
				label(doc, "scope_units")
			),
			title=_("No Units"),
		)
	for row in doc.records:
		info = describe(row)
		if info["campaign"] != doc.campaign:
			refuse_record(row, _("it belongs to another campaign"))
		if doc.scope == SELECTED_UNITS and info["unit"] not in scope_units:
			frappe.throw(
				_(
					"Records Notified row {0}: {1} concerns {2}, which this notice does not go to. Add {2} to "
					"Units Circulated To, or remove the record."
				).format(row.idx, row.record, info["unit"]),
				title=_("Record Outside the Scope"),
			)
		row.unit, row.person_name = info["unit"], info["person_name"]
		described.append(info)
	return described


def assemble_text(doc, described: list[dict]) -> None:
	"""The text, when the office wrote none: a line per record, numbered."""
	if (doc.body or "").strip() or not described:
		return
	lines = [f"{i}．{info['line']}" for i, info in enumerate(described, start=1)]
	doc.body = "\n".join(lines)


def names_to_mask(doc) -> list[str]:
	"""The people named by the records, and every member of their units."""
	names = {row.person_name for row in doc.records if row.person_name}
	for unit in {row.unit for row in doc.records if row.unit}:
		for user in unit_people(unit):
			names.add(frappe.utils.get_fullname(user))
	return sorted(n for n in names if n and len(n) >= 2 and "@" not in n)


def check_public_text(doc) -> None:
	if doc.scope != PUBLIC:
		return
	names = names_to_mask(doc)
	style = get_settings().name_masking or "Surname and 某某"
	if not (doc.public_text or "").strip():
		doc.public_text = mask_text(doc.body or "", names, style)
	left = unmasked_names(doc.public_text, names) + unmasked_names(doc.title, names)
	if left:
		frappe.throw(
			_("{0}: {1} is written out in full on a public notice. Write {2} instead.").format(
				label(doc, "public_text") if left[0] in doc.public_text else label(doc, "title"),
				left[0],
				mask_name(left[0], style),
			),
			title=_("Unmasked Name"),
		)


def guard_changes(doc) -> None:
	"""The lead office writes the notice; the 组长 signs or returns it (he may write to sign it, as Frappe's
	submit asks, but changes nothing)."""
	if doc.is_new() or user_is_office(frappe.session.user):
		return
	changed = user_changes(doc)
	if changed:
		frappe.throw(
			_("{0}: only the lead office changes a notice. Return it with your reason instead.").format(
				label(doc, changed[0])
			),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)


def user_is_office(user: str) -> bool:
	return user == "Administrator" or bool(OFFICE.intersection(frappe.get_roles(user)))


def set_approver(doc) -> None:
	doc.approver = group_leader_of(doc.campaign)


def publish(doc) -> None:
	doc.db_set("published_on", today())


def public_notices(limit: int = 50) -> list[dict]:
	"""Issued public notices for the website, newest first: only their public (masked) text."""
	return frappe.get_all(
		NOTICE,
		filters={"docstatus": 1, "scope": PUBLIC},
		fields=["name", "title", "doc_number", "issuing_body", "issue_date", "notice_type"],
		order_by="issue_date desc, creation desc",
		limit=limit,
	)


def public_notice(name: str) -> dict | None:
	notice = frappe.db.get_value(
		NOTICE,
		{"name": name, "docstatus": 1, "scope": PUBLIC},
		["name", "title", "doc_number", "issuing_body", "issue_date", "public_text", "notice_type"],
		as_dict=True,
	)
	return notice
