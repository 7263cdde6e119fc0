"""Many people at once: the numbers the app hands out, and what a person is told when two saves collide.

Numbering
---------
The 序号 of a problem item (per campaign and unit), the number of a key task (per campaign) and every
number a later form adds are taken with :func:`next_number`: gapless, never given twice, and right when
six heads sign six plans of one unit at the same moment.

Why a counter row and not ``max() + 1`` under a lock. MariaDB runs Frappe's transactions at REPEATABLE
READ: a plain SELECT reads the snapshot the transaction began with, so ``max(serial_no)`` read after
waiting for a lock still misses the numbers the signer before us has just committed (three of six
simultaneous signatures failed on the unique key that way). Reading the rows themselves with a locking
read (``… order by serial_no desc limit 1 for update``) would see them, but InnoDB then locks the gap
after the unit's last number as well, and two units whose ranges touch (a unit's very first number sits
in the gap after its neighbour's last) deadlock when both insert; PostgreSQL refuses ``FOR UPDATE`` on
the aggregate itself. A counter row updated in place has neither problem: it is one row of Frappe's own
``Series`` table (where ``frappe.model.naming.getseries`` keeps naming series), keyed per scope, read
with ``SELECT … FOR UPDATE`` (a locking read sees the latest committed value and, on an existing primary
key, locks that one row and no gap: everyone numbering in the scope takes turns on it) and incremented
in the same transaction as the record it numbers, so a save that fails gives its number back.

The counter must exist before anyone locks it. A locking read that finds no row takes a gap lock, and
two transactions that both did so and then both insert deadlock — which is what Frappe's own
``getseries`` does the first time a naming series is used (the first problem item of a year, signed by
six heads at once, deadlocked on ``ZGZ-ITEM-2026-``). So a missing counter is created by
:func:`ensure_counter` in a short transaction of its own, on a second connection, committed at once: a
plain INSERT (no gap lock; a duplicate made meanwhile by someone else is simply ignored, and that side
transaction's locks end with it), starting after the largest number already given (records numbered
before the counter existed). Only then does the request's transaction lock the row. The same is done,
before insert, for the naming series of every ZGZ record (:func:`ensure_naming_counter`). The side
transaction writes nothing but that counter row; a counter made for a save that then fails stays at the
number it started from. On PostgreSQL the same holds because the app runs its connections at READ
COMMITTED (zgz_app.postgres): at Frappe's REPEATABLE READ a counter changed or made by another transaction
after ours began is invisible to it, or refused with a serialization failure instead of waited for.

Deadlocks
---------
Frappe's Workflow Action bookkeeping (a range delete, then inserts, on every transition) deadlocks under
REPEATABLE READ when several people act at the same moment, whatever the numbering does; the database
then rolls one of them back whole. :func:`retry_on_deadlock` takes that one again from the start (the
workflow actions go through it: zgz_app.workflow.apply_workflow).

Collisions
----------
A unique key of a ZGZ record (a 序号, a document number, a snapshot key, a digest a day) that the
database refuses never reaches the person as Frappe's "Campaign must be unique": the controllers mix in
:class:`UniqueKeyMessage`, which says what happened and what to do. Two people acting on the same
document at once are told by zgz_app.workflow who acted first.
"""

from __future__ import annotations

import hashlib
import random
import time

import frappe
from frappe import _
from frappe.database import get_db
from frappe.model.naming import NamingSeries, get_default_naming_series
from frappe.query_builder.terms import NamedParameterWrapper

MODULE = "ZGZ App"
SERIES = "Series"
SERIES_KEY_LENGTH = 100  # tabSeries.name is varchar(100)
DEADLOCK_ATTEMPTS = 5
# A side transaction that waits longer than this is waiting for the request's own (see ensure_counter).
LOCK_WAIT = {
	"mariadb": "set session innodb_lock_wait_timeout = 5",
	"postgres": "set lock_timeout = '5s'",
}


def counter_key(prefix: str, *scope: str) -> str:
	"""The Series row of a counter: ``prefix`` and the scope, readable when it fits, hashed when not."""
	key = prefix + "/".join(scope)
	if len(key) <= SERIES_KEY_LENGTH:
		return key
	return prefix + hashlib.sha1("/".join(scope).encode()).hexdigest()


def next_number(key: str, numbered_before=None) -> int:
	"""Take the next number of the counter ``key`` (a Series row) in this transaction; the row stays
	locked until the transaction ends. ``numbered_before`` is a frappe.qb query of the largest number
	given before the counter existed (read only when the counter is created)."""
	ensure_counter(key, numbered_before)
	series = frappe.qb.DocType(SERIES)
	counter = frappe.qb.from_(series).select(series.current).where(series.name == key).for_update()
	number = (counter.run()[0][0] or 0) + 1
	frappe.qb.update(series).set(series.current, number).where(series.name == key).run()
	return number


def ensure_counter(key: str, numbered_before=None) -> None:
	"""Create the Series row ``key`` if this transaction cannot see it, in a side transaction committed
	at once (see the module's docstring); its value is the largest number ``numbered_before`` finds."""
	series = frappe.qb.DocType(SERIES)
	if frappe.qb.from_(series).select(series.name).where(series.name == key).run():
		return
	try:
		create_counter(side_connection(), key, numbered_before)
	except frappe.QueryTimeoutError:
		# The side transaction waited for a lock this very transaction holds (the gap lock Frappe's
		# getseries leaves when another naming series is used for the first time): this transaction
		# would never let go, so make the counter in it instead.
		create_counter(frappe.db, key, numbered_before)


def create_counter(db, key: str, numbered_before=None) -> None:
	"""Insert the Series row ``key`` on ``db`` (a side connection, committed and closed; or the request's
	own, inside a savepoint); a row made meanwhile by someone else is left as it is."""
	series = frappe.qb.DocType(SERIES)
	side = db is not frappe.db
	savepoint = f"zgz_counter_{frappe.generate_hash(length=8)}"
	try:
		if side:
			db.sql(LOCK_WAIT[frappe.conf.db_type or "mariadb"])
		else:
			db.savepoint(savepoint)
		start = run_on(db, numbered_before)[0][0] if numbered_before is not None else 0
		try:
			run_on(db, frappe.qb.into(series).columns(series.name, series.current).insert(key, start or 0))
		except Exception as e:
			if not db.is_primary_key_violation(e):
				raise
			if not side:
				db.rollback(save_point=savepoint)
		if side:
			db.commit()
	finally:
		if side:
			db.close()  # anything not committed goes with the connection


def ensure_naming_counter(doc, method=None) -> None:
	"""``before_insert`` of every record: for a ZGZ record named by a naming series, make sure Frappe's
	counter row for it exists before ``getseries`` locks it (see the module's docstring)."""
	if doc.meta.module != MODULE or not (doc.meta.autoname or "").startswith("naming_series:"):
		return
	series = doc.get("naming_series") or get_default_naming_series(doc.doctype)
	if series:
		# the key set_name_by_naming_series will use
		ensure_counter(NamingSeries(series + ".#####").get_prefix())


def side_connection():
	"""A second connection to the site's database, for a transaction of its own."""
	conf = frappe.local.conf
	return get_db(
		socket=conf.db_socket,
		host=conf.db_host,
		port=conf.db_port,
		user=conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
	)


def run_on(db, query):
	"""Run a frappe.qb query on ``db`` instead of the request's connection."""
	parameters = NamedParameterWrapper()
	return db.sql(query.get_sql(param_wrapper=parameters), parameters.get_parameters())


def retry_on_deadlock(call, *args, **kwargs):
	"""Run ``call`` (the whole of a request's work) again when the database picks it as the victim of a
	deadlock, as the database's own error asks ("try restarting transaction") and as Frappe does for
	background jobs (``execute_job``). MariaDB has already rolled the whole transaction back by then, so
	the next attempt starts clean, reads everything again and takes fresh numbers; each deadlock lets one
	of its transactions through, so the attempts that lose are few."""
	for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
		try:
			return call(*args, **kwargs)
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			frappe.clear_messages()
			if attempt == DEADLOCK_ATTEMPTS:
				frappe.throw(
					_(
						"Many people are saving at this very moment and yours could not be fitted in. "
						"Nothing was saved: try again in a moment."
					),
					title=_("Busy"),
				)
			time.sleep(random.uniform(0, 0.05 * 2**attempt))  # let the winner finish first


# ---------------------------------------------------------------------------------------------------
# Collisions


def violated_key(e: Exception) -> str | None:
	"""The name of the unique index the database refused, from its error (MariaDB and PostgreSQL)."""
	constraint = getattr(getattr(e, "diag", None), "constraint_name", None)
	if constraint:
		return constraint
	parts = str(e).split("'")
	return parts[-2] if len(parts) > 2 else None


class UniqueKeyMessage:
	"""Mixed into the controller of a ZGZ DocType with a unique key. Frappe calls
	``show_unique_validation_message`` when the database refuses a duplicate; instead of its "{field}
	must be unique" (which names the first column of the index, "Campaign" for a 序号), say what
	happened and what to do. A controller words its own keys in ``unique_key_message``."""

	def db_insert(self, *args, **kwargs):
		try:
			return super().db_insert(*args, **kwargs)
		except Exception as e:
			self.explain_own_unique_key(e)
			raise

	def db_update(self):
		try:
			return super().db_update()
		except Exception as e:
			self.explain_own_unique_key(e)
			raise

	def explain_own_unique_key(self, e: Exception) -> None:
		"""On PostgreSQL Frappe knows a refused unique key only by a name ending in ``_key`` (the ones it
		makes itself); the app's own (``unique_serial_per_unit`` …) are explained here, as on MariaDB."""
		if frappe.db.db_type == "postgres" and frappe.db.is_duplicate_entry(e):
			if not frappe.db.is_primary_key_violation(e):
				self.show_unique_validation_message(e)

	def show_unique_validation_message(self, e):
		key = violated_key(e)
		frappe.throw(
			self.unique_key_message(key) or self.saved_meanwhile_message(key),
			frappe.UniqueValidationError,
			title=_("Saved by Someone Else Meanwhile"),
		)

	def unique_key_message(self, key: str | None) -> str | None:
		return None

	def saved_meanwhile_message(self, key: str | None) -> str:
		fields = [df for df in self.meta.fields if df.unique and df.fieldname == key] or [
			df for df in self.meta.fields if df.unique
		]
		if not fields:
			return _(
				"Another {0} with the same details was saved a moment ago, by someone else or by a second "
				"click, so this one was not saved. Reload to see it, and change yours if it is still needed."
			).format(_(self.doctype))
		return _(
			"Another {0} with the same {1} was saved a moment ago, by someone else or by a second click, "
			"so this one was not saved. Reload to see it, and change yours if it is still needed."
		).format(_(self.doctype), "、".join(_(df.label) for df in fields))
