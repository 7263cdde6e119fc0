"""Triage → unit → answer, the working-day deadlines and the problem item an upheld complaint becomes.

The steps are Frappe's Workflow "ZGZ Complaint Handling" (zgz_app/defaults/workflow.json): the lead
office passes a complaint to a unit, merges it with a duplicate or closes it with a reason; the unit
answers (or returns it, wrong unit, with a reason). This module does what happens on each step."""

import frappe
from frappe import _
from frappe.utils import getdate, today
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

COMPLAINT = "ZGZ Complaint"
ITEM = "ZGZ Problem Item"
TRIAGE, WITH_UNIT, ANSWERED, MERGED, CLOSED = "Awaiting Triage", "With Unit", "Answered", "Merged", "Closed"
OPEN_STATES = (TRIAGE, WITH_UNIT)
UPHELD = "Upheld"
REPLY_PUBLISHED = "zgz_reply_published"  # the method the Notification "ZGZ Complaint Reply Published" is on


def working_days_after(start, days: int):
	return get_settings().calendar().add_days(getdate(start), int(days or 0))


def stamp_new(doc) -> None:
	"""On filing: the day it came in and the day the lead office must have triaged it by."""
	doc.received_on = doc.received_on or today()
	doc.triage_due = working_days_after(doc.received_on, get_settings().complaint_triage_days or 3)
	doc.workflow_state = doc.workflow_state or TRIAGE


def state_change(doc) -> tuple[str | None, str | None]:
	before = doc.get_doc_before_save()
	old = before.workflow_state if before else None
	return old, doc.workflow_state


def check_step(doc) -> None:
	"""From validate: what each step needs, named field by field; and what it stamps."""
	old, new = state_change(doc)
	if old == new or old is None:
		return
	label = lambda f: _(doc.meta.get_label(f))  # noqa: E731
	if new == WITH_UNIT:
		for field in ("unit", "campaign"):
			if not doc.get(field):
				frappe.throw(
					_("{0} is empty: choose the unit that should answer, then pass it on.").format(
						label(field)
					),
					title=_("Missing Value"),
				)
		doc.passed_on = today()
		doc.answer_due = working_days_after(doc.passed_on, get_settings().complaint_answer_days or 10)
	elif new == MERGED:
		check_duplicate(doc, label("duplicate_of"))
	elif new == ANSWERED:
		check_answer(doc, label)
		doc.answered_on = today()
		doc.answered_on_time = int(not doc.answer_due or getdate(doc.answered_on) <= getdate(doc.answer_due))
	elif new == TRIAGE:
		doc.unit = None  # returned as the wrong unit: the lead office chooses again


def check_duplicate(doc, label: str) -> None:
	if not doc.duplicate_of or doc.duplicate_of == doc.name:
		frappe.throw(
			_("{0}: choose the other complaint this one repeats, then merge.").format(label),
			title=_("Missing Value"),
		)
	if frappe.db.get_value(COMPLAINT, doc.duplicate_of, "duplicate_of") == doc.name:
		frappe.throw(
			_("{0}: {1} is already merged into this one; merge the other way round.").format(
				label, doc.duplicate_of
			),
			title=_("Invalid Value"),
		)


def check_answer(doc, label) -> None:
	needed = ["finding", "reply"]
	if doc.finding == UPHELD:
		needed += ["measures", "rectification_deadline"]
	for field in needed:
		if not (str(doc.get(field) or "")).strip():
			frappe.throw(
				_("{0} is empty: fill it in before answering.").format(label(field)), title=_("Missing Value")
			)
	if doc.finding == UPHELD and getdate(doc.rectification_deadline) < getdate(today()):
		frappe.throw(
			_("{0} is in the past: give a day from today on.").format(label("rectification_deadline")),
			title=_("Invalid Value"),
		)


def after_step(doc) -> None:
	"""From on_update: a published reply is told to the complainants who gave an address; an upheld
	complaint, once answered, becomes a problem item (once)."""
	old, new = state_change(doc)
	if new != old and new in (ANSWERED, CLOSED) and (doc.reply or "").strip():
		tell_complainants(doc)
	if new != ANSWERED or old == ANSWERED or doc.finding != UPHELD or doc.problem_item:
		return
	item = frappe.get_doc(
		{
			"doctype": ITEM,
			"campaign": doc.campaign,
			"unit": doc.unit,
			"level": "Unit",
			"source": "Complaint or Report",
			"origin": "Complaint",
			"complaint": doc.name,
			"problem": doc.description,
			"measures": doc.measures,
			"deadline": doc.rectification_deadline,
			"responsible_person": doc.responsible_person,
			"remarks": _("From public complaint {0}").format(doc.name),
		}
	)
	item.insert(ignore_permissions=True)
	doc.db_set("problem_item", item.name, update_modified=False)


def tell_complainants(doc) -> None:
	"""The standard Notification "ZGZ Complaint Reply Published" for the complainant of ``doc`` and of the
	complaints merged into it (their tracking pages show this reply). It runs on the ZGZ Complainant
	(event Method), so the mail's record sits with what only the lead office reads."""
	complainants = [doc.complainant] if doc.complainant else []
	complainants += frappe.get_all(
		COMPLAINT,
		filters={"duplicate_of": doc.name, "workflow_state": MERGED, "complainant": ("is", "set")},
		pluck="complainant",
	)
	for name in dict.fromkeys(complainants):
		frappe.get_doc("ZGZ Complainant", name).run_method(REPLY_PUBLISHED)


def record_rating(doc, rating: str) -> None:
	"""The complainant's rating of the answer; 不满意 sends the complaint back to triage."""
	doc.db_set({"rating": rating, "rated_on": today()})
	doc.add_comment("Info", _("The complainant rated the answer: {0}").format(_(rating)))
	if rating == "Unsatisfied":
		doc.db_set(
			{
				"workflow_state": TRIAGE,
				"reopen_count": (doc.reopen_count or 0) + 1,
				"rating": None,  # the next answer is rated afresh; this rating stays on the timeline
				"triage_due": working_days_after(today(), get_settings().complaint_triage_days or 3),
				"answer_due": None,
				"answered_on": None,
				"answered_on_time": 0,
			}
		)
		doc.add_comment("Info", _("Reopened for triage: the complainant is not satisfied."))
