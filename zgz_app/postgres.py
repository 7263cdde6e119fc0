"""PostgreSQL connections at READ COMMITTED, as every process that loads the app sets them up.

Frappe opens PostgreSQL transactions at REPEATABLE READ, to read as MariaDB does. The two differ where
people act at once: a locking read (``SELECT … FOR UPDATE``) of a row that someone else changed after
our transaction began waits on MariaDB and then reads the row as committed, but on PostgreSQL it fails
with "could not serialize access due to concurrent update", and a row committed meanwhile on another
connection (a counter made by zgz_app.concurrency.ensure_counter) stays invisible. Frappe's own naming
series and the app's counters (zgz_app.concurrency) take turns on row locks, so at REPEATABLE READ every
second one of two simultaneous saves of a ZGZ record failed. At READ COMMITTED a locking read waits and
then reads the latest committed row, as MariaDB's does: simultaneous saves take turns again.
"""

from __future__ import annotations


def read_committed() -> None:
	"""Make every PostgreSQL connection this process opens from now on use READ COMMITTED, and the one
	already open too when it is between transactions."""
	try:
		import psycopg2.extensions

		from frappe.database.postgres.database import PostgresDatabase
	except ImportError:  # no Frappe (the tests without a site)
		return
	if getattr(PostgresDatabase.get_connection, "read_committed", False):
		return
	frappe_get_connection = PostgresDatabase.get_connection

	def get_connection(self):
		conn = frappe_get_connection(self)
		conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED)
		return conn

	get_connection.read_committed = True
	PostgresDatabase.get_connection = get_connection

	import frappe

	db = getattr(frappe.local, "db", None)
	conn = getattr(db, "_conn", None)
	if isinstance(db, PostgresDatabase) and conn and conn.status == psycopg2.extensions.STATUS_READY:
		conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED)
