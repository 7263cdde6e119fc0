"""The daily escalation job: colours every open problem item and sends each person ONE digest mail.

Written by hand because the platform lacks it: Frappe's Notification fires once per document and
date ("Days After" a deadline) and never repeats; it would send one mail per item per recipient.
Here each day:

1. every item being rectified gets its colour (zgz_app.core.escalation) from its deadline, counted in
   working days (ZGZ Settings: weekends, public holidays, make-up working days), and its progress;
   the colour is stored on the item (one UPDATE per colour that changed, so lists and filters show it);
2. each person told about at least one item — the colour decides who (责任人 → 科室负责人 → 分管领导
   and 责任领导 → the campaign's leading group) — gets one mail listing all of them, most urgent first;
3. a ZGZ Digest Log row per person and day (unique) makes a second run on the same day send nothing;
   the mail goes through Frappe's Email Queue, in the recipient's language.

A run that dies half-way (the database restarted, the process killed) is finished by running it again
the same day: the digests go out in batches of recipients, each batch's digest logs and mails inserted
together and committed (``checkpoint``, which the scheduled job passes) before the next is rendered, so a
crash loses at most the batch being written, and the rerun skips everyone who has a digest log for the
day and sends the rest. Nobody gets two, nobody none. A recipient whose digest cannot be rendered is
logged and left for the next run; the others still go.

An item stops appearing the moment it leaves "Rectifying" (close-out asked, closed, withdrawn) and
changes colour as soon as its deadline is extended. No digest is sent on a day off.
The query count does not depend on the number of items (see zgz_app/benchmarks/escalation.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import groupby
from operator import itemgetter

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.email.doctype.email_queue.email_queue import QueueBuilder
from frappe.translate import print_language
from frappe.utils import get_url, getdate
from frappe.utils.jinja import get_email_from_template
from zgz_app.core.escalation import (
	COLOURS,
	GROUP,
	HEAD,
	LEADER,
	PERSON,
	audience,
	colour,
	overdue_days,
)
from zgz_app.key_tasks.escalation import colour_tasks, task_recipients
from zgz_app.supervision.rounds import missed_rounds
from zgz_app.zgz_app.doctype.zgz_complaint.zgz_complaint import overdue_complaints
from zgz_app.zgz_app.doctype.zgz_problem_item.zgz_problem_item import ITEM, RECTIFYING
from zgz_app.zgz_app.doctype.zgz_settings.zgz_settings import get_settings

DIGEST_TEMPLATE = "zgz_escalation_digest"  # zgz_app/templates/emails/zgz_escalation_digest.html
LEDGER_ROUTE = "/app/query-report/ZGZ Rectification Ledger"
BATCH = 100  # recipients per unit of work (one insert per table, one commit)
COMPLAINTS = "Complaints"  # beside the colours in a person's digest: public complaints overdue at his step
ROUNDS = "Rounds"  # and, for the lead office, the inspection rounds nobody held (supervision.rounds)
KEY_TASKS = "Key Tasks"  # beside them: key tasks (重点工作) near or past a deadline or a missed report
ITEM_FIELDS = (
	"name",
	"campaign",
	"unit",
	"serial_no",
	"problem",
	"deadline",
	"progress_percent",
	"responsible_person",
	"responsible_leader",
	"responsible_person_name",
	"colour",
)


def run(day: date | str | None = None, checkpoint=None, batch: int = BATCH) -> dict:
	"""Colour the items and send the day's digests. Returns figures (for the log and the benchmark).
	``checkpoint`` commits each unit of work (the colours, then each batch of ``batch`` recipients);
	the scheduled job passes ``frappe.db.commit``, tests nothing."""
	day = getdate(day)
	settings = get_settings()
	thresholds, calendar = settings.thresholds(), settings.calendar()
	items = open_items()
	coloured = []
	for item in items:
		left = calendar.days_left(day, getdate(item.deadline))
		item.days_left = left
		item.new_colour = colour(left, item.progress_percent, thresholds)
		if item.new_colour:
			coloured.append(item)
	store_colours(items)
	key_tasks = colour_tasks(day, thresholds, calendar)  # coloured and stored like the items
	if checkpoint:
		checkpoint()
	figures = {"items": len(items), "coloured": len(coloured), "recipients": 0, "mails": 0}
	figures["key_tasks"] = len(key_tasks)
	if calendar.is_holiday(day):
		figures["holiday"] = True
		return figures
	digests = group_by_recipient(coloured, thresholds)
	# overdue public complaints join the same one mail a day of whoever holds them
	for user, complaints in overdue_complaints(day).items():
		digests[user][COMPLAINTS] = complaints
	# so do the inspection rounds the lead office did not hold, while the period after them runs
	for user, rounds in missed_rounds(day).items():
		digests[user][ROUNDS] = rounds
	# so do key tasks, to the same people by the same colours (zgz_app.key_tasks.escalation)
	for user, tasks in task_recipients(key_tasks, thresholds).items():
		digests[user][KEY_TASKS] = tasks
	figures["recipients"] = len(digests)
	figures["mails"] = send_digests(digests, day, settings.digest_item_limit, checkpoint, batch)
	return figures


def open_items() -> list[frappe._dict]:
	item = frappe.qb.DocType(ITEM)
	return (
		frappe.qb.from_(item)
		.select(*(item[f] for f in ITEM_FIELDS))
		.where(item.status == RECTIFYING)
		.orderby(item.deadline)
		.orderby(item.unit)
		.orderby(item.serial_no)
	).run(as_dict=True)


def store_colours(items: list) -> None:
	"""One UPDATE per colour whose set of items changed; ``modified`` is left alone (not a user's edit)."""
	changes: dict[str | None, list[str]] = defaultdict(list)
	for item in items:
		if (item.colour or None) != item.new_colour:
			changes[item.new_colour].append(item.name)
	table = frappe.qb.DocType(ITEM)
	for new_colour, names in changes.items():
		frappe.qb.update(table).set(table.colour, new_colour or "").where(table.name.isin(names)).run()


def group_by_recipient(coloured: list, thresholds) -> dict[str, dict[str, list]]:
	"""user → colour → items, each item once per person however many roles he holds for it."""
	units = {
		u.name: u for u in frappe.get_all("ZGZ Unit", fields=["name", "head", "deputy", "supervising_leader"])
	}
	groups: dict[str, set[str]] = defaultdict(set)
	campaigns = sorted({i.campaign for i in coloured})
	if campaigns:
		for row in frappe.get_all(
			"ZGZ Leading Group Member",
			filters={"parenttype": "ZGZ Campaign", "parent": ("in", campaigns), "user": ("is", "set")},
			fields=["parent", "user"],
		):
			groups[row.parent].add(row.user)
	digests: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
	for item in coloured:
		unit = units.get(item.unit) or frappe._dict()
		people: set[str] = set()
		for level in audience(item.new_colour, item.days_left, thresholds):
			if level == PERSON:
				people.add(item.responsible_person)
			elif level == HEAD:
				people.update((unit.head, unit.deputy))
			elif level == LEADER:
				people.update((unit.supervising_leader, item.responsible_leader))
			elif level == GROUP:
				people.update(groups.get(item.campaign, ()))
		for user in people - {None, ""}:
			digests[user][item.new_colour].append(item)
	return digests


def send_digests(digests: dict, day: date, limit: int, checkpoint=None, batch: int = BATCH) -> int:
	if not digests:
		return 0
	users = {
		u.name: u
		for u in frappe.get_all(
			"User",
			filters={"name": ("in", list(digests)), "enabled": 1, "user_type": "System User"},
			fields=["name", "full_name", "language"],
		)
	}
	already = set(
		frappe.get_all(
			"ZGZ Digest Log",
			filters={"digest_date": day, "recipient": ("in", list(users))},
			pluck="recipient",
		)
	)
	system_language = frappe.db.get_single_value("System Settings", "language") or "en"
	try:
		links = DigestContext(limit)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=_("Escalation digests not queued: no outgoing email account"))
		return 0
	links.unsubscribed = set(
		frappe.get_all(
			"Email Unsubscribe",
			filters={"email": ("in", list(users)), "global_unsubscribe": 1},
			pluck="email",
		)
	)
	# by language, so that each batch switches language once per language, not per mail (Frappe's
	# print_language resets its templates)
	pending = sorted((users[u].language or system_language, u) for u in set(users) - already)
	sent = 0
	for start in range(0, len(pending), batch):
		documents = []
		try:
			for lang, recipients in groupby(pending[start : start + batch], key=itemgetter(0)):
				with print_language(lang):
					for _lang, user in recipients:
						documents += render_digest(user, users[user].full_name, digests[user], day, links)
		except AttributeError:
			# Frappe's answer to an outgoing account without an address: nobody can be mailed today.
			# Said once in the Error Log; tomorrow's run tries again.
			frappe.log_error(title=_("Escalation digests not queued: no outgoing email account"))
			return sent
		# one unit of work: these recipients' digest logs and mails are committed together or not at all
		insert_in_bulk(documents)
		if checkpoint:
			checkpoint()
		sent += sum(1 for d in documents if d.doctype == "ZGZ Digest Log")
	return sent


def render_digest(user: str, full_name: str, by_colour: dict, day: date, links) -> list:
	"""The person's documents (digest_documents), or none when his digest cannot be made: the error is
	logged, the others go, and the next run tries him again (he has no digest log for the day)."""
	try:
		return digest_documents(user, full_name, by_colour, day, links)
	except AttributeError:
		raise  # no outgoing address: see send_digests
	except Exception:
		frappe.log_error(title=_("Escalation digest for {0} not queued").format(user))
		return []


def digest_documents(user: str, full_name: str, by_colour: dict, day: date, links) -> list:
	"""The person's digest log, mail and its recipient row, named and ready to insert."""
	log = frappe.get_doc({"doctype": "ZGZ Digest Log", "name": frappe.generate_hash(length=12)})
	mail = queue_digest(user, full_name, by_colour, day, links, log.name)
	log.update(
		{
			"recipient": user,
			"digest_date": day,
			"red_count": len(by_colour.get("Red", ())),
			"yellow_count": len(by_colour.get("Yellow", ())),
			"blue_count": len(by_colour.get("Blue", ())),
			"email_queue": mail.name if mail else None,
			"items": "\n".join(
				[
					*(i.name for c in COLOURS for i in by_colour.get(c, ())),
					*(t.name for t in by_colour.get(KEY_TASKS, ())),
				]
			),
		}
	)
	return [log, *([mail, *mail.recipients] if mail else [])]


def insert_in_bulk(documents: list, batch: int = 100) -> None:
	"""Insert a batch's Email Queue rows (with their recipients) and digest logs, a hundred at a time:
	a few queries for the whole run instead of several per mail. Email Queue has no insert hooks, so
	this writes exactly the rows its own insert would. The unique key on the digest log still refuses
	a second digest for a person and day (a run at the same moment as another: the batch then fails
	and goes with its mails, so nothing is sent twice)."""
	now, user = frappe.utils.now(), frappe.session.user
	by_doctype: dict[str, list[dict]] = defaultdict(list)
	for doc in documents:
		doc.creation = doc.modified = now
		doc.owner = doc.modified_by = user
		by_doctype[doc.doctype].append(doc.get_valid_dict(convert_dates_to_str=True, ignore_nulls=True))
	for doctype, rows in by_doctype.items():
		fields = sorted({f for row in rows for f in row})
		for start in range(0, len(rows), batch):
			chunk = rows[start : start + batch]
			frappe.db.bulk_insert(doctype, fields, [[row.get(f) for f in fields] for row in chunk])


def queue_digest(user, full_name, by_colour, day, links, log_name):
	overdue, due_today, left = _("{0} days overdue"), _("due today"), _("{0} days left")

	def when(days_left: int) -> str:
		if days_left < 0:
			return overdue.format(overdue_days(days_left))
		return due_today if days_left == 0 else left.format(days_left)

	sections = []
	for c in COLOURS:
		rows = by_colour.get(c) or []
		if not rows:
			continue
		sections.append(
			{
				"colour": c,
				"title": colour_title(c),
				"count": len(rows),
				"more": max(len(rows) - links.limit, 0),
				"items": [
					{
						"url": links.item_url + i.name,
						"unit": i.unit,
						"serial_no": i.serial_no,
						"problem": frappe.utils.cstr(i.problem)[:60],
						"person": i.responsible_person_name or "",
						"deadline": links.date(i.deadline),
						"when": when(i.days_left),
						"progress": int(i.progress_percent or 0),
					}
					for i in rows[: links.limit]
				],
			}
		)
	counts = {c: len(by_colour.get(c) or ()) for c in COLOURS}
	complaints = [
		{
			"url": links.complaint_url + c.name,
			"name": c.name,
			"kind": _(c.kind),
			"step": _(c.workflow_state),
			"unit": c.unit or "",
			"due": links.date(c.due),
			"when": overdue.format(c.days_overdue),
		}
		for c in (by_colour.get(COMPLAINTS) or [])[: links.limit]
	]
	rounds = [
		{
			"url": links.campaign_url + r["campaign"],
			"campaign": r["campaign_title"] or r["campaign"],
			"kind": _(r["kind"]),
			"period": r["period"],
			"end": links.date(r["period_end"]),
		}
		for r in by_colour.get(ROUNDS) or []
	]
	key_tasks = [
		{
			"url": links.task_url + t.name,
			"colour": t.new_colour,
			"colour_title": colour_title(t.new_colour),
			"task_no": t.task_no,
			"title": frappe.utils.cstr(t.title)[:60],
			"unit": t.lead_unit,
			"due": links.date(t.due_date) if t.due_date else "",
			"when": when(t.days_left or 0),
			"progress": int(t.progress_percent or 0),
			"open_milestones": t.open_milestones,
			"missed": "、".join(t.missed),
		}
		for t in (by_colour.get(KEY_TASKS) or [])[: links.limit]
	]
	args = {
		"full_name": full_name or user,
		"day": frappe.utils.formatdate(day),
		"sections": sections,
		"complaints": complaints,
		"rounds": rounds,
		"key_tasks": key_tasks,
		"ledger_url": links.ledger_url,
	}
	subject = _("Rectification reminder {0}: {1} red, {2} yellow, {3} blue").format(
		frappe.utils.formatdate(day), counts["Red"], counts["Yellow"], counts["Blue"]
	)
	if not any(counts.values()):  # only complaints, key tasks or missed rounds: no "0 red, 0 yellow"
		subject = _("Supervision reminder {0}").format(frappe.utils.formatdate(day))
	message, text = get_email_from_template(DIGEST_TEMPLATE, args)
	return DigestQueueBuilder(
		links.email_account,
		links.unsubscribed,
		recipients=[user],
		subject=subject,
		message=message,
		text_content=text,
		reference_doctype="ZGZ Digest Log",
		reference_name=log_name,
	).queue_document()


class DigestContext:
	"""What every digest of a run shares: the links, the row limit, and each deadline formatted once
	(formatdate parses and looks up the date format on every call)."""

	def __init__(self, limit: int):
		self.limit = limit
		self.item_url = get_url("/app/zgz-problem-item/")
		self.ledger_url = get_url(LEDGER_ROUTE)
		self.complaint_url = get_url("/app/zgz-complaint/")
		self.campaign_url = get_url("/app/zgz-campaign/")
		self.task_url = get_url("/app/zgz-key-task/")
		self._dates: dict = {}
		# raises OutgoingEmailError when the site has no outgoing account (see send_digests)
		self.email_account = EmailAccount.find_outgoing(match_by_doctype="ZGZ Digest Log", _raise_error=True)
		self.unsubscribed: set[str] = set()
		# Frappe asks the database whether the account exists once per mail; its answer holds for the run.
		exists = self.email_account.is_exists_in_db()
		self.email_account.is_exists_in_db = lambda: exists

	def date(self, day) -> str:
		if day not in self._dates:
			self._dates[day] = frappe.utils.formatdate(day)
		return self._dates[day]


class DigestQueueBuilder(QueueBuilder):
	"""Frappe's own Email Queue builder, less its per-mail CSS inlining and HTML-to-text conversion
	(premailer and markdownify: ~50 ms a mail, most of the job's time with hundreds of recipients).
	The digest's HTML carries its own inline styles and its text part is a template of its own;
	everything else (sender, Email Queue row, sending and retries by Frappe's scheduler) is Frappe's.
	The outgoing account is found once per run, not once per mail."""

	def __init__(self, email_account, unsubscribed: set[str], **kwargs):
		super().__init__(**kwargs)
		self.digest_account = email_account
		self.unsubscribed = unsubscribed

	def get_outgoing_email_account(self):
		return self.digest_account or super().get_outgoing_email_account()

	def get_unsubscribed_user_emails(self):
		# Frappe asks once per mail; send_digests asked once for everybody (a digest log is new, so only
		# a global unsubscribe can apply to it)
		return [r for r in self.recipients if r in self.unsubscribed]

	def queue_document(self):
		"""The Email Queue document that ``process()`` would insert (see EmailQueue.new), named but not
		yet inserted: send_digests inserts the day's mails together."""
		data = self.as_dict()
		if not data or not data.get("recipients"):
			return None
		recipients = data.pop("recipients")
		mail = frappe.new_doc("Email Queue")
		mail.update(data)
		mail.name = frappe.generate_hash(length=10)
		mail.set_recipients(recipients)
		for row in mail.recipients:
			row.name, row.parent = frappe.generate_hash(length=10), mail.name
		return mail

	def email_html_content(self):
		return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{self._message}</body></html>'


def colour_title(c: str) -> str:
	if c == "Red":
		return _("Red: overdue, under supervision")
	if c == "Yellow":
		return _("Yellow: behind schedule or just overdue")
	return _("Blue: deadline near")
