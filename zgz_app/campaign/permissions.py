"""Who sees which unit's records.

Frappe's User Permissions do the filtering (desk, REST API and reports alike); this module only keeps
them in step with unit membership so that nobody grants them by hand:

- a member of a unit sees that unit's records (not its sub-units': ``hide_descendants``);
- a unit's head, deputy and supervising leader see the unit and everything under it;
- holders of UNRESTRICTED_ROLES (campaign manager, leading group) get no restriction at all.

All User Permissions on ZGZ Unit belong to this module: it adds and removes them as units change.
"""

import frappe
from zgz_app.roles import SECTION_HEAD, STAFF, UNRESTRICTED_ROLES

UNIT = "ZGZ Unit"


def unit_grants(user: str) -> dict[str, bool]:
	"""The units ``user`` may see, each with whether its descendants stay hidden."""
	grants: dict[str, bool] = {}
	for unit in frappe.get_all("ZGZ Unit Member", filters={"user": user, "parenttype": UNIT}, pluck="parent"):
		grants[unit] = True
	units = frappe.qb.DocType(UNIT)
	rows = (
		frappe.qb.from_(units)
		.select(units.name)
		.where((units.head == user) | (units.deputy == user) | (units.supervising_leader == user))
	).run(pluck=True)
	for unit in rows:
		grants[unit] = False
	return grants


def is_unrestricted(user: str) -> bool:
	return user == "Administrator" or bool(UNRESTRICTED_ROLES.intersection(frappe.get_roles(user)))


def user_units(user: str) -> list[str]:
	"""The units a restricted user sees: his User Permissions on ZGZ Unit (kept here), descendants
	included."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	return [p.get("doc") for p in get_user_permissions(user).get(UNIT, [])]


def in_leading_group(campaign: str, user: str) -> bool:
	"""Whether ``user`` sits in the campaign's leading group (领导小组)."""
	return bool(
		frappe.db.exists(
			"ZGZ Leading Group Member", {"parenttype": "ZGZ Campaign", "parent": campaign, "user": user}
		)
	)


def leading_group_campaigns_sql(user: str) -> str:
	"""The campaigns whose leading group ``user`` sits in, as a subquery for a permission query
	condition (``campaign in <this>``). Columns quoted: a bare ``user`` is PostgreSQL's CURRENT_USER."""
	return (
		"(select `parent` from `tabZGZ Leading Group Member` where `parenttype` = 'ZGZ Campaign' "
		f"and `user` = {frappe.db.escape(user)})"
	)


def sync_user_unit_permissions(user: str) -> None:
	if not user or user in ("Administrator", "Guest") or not frappe.db.exists("User", user):
		return
	desired = {} if is_unrestricted(user) else unit_grants(user)
	existing = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": UNIT},
		fields=["name", "for_value", "hide_descendants", "apply_to_all_doctypes"],
	)
	kept = set()
	for perm in existing:
		hide = desired.get(perm.for_value)
		if hide is None or bool(perm.hide_descendants) != hide or not perm.apply_to_all_doctypes:
			frappe.delete_doc("User Permission", perm.name, ignore_permissions=True, force=True)
		else:
			kept.add(perm.for_value)
	for unit, hide in desired.items():
		if unit in kept:
			continue
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": UNIT,
				"for_value": unit,
				"apply_to_all_doctypes": 1,
				"hide_descendants": int(hide),
			}
		).insert(ignore_permissions=True)


def unit_users(unit_doc) -> set[str]:
	users = {row.user for row in unit_doc.get("members") or [] if row.user}
	users.update(
		u for u in (unit_doc.get("head"), unit_doc.get("deputy"), unit_doc.get("supervising_leader")) if u
	)
	return users


def grant_baseline_roles(unit_doc) -> None:
	"""Membership gives a user the app's baseline role, so a new unit works without a trip to the
	User form: the head and the deputy signatory get ZGZ Section Head, other members ZGZ Staff. Roles are only ever added."""
	wanted: dict[str, str] = {row.user: STAFF for row in unit_doc.get("members") or [] if row.user}
	for signer in (unit_doc.get("deputy"), unit_doc.get("head")):
		if signer:
			wanted[signer] = SECTION_HEAD  # the deputy signs in the head's place
	for user, role in wanted.items():
		if role in frappe.get_roles(user):
			continue
		user_doc = frappe.get_doc("User", user)
		user_doc.flags.ignore_permissions = True
		# the unit resyncs every member right after this: spare on_user_update the same work
		user_doc.flags.skip_unit_permission_sync = True
		user_doc.add_roles(role)


def sync_all_unit_permissions() -> None:
	users = set()
	for unit in frappe.get_all(UNIT, fields=["head", "deputy", "supervising_leader"]):
		users.update(u for u in unit.values() if u)
	users.update(frappe.get_all("ZGZ Unit Member", filters={"parenttype": UNIT}, pluck="user"))
	users.update(frappe.get_all("User Permission", filters={"allow": UNIT}, pluck="user"))
	for user in sorted(u for u in users if u):
		sync_user_unit_permissions(user)


def on_user_update(doc, method=None):
	"""Roles may have changed: a user who became campaign manager loses his unit restriction."""
	if doc.flags.in_insert or doc.flags.skip_unit_permission_sync or frappe.flags.in_install:
		return
	sync_user_unit_permissions(doc.name)


@frappe.whitelist()
def resync_unit_permissions() -> None:
	frappe.only_for("System Manager")
	sync_all_unit_permissions()
