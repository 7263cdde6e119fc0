"""The tracking page's service: by its code, a complaint's status and public reply, nothing else (no
internal note, no handler, no unit's people); and the complainant's one rating of each answer.

An unknown code and a mistyped one get the same answer, and both count against the address's limit
(Frappe's rate limiter), so codes cannot be found by probing."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from zgz_app.core import complaints as rules
from zgz_app.public_channel.handling import (
	ANSWERED,
	CLOSED,
	COMPLAINT,
	MERGED,
	TRIAGE,
	WITH_UNIT,
	record_rating,
)
from zgz_app.public_channel.intake import speak_to_public

LOOKUPS_PER_HOUR = 60


def public_status(state: str) -> str:
	"""What the public reads for each step: not the office's own words for it."""
	return {
		TRIAGE: _("Received, being assigned"),
		WITH_UNIT: _("Being handled"),
		ANSWERED: _("Answered"),
		MERGED: _("Merged with a complaint on the same matter"),
		CLOSED: _("Closed"),
	}.get(state) or _("Being handled")


def not_found() -> None:
	frappe.throw(
		_(
			"No complaint has this tracking code. Check the code (16 letters and digits, as given when you filed)."
		),
		frappe.DoesNotExistError,
		title=_("Not Found"),
	)


def find(code: str | None):
	code = rules.normalise_code(code)
	if len(code) != rules.CODE_LENGTH:
		not_found()
	name = frappe.db.get_value(COMPLAINT, {"tracking_hash": rules.code_hash(code)}, "name")
	if not name:
		not_found()
	return frappe.get_doc(COMPLAINT, name)


def public_view(doc) -> dict:
	shown = doc
	if doc.workflow_state == MERGED and doc.duplicate_of:
		shown = frappe.get_doc(COMPLAINT, doc.duplicate_of)  # the reply to the one it was merged into
	state = shown.workflow_state
	answered = state in (ANSWERED, CLOSED)
	return {
		"kind": _(doc.kind),
		"received_on": str(doc.received_on),
		"status": public_status(doc.workflow_state),
		"reply": shown.reply if answered else None,
		"answered_on": str(shown.answered_on) if answered and shown.answered_on else None,
		"can_rate": doc.workflow_state == ANSWERED and not doc.rating,
		"rating": _(doc.rating) if doc.rating else None,
		"ratings": [{"value": r, "label": _(r)} for r in rules.RATINGS],
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=LOOKUPS_PER_HOUR, seconds=60 * 60)
def track(code: str) -> dict:
	speak_to_public()
	return public_view(find(code))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=LOOKUPS_PER_HOUR, seconds=60 * 60)
def rate(code: str, rating: str) -> dict:
	"""The complainant's rating of the answer, once per answer; 不满意 reopens triage."""
	speak_to_public()
	doc = find(code)
	if rating not in rules.RATINGS:
		frappe.throw(
			_("Rating: choose Satisfied, Basically Satisfied or Unsatisfied."), title=_("Please Check")
		)
	if doc.workflow_state != ANSWERED:
		frappe.throw(
			_("There is no answer to rate yet: rate it once the reply is published."), title=_("Not Yet")
		)
	if doc.rating:
		frappe.throw(_("This answer was already rated: each answer is rated once."), title=_("Already Rated"))
	record_rating(doc, rating)
	return public_view(frappe.get_doc(COMPLAINT, doc.name))
