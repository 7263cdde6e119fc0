"""公开承诺 and 年中监督检查: what a check's rows are made from, and what the public page shows.

The public page (/commitments, zgz_app/www/commitments) shows the signed sets only (docstatus 1), and of
them only what a citizen is promised: the unit, the year, each service, its time limit, what to expect,
whom to call, and who signed it when — never a draft, a return reason or anyone's login."""

from __future__ import annotations

import frappe

COMMITMENT, ITEM = "ZGZ Commitment", "ZGZ Commitment Item"
PUBLIC_ROW_FIELDS = ("parent", "idx", "service", "time_limit", "expectation", "contact", "phone")


def check_rows(commitment: str) -> list[dict]:
	"""A mid-year check's rows: one per commitment of the signed set, in its order."""
	rows = frappe.get_all(
		ITEM,
		{"parent": commitment, "parenttype": COMMITMENT, "parentfield": "commitments"},
		["name", "service", "time_limit"],
		order_by="idx asc",
	)
	return [{"commitment_row": r.name, "service": r.service, "time_limit": r.time_limit} for r in rows]


def public_commitments(search: str | None = None) -> list[frappe._dict]:
	"""Every unit's signed commitments, newest year first, each with its rows (two queries); with
	``search``, only the rows whose text holds it (and the sets whose unit's name does, whole)."""
	sets = frappe.get_all(
		COMMITMENT,
		{"docstatus": 1},
		["name", "unit", "year", "signed_by_name", "signed_on"],
		order_by="year desc, unit asc",
	)
	rows = frappe.get_all(
		ITEM,
		{"parent": ("in", [s.name for s in sets] or [""]), "parenttype": COMMITMENT},
		list(PUBLIC_ROW_FIELDS),
		order_by="parent asc, idx asc",
	)
	by_set: dict[str, list] = {}
	for row in rows:
		by_set.setdefault(row.pop("parent"), []).append(row)
	search = (search or "").strip()
	out = []
	for s in sets:
		s.rows = by_set.get(s.pop("name"), [])
		if search and search not in s.unit:
			s.rows = [r for r in s.rows if any(search in str(r.get(f) or "") for f in PUBLIC_ROW_FIELDS)]
		if s.rows:
			out.append(s)
	return out
