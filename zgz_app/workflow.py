"""Person-level routing on top of Frappe's Workflow, which routes by role only.

Written by hand because the platform lacks it; everything an office may want to change stays in the
Workflow form (states, roles, conditions) and this module follows whatever is there:

- *Who* may take a transition is the transition's role **and** its Condition. The shipped workflows
  name the person in the Condition, e.g. ``frappe.session.user in (doc.approver, doc.deputy_approver)``;
  Frappe already hides the button from, and refuses the action of, anyone else.
- :func:`actors` works out who that is for a given document (holders of the role for whom the condition
  holds and who can read the document), so :func:`follow_up` can assign the next step to those people
  only (a ToDo) instead of to everyone with the role.
- :func:`apply_workflow` replaces ``frappe.model.workflow.apply_workflow`` (``override_whitelisted_methods``)
  for this app's DocTypes only, to say *who* should act when someone else tries, and to take the reason
  a transition marked "Requires a Reason" (custom field on Workflow Transition) asks for.
- :func:`check_transition`, called from a controller's ``validate``, enforces the reason for any save
  path (form, REST, import) and clears a stale one.
"""

import frappe
from frappe import _
from frappe.model import workflow as frappe_workflow
from zgz_app.concurrency import retry_on_deadlock

MODULE = "ZGZ App"
REASON_FLAG = "zgz_requires_reason"  # Custom Field on Workflow Transition
REASON_FIELD = "return_reason"  # every routed DocType has it


def _routed(doctype: str) -> bool:
	return frappe.get_meta(doctype).module == MODULE and bool(frappe_workflow.get_workflow_name(doctype))


def _condition_holds(transition, doc_dict, user: str) -> bool:
	if not transition.condition:
		return True
	safe_globals = frappe_workflow.get_workflow_safe_globals()
	safe_globals["frappe"] = frappe._dict(safe_globals["frappe"], session=frappe._dict(user=user))
	return bool(frappe.safe_eval(transition.condition, safe_globals, {"doc": doc_dict}))


def role_users(role: str) -> list[str]:
	has_role, user = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where((has_role.role == role) & (has_role.parenttype == "User") & (user.enabled == 1))
		.orderby(user.name)
	).run(pluck=True)


def may_take(doc, transition, user: str, doc_dict=None, roles=None) -> bool:
	"""Whether ``user`` may take ``transition`` on ``doc`` now: Frappe's own rules (role, condition,
	self-approval) plus read permission and the permission the transition's save needs, checked for
	that one user (a DocType's has_permission hook may say "not this record's unit" where the role and
	condition allow it: nobody is handed, or let start, a step his save would then refuse)."""
	if transition.allowed not in (roles if roles is not None else frappe.get_roles(user)):
		return False
	if not _condition_holds(transition, doc_dict or doc.as_dict(), user):
		return False
	if not transition.allow_self_approval and user == doc.owner:
		return False
	if not frappe.has_permission(doc.doctype, "read", doc, user=user):
		return False
	needed = _saving_permission(doc, transition)
	return not needed or frappe.has_permission(doc.doctype, needed, doc, user=user)


def _saving_permission(doc, transition) -> str | None:
	"""What Frappe's apply_workflow checks when it saves a draft (write) or submits it (submit); the
	other moves (update after submit, cancel) are left to Frappe's own check."""
	if doc.docstatus != 0:
		return None
	states = frappe_workflow.get_workflow(doc.doctype).states
	next_status = next((str(s.doc_status) for s in states if s.state == transition.next_state), None)
	return {"0": "write", "1": "submit"}.get(next_status)


def actors(doc, transition) -> list[str]:
	"""The people who may take ``transition`` on ``doc`` now."""
	doc_dict = doc.as_dict()
	role = [transition.allowed]
	return [u for u in role_users(transition.allowed) if may_take(doc, transition, u, doc_dict, role)]


def editable_states(doctype: str, roles=None) -> list[str]:
	"""The draft states in which a holder of ``roles`` may edit the document (the workflow's Allow Edit)."""
	roles = frappe.get_roles() if roles is None else roles
	states: list[str] = []
	for row in frappe_workflow.get_workflow(doctype).states:
		if str(row.doc_status) == "0" and row.allow_edit in roles and row.state not in states:
			states.append(row.state)
	return states


def next_steps(doc) -> dict[str, list[str]]:
	"""user → the actions waiting for them, from the document's current state. Cancelling is never a
	waiting step (anyone allowed may do it, nobody is chased for it)."""
	workflow = frappe_workflow.get_workflow(doc.doctype)
	state = doc.get(workflow.workflow_state_field)
	cancelling = {s.state for s in workflow.states if str(s.doc_status) == "2"}
	steps: dict[str, list[str]] = {}
	for transition in workflow.transitions:
		if transition.state != state or transition.next_state in cancelling:
			continue
		for user in actors(doc, transition):
			actions = steps.setdefault(user, [])
			if transition.action not in actions:
				actions.append(transition.action)
	return steps


def _transitions_taken(doc) -> list:
	before = doc.get_doc_before_save()
	if not before:
		return []
	workflow = frappe_workflow.get_workflow(doc.doctype)
	old, new = before.get(workflow.workflow_state_field), doc.get(workflow.workflow_state_field)
	if not old or old == new:
		return []
	return [t for t in workflow.transitions if t.state == old and t.next_state == new]


def check_transition(doc) -> None:
	"""From ``validate``: a transition marked "Requires a Reason" needs one; any other clears the last."""
	taken = _transitions_taken(doc)
	if not taken:
		return
	if any(t.get(REASON_FLAG) for t in taken):
		if not (doc.get(REASON_FIELD) or "").strip():
			refuse_without_reason(doc, taken[0].action)
		doc.flags.zgz_reason_given = True
	else:
		doc.set(REASON_FIELD, None)
	doc.flags.zgz_transition = taken[0]


def refuse_without_reason(doc, action: str) -> None:
	frappe.throw(
		_("{0}: say why you {1} it, then try again.").format(_(doc.meta.get_label(REASON_FIELD)), _(action)),
		title=_("Reason Required"),
	)


def follow_up(doc) -> None:
	"""From ``on_change``: after a state change (or the insert, whose first state may wait for someone
	else), record the reason and hand the document to whoever acts next (their ToDo replaces the
	previous step's)."""
	if not doc.flags.zgz_transition and not doc.flags.in_insert:
		return
	transition = doc.flags.zgz_transition
	doc.flags.zgz_transition = None
	if doc.flags.zgz_reason_given:
		doc.flags.zgz_reason_given = None
		doc.add_comment("Comment", _("{0}. Reason: {1}").format(_(transition.action), doc.get(REASON_FIELD)))
	close_steps(doc)
	steps = next_steps(doc)
	steps.pop(frappe.session.user, None)  # whoever just acted is not chased for the next step
	for user, actions in steps.items():
		hand_over(doc, user, actions)


def close_steps(doc) -> None:
	for name in frappe.get_all(
		"ToDo",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
		pluck="name",
	):
		todo = frappe.get_doc("ToDo", name)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)


def hand_over(doc, user: str, actions: list[str]) -> None:
	"""A ToDo (the desk's assignment) saying what is waiting.

	Not ``assign_to.add``: its notification mails are sent at once in tests and commit the transaction,
	and its wording is generic. The mail is the platform's: the app ships a standard Notification for
	each step that waits for someone (zgz_app/zgz_app/notification), which an administrator can edit."""
	title = doc.get_title() or doc.name
	what = " / ".join(_(a) for a in actions)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"description": _("Please {0}: {1}").format(what, title),
			"assigned_by": frappe.session.user,
			"date": frappe.utils.today(),
		}
	).insert(ignore_permissions=True)


@frappe.whitelist()
def apply_workflow(doc, action, reason=None):
	"""``frappe.model.workflow.apply_workflow`` with plain words for a refused person and with the
	reason a transition asks for (taken from ``reason`` or the posted document's return_reason).

	Taken again from the start when the database picks it as a deadlock's victim: Frappe's own
	Workflow Action bookkeeping (a range delete, then inserts, on every transition) deadlocks when
	several people act at the same moment (zgz_app.concurrency.retry_on_deadlock)."""
	return retry_on_deadlock(_apply_workflow, doc, action, reason)


def _apply_workflow(doc, action, reason=None):
	posted = frappe._dict(frappe.parse_json(doc))
	if not posted.get("doctype") or not _routed(posted.doctype):
		return frappe_workflow.apply_workflow(doc, action)
	current = frappe.get_doc(posted.doctype, posted.name)
	current.check_permission("read")
	workflow = frappe_workflow.get_workflow(current.doctype)
	state = current.get(workflow.workflow_state_field)
	candidates = [t for t in workflow.transitions if t.state == state and t.action == action]
	if not candidates and any(t.action == action for t in workflow.transitions):
		changed_meanwhile(current, action, frappe_workflow.WorkflowTransitionError)
	user, roles, doc_dict = frappe.session.user, frappe.get_roles(), current.as_dict()
	allowed = [t for t in candidates if may_take(current, t, user, doc_dict, roles)]
	if candidates and not allowed:
		frappe.throw(refusal(current, candidates), frappe.PermissionError, title=_("Not Yours to Do"))
	if any(t.get(REASON_FLAG) for t in allowed):
		reason = (reason or posted.get(REASON_FIELD) or "").strip()
		if not reason:
			refuse_without_reason(current, action)
		frappe.db.set_value(current.doctype, current.name, REASON_FIELD, reason, update_modified=False)
	try:
		return frappe_workflow.apply_workflow(doc, action)
	except frappe.TimestampMismatchError:
		# someone else acted on it between our read and our save (Frappe's check_if_latest)
		frappe.clear_messages()
		latest = frappe.get_doc(current.doctype, current.name, for_update=True)
		changed_meanwhile(latest, action, frappe.TimestampMismatchError)


def changed_meanwhile(doc, action: str, exc: type[Exception]) -> None:
	"""Two people acted on one document at once (or the form was stale): say who moved it where."""
	state = doc.get(frappe_workflow.get_workflow(doc.doctype).workflow_state_field)
	message = _(
		"{0} was changed by {1} a moment ago and is now {2}, so your {3} was not done. Reload it to see "
		"where it stands."
	)
	frappe.throw(
		message.format(doc.name, frappe.utils.get_fullname(doc.modified_by), _(state), _(action)),
		exc,
		title=_("Changed Meanwhile"),
	)


def refusal(doc, candidates) -> str:
	user = frappe.session.user
	action = _(candidates[0].action)
	if hasattr(doc, "workflow_refusal"):
		message = doc.workflow_refusal(user, action)
		if message:
			return message
	people = sorted({u for t in candidates for u in actors(doc, t)})
	if not people:
		return _(
			"{0}: nobody can do this on {1} now. Ask the campaign manager to check the workflow."
		).format(action, doc.name)
	names = "、".join(frappe.utils.get_fullname(u) for u in people)
	return _("{0}: only {1} can do this on {2}. Ask them to do it.").format(action, names, doc.name)
