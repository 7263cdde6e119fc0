"""Reliability under concurrency and faults (issue 12): simultaneous sign-offs, a job that dies, a daily
job that crashes half-way.

These tests need what one transaction cannot give: several connections at once, and processes that die.
Their fixtures are therefore committed (the other connections must see them) and deleted again at the end
of each class (``Purge``); every record a test makes is traced back to its campaign, units and users.
Nothing here asserts on timing: threads meet at a barrier, and a dead process is waited for, not timed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from unittest.mock import patch

import psutil
from freezegun import freeze_time
from rq import Queue
from rq.job import JobStatus
from rq.worker import Worker

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime, random_string
from frappe.utils.background_jobs import get_job, get_redis_conn
from zgz_app.records import job
from zgz_app.roles import CAMPAIGN_MANAGER, SECTION_HEAD, STAFF
from zgz_app.tests.cleanup import purge_committed
from zgz_app.tests.factories import (
	ensure_outgoing_email_account,
	make_campaign,
	make_item,
	make_plan,
	make_screening_campaign,
	make_unit,
	make_user,
	plan_row,
	set_zgz_settings,
)
from zgz_app.workflow import apply_workflow

PLAN = "ZGZ Rectification Plan"
ITEM = "ZGZ Problem Item"
DOSSIER = "ZGZ Dossier"
OUTGOING = "ZGZ Test Outgoing"  # factories.ensure_outgoing_email_account


# ---------------------------------------------------------------------------------------------------
# Helpers: each call in its own connection, all at the same moment; committed fixtures deleted after


def in_own_connection(site: str, sites_path: str, user: str, call, *args):
	"""Run ``call(*args)`` as ``user`` in a new Frappe context with its own database connection, as a
	request does: commit on success, roll back on failure. Returns ("ok", result) or ("error",
	exception, messages shown to the user)."""
	frappe.init(site=site, sites_path=sites_path)
	try:
		frappe.connect()
		frappe.flags.in_test = True
		frappe.set_user(user)
		try:
			result = call(*args)
			frappe.db.commit()
			return ("ok", result)
		except Exception as e:
			frappe.db.rollback()
			messages = [frappe.parse_json(m).get("message") for m in frappe.local.message_log]
			return ("error", e, messages, traceback.format_exc())
	finally:
		frappe.destroy()


def at_once(calls: list[tuple]) -> list[tuple]:
	"""Each (user, call, *args) in its own thread and connection, released together by a barrier."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(len(calls))
	results: list = [None] * len(calls)

	def worker(index: int, user: str, call, *args):
		def when_all_ready(*a):
			barrier.wait(timeout=120)
			return call(*a)

		results[index] = in_own_connection(site, sites_path, user, when_all_ready, *args)

	threads = [threading.Thread(target=worker, args=(i, *c)) for i, c in enumerate(calls)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return results


def sign(plan: str, action: str = "Sign"):
	"""What the desk posts when the signer clicks the action (zgz_app.workflow.apply_workflow)."""
	return apply_workflow(frappe.get_doc(PLAN, plan).as_dict(), action).name


class Purge:
	"""Deletes, at the end, what the tests committed: the campaigns with everything made under them,
	the units and the users (the usual rollback cannot)."""

	def __init__(self):
		self.campaigns: list[str] = []
		self.units: list[str] = []
		self.users: list[str] = []
		self.email_account = not frappe.db.exists("Email Account", OUTGOING)

	def __call__(self):
		purge_committed(self.campaigns, self.units, self.users)
		if self.email_account:
			frappe.db.delete("Email Account", {"name": OUTGOING})
			frappe.db.commit()


# ---------------------------------------------------------------------------------------------------
# 1. Simultaneous sign-offs


class TestSimultaneousSignOffs(FrappeTestCase):
	"""Six staff plans of one unit, three rows each, signed by the head at the same moment."""

	PLANS = 6
	ROWS = 3

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.purge = Purge()
		cls.addClassCleanup(cls.purge)
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		tag = random_string(5).lower()
		cls.head = make_user(f"rel_head_{tag}", roles=(SECTION_HEAD,), full_name="并发科长")
		cls.deputy = make_user(f"rel_deputy_{tag}", roles=(STAFF,), full_name="并发代签")
		cls.staff = [make_user(f"rel_staff{i}_{tag}", full_name=f"并发员{i}") for i in range(cls.PLANS)]
		cls.purge.users += [cls.head, cls.deputy, *cls.staff]
		cls.unit = make_unit(head=cls.head, deputy=cls.deputy, members=[*cls.staff, cls.deputy]).name
		cls.purge.units.append(cls.unit)
		frappe.db.commit()

	def setUp(self):
		frappe.set_user("Administrator")
		self.campaign = make_screening_campaign([self.unit]).name
		self.purge.campaigns.append(self.campaign)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def plans_awaiting_signature(self, count: int) -> list[str]:
		plans = []
		for n, staff in enumerate(self.staff[:count]):
			frappe.set_user(staff)
			rows = [plan_row(problem=f"第{n + 1}份方案的第{r + 1}个问题") for r in range(self.ROWS)]
			plan = make_plan(self.campaign, self.unit, rows=rows).name
			sign(plan, "Submit for Signature")
			plans.append(plan)
		frappe.set_user("Administrator")
		frappe.db.commit()
		return plans

	def serials(self) -> list[int]:
		frappe.db.rollback()  # a new snapshot: see what the other connections committed
		return frappe.get_all(
			ITEM,
			filters={"campaign": self.campaign, "unit": self.unit},
			pluck="serial_no",
			order_by="serial_no",
		)

	def test_six_plans_signed_at_the_same_moment_all_succeed_with_gapless_numbers(self):
		plans = self.plans_awaiting_signature(self.PLANS)
		results = at_once([(self.head, sign, plan) for plan in plans])
		failures = [r for r in results if r[0] != "ok"]
		self.assertFalse(failures, "\n".join(f"{r[1]!r} {r[2]}\n{r[3]}" for r in failures))
		self.assertEqual(self.serials(), list(range(1, self.PLANS * self.ROWS + 1)))
		states = frappe.get_all(PLAN, filters={"name": ("in", plans)}, pluck="workflow_state")
		self.assertEqual(set(states), {"Signed"})
		# each plan's rows are numbered together, in row order
		for plan in plans:
			numbers = frappe.get_all(ITEM, filters={"plan": plan}, pluck="serial_no", order_by="serial_no")
			self.assertEqual(numbers, list(range(numbers[0], numbers[0] + self.ROWS)), plan)

	def test_the_head_and_his_deputy_signing_one_plan_at_once_sign_it_once(self):
		(plan,) = self.plans_awaiting_signature(1)
		results = at_once([(self.head, sign, plan), (self.deputy, sign, plan)])
		outcomes = sorted(r[0] for r in results)
		self.assertEqual(outcomes, ["error", "ok"], results)
		refused = next(r for r in results if r[0] == "error")
		shown = " ".join(m for m in refused[2] if m) or str(refused[1])
		self.assertNotIn("unique", shown.lower(), shown)
		self.assertNotIn("唯一", shown)
		self.assertIn(plan, shown, "the message names the plan")
		self.assertEqual(self.serials(), list(range(1, self.ROWS + 1)), "signed once: three items")

	def test_key_tasks_added_at_once_get_consecutive_numbers(self):
		def add_task(n: int) -> int:
			values = {"campaign": self.campaign, "title": f"重点任务{n}", "lead_unit": self.unit}
			return (
				frappe.get_doc({"doctype": "ZGZ Key Task", **values}).insert(ignore_permissions=True).task_no
			)

		results = at_once([("Administrator", add_task, n) for n in range(4)])
		self.assertEqual(sorted(r[1] for r in results if r[0] == "ok"), [1, 2, 3, 4], results)


class TestCollisionsAreExplained(FrappeTestCase):
	"""A unique key the database refuses reaches the person in words, never as "Campaign must be
	unique" (zgz_app.concurrency.UniqueKeyMessage)."""

	def setUp(self):
		frappe.set_user("Administrator")
		self.unit = make_unit().name
		self.campaign = make_screening_campaign([self.unit]).name

	def refused(self, call) -> str:
		frappe.clear_messages()
		# PostgreSQL refuses every statement after a failed one until it is rolled back
		frappe.db.savepoint("refused")
		with self.assertRaises(frappe.UniqueValidationError) as refused:
			call()
		frappe.db.rollback(save_point="refused")
		shown = " ".join(frappe.parse_json(m).get("message") for m in frappe.local.message_log)
		self.assertNotIn("must be unique", shown)
		self.assertEqual(str(refused.exception), shown)
		return shown

	def test_a_serial_taken_already_says_which_and_what_to_do(self):
		from zgz_app.concurrency import counter_key
		from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import SERIAL_COUNTER

		make_item(self.campaign, self.unit)
		# the unit's counter put back by hand (a restored backup, an edit in the database)
		series = frappe.qb.DocType("Series")
		key = counter_key(SERIAL_COUNTER, self.campaign, self.unit)
		frappe.qb.update(series).set(series.current, 0).where(series.name == key).run()
		shown = self.refused(lambda: make_item(self.campaign, self.unit))
		self.assertIn("序号 1", shown)
		self.assertIn(self.unit, shown)

	def test_a_lost_counter_starts_again_after_the_largest_number_given(self):
		from zgz_app.concurrency import counter_key
		from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import SERIAL_COUNTER

		self.assertEqual([make_item(self.campaign, self.unit).serial_no for _ in range(2)], [1, 2])
		# gone (and locked by this very transaction, so it is made again here, not aside: ensure_counter)
		frappe.db.delete("Series", {"name": counter_key(SERIAL_COUNTER, self.campaign, self.unit)})
		self.assertEqual(make_item(self.campaign, self.unit).serial_no, 3)

	def test_a_document_number_taken_at_the_same_moment_names_the_field(self):
		campaign = frappe.get_doc("ZGZ Campaign", self.campaign)
		twin = frappe.get_doc(campaign.as_dict())
		twin.name = f"{campaign.name}-twin"  # saved past the controller's own check, as a racer is
		shown = self.refused(twin.db_insert)
		self.assertIn(frappe._("Document Number"), shown)

	def test_every_unique_key_of_a_zgz_record_is_explained(self):
		from zgz_app.concurrency import UniqueKeyMessage

		keyed = []
		for doctype in frappe.get_all("DocType", filters={"module": "ZGZ App", "istable": 0}, pluck="name"):
			if not frappe.get_meta(doctype).issingle and unique_indexes(doctype):
				keyed.append(doctype)
				controller = frappe.get_doc({"doctype": doctype}).__class__
				self.assertTrue(issubclass(controller, UniqueKeyMessage), doctype)
		self.assertLessEqual({ITEM, "ZGZ Campaign", "ZGZ Digest Log", "ZGZ Reconciliation"}, set(keyed))


def unique_indexes(doctype: str) -> list[str]:
	"""The unique indexes of a DocType's table other than its primary key."""
	if frappe.db.db_type == "postgres":
		return frappe.db.sql(
			"select indexname from pg_indexes where tablename = %s and indexdef like 'CREATE UNIQUE%%' "
			"and indexname not like '%%_pkey'",
			f"tab{doctype}",
			pluck=True,
		)
	rows = frappe.db.sql(f"show index from `tab{doctype}` where Non_unique = 0", as_dict=True)
	return [row.Key_name for row in rows if row.Key_name != "PRIMARY"]


# ---------------------------------------------------------------------------------------------------
# 2. A dossier job that dies

# A worker of our own on a queue of our own (the demo's worker, on the same Redis, serves the usual
# queues). Its build stops at "collecting the records" until it is killed: a job killed mid-way.
WORKER = """
import sys, time
from redis import Redis
from rq import Queue, Worker
import zgz_app.records.assembly

zgz_app.records.assembly.collect = lambda *args, **kwargs: time.sleep(3600)
connection = Redis.from_url(sys.argv[1])
Worker([Queue(sys.argv[2], connection=connection)], connection=connection).work()
"""


def wait_for(condition, what: str, seconds: float = 180):
	"""Poll ``condition`` (reading committed data afresh) until it holds; a bound, not a timing test."""
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		frappe.db.rollback()
		value = condition()
		if value:
			return value
		time.sleep(1)
	raise AssertionError(f"gave up waiting for {what}")


class TestDossierJobDies(FrappeTestCase):
	"""A campaign manager asks for a dossier; the job's process is killed while it builds."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.purge = Purge()
		cls.addClassCleanup(cls.purge)
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		cls.manager = make_user(f"rel_cm_{random_string(5).lower()}", roles=(CAMPAIGN_MANAGER,))
		cls.purge.users.append(cls.manager)
		cls.unit = make_unit().name
		cls.purge.units.append(cls.unit)
		cls.campaign = make_screening_campaign([cls.unit]).name
		cls.purge.campaigns.append(cls.campaign)
		frappe.db.commit()

	def setUp(self):
		self.queue = Queue(f"zgz-test-{random_string(8).lower()}", connection=get_redis_conn())
		self.log = tempfile.NamedTemporaryFile(prefix="zgz-worker-", suffix=".log", delete=False)
		self.worker = subprocess.Popen(
			[sys.executable, "-c", WORKER, frappe.conf.redis_queue, self.queue.name],
			cwd=os.path.abspath(frappe.local.sites_path),
			stdout=self.log,
			stderr=subprocess.STDOUT,
		)
		self.addCleanup(self.stop_worker)

	def stop_worker(self):
		if self.worker.poll() is None:
			for process in [*psutil.Process(self.worker.pid).children(recursive=True)]:
				process.kill()
			self.worker.kill()
		self.worker.wait(timeout=60)
		connection = get_redis_conn()
		for job_id in (
			self.queue.failed_job_registry.get_job_ids() + self.queue.started_job_registry.get_job_ids()
		):
			connection.delete(f"rq:job:{job_id}")
		for registry in (self.queue.failed_job_registry, self.queue.started_job_registry):
			connection.delete(registry.key)
		for key in connection.smembers(f"rq:workers:{self.queue.name}"):
			worker = Worker.find_by_key(key.decode(), connection=connection)
			if worker:
				worker.register_death()
		self.queue.delete(delete_jobs=True)
		self.log.close()
		os.unlink(self.log.name)

	def start_building(self) -> str:
		"""The manager asks (zgz_app.records.job.start); the job goes to our worker's queue."""
		frappe.set_user(self.manager)
		with patch("frappe.utils.background_jobs.get_queue", return_value=self.queue):
			name = job.start(self.campaign)
			frappe.db.commit()  # the job is queued after the commit, as in a request
		frappe.set_user("Administrator")
		wait_for(lambda: frappe.db.get_value(DOSSIER, name, "status") == "Running", "the build to start")
		return name

	def worker_log(self) -> str:
		with open(self.log.name, encoding="utf-8", errors="replace") as fh:
			return fh.read()[-3000:]

	def the_job(self, name):
		return get_job(job.job_id(name))

	def scheduler_marks_failed(self, name: str) -> bool:
		"""What the scheduler does every minute (zgz_app.tasks.fail_lost_jobs), committed as a job is."""
		job.fail_lost_dossiers({"name": name})
		frappe.db.commit()
		return frappe.db.get_value(DOSSIER, name, "status") == "Failed"

	def assert_failed_and_requester_free(self, name: str, *why: str):
		"""The record says it failed and why (one of ``why``), the requester is told, and may ask again."""
		wait_for(lambda: self.scheduler_marks_failed(name), "the dossier to be marked failed")
		doc = frappe.get_doc(DOSSIER, name)
		self.assertTrue(any(w in doc.error for w in why), doc.error)
		self.assertTrue(doc.finished_on)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.manager, "document_name": name}),
			"the requester is told in the desk",
		)
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_doctype": DOSSIER, "reference_name": name}),
			"and by mail",
		)
		frappe.set_user(self.manager)
		try:
			with patch("frappe.enqueue"):
				again = job.start(self.campaign)
		finally:
			frappe.set_user("Administrator")
		self.assertNotEqual(again, name, "a new request is accepted")
		frappe.db.rollback()  # (never queued: not kept)

	def test_a_killed_job_process_marks_its_dossier_failed_and_frees_the_requester(self):
		name = self.start_building()
		self.assertIsNone(job.fail_lost_dossiers({"name": name}) or None, "a running job is not lost")
		horses = psutil.Process(self.worker.pid).children()
		self.assertEqual(len(horses), 1, self.worker_log())
		horses[0].send_signal(signal.SIGKILL)  # out of memory, killed: the job's own except never runs
		wait_for(lambda: self.the_job(name).get_status() == JobStatus.FAILED, "RQ to see the death")
		self.assert_failed_and_requester_free(name, "Work-horse terminated unexpectedly")

	def test_a_killed_worker_marks_its_dossier_failed_once_rq_gives_its_job_up(self):
		"""The whole worker dies (a restart during deployment): RQ gives the job up when its heartbeat
		lapses (within 90 seconds), and the dossier follows."""
		name = self.start_building()
		for process in [*psutil.Process(self.worker.pid).children(), psutil.Process(self.worker.pid)]:
			process.send_signal(signal.SIGKILL)
		self.worker.wait(timeout=60)
		self.assertEqual(self.the_job(name).get_status(), JobStatus.STARTED, "RQ does not know yet")
		# RQ's heartbeat of the job lapses (AbandonedJobError) or the worker's registration does
		worker = self.the_job(name).worker_name
		self.assert_failed_and_requester_free(name, "AbandonedJobError", worker)


class TestLostDossierJobs(FrappeTestCase):
	"""The rules without a worker: a dossier whose job is gone from Redis fails; a new one waits."""

	def setUp(self):
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		self.manager = make_user("rel_cm_lost", roles=(CAMPAIGN_MANAGER,))
		self.campaign = make_screening_campaign([make_unit().name]).name

	def dossier(self, minutes_ago: int) -> str:
		doc = frappe.get_doc(
			{"doctype": DOSSIER, "campaign": self.campaign, "status": "Queued", "requested_by": self.manager}
		).insert(ignore_permissions=True)
		creation = add_to_date(now_datetime(), minutes=-minutes_ago)
		frappe.db.set_value(DOSSIER, doc.name, "creation", creation, update_modified=False)
		return doc.name

	def test_a_dossier_whose_job_is_gone_fails_and_one_just_asked_for_waits(self):
		gone, new = self.dossier(minutes_ago=5), self.dossier(minutes_ago=0)
		self.assertEqual(job.fail_lost_dossiers({"campaign": self.campaign}), [gone])
		self.assertEqual(frappe.db.get_value(DOSSIER, gone, "status"), "Failed")
		self.assertIn("no longer in the queue", frappe.db.get_value(DOSSIER, gone, "error"))
		self.assertEqual(frappe.db.get_value(DOSSIER, new, "status"), "Queued")

	def test_asking_again_fails_the_lost_one_first(self):
		gone = self.dossier(minutes_ago=5)
		frappe.set_user(self.manager)
		with patch("frappe.enqueue"):
			again = job.start(self.campaign)
		frappe.set_user("Administrator")
		self.assertNotEqual(again, gone)
		self.assertEqual(frappe.db.get_value(DOSSIER, gone, "status"), "Failed")


# ---------------------------------------------------------------------------------------------------
# 3. The daily jobs after a crash

# The scheduled job in a process of its own: it commits each unit of work as the scheduler's does, and
# is killed (SIGKILL, nothing runs after) right after its N-th commit, i.e. between two units of work.
# Only this test's campaign is looked at (as test_escalation withdraws every other item).
DAILY_JOB = """
import os, signal, sys
import frappe

site, method, day, campaign, die_after = sys.argv[1:6]
frappe.init(site=site, sites_path=".")
frappe.connect()
from zgz_app.rectification import escalation, reconciliation

only_ours = escalation.open_items
escalation.open_items = lambda: [i for i in only_ours() if i.campaign == campaign]
running = reconciliation.running_campaigns
reconciliation.running_campaigns = lambda period: [c for c in running(period) if c.name == campaign]
commits = 0


def checkpoint():
	global commits
	frappe.db.commit()
	commits += 1
	if commits == int(die_after):
		os.kill(os.getpid(), signal.SIGKILL)


kwargs = {"batch": 1} if method == "zgz_app.rectification.escalation.run" else {}
frappe.get_attr(method)(day, checkpoint=checkpoint, **kwargs)
frappe.db.commit()
frappe.destroy()
"""
DIGEST_DAY = "2026-03-02"  # a Monday
SETTINGS = dict(
	blue_days=5, yellow_days=2, yellow_below_percent=80, red_overdue_days=1, group_overdue_days=5,
	weekends_off=1, holidays=[], reconcile_monthly=1, reconcile_quarterly=1, reconcile_yearly=0,
)  # fmt: skip


def run_daily_job(method: str, day: str, campaign: str, die_after: int = 0) -> int:
	"""Run ``method`` as the scheduler would, in a new process; returns its exit code (-9: killed)."""
	job = subprocess.run(
		[sys.executable, "-c", DAILY_JOB, frappe.local.site, method, day, campaign, str(die_after)],
		cwd=os.path.abspath(frappe.local.sites_path),
		capture_output=True,
		text=True,
		timeout=600,
	)
	if job.returncode not in (0, -signal.SIGKILL):
		raise AssertionError(job.stdout[-2000:] + job.stderr[-3000:])
	return job.returncode


class TestDailyJobsAfterACrash(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.purge = Purge()
		cls.addClassCleanup(cls.purge)
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		cls.previous_settings = set_zgz_settings(**SETTINGS)
		cls.addClassCleanup(cls.restore_settings)
		tag = random_string(5).lower()
		cls.people = [make_user(f"rel_dg{i}_{tag}", full_name=f"逾期责任人{i}") for i in range(4)]
		cls.purge.users += cls.people
		cls.units = [make_unit(members=cls.people).name, make_unit().name]
		cls.purge.units += cls.units
		with freeze_time(DIGEST_DAY):
			cls.campaign = make_screening_campaign(cls.units).name
			for person in cls.people:  # each is responsible for one overdue item: one digest each
				make_item(
					cls.campaign, cls.units[0], responsible_person=person, deadline=add_days(DIGEST_DAY, -10)
				)
		# 2018-08-20 to 2019-06-30
		cls.old_campaign = make_campaign(lead_unit=cls.units[1], units=[{"unit": u} for u in cls.units]).name
		cls.purge.campaigns += [cls.campaign, cls.old_campaign]
		frappe.db.commit()

	@classmethod
	def restore_settings(cls):
		frappe.db.rollback()
		set_zgz_settings(**cls.previous_settings)
		frappe.db.commit()

	def digests(self) -> dict[str, int]:
		"""person → digest logs of the day; and the mails queued for them."""
		frappe.db.rollback()
		logs = frappe.get_all(
			"ZGZ Digest Log",
			filters={"digest_date": DIGEST_DAY, "recipient": ("in", self.people)},
			fields=["name", "recipient"],
		)
		mails = frappe.get_all(
			"Email Queue",
			filters={
				"reference_doctype": "ZGZ Digest Log",
				"reference_name": ("in", [g.name for g in logs] or [""]),
			},
			pluck="name",
		)
		mailed = frappe.get_all(
			"Email Queue Recipient", filters={"parent": ("in", mails or [""])}, pluck="recipient"
		)
		return {p: (sum(g.recipient == p for g in logs), mailed.count(p)) for p in self.people}

	def test_a_digest_run_killed_between_two_recipients_is_finished_by_running_it_again(self):
		# its commits: the colours, then one recipient each; killed after the second recipient
		code = run_daily_job("zgz_app.rectification.escalation.run", DIGEST_DAY, self.campaign, die_after=3)
		self.assertEqual(code, -signal.SIGKILL)
		after_crash = self.digests()
		self.assertEqual(sorted(after_crash.values()), [(0, 0), (0, 0), (1, 1), (1, 1)], after_crash)
		self.assertEqual(run_daily_job("zgz_app.rectification.escalation.run", DIGEST_DAY, self.campaign), 0)
		self.assertEqual(self.digests(), {p: (1, 1) for p in self.people}, "one digest and one mail each")
		# and once more the same day: nothing more
		self.assertEqual(run_daily_job("zgz_app.rectification.escalation.run", DIGEST_DAY, self.campaign), 0)
		self.assertEqual(self.digests(), {p: (1, 1) for p in self.people})

	def snapshots(self) -> list[str]:
		frappe.db.rollback()
		return frappe.get_all(
			"ZGZ Reconciliation", filters={"campaign": self.old_campaign}, pluck="snapshot_key"
		)

	def test_a_reconciliation_run_killed_between_two_snapshots_is_finished_by_running_it_again(self):
		# 2018-09-30 ends a month and a quarter: 2 × (the whole campaign + 2 units) = 6 snapshots
		day = "2018-09-30"
		code = run_daily_job(
			"zgz_app.rectification.reconciliation.create_snapshots", day, self.old_campaign, die_after=2
		)
		self.assertEqual(code, -signal.SIGKILL)
		self.assertEqual(len(self.snapshots()), 2)
		self.assertEqual(
			run_daily_job("zgz_app.rectification.reconciliation.create_snapshots", day, self.old_campaign), 0
		)
		keys = self.snapshots()
		self.assertEqual(len(keys), 6, keys)
		self.assertEqual(len(set(keys)), 6, "each period and unit once")
		self.assertEqual(
			run_daily_job("zgz_app.rectification.reconciliation.create_snapshots", day, self.old_campaign), 0
		)
		self.assertEqual(sorted(self.snapshots()), sorted(keys), "and once more: nothing more")
