"""The campaign dossier (台账 / 汇编): who may build it, starting a build and following it.

The lead unit (campaign managers) or a member of the campaign's leading group starts it from the
campaign (``start``). A ZGZ Dossier record keeps the request and its progress; a background job on
the "long" queue (``build_job``) builds the PDF (``zgz_app.records.assembly``):

1. the records, section by section (``SECTIONS``), units in the tree's order, each printed with its
   print format (the records of one print format go through wkhtmltopdf together, see
   ``zgz_app.core.dossier``), each followed by the PDFs uploaded to it (the scans of the sealed
   paper forms);
2. a last page listing what could not go in (a broken or encrypted upload, a record that would not
   print) — the job never stops for one of them;
3. the cover and the table of contents, placed first: their page count is known before the first
   page is written (the contents are dealt into pages of fixed rows), so every page is numbered as
   it is written.

The file is a private File attached to the ZGZ Dossier record: Frappe lets whoever may read the
record a private file is attached to download it, and every participant may read the campaign,
while only the lead unit and the leading group may read its dossiers. The requester is told by a
notification and a mail.

A job that dies (killed, out of memory, a worker restarted during a deployment) cannot record that
itself: ``fail_lost_dossiers`` asks RQ about it (zgz_app.jobs) every minute and whenever the requester
asks again, marks the dossier failed with why, tells the requester, and so lets him ask for another.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, now_datetime
from zgz_app import jobs
from zgz_app.campaign.permissions import in_leading_group, leading_group_campaigns_sql
from zgz_app.records.assembly import build
from zgz_app.records.notice import notify
from zgz_app.records.sections import CAMPAIGN, DOSSIER, UNIT
from zgz_app.roles import CAMPAIGN_MANAGER

BUILDERS = frozenset({"System Manager", CAMPAIGN_MANAGER})
UNFINISHED = ("Queued", "Running")


# ---------------------------------------------------------------------------------------------------
# Who may build and read dossiers


def may_build(campaign: str, user: str | None = None) -> bool:
	"""The lead unit (campaign managers, system managers) and the campaign's leading group."""
	user = user or frappe.session.user
	if user == "Administrator" or BUILDERS.intersection(frappe.get_roles(user)):
		return True
	return in_leading_group(campaign, user)


def check_may_build(campaign: str) -> None:
	if not may_build(campaign):
		frappe.throw(
			_(
				"Only the lead unit (campaign managers) and the members of the campaign's leading group "
				"may build or open the dossier of {0}. Ask one of them for it."
			).format(campaign),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""hooks.has_permission: a dossier is for the lead unit, the leading group and its requester."""
	user = user or frappe.session.user
	if doc.requested_by == user or may_build(doc.campaign, user):
		return None  # the role permissions decide
	return False


def query_conditions(user: str | None = None) -> str:
	"""hooks.permission_query_conditions: the same rule for lists and reports."""
	user = user or frappe.session.user
	if user == "Administrator" or BUILDERS.intersection(frappe.get_roles(user)):
		return ""
	return (
		f"(`tabZGZ Dossier`.`requested_by` = {frappe.db.escape(user)} or "
		f"`tabZGZ Dossier`.`campaign` in {leading_group_campaigns_sql(user)})"
	)


# ---------------------------------------------------------------------------------------------------
# Starting and following a build


@frappe.whitelist(methods=["POST"])
def start(campaign: str, units: str | list | None = None, include_attachments: int = 1) -> str:
	"""Queue a dossier of ``campaign`` (``units``: only these and the units under them). Returns the
	ZGZ Dossier's name; the form follows it (``status``)."""
	frappe.get_doc(CAMPAIGN, campaign).check_permission("read")
	check_may_build(campaign)
	units = [u for u in (frappe.parse_json(units) if isinstance(units, str) else units or []) if u]
	for unit in units:
		if not frappe.db.exists(UNIT, unit):
			frappe.throw(
				_("Units: {0} does not exist. Choose units from the list.").format(unit),
				title=_("Invalid Unit"),
			)
	fail_lost_dossiers({"campaign": campaign, "requested_by": frappe.session.user})
	running = frappe.db.get_value(
		DOSSIER,
		{"campaign": campaign, "requested_by": frappe.session.user, "status": ("in", UNFINISHED)},
	)
	if running:
		frappe.throw(
			_("Your dossier {0} of this campaign is still being built. Wait for it to finish.").format(
				running
			),
			title=_("Dossier Already Queued"),
		)
	doc = frappe.get_doc(
		{
			"doctype": DOSSIER,
			"campaign": campaign,
			"units": [{"unit": u} for u in dict.fromkeys(units)],
			"include_attachments": 1 if cint(include_attachments) else 0,
			"status": "Queued",
			"requested_by": frappe.session.user,
		}
	)
	doc.insert(ignore_permissions=True)  # nobody creates dossiers by hand: check_may_build is the rule
	frappe.enqueue(
		"zgz_app.records.job.build_job",
		queue="long",
		timeout=3600,
		job_id=job_id(doc.name),
		enqueue_after_commit=True,
		dossier=doc.name,
	)
	return doc.name


def job_id(dossier: str) -> str:
	"""The RQ job id of the dossier's build (frappe.enqueue prefixes the site)."""
	return f"zgz_dossier::{dossier}"


def fail_lost_dossiers(filters: dict | None = None) -> list[str]:
	"""Dossiers still queued or running whose job RQ says will never finish (zgz_app.jobs): each is
	marked failed, with why, and its requester is told as on success (notification and mail), which
	lets him ask for a new one. Run by the scheduler every minute, and whenever the requester asks again
	or the form asks how far it is."""
	failed = []
	for row in frappe.get_all(
		DOSSIER,
		filters={**(filters or {}), "status": ("in", UNFINISHED)},
		fields=["name", "creation"],
		order_by="creation",
	):
		reason = jobs.lost(job_id(row.name), row.creation)
		if not reason:
			continue
		# the job may have ended normally meanwhile: decide on the row as it is now, locked
		if frappe.db.get_value(DOSSIER, row.name, "status", for_update=True) not in UNFINISHED:
			continue
		error = _("The job was lost: {0}. Ask for the dossier again.").format(reason)
		frappe.db.set_value(
			DOSSIER, row.name, {"status": "Failed", "finished_on": now_datetime(), "error": error}
		)
		tell_requester(row.name)
		failed.append(row.name)
	return failed


def tell_requester(dossier: str) -> None:
	"""``notify``, which a failure of its own must not turn into a second failure of the dossier."""
	try:
		notify(frappe.get_doc(DOSSIER, dossier))
	except Exception:
		frappe.log_error(title=_("Dossier {0}: the requester could not be told").format(dossier))


@frappe.whitelist()
def status(dossier: str) -> dict:
	"""What the campaign form polls while a dossier is built (socket.io may not reach the browser)."""
	doc = frappe.get_doc(DOSSIER, dossier)
	doc.check_permission("read")
	if doc.status in UNFINISHED and fail_lost_dossiers({"name": doc.name}):
		doc.reload()
	return {
		k: doc.get(k)
		for k in (
			"name",
			"status",
			"progress",
			"progress_note",
			"result_file",
			"page_count",
			"warning_count",
			"error",
		)
	}


def build_job(dossier: str) -> None:
	"""The background job. It commits as it goes, which a request must not do but a job may: each
	progress step is committed so that the form, polling the record, can show it while the job
	runs (the job's other writes come at the very end), and a failure is recorded for good."""
	try:
		build(dossier, checkpoint=frappe.db.commit)
	except Exception:
		frappe.db.rollback()
		frappe.log_error(
			title=_("Dossier {0} failed").format(dossier), reference_doctype=DOSSIER, reference_name=dossier
		)
		error = frappe.get_traceback().strip().splitlines()[-1][:500]
		frappe.db.set_value(
			DOSSIER,
			dossier,
			{"status": "Failed", "finished_on": now_datetime(), "error": error},
			update_modified=False,
		)
		tell_requester(dossier)
		frappe.db.commit()
