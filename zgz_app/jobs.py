"""Long background jobs that notice their own death.

A job that dies — its process killed, out of memory, a worker restarted during a deployment — cannot
record its own failure: its ``except`` never runs, and the record it was building stays "Queued" or
"Running" for good. RQ knows, though, and :func:`lost` asks it rather than keeping a timer of its own:

- the work-horse (the process a worker forks for each job) was killed while its worker lives: the worker
  moves the job to the failed registry at once ("Work-horse terminated unexpectedly; waitpid returned
  9 (signal 9)");
- the worker itself stopped: a worker that shut down is no longer registered, so its started job is
  lost at once; one that was killed keeps its registration until its heartbeat lapses, and so does the
  job, which RQ refreshes every 30 seconds and lets lapse 60 seconds after the last refresh, when
  ``StartedJobRegistry.cleanup`` (called here) moves it to the failed registry (AbandonedJobError);
- Redis lost it (restarted without its data, flushed): the job is gone.

A record is checked from the scheduler every minute and whenever someone asks about it (see
``zgz_app.records.job.fail_lost_dossiers``), so it says "failed" within about a minute of RQ knowing.
"""

from __future__ import annotations

import warnings
from datetime import datetime

from redis.exceptions import ConnectionError as RedisConnectionError
from rq.job import JobStatus
from rq.worker import Worker

import frappe
from frappe import _
from frappe.utils import now_datetime, time_diff_in_seconds
from frappe.utils.background_jobs import get_job, get_redis_conn

# A record made a moment ago may have no job yet: frappe.enqueue(enqueue_after_commit=True) queues it
# only after the request that made the record has committed.
NOT_QUEUED_YET_SECONDS = 60


def lost(job_id: str, queued_at: datetime | str | None = None) -> str | None:
	"""Why the job queued as ``frappe.enqueue(job_id=job_id)`` will never finish, or None while it may
	still (queued, running, or so new that it may not be queued yet)."""
	try:
		job = get_job(job_id)
	except RedisConnectionError:
		return None  # the queue cannot be asked now: nothing can be said
	if job is None:
		if queued_at and time_diff_in_seconds(now_datetime(), queued_at) < NOT_QUEUED_YET_SECONDS:
			return None
		return _("the job is no longer in the queue (the queue's Redis was restarted or emptied)")
	status = job.get_status()
	if status == JobStatus.STARTED and not worker_alive(job):
		return _("the worker running it stopped ({0})").format(job.worker_name or "?")
	if status == JobStatus.STARTED:
		job.started_job_registry.cleanup()  # RQ's own rule: a lapsed heartbeat means abandoned
		job.refresh()
		status = job.get_status()
	if status == JobStatus.FAILED:
		return _("its process ended before it finished ({0})").format(failure(job))
	if status in (JobStatus.STOPPED, JobStatus.CANCELED):
		return _("it was stopped")
	if status == JobStatus.FINISHED:
		return _("it ended without recording its result")
	return None


def worker_alive(job) -> bool:
	"""Whether the worker that started ``job`` is still registered with RQ."""
	if not job.worker_name:
		return True  # not known: leave it to the heartbeat
	key = Worker.redis_worker_namespace_prefix + job.worker_name
	return Worker.find_by_key(key, connection=get_redis_conn()) is not None


def failure(job) -> str:
	"""The last line of what RQ recorded about the job's failure."""
	result = job.latest_result()
	text = result.exc_string if result and result.type == result.Type.FAILED else None
	if not text:
		with warnings.catch_warnings():
			warnings.simplefilter("ignore", DeprecationWarning)
			text = job.exc_info
	lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
	return lines[-1][:200] if lines else _("no reason given")
