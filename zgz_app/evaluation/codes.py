"""Outside raters (代表委员、监督员、服务对象): one-time codes and the public page /evaluate.

The lead office issues codes for an outside rater group (``issue_codes``): random, shown once to be
printed or sent as a link, stored only as their SHA-256 (the complaint tracking code's rules,
zgz_app.core.complaints). On the page a code opens the round's ballot (``ballot_form``: the units and
the rating criteria, never any result) and takes one answer per unit and criterion (``submit``): all of
them in one transaction or none, once; a closed round takes none. Both are guest methods limited per
address by Frappe's rate limiter, and an unknown code and a used one count alike."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, now_datetime
from zgz_app.core import complaints as code_rules
from zgz_app.core.evaluation import OPEN, OUTSIDE, RATING, RATING_POINTS, SATISFACTION
from zgz_app.public_channel.intake import speak_to_public

EVALUATION, BALLOT, CODE = "ZGZ Evaluation", "ZGZ Evaluation Ballot", "ZGZ Evaluation Code"
LOOKUPS_PER_HOUR = 30
MAX_CODES = 500


@frappe.whitelist(methods=["POST"])
def issue_codes(name: str, rater_group: str, count: int) -> list[str]:
	"""``count`` new codes for an outside group of an open or draft round; the codes themselves are
	returned this once and kept nowhere."""
	round_doc = frappe.get_doc(EVALUATION, name)
	round_doc.check_permission("write")
	if rater_group not in {g.rater_group for g in round_doc.rater_groups if g.kind == OUTSIDE}:
		frappe.throw(
			_("Rater Group: {0} is not an outside rater group of {1}; codes are for outside raters.").format(
				rater_group, round_doc.title
			)
		)
	count = cint(count)
	if not 1 <= count <= MAX_CODES:
		frappe.throw(_("Count: issue from 1 to {0} codes at a time.").format(MAX_CODES))
	codes = []
	for _i in range(count):
		code = code_rules.new_tracking_code()
		frappe.get_doc(
			{
				"doctype": CODE,
				"evaluation": name,
				"rater_group": rater_group,
				"code_hash": code_rules.code_hash(code),
			}
		).insert(ignore_permissions=True)
		codes.append(code_rules.display_code(code))
	return codes


def refuse_code() -> None:
	frappe.throw(
		_("This code is not valid or has been used. Check the code (16 letters and digits, as printed)."),
		frappe.DoesNotExistError,
		title=_("Code Not Valid"),
	)


def find_code(code: str | None, for_update: bool = False):
	code = code_rules.normalise_code(code)
	if len(code) != code_rules.CODE_LENGTH:
		refuse_code()
	name = frappe.db.get_value(CODE, {"code_hash": code_rules.code_hash(code)}, "name", for_update=for_update)
	if not name:
		refuse_code()
	row = frappe.get_doc(CODE, name)
	if row.used_on:
		refuse_code()
	round_doc = frappe.get_doc(EVALUATION, row.evaluation)
	if round_doc.status != OPEN:
		frappe.throw(
			_("This evaluation is not open: ballots are taken only while it is open."),
			title=_("Round Not Open"),
		)
	return row, round_doc


def form(round_doc) -> dict:
	criteria = [{"criterion": c.criterion, "scale": c.scale} for c in round_doc.criteria if c.kind == RATING]
	return {
		"title": round_doc.title,
		"units": [r.unit for r in round_doc.units],
		"criteria": criteria,
		"ratings": [{"value": r, "label": _(r)} for r in RATING_POINTS],
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=LOOKUPS_PER_HOUR, seconds=60 * 60)
def ballot_form(code: str) -> dict:
	speak_to_public()
	_row, round_doc = find_code(code)
	return form(round_doc)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=LOOKUPS_PER_HOUR, seconds=60 * 60)
def submit(code: str, answers: str | dict) -> dict:
	"""``answers``: unit -> criterion -> a rating (满意 scale) or a score (0-100). Every unit and every
	criterion must be answered; then all ballots are saved and the code is used up, or nothing is."""
	speak_to_public()
	row, round_doc = find_code(code, for_update=True)
	answers = json.loads(answers) if isinstance(answers, str) else (answers or {})
	shown = form(round_doc)
	ballots = []
	for unit in shown["units"]:
		given = answers.get(unit) or {}
		scores = []
		for c in shown["criteria"]:
			value = given.get(c["criterion"])
			if value in (None, ""):
				frappe.throw(
					_("{0} — {1}: not answered. Answer every unit on every item; nothing was saved.").format(
						unit, c["criterion"]
					),
					title=_("Incomplete Ballot"),
				)
			if c["scale"] == SATISFACTION:
				scores.append({"criterion": c["criterion"], "rating": value})
			else:
				scores.append({"criterion": c["criterion"], "score": value})
		ballots.append({"unit": unit, "scores": scores})
	for b in ballots:
		ballot = frappe.get_doc(
			{
				"doctype": BALLOT,
				"evaluation": round_doc.name,
				"rater_group": row.rater_group,
				"evaluated_unit": b["unit"],
				"code_hash": row.code_hash,
				"scores": b["scores"],
			}
		)
		ballot.insert(ignore_permissions=True)
	row.db_set({"used_on": now_datetime(), "ballots": len(ballots)})
	return {"ballots": len(ballots)}
