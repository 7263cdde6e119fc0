"""No one can write what the app records about them (zgz_app/integrity.py).

For every ZGZ DocType and each of the app's five roles, a user holding the role who may write a record
of it PUTs a changed value into every field that is read-only in the form — through the handlers the
desk and the REST API call (``frappe.client.set_value``; ``PUT /api/resource``, i.e.
``frappe.api.v1.update_doc``), one field at a time and all at once, child tables included — and nothing
sticks. The fields and DocTypes are read from the metadata, so a new one is covered without touching
this test."""

import json

import frappe
from frappe.model.workflow import get_workflow_name
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, cint, flt, get_datetime, get_first_day, getdate, today
from zgz_app.demo import email, load_demo
from zgz_app.roles import ALL_ROLES

MODULE = "ZGZ App"
LAYOUT = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold", "Table"}
TABLES = {"Table", "Table MultiSelect"}
FORGED_TEXT = "伪造的值"
RECORDS_PER_STATE = 1


def zgz_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": MODULE, "istable": 0}, pluck="name", order_by="name")


def read_only_fields(meta) -> list:
	return [df for df in meta.fields if df.read_only and df.fieldtype not in LAYOUT]


def state_field(doctype: str) -> str | None:
	name = get_workflow_name(doctype)
	return frappe.db.get_value("Workflow", name, "workflow_state_field") if name else None


def unreachable_state(doctype: str, current: str | None) -> str | None:
	"""A workflow state no transition leads to from ``current``: setting it is forging, never an action."""
	workflow = frappe.get_doc("Workflow", get_workflow_name(doctype))
	reachable = {t.next_state for t in workflow.transitions if t.state == current} | {current}
	return next((s.state for s in workflow.states if s.state not in reachable), None)


def forged_value(doctype: str, df, current):
	"""A value different from ``current`` that the field accepts, or None when there is none."""
	kind = df.fieldtype
	if df.fieldname == state_field(doctype):
		return unreachable_state(doctype, current)
	if kind in ("Int", "Long Int"):
		return cint(current) + 7
	if kind in ("Float", "Currency"):
		return flt(current) + 7.5
	if kind == "Percent":
		return 37.0 if flt(current) != 37 else 38.0
	if kind == "Check":
		return 0 if cint(current) else 1
	if kind == "Date":
		return str(add_days(current or today(), 3))
	if kind == "Datetime":
		return str(add_to_date(get_datetime(current) if current else get_datetime(), hours=5))
	if kind == "Select":
		options = [o for o in (df.options or "").split("\n") if o and o != current]
		return options[0] if options else None
	if kind == "Link":
		others = frappe.get_all(df.options, filters={"name": ("!=", current or "")}, pluck="name", limit=1)
		return others[0] if others else None
	if kind in ("Attach", "Attach Image"):
		return "/files/forged.png"
	if kind in ("Data", "Small Text", "Text", "Long Text", "Text Editor", "Code"):
		return f"{current or ''}{FORGED_TEXT}"
	return None


def same(kind: str, stored, forged) -> bool:
	if kind in ("Int", "Long Int", "Float", "Currency", "Percent", "Check"):
		return flt(stored) == flt(forged)
	if kind == "Date":
		return bool(stored) and getdate(stored) == getdate(forged)
	if kind == "Datetime":
		return bool(stored) and get_datetime(stored) == get_datetime(forged)
	return (stored or "") == (forged or "")


class TestKeptFieldsCannotBeForged(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		campaign = load_demo(commit=False)
		cls.current = frappe.db.get_value(
			"ZGZ Campaign", {"name": ("!=", campaign)}, "name", order_by="start_date desc"
		)
		cls.add_records_the_demo_lacks()
		cls.attempts = cls.saves_through = 0

	@classmethod
	def add_records_the_demo_lacks(cls):
		"""A monthly reconciliation, a work summary and a dossier, as the app itself makes them."""
		unit = frappe.db.get_value("ZGZ Campaign Unit", {"parent": cls.current}, "unit")
		period_end = add_days(get_first_day(today()), -1)
		if not frappe.db.exists("ZGZ Reconciliation", {"campaign": cls.current, "unit": unit}):
			frappe.get_doc(
				{
					"doctype": "ZGZ Reconciliation",
					"campaign": cls.current,
					"unit": unit,
					"period_type": "Month",
					"period_end": period_end,
				}
			).insert(ignore_permissions=True)
		if not frappe.db.exists("ZGZ Work Summary", {"campaign": cls.current, "unit": unit}):
			frappe.get_doc(
				{"doctype": "ZGZ Work Summary", "campaign": cls.current, "unit": unit, "summary": "工作总结"}
			).insert(ignore_permissions=True)
		frappe.get_doc(
			{"doctype": "ZGZ Dossier", "campaign": cls.current, "status": "Done", "progress": 100}
		).insert(ignore_permissions=True)
		# a public complaint as the filing page makes it, one awaiting triage and one passed to the unit
		for passed in (False, True):
			complaint = frappe.get_doc(
				{
					"doctype": "ZGZ Complaint",
					"campaign": cls.current,
					"description": "窗口工作人员推诿扯皮，让我来回跑了三趟。",
					"complainant": frappe.get_doc(
						{"doctype": "ZGZ Complainant", "full_name": "王秀英", "phone": "13800000000"}
					)
					.insert(ignore_permissions=True)
					.name,
					"tracking_hash": frappe.generate_hash(length=64),
				}
			).insert(ignore_permissions=True)
			if passed:
				complaint.db_set({"unit": unit, "workflow_state": "With Unit"})

	def users_with(self, role: str) -> list[str]:
		return frappe.get_all(
			"Has Role",
			filters={"role": role, "parenttype": "User", "parent": ("like", email("%"))},
			pluck="parent",
			order_by="parent",
		)

	def writable_samples(self, doctype: str, role: str) -> list[tuple[str, str]]:
		"""(user, record) pairs: for each state the records are in, one record a holder of ``role``
		may write."""
		if frappe.get_meta(doctype).issingle:
			names = [doctype]
		else:
			names = frappe.get_all(doctype, pluck="name", order_by="creation")
		field = state_field(doctype)
		seen: dict[tuple, int] = {}
		samples = []
		for user in self.users_with(role):
			for name in names:
				key = (
					frappe.db.get_value(doctype, name, field) if field else None,
					self.docstatus(doctype, name),
				)
				if seen.get(key, 0) >= RECORDS_PER_STATE:
					continue
				if frappe.has_permission(doctype, "write", name, user=user):
					seen[key] = seen.get(key, 0) + 1
					samples.append((user, name))
		return samples

	@staticmethod
	def docstatus(doctype: str, name: str) -> int:
		return (
			0 if frappe.get_meta(doctype).issingle else cint(frappe.db.get_value(doctype, name, "docstatus"))
		)

	def attempt(self, user: str, call) -> None:
		"""Run ``call`` as ``user`` the way a request does, then undo whatever it wrote."""
		frappe.db.savepoint("zgz_forge")
		frappe.set_user(user)
		try:
			call()
			type(self).saves_through += 1
		except (frappe.ValidationError, frappe.PermissionError):
			pass
		finally:
			frappe.set_user("Administrator")
			frappe.clear_messages()
			frappe.local.form_dict = frappe._dict()
		type(self).attempts += 1

	def check(self, doctype, name, df, forged, child=None, user=None, via=""):
		table, row = (df.parent, child) if child else (doctype, name)
		stored = frappe.db.get_value(table, row, df.fieldname)
		self.assertFalse(
			same(df.fieldtype, stored, forged),
			f"{user} ({via}) forged {doctype} {name} {df.parent}.{df.fieldname} = {forged!r}",
		)

	def forge_record(self, user: str, doctype: str, name: str) -> None:
		doc = frappe.get_doc(doctype, name)
		plain = [(df, forged_value(doctype, df, doc.get(df.fieldname))) for df in read_only_fields(doc.meta)]
		plain = [(df, v) for df, v in plain if v is not None]
		rows = []
		for table in doc.meta.get_table_fields():
			for row in doc.get(table.fieldname)[:2]:
				for df in read_only_fields(frappe.get_meta(table.options)):
					value = forged_value(table.options, df, row.get(df.fieldname))
					if value is not None:
						rows.append((table.fieldname, row, df, value))

		for df, value in plain:  # one field at a time, as frappe.client.set_value
			self.attempt(
				user, lambda df=df, value=value: frappe.client.set_value(doctype, name, df.fieldname, value)
			)
			self.check(doctype, name, df, value, user=user, via="set_value")
			frappe.db.rollback(save_point="zgz_forge")
		for _table, row, df, value in rows:
			self.attempt(
				user,
				lambda row=row, df=df, value=value: frappe.client.set_value(
					row.doctype, row.name, df.fieldname, value
				),
			)
			self.check(doctype, name, df, value, child=row.name, user=user, via="set_value on a row")
			frappe.db.rollback(save_point="zgz_forge")

		body = {df.fieldname: value for df, value in plain}  # all at once, as PUT /api/resource
		for table in doc.meta.get_table_fields():
			body[table.fieldname] = [r.as_dict() for r in doc.get(table.fieldname)]
			for row in body[table.fieldname]:
				for fieldname, child, df, value in rows:
					if fieldname == table.fieldname and child.name == row["name"]:
						row[df.fieldname] = value

		def put():
			frappe.local.form_dict = frappe._dict(data=json.dumps(body, default=str))
			frappe.api.v1.update_doc(doctype, name)

		self.attempt(user, put)
		for df, value in plain:
			self.check(doctype, name, df, value, user=user, via="PUT")
		for _table, row, df, value in rows:
			self.check(doctype, name, df, value, child=row.name, user=user, via="PUT")
		frappe.db.rollback(save_point="zgz_forge")

	def test_no_role_can_forge_a_kept_field_of_any_zgz_doctype(self):
		import frappe.api.v1

		covered = set()
		for doctype in zgz_doctypes():
			for role in ALL_ROLES:
				for user, name in self.writable_samples(doctype, role):
					self.forge_record(user, doctype, name)
					covered.add((doctype, role))
		# The test must have done something real: every role writes some ZGZ record, the records the
		# people being measured write are among them, and many forged saves went through (silently reset).
		self.assertEqual({role for _dt, role in covered}, set(ALL_ROLES))
		for doctype in (
			"ZGZ Problem Item",
			"ZGZ Rectification Plan",
			"ZGZ Extension Request",
			"ZGZ Service Award",
			"ZGZ Complaint",
		):
			self.assertTrue({r for dt, r in covered if dt == doctype}, doctype)
		self.assertGreater(self.saves_through, 50, (self.attempts, self.saves_through))

	def test_the_check_sees_a_forged_value_where_permlevels_do_not_apply(self):
		"""The same attempt as Administrator, whom Frappe exempts from permlevels, sticks: the test above
		would see a forgery."""
		item = frappe.get_all("ZGZ Problem Item", filters={"status": "Rectifying"}, pluck="name", limit=1)[0]
		df = frappe.get_meta("ZGZ Problem Item").get_field("verified_by")
		forged = forged_value("ZGZ Problem Item", df, None)
		self.attempt(
			"Administrator", lambda: frappe.client.set_value("ZGZ Problem Item", item, "verified_by", forged)
		)
		with self.assertRaises(AssertionError):
			self.check("ZGZ Problem Item", item, df, forged, user="Administrator")
		frappe.db.rollback(save_point="zgz_forge")

	def test_a_staff_member_cannot_forge_his_own_item_but_keeps_his_close_out_fields(self):
		user = email("zhangwei")
		item = frappe.get_all(
			"ZGZ Problem Item",
			filters={"responsible_person": user, "status": "Rectifying"},
			fields=["name", "colour", "progress_percent"],
			limit=1,
		)[0]
		frappe.set_user(user)
		try:
			frappe.client.set_value(
				"ZGZ Problem Item",
				item.name,
				{"colour": "Blue" if item.colour != "Blue" else "Yellow", "progress_percent": 99,
				 "verified_by": user, "closeout_note": "已整改完毕"},
			)  # fmt: skip
		finally:
			frappe.set_user("Administrator")
		stored = frappe.db.get_value(
			"ZGZ Problem Item",
			item.name,
			["colour", "progress_percent", "verified_by", "closeout_note"],
			as_dict=True,
		)
		self.assertEqual(
			(stored.colour or "", flt(stored.progress_percent)),
			(item.colour or "", flt(item.progress_percent)),
		)
		self.assertIsNone(stored.verified_by)
		self.assertEqual(stored.closeout_note, "已整改完毕")

	def test_a_refused_field_is_named_in_the_message(self):
		user = email("zhangwei")
		item = frappe.get_all(
			"ZGZ Problem Item",
			filters={"responsible_person": user, "status": "Rectifying"},
			pluck="name",
			limit=1,
		)[0]
		frappe.set_user(user)
		try:
			with self.assertRaises(frappe.PermissionError) as refused:
				frappe.client.set_value("ZGZ Problem Item", item, "problem", "改写的问题")
		finally:
			frappe.set_user("Administrator")
		expected = frappe.get_doc("ZGZ Problem Item", item).refusal_for("problem")
		self.assertEqual(str(refused.exception), expected)
		self.assertTrue(
			expected.startswith(frappe._(frappe.get_meta("ZGZ Problem Item").get_label("problem")))
		)
		self.assertNotEqual(expected, frappe.get_doc("ZGZ Problem Item", item).refusal_for("deadline"))
